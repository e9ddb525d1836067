/* main.c - the scratchnet command: dispatches to train, eval, predict, show, info, bench and
 * plot, import and export. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/common.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: scratchnet COMMAND [options]\n"
            "A neural network written from scratch, trained on MNIST.\n"
            "\n"
            "commands:\n"
            "  train     train a network and save it as a JSON model file\n"
            "  eval      measure a model: accuracy, per-class precision and recall, confusion\n"
            "  predict   classify images (PNG, PGM) or drawings (strokes JSON)\n"
            "  show      draw the inside of a model for one input: activations, weights, saliency\n"
            "  info      show a model's layers, parameter count and training record\n"
            "  bench     measure matrix, training and inference speed on this machine\n"
            "  plot      draw the learning curves of a training log (train --log) as SVG\n"
            "  import    convert an ONNX classifier (PyTorch, Keras, ...) into a model file\n"
            "  export    write a model as an ONNX file other runtimes run\n"
            "\n"
            "Run 'scratchnet COMMAND --help' for a command's options.\n"
            "\n"
            "exit codes: 0 success, 1 a file could not be read or written or is invalid,\n"
            "            2 wrong usage, 130 interrupted (training saves its best model first)\n");
}

int main(int argc, char **argv)
{
    /* a write past the file size limit (ulimit -f) fails with EFBIG and is reported like any
     * failed write, instead of the signal killing the program half-way through a save */
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &ign, NULL);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("scratchnet %s\n", SCRATCHNET_VERSION);
        return EXIT_OK;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"train", cmd_train}, {"eval", cmd_eval},   {"predict", cmd_predict},
                {"show", cmd_show},   {"info", cmd_info},   {"bench", cmd_bench},
                {"plot", cmd_plot},   {"import", cmd_import}, {"export", cmd_export}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (strcmp(cmd, cmds[i].name) != 0)
            continue;
        if (cli_pool_start() != 0)
            return EXIT_FAIL;
        int status = cmds[i].fn(argc - 2, argv + 2);
        cli_pool_stop();
        return status;
    }
    fprintf(stderr, "scratchnet: unknown command '%s' (train, eval, predict, show, info, bench, "
                    "plot, import, export; see scratchnet --help)\n", cmd);
    return EXIT_USAGE;
}
