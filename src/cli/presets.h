/* presets.h - the training recipes `train` and `bench` share: the named presets (a network and
 * the settings it was trained with), the augmentation levels with their per-flag overrides, and
 * the few steps that turn them into a network and a trainer's settings.
 *
 *     const char *spec;
 *     NnTrainConfig cfg;
 *     InkAugment aug;
 *     CliAugment actx = {0};
 *     cli_preset_config("mlp", &spec, &cfg, &aug);
 *     NnModel *m = nn_network_new(spec, 28, 28, 1, cli_pool(), &err);
 *     if (cli_augment_attach(&actx, &aug, 28, 28, &cfg) != 0) ... out of memory ...;
 *     ... nn_trainer_init(&t, m, &cfg, &err) ...; free(actx.scratch);
 */
#ifndef CLI_PRESETS_H
#define CLI_PRESETS_H

#include <stddef.h>
#include <stdint.h>

#include "ink/augment.h"
#include "common/error.h"
#include "nn/model.h"
#include "nn/recipe.h"
#include "nn/train.h"

/* The presets are the library's recipes (nn/recipe.h): nn_recipe(name), nn_recipe_names. */

/* The training recipe of a preset (nn_recipe): its layer spec, trainer settings (seed 1) and
 * augmentation. Returns 0, or -1 for an unknown name. */
int cli_preset_config(const char *name, const char **layers, NnTrainConfig *cfg, InkAugment *aug);

/* The explicit augmentation flags, in this order; NAN in flags[i] means not given. */
enum {
    CLI_AUG_SHIFT,
    CLI_AUG_ROTATE,
    CLI_AUG_SCALE_MIN,
    CLI_AUG_SCALE_MAX,
    CLI_AUG_SHEAR,
    CLI_AUG_ELASTIC,
    CLI_AUG_THICKNESS,
    CLI_AUG_SLASH_ZERO,
    CLI_AUG_FLAG_ONE,
    CLI_AUG_FLAGS
};

/* The settings of an augmentation level ("none", "shift": 2 pixels, "full": the library's
 * defaults), then the given flags on top (flags on top of "none" apply to every image). Writes a
 * short description of what is switched on to desc (n bytes), "none" or e.g. "shift 2, rotate
 * 15", as the model's training record keeps it. Returns 0, or -1 for an unknown level. */
int cli_augment_settings(const char *level, const float flags[CLI_AUG_FLAGS], InkAugment *a,
                         char *desc, size_t n);

/* Training with augmentation: the trainer's callback (NnTrainConfig.augment) and its state,
 * the settings plus ink_augment_scratch_size floats of scratch. */
typedef struct CliAugment {
    InkAugment a;
    float *scratch;
} CliAugment;
void cli_augment_image(void *user, const uint8_t *pixels, int rows, int cols, int label,
                       uint64_t seed, float *out);

/* Makes cfg distort every training image (of rows x cols pixels) as a says, through c, whose
 * scratch it allocates (the caller frees c->scratch). Returns 0, or -1 when memory runs out
 * (cfg is then unchanged). */
int cli_augment_attach(CliAugment *c, const InkAugment *a, int rows, int cols,
                       NnTrainConfig *cfg);

#endif
