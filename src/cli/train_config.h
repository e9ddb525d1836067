/* train_config.h - the settings of one `scratchnet train` run: its command line read into named
 * fields, checked, and completed from the preset and the data set, before anything is read or
 * written. Printing is the cli layer's: a refused option is one line on stderr. */
#ifndef CLI_TRAIN_CONFIG_H
#define CLI_TRAIN_CONFIG_H

#include <stdint.h>

#include "cli/common.h"
#include "cli/presets.h"
#include "ink/augment.h"
#include "nn/model.h"
#include "nn/train.h"

/* A step of the run that lets it go on returns TRAIN_GO_ON; any other value is the command's
 * exit status. */
enum { TRAIN_GO_ON = -1 };

/* What the run writes (the model, the checkpoint, the reports) and last the checkpoint it
 * reads: TRAIN_OUTPUTS entries, of which the first TRAIN_WRITTEN are written. */
enum { TRAIN_OUT_MODEL, TRAIN_OUT_CHECKPOINT, TRAIN_OUTPUTS = 6, TRAIN_WRITTEN = TRAIN_OUTPUTS - 1 };

typedef struct TrainConfig {
    /* the command line; NULL, NAN or 0: not given (the preset's, or a default) */
    const char *preset, *layers, *cost, *optimizer, *schedule, *augment;
    float lr, momentum, weight_decay, gamma;
    float aug_flags[CLI_AUG_FLAGS];
    int batch, epochs, step_every;
    uint64_t seed;
    const char *data, *dataset, *out, *name, *labels, *preprocess;
    int val, limit, quiet;
    int outliers;               /* -1: not given */
    int made_digits;            /* -1: not given */
    float refuse_share;         /* NAN: not given */
    const char *checkpoint, *resume, *log, *curves, *confusion;
    const char *finetune;       /* never set here: --finetune runs cmd_finetune instead */
    int checkpoint_every;
    /* what they make */
    const CliDataset *ds;
    const NnRecipe *pr;
    NnPreprocess prep;          /* --preprocess, else the data set's */
    const char *data_dir;       /* the data set's directory */
    const char *checkpoint_file; /* where checkpoints go, or NULL for none */
    char checkpoint_default[4096];
    CliFile outputs[TRAIN_OUTPUTS]; /* each with the option that names it */
    NnTrainConfig train;        /* the trainer's settings, seed as given */
    NnOptimKind kind;
    InkAugment aug;
    char aug_desc[160];         /* "none" or what is switched on, as the model records it */
    /* after configuring, refuse_share is the share of validation images the refusal bound may
     * refuse (0: no rule); after train_config_outliers, outliers and made_digits are the
     * numbers of made non-digits and made digits to train on */
} TrainConfig;

/* Reads argv[0..argc) (after "train") into c and checks and completes it: the data set, the
 * preset, every output (writable, no two the same file, none an input), the training and
 * augmentation settings. Returns TRAIN_GO_ON, or the exit status after --help or a refusal
 * (one line printed). Nothing is held afterwards either way. */
int train_config_parse(TrainConfig *c, int argc, char **argv);

/* Settles the numbers of made non-digits and made digits to train on beside n_train digits:
 * --outliers and --made-digits, else on digits the preset's in proportion to n_train (of
 * NN_RECIPE_DIGITS), else none. */
void train_config_outliers(TrainConfig *c, int n_train);

/* Gives the network m what the settings say about it: its class names (--labels, else the data
 * set's for 10 outputs), its name (--name, else the file name of --out without .json) and the
 * preprocessing of drawings for a 28 x 28 input. Returns TRAIN_GO_ON, or EXIT_USAGE after one
 * line saying what is wrong with the labels. */
int train_config_describe(const TrainConfig *c, NnModel *m);

#endif
