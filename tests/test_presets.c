/* test_presets.c - the recipes train and bench share (src/cli/presets.c): each preset's
 * settings, the augmentation levels and their descriptions, flags on top of a level and the
 * augmentation hooked into a trainer's settings. (The recipes themselves and the network built
 * from a spec: test_recipe.c.) */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/presets.h"
#include "test.h"

TEST(every_preset_is_found_and_gives_its_recipe)
{
    const char *names[] = {"mlp", "seed", "cnn", "small"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const NnRecipe *pr = nn_recipe(names[i]);
        CHECK(pr != NULL && strcmp(pr->name, names[i]) == 0);
        CHECK(strstr(nn_recipe_names, names[i]) != NULL);
        const char *layers = NULL;
        NnTrainConfig cfg;
        InkAugment aug;
        CHECK(cli_preset_config(names[i], &layers, &cfg, &aug) == 0);
        if (!pr)
            continue;
        CHECK(layers == pr->layers);
        CHECK(cfg.batch_size == pr->batch && cfg.epochs == pr->epochs && cfg.seed == 1);
        CHECK(cfg.opt.lr == pr->lr && cfg.opt.weight_decay == pr->weight_decay);
        CHECK(strcmp(nn_optim_name(cfg.opt.kind), pr->optimizer) == 0);
        CHECK(strcmp(nn_cost_name(cfg.cost), pr->cost) == 0);
        CHECK(strcmp(nn_schedule_name(cfg.opt.schedule), pr->schedule) == 0);
        CHECK(cfg.augment == NULL);
        CHECK((aug.prob > 0.0f) == (strcmp(pr->augment, "none") != 0));
    }
    /* on digits, the shipped networks learn "none of these" from made non-digits and read
     * digits drawn with a pen from made digits beside MNIST's; every preset chooses a refusal
     * bound that refuses at most 0.5 % of the held-out digits */
    const struct {
        const char *name;
        int outliers, made_digits;
    } exposed[] = {{"mlp", 12000, 10000}, {"cnn", 12000, 10000}, {"seed", 0, 0}, {"small", 0, 0}};
    for (size_t i = 0; i < sizeof exposed / sizeof exposed[0]; i++) {
        const NnRecipe *pr = nn_recipe(exposed[i].name);
        CHECK(pr && pr->outliers == exposed[i].outliers && pr->refuse_share == 0.005f);
        CHECK(pr && pr->made_digits == exposed[i].made_digits);
    }
    CHECK(nn_recipe("huge") == NULL);
    const char *layers = NULL;
    NnTrainConfig cfg;
    InkAugment aug;
    CHECK(cli_preset_config("huge", &layers, &cfg, &aug) == -1);
}

TEST(augmentation_levels_and_flags_are_described_as_the_model_records_them)
{
    const float none[CLI_AUG_FLAGS] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    InkAugment a;
    char desc[160];
    CHECK(cli_augment_settings("none", none, &a, desc, sizeof desc) == 0);
    CHECK(strcmp(desc, "none") == 0 && a.prob <= 0.0f);
    CHECK(cli_augment_settings("shift", none, &a, desc, sizeof desc) == 0);
    CHECK(strcmp(desc, "shift 2") == 0 && a.shift == 2.0f && a.prob == 1.0f);
    CHECK(cli_augment_settings("full", none, &a, desc, sizeof desc) == 0);
    InkAugment full = ink_augment_defaults();
    CHECK(memcmp(&a, &full, sizeof a) == 0);
    CHECK(strncmp(desc, "shift ", 6) == 0);
    CHECK(strstr(desc, ", flag-one 0.3 (0.9 of images)") != NULL);
    /* flags on top of "none" apply to every image; only what is on is named */
    float flags[CLI_AUG_FLAGS] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    flags[CLI_AUG_ROTATE] = 15.0f;
    flags[CLI_AUG_SLASH_ZERO] = 0.5f;
    CHECK(cli_augment_settings("none", flags, &a, desc, sizeof desc) == 0);
    CHECK(strcmp(desc, "rotate 15, slash-zero 0.5") == 0);
    CHECK(a.prob == 1.0f && a.rotate == 15.0f && a.slash_zero == 0.5f);
    flags[CLI_AUG_FLAG_ONE] = 0.25f;
    CHECK(cli_augment_settings("none", flags, &a, desc, sizeof desc) == 0);
    CHECK(strcmp(desc, "rotate 15, slash-zero 0.5, flag-one 0.25") == 0);
    CHECK(a.flag_one == 0.25f);
    /* the flag alone is an augmentation too */
    float flag_only[CLI_AUG_FLAGS] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    flag_only[CLI_AUG_FLAG_ONE] = 0.5f;
    CHECK(cli_augment_settings("none", flag_only, &a, desc, sizeof desc) == 0);
    CHECK(strcmp(desc, "flag-one 0.5") == 0 && a.prob == 1.0f);
    /* a flag of 0 switches a part of a level off */
    float off[CLI_AUG_FLAGS] = {0.0f, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    CHECK(cli_augment_settings("shift", off, &a, desc, sizeof desc) == 0);
    CHECK(strcmp(desc, "none") == 0);
    CHECK(cli_augment_settings("heavy", none, &a, desc, sizeof desc) == -1);
}

TEST(attaching_augmentation_hooks_it_into_the_trainer_settings)
{
    const char *layers;
    NnTrainConfig cfg;
    InkAugment aug;
    CHECK(cli_preset_config("mlp", &layers, &cfg, &aug) == 0);
    CliAugment actx = {0};
    CHECK(cli_augment_attach(&actx, &aug, 28, 28, &cfg) == 0);
    CHECK(cfg.augment == cli_augment_image && cfg.augment_user == &actx);
    CHECK(actx.scratch != NULL && memcmp(&actx.a, &aug, sizeof aug) == 0);
    /* an image through the hook: values in [0, 1] */
    uint8_t pixels[28 * 28] = {0};
    for (int i = 8; i < 20; i++)
        pixels[i * 28 + 14] = 255;
    float out[28 * 28];
    cfg.augment(cfg.augment_user, pixels, 28, 28, 1, 42, out);
    int in_range = 1;
    for (int i = 0; i < 28 * 28; i++)
        in_range &= out[i] >= 0.0f && out[i] <= 1.0f;
    CHECK(in_range);
    free(actx.scratch);
}

int main(void)
{
    RUN(every_preset_is_found_and_gives_its_recipe);
    RUN(augmentation_levels_and_flags_are_described_as_the_model_records_them);
    RUN(attaching_augmentation_hooks_it_into_the_trainer_settings);
    return test_main_result();
}
