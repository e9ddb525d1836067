/* cmd_info.c - `scratchnet info`: a model's input, layers, parameter count and training record. */
#include <string.h>

#include "cli/args.h"
#include "cli/common.h"

static void pct(const char *what, float v)
{
    if (v >= 0.0f)
        printf("  %-20s %.2f%%\n", what, 100.0 * (double)v);
}

int cmd_info(int argc, char **argv)
{
    const CliCommand cmd = {"info", "MODEL", "Show a model's layers, size and training record.",
                            NULL, 0, 1, 1};
    char *pos[16];
    int n_pos = 0;
    int status;
    NnModel *m = cli_parse_model(&cmd, argc, argv, pos, (int)(sizeof pos / sizeof pos[0]), &n_pos,
                                 &status);
    if (!m)
        return status;
    const NnModelInfo *in = &m->info;
    printf("model %s (%s)\n", in->name, pos[0]);
    printf("input %dx%dx%d, value = pixel x %g + %g, preprocessing: %s\n", in->in_c, in->in_h,
           in->in_w, (double)in->in_scale, (double)in->in_offset, nn_preprocess_name(in->preprocess));
    printf("classes (%d):", in->n_classes);
    for (int c = 0; c < in->n_classes; c++)
        printf(" %s", in->labels[c]);
    printf("\n\n");
    cli_print_layers(m);
    printf("total parameters: %zu (%.1f KB as float32)\n", m->n_params,
           (double)m->n_params * 4.0 / 1024.0);
    const NnTrainInfo *t = &in->train;
    if (t->dataset[0] || t->epochs) {
        printf("\ntraining\n");
        printf("  %-20s %s, %ld samples\n", "data", t->dataset, t->samples);
        printf("  %-20s %d (best: %d)\n", "epochs", t->epochs, t->best_epoch);
        printf("  %-20s %s, cost %s, batch %d\n", "optimiser", t->optimizer, t->cost,
               t->batch_size);
        printf("  %-20s %g (%s schedule), momentum %g, weight decay %g\n", "learning rate",
               (double)t->learning_rate, t->schedule, (double)t->momentum,
               (double)t->weight_decay);
        printf("  %-20s %llu\n", "seed", (unsigned long long)t->seed);
        if (t->augment[0])
            printf("  %-20s %s\n", "augmentation", t->augment);
        pct("train accuracy", t->train_accuracy);
        pct("validation accuracy", t->val_accuracy);
        pct("test accuracy", t->test_accuracy);
        printf("  %-20s %.1f s\n", "training time", t->train_seconds);
        if (t->command[0])
            printf("  %-20s %s\n", "command", t->command);
        if (t->date[0])
            printf("  %-20s %s (scratchnet %s)\n", "date", t->date, t->version);
    }
    nn_model_free(m);
    return EXIT_OK;
}
