/* common.h - what the scratchnet subcommands share: finding data, loading a model with a
 * printed error, clocks and terminal checks. Only the cli layer prints and exits. */
#ifndef CLI_COMMON_H
#define CLI_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/args.h"
#include "nn/model.h"
#include "nn/train.h"

/* Exit codes, documented in `scratchnet --help` and the README. */
enum {
    EXIT_OK = 0,
    EXIT_FAIL = 1,        /* a file could not be read or written, or its contents are bad */
    EXIT_USAGE = 2,       /* a wrong flag or argument */
    EXIT_INTERRUPTED = 130, /* stopped by Ctrl-C or SIGTERM (the best model so far is saved) */
};

#ifndef SCRATCHNET_VERSION
#define SCRATCHNET_VERSION "0.0.0"
#endif

/* A data set that train and eval know by name: where its IDX files are looked for, what its
 * classes are called and how its images were made. */
typedef struct CliDataset {
    const char *name;       /* recorded in the model: "mnist", "fashion-mnist" */
    const char *env;        /* the environment variable that names its directory */
    const char *dir;        /* its folder under data/ in a checkout */
    const char *system_dir; /* where a system package installs it, or NULL */
    const char *labels;     /* its class names, comma-separated */
    const char *preprocess; /* what the drawing app does to a drawing first: "mnist" (crop, fit
                             * 20 x 20, centre of mass, as MNIST's digits were made) or "none"
                             * (the canvas as it is: Fashion-MNIST items fill their frame) */
    const char *augment;    /* augmentation when --augment is not given; NULL: the preset's */
    int rows, cols;         /* its images' size in pixels */
    int digits;             /* 1: handwritten digits, for which the presets train with made
                             * non-digits and choose a refusal rule; 0: neither by default */
} CliDataset;

/* The data set called name, or NULL. cli_dataset_names lists the known names for messages. */
const CliDataset *cli_dataset(const char *name);
extern const char cli_dataset_names[];

/* A data set's directory: the option if given, else its environment variable, else
 * ./data/<dir> if it exists, else the source tree's data/<dir> if it exists, else the system
 * package's folder (when it has one), else the source tree's data/<dir>. */
const char *cli_dataset_dir(const CliDataset *ds, const char *opt);

/* The MNIST directory (cli_dataset_dir for "mnist"). */
const char *cli_data_dir(const char *opt);

/* A file a command reads or writes, and what names it to the user ("--out", "the model"). */
typedef struct CliFile {
    const char *what;
    const char *path; /* NULL: none */
} CliFile;

/* Refuses outputs that are inputs: when one of the n_out outputs is the same file as one of
 * the n_in inputs (outfile_same: by device and inode, or by resolved path before it exists),
 * prints one line naming both, e.g. "scratchnet eval: --confusion m.json is the model m.json
 * itself; write it elsewhere", and returns EXIT_USAGE; else 0. Called before any work. */
int cli_refuse_inputs_as_outputs(const char *cmd, const CliFile *outputs, int n_out,
                                 const CliFile *inputs, int n_in);

/* The files nn_dataset_load_mnist may read for the split prefix ("train", "t10k") in dir: its
 * images and labels, each raw and gzip-compressed, as 4 inputs in files, their names in
 * names. */
#define CLI_DATASET_FILES 4
void cli_dataset_inputs(const char *dir, const char *prefix, char names[][4200], CliFile *files);

/* The worker threads every network of this run goes on (threads.h): one pool of nn_threads(),
 * made by main before the command runs (cli_pool_start: 0, or -1 with the error printed) and
 * freed after it (cli_pool_stop). A forked child starts the pool's threads again. */
int cli_pool_start(void);
NnPool *cli_pool(void);
void cli_pool_stop(void);

/* Loads a model, on cli_pool(); on failure prints the loader's one-line error and returns NULL. */
NnModel *cli_load_model(const char *path);

/* Parses the arguments of a subcommand whose first positional argument is a model file (pos
 * has room for cap), then loads that model. Returns it, or NULL with *status set: EXIT_OK after
 * --help, EXIT_USAGE for wrong usage, EXIT_FAIL when the model does not load (error printed). */
NnModel *cli_parse_model(const CliCommand *cmd, int argc, char **argv, char **pos, int cap,
                         int *n_pos, int *status);

/* Seconds from a monotonic clock. */
double cli_now(void);

/* Current UTC time as ISO 8601 ("2026-11-25T18:00:00Z"). */
void cli_iso_date(char *buf, size_t n);

/* Non-zero when f is a terminal (progress bars only go to terminals). */
int cli_isatty(FILE *f);

/* The command line joined into one string (for the model's training record). */
void cli_join_args(int argc, char **argv, char *buf, size_t n);

/* Writes s to f as a JSON string, quotes included: '"' and '\\' escaped, control characters
 * (U+0000 to U+001F and DEL) as \u00XX, UTF-8 text as it is, and each byte that is not part of
 * well-formed UTF-8 (a file name may hold any bytes) as \uFFFD, the replacement character. The
 * one writer of JSON strings for `predict --json` and `eval --json`. */
void cli_json_string(FILE *f, const char *s);

/* Saves the confusion matrix of m's answers pred against truth (n samples; pred m->n_out: refused,
 * an error outside the matrix) as an SVG chart
 * (plot_confusion_svg) at path, atomically. set names the samples in the title ("the test set"),
 * source says where they came from in the subtitle. Returns 0 or a negative code with err naming
 * path. */
int cli_save_confusion(const char *path, const NnModel *m, const char *set, const char *source,
                       int n, const uint8_t *truth, const uint8_t *pred, SnError *err);

/* Prints a model's layers as a table: type, output shape, activation, parameters, settings
 * (`scratchnet info`, `scratchnet import`). */
void cli_print_layers(const NnModel *m);

int cmd_train(int argc, char **argv);
/* `train --finetune`: called by cmd_train when its arguments hold --finetune. */
int cmd_finetune(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_predict(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);

#endif
