/* recipe.h - the named training recipes (the presets of `scratchnet train` and the recipes of
 * the drawing app's live training): a network and the settings it was trained with, and the two
 * steps that turn one into a fresh network and a trainer's settings. Shared by src/cli and
 * src/draw; no printing.
 *
 *     const NnRecipe *r = nn_recipe("seed");
 *     NnTrainConfig cfg;
 *     nn_recipe_config(r, &cfg);
 *     NnModel *m = nn_network_new(r->layers, 28, 28, 1, NULL, &err);
 *     ... nn_trainer_init(&t, m, &cfg, &err) ...
 *
 * A recipe names its augmentation level as a word ("none", "shift", "full"); what the level
 * means is the command line's (src/cli/presets.h), as distorting images is src/ink's.
 */
#ifndef NN_RECIPE_H
#define NN_RECIPE_H

#include <stdint.h>

#include "common/error.h"
#include "nn/model.h"
#include "nn/threads.h"
#include "nn/train.h"

/* The training digits of a whole run: MNIST's 60,000 less the 5,000 held out for validation. */
#define NN_RECIPE_DIGITS 55000

/* A named recipe: the architecture and the training settings of a shipped model. */
typedef struct NnRecipe {
    const char *name;
    const char *layers;    /* the layer spec (nn_spec_parse) */
    const char *cost;      /* nn_cost_parse's words */
    const char *optimizer; /* nn_optim_parse's words */
    float lr;
    const char *schedule;  /* nn_schedule_parse's words */
    int batch;
    int epochs;
    float weight_decay;
    const char *augment;   /* an augmentation level: "none", "shift" or "full" */
    int outliers;          /* made non-digits trained on with no class beside the
                              NN_RECIPE_DIGITS training digits of a whole run (on a data set of
                              digits); a run on fewer digits makes as many in proportion */
    int made_digits;       /* made digits trained on with their labels beside them, in the same
                              proportion */
    float refuse_share;    /* the share of held-out digits the refusal bound may refuse; 0: no
                              refusal rule (on a data set of digits) */
    const char *about;     /* one line for people */
} NnRecipe;

/* The recipe called name ("mlp", "seed", "cnn", "small"), or NULL. nn_recipe_names lists the
 * names for messages. */
const NnRecipe *nn_recipe(const char *name);
extern const char nn_recipe_names[];

/* The trainer's settings of recipe r (seed 1, no augmentation hooked in). Returns 0, or -1 when
 * a word of the recipe is not understood. */
int nn_recipe_config(const NnRecipe *r, NnTrainConfig *cfg);

/* A network built from a layer spec, its weights drawn from seed (nn_model_init), running on
 * pool (nn_model_set_pool; NULL: the caller's thread alone); or NULL with err saying what is
 * wrong with the spec or that memory ran out. A flat input ("784,...") of rows x cols values
 * takes the images the network reads as images, 1 x rows x cols; rows 0: the input as the spec
 * writes it. Caller frees with nn_model_free. */
NnModel *nn_network_new(const char *spec, int rows, int cols, uint64_t seed, NnPool *pool,
                        SnError *err);

#endif
