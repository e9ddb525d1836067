/* presets.c - the training recipes `train` and `bench` share (presets.h). */
#include "cli/presets.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_preset_config(const char *name, const char **layers, NnTrainConfig *cfg, InkAugment *aug)
{
    const NnRecipe *pr = nn_recipe(name);
    char desc[160];
    memset(cfg, 0, sizeof *cfg);
    if (!pr || nn_recipe_config(pr, cfg) != 0)
        return -1;
    const float no_flags[CLI_AUG_FLAGS] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (cli_augment_settings(pr->augment, no_flags, aug, desc, sizeof desc) != 0)
        return -1;
    *layers = pr->layers;
    return 0;
}

/* Names what a switches on in desc (n bytes): "shift 2, rotate 15, ..." */
static void describe_augment(const InkAugment *a, char *desc, size_t n)
{
    size_t len = 0;
    desc[0] = '\0';
#define PART(cond, ...)                                                                            \
    do {                                                                                           \
        if ((cond) && len < n)                                                                     \
            len += (size_t)snprintf(desc + len, n - len, __VA_ARGS__);                             \
    } while (0)
    PART(a->shift > 0, "shift %g", (double)a->shift);
    PART(a->rotate > 0, "%srotate %g", len ? ", " : "", (double)a->rotate);
    PART(a->scale_min > 0 && (a->scale_min != 1.0f || a->scale_max != 1.0f), "%sscale %g-%g",
         len ? ", " : "", (double)a->scale_min, (double)a->scale_max);
    PART(a->shear > 0, "%sshear %g", len ? ", " : "", (double)a->shear);
    PART(a->elastic > 0, "%selastic %g", len ? ", " : "", (double)a->elastic);
    PART(a->thickness > 0, "%sthickness %g", len ? ", " : "", (double)a->thickness);
    PART(a->slash_zero > 0, "%sslash-zero %g", len ? ", " : "", (double)a->slash_zero);
    PART(a->flag_one > 0, "%sflag-one %g", len ? ", " : "", (double)a->flag_one);
    PART(a->prob < 1.0f, "%s(%g of images)", len ? " " : "", (double)a->prob);
#undef PART
}

int cli_augment_settings(const char *level, const float flags[CLI_AUG_FLAGS], InkAugment *a,
                         char *desc, size_t n)
{
    if (strcmp(level, "full") == 0) {
        *a = ink_augment_defaults();
    } else if (strcmp(level, "shift") == 0) {
        *a = ink_augment_none();
        a->shift = 2.0f;
        a->prob = 1.0f;
    } else if (strcmp(level, "none") == 0) {
        *a = ink_augment_none();
    } else {
        return -1;
    }
    float *fields[CLI_AUG_FLAGS] = {
        [CLI_AUG_SHIFT] = &a->shift,         [CLI_AUG_ROTATE] = &a->rotate,
        [CLI_AUG_SCALE_MIN] = &a->scale_min, [CLI_AUG_SCALE_MAX] = &a->scale_max,
        [CLI_AUG_SHEAR] = &a->shear,         [CLI_AUG_ELASTIC] = &a->elastic,
        [CLI_AUG_THICKNESS] = &a->thickness, [CLI_AUG_SLASH_ZERO] = &a->slash_zero,
        [CLI_AUG_FLAG_ONE] = &a->flag_one};
    int any = 0;
    for (int i = 0; i < CLI_AUG_FLAGS; i++) {
        if (!isnan(flags[i])) {
            *fields[i] = flags[i];
            any = 1;
        }
    }
    if (any && a->prob <= 0.0f)
        a->prob = 1.0f; /* flags on top of "none": apply them */
    int on = a->prob > 0.0f &&
             (a->shift > 0 || a->rotate > 0 || a->shear > 0 || a->elastic > 0 || a->thickness > 0 ||
              a->slash_zero > 0 || a->flag_one > 0 || (a->scale_min > 0 && a->scale_min != 1.0f) ||
              (a->scale_max > 0 && a->scale_max != 1.0f));
    if (on)
        describe_augment(a, desc, n);
    else
        snprintf(desc, n, "none");
    return 0;
}

void cli_augment_image(void *user, const uint8_t *pixels, int rows, int cols, int label,
                       uint64_t seed, float *out)
{
    CliAugment *c = user;
    ink_augment_image(&c->a, pixels, cols, rows, label, seed, c->scratch, out);
}

int cli_augment_attach(CliAugment *c, const InkAugment *a, int rows, int cols,
                       NnTrainConfig *cfg)
{
    c->a = *a;
    c->scratch = malloc(ink_augment_scratch_size(cols, rows) * sizeof(float));
    if (!c->scratch)
        return -1;
    cfg->augment = cli_augment_image;
    cfg->augment_user = c;
    return 0;
}
