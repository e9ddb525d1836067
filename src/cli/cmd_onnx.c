/* cmd_onnx.c - `scratchnet import` (an ONNX classifier into a scratchnet model file) and
 * `scratchnet export` (a scratchnet model into an ONNX file). The conversion is src/nn/onnx.h;
 * this file reads the options, checks the output before any work, and says what was done.
 */
#include <stdio.h>
#include <string.h>

#include "cli/args.h"
#include "cli/common.h"
#include "common/outfile.h"
#include "nn/model_io.h"
#include "nn/onnx.h"

/* Refuses an output that is the input, or that cannot be written; 0 or an exit code. */
static int check_output(const char *cmd, const char *in, const char *out)
{
    const CliFile input = {"the model", in}, output = {"--out", out};
    if (cli_refuse_inputs_as_outputs(cmd, &output, 1, &input, 1) != 0)
        return EXIT_USAGE;
    SnError err;
    if (outfile_check(out, &err) != 0) {
        fprintf(stderr, "scratchnet %s: %s\n", cmd, err.msg);
        return EXIT_FAIL;
    }
    return 0;
}

int cmd_import(int argc, char **argv)
{
    const char *out = NULL, *labels = NULL, *preprocess = NULL, *name = NULL;
    float scale = 0.0f, offset = 0.0f;
    int has_scale = 0, has_offset = 0;
    const CliOpt opts[] = {
        {"out", OPT_STR, &out, "FILE", "the scratchnet model file to write (required)",
         CLI_NO_RANGE},
        {"labels", OPT_STR, &labels, "A,B,...",
         "the name of each output, comma-separated (default: the file's own, else 0, 1, ...)",
         CLI_NO_RANGE},
        {"preprocess", OPT_STR, &preprocess, "mnist|none",
         "what a drawing goes through first (default: mnist for a 1x28x28 input, else none)",
         CLI_NO_RANGE},
        {"scale", OPT_FLOAT, &scale, "S",
         "input value = pixel (0..255) x S + offset; default 1/255: values 0..1 as "
         "torchvision's ToTensor gives",
         CLI_RANGE(-1e6, 1e6)},
        {"offset", OPT_FLOAT, &offset, "O", "see --scale (default 0)", CLI_RANGE(-1e6, 1e6)},
        {"name", OPT_STR, &name, "NAME", "the model's name (default: the --out file's)",
         CLI_TEXT_BYTES(1, NN_NAME_LEN - 1)},
    };
    const CliCommand cmd = {
        "import", "MODEL.onnx --out MODEL.json",
        "Convert an ONNX image classifier (from PyTorch's torch.onnx.export, a Keras or\n"
        "TensorFlow converter, ...) into a scratchnet model file. The app, predict, eval and\n"
        "the library also open .onnx files directly; this keeps the converted model. A model\n"
        "trained with Normalize((m,), (s,)) on ToTensor's 0..1 takes --scale 1/(255 s)\n"
        "--offset -m/s, e.g. --scale 0.012728233 --offset -0.42421293 for MNIST's 0.1307, 0.3081.",
        opts, (int)(sizeof opts / sizeof opts[0]), 1, 1};
    char *pos[2];
    int n_pos = 0;
    /* --scale and --offset given or not: look for them before parsing fills the values */
    for (int k = 0; k < argc; k++) {
        has_scale |= strncmp(argv[k], "--scale", 7) == 0;
        has_offset |= strncmp(argv[k], "--offset", 8) == 0;
    }
    int rc = cli_parse(&cmd, argc, argv, pos, 2, &n_pos);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (!out) {
        fprintf(stderr, "scratchnet import: --out FILE is required (the model file to write)\n");
        return EXIT_USAGE;
    }
    if ((rc = check_output("import", pos[0], out)) != 0)
        return rc;
    NnOnnxOptions opt = {.preprocess = preprocess, .labels = labels};
    if (has_scale || has_offset) {
        opt.has_scale = 1;
        opt.scale = has_scale ? scale : 1.0f / 255.0f;
        opt.offset = offset;
    }
    NnOnnxReport rep;
    SnError err = {0};
    NnModel *m = nn_onnx_load(pos[0], &opt, &rep, &err);
    if (!m) {
        fprintf(stderr, "scratchnet import: %s\n", err.msg);
        return EXIT_FAIL;
    }
    if (name)
        snprintf(m->info.name, sizeof m->info.name, "%s", name);
    else
        nn_model_name_of_path(out, m->info.name, sizeof m->info.name);
    printf("%s: ONNX opset %d%s%s, input %dx%dx%d, %d classes, %zu parameters\n", pos[0],
           rep.opset, rep.producer[0] ? ", written by " : "", rep.producer, m->info.in_c,
           m->info.in_h, m->info.in_w, m->info.n_classes, m->n_params);
    cli_print_layers(m);
    printf("input value = pixel x %g + %g, preprocessing %s\n", (double)m->info.in_scale,
           (double)m->info.in_offset, nn_preprocess_name(m->info.preprocess));
    for (int k = 0; k < rep.n_notes; k++)
        printf("note: %s\n", rep.notes[k]);
    rc = nn_model_save(out, m, &err);
    nn_model_free(m);
    if (rc) {
        fprintf(stderr, "scratchnet import: %s\n", err.msg);
        return EXIT_FAIL;
    }
    printf("wrote %s\n", out);
    return EXIT_OK;
}

int cmd_export(int argc, char **argv)
{
    const char *out = NULL;
    const CliOpt opts[] = {
        {"out", OPT_STR, &out, "FILE", "the ONNX file to write (required)", CLI_NO_RANGE},
    };
    const CliCommand cmd = {
        "export", "MODEL --out MODEL.onnx",
        "Write a model as an ONNX file (opset 13) that ONNX runtimes (onnxruntime, in a web\n"
        "page, on a phone or a server) run. Its input \"pixels\" (N, C, H, W) takes pixel\n"
        "values 0..255 (0 is the background) after the model's preprocessing; its output\n"
        "\"probabilities\" (N, classes). Labels, preprocessing and refusal rule are metadata.",
        opts, (int)(sizeof opts / sizeof opts[0]), 1, 1};
    char *pos[2];
    int n_pos = 0;
    int rc = cli_parse(&cmd, argc, argv, pos, 2, &n_pos);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (!out) {
        fprintf(stderr, "scratchnet export: --out FILE is required (the ONNX file to write)\n");
        return EXIT_USAGE;
    }
    if ((rc = check_output("export", pos[0], out)) != 0)
        return rc;
    NnModel *m = cli_load_model(pos[0]);
    if (!m)
        return EXIT_FAIL;
    SnError err = {0};
    rc = nn_onnx_save(out, m, &err);
    if (rc) {
        fprintf(stderr, "scratchnet export: %s\n", err.msg);
        nn_model_free(m);
        return EXIT_FAIL;
    }
    const char *output = m->layers[m->n_layers - 1].act == NN_ACT_SOFTMAX ? "probabilities"
                                                                           : "outputs";
    printf("wrote %s: ONNX opset %d; input \"pixels\" (N, %d, %d, %d), pixel values 0..255%s; "
           "output \"%s\" (N, %d)\n", out, NN_ONNX_OPSET_WRITTEN, m->info.in_c, m->info.in_h,
           m->info.in_w, m->info.preprocess == NN_PREP_MNIST ? " after MNIST preprocessing" : "",
           output, m->info.n_classes);
    nn_model_free(m);
    return EXIT_OK;
}
