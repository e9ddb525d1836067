/* cmd_show.c - `scratchnet show`: the pictures of the drawing app's views of the inside of a
 * network, for one image or drawing, written as PNG or SVG for slides and tests (what they
 * show: picture_views.h). The input is read as `scratchnet predict` reads it: a file ending in
 * .json is a strokes drawing, anything else a PNG or PGM image. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/common.h"
#include "cli/picture_views.h"
#include "common/outfile.h"
#include "common/paths.h"

enum { ACTS, WEIGHTS, SALIENCY, N_KINDS };
static const char *const kind_opts[N_KINDS] = {"--activations", "--weights", "--saliency"};

/* The class --class names: a label of the model's, else its number; -1 if neither. */
static int find_class(const NnModel *m, const char *s)
{
    for (int c = 0; c < m->n_out; c++)
        if (strcmp(m->info.labels[c], s) == 0)
            return c;
    char *end = NULL;
    long c = strtol(s, &end, 10);
    return s[0] >= '0' && s[0] <= '9' && *end == '\0' && c < m->n_out ? (int)c : -1;
}

/* Refuses, before any work, outputs of the wrong kind, outputs that are the same file, outputs
 * that are inputs and outputs that cannot be saved (outfile_check). Returns 0 or an exit code,
 * the reason printed. */
static int check_outputs(const char *const *out, const char *model, const char *input)
{
    CliFile outs[N_KINDS];
    int n = 0;
    for (int k = 0; k < N_KINDS; k++) {
        if (!out[k])
            continue;
        if (!pic_format(out[k])) {
            fprintf(stderr, "scratchnet show: %s %s: name a .png or .svg file\n", kind_opts[k],
                    out[k]);
            return EXIT_USAGE;
        }
        outs[n] = (CliFile){kind_opts[k], out[k]};
        if (cli_refuse_inputs_as_outputs("show", &outs[n], 1, outs, n) != 0)
            return EXIT_USAGE;
        n++;
    }
    if (n == 0) {
        fprintf(stderr, "scratchnet show: nothing to draw: give --activations, --weights or "
                        "--saliency FILE.png or FILE.svg\n");
        return EXIT_USAGE;
    }
    const CliFile ins[2] = {{"the model", model}, {"the input", input}};
    if (cli_refuse_inputs_as_outputs("show", outs, n, ins, 2) != 0)
        return EXIT_USAGE;
    for (int i = 0; i < n; i++) {
        SnError err;
        if (outfile_check(outs[i].path, &err) != 0) {
            fprintf(stderr, "scratchnet show: %s\n", err.msg);
            return EXIT_FAIL;
        }
    }
    return 0;
}

/* Draws and saves each picture asked for; returns an exit code, failures printed. */
static int draw(NnModel *m, const InkAnswer *a, const char *const *out, const char *where,
                int cls, const char *font_dir)
{
    for (int k = 0; k < N_KINDS; k++) {
        if (!out[k])
            continue;
        Picture p;
        SnError err = {0};
        pic_init(&p, 0, 0);
        int rc = k == ACTS      ? pic_activations(&p, m, a, where, &err)
                 : k == WEIGHTS ? pic_weights(&p, m, &err)
                                : pic_saliency(&p, m, a, cls, where, &err);
        if (rc == 0)
            rc = pic_save(&p, out[k], font_dir, &err);
        pic_free(&p);
        if (rc != 0) {
            fprintf(stderr, "scratchnet show: %s\n", err.msg);
            return EXIT_FAIL;
        }
        printf("wrote %s\n", out[k]);
    }
    return EXIT_OK;
}

int cmd_show(int argc, char **argv)
{
    const char *out[N_KINDS] = {NULL, NULL, NULL}, *class_opt = NULL;
    const CliOpt opts[] = {
        {"activations", OPT_STR, &out[ACTS], "FILE",
         "every layer's output as it fires, with a legend (.png or .svg)", CLI_NO_RANGE},
        {"weights", OPT_STR, &out[WEIGHTS], "FILE",
         "the first layer's learned weights as a gallery of images", CLI_NO_RANGE},
        {"saliency", OPT_STR, &out[SALIENCY], "FILE",
         "how a class's score moves with the ink in each pixel, as a heat map", CLI_NO_RANGE},
        {"class", OPT_STR, &class_opt, "C",
         "the saliency's class, a label or its number (default: the top class)", CLI_NO_RANGE},
    };
    const CliCommand cmd = {
        "show", "MODEL.json INPUT [--activations FILE] [--weights FILE] [--saliency FILE]",
        "Draw what happens inside a model for one input as PNG or SVG pictures (by each file's\n"
        "ending), as the drawing app's views show it. INPUT is a PNG or PGM image, or a drawing\n"
        "saved by scratchnet-draw (a strokes file ending in .json).",
        opts, (int)(sizeof opts / sizeof opts[0]), 2, 2};
    char *pos[4];
    int n_pos = 0;
    int rc = cli_parse(&cmd, argc, argv, pos, 4, &n_pos);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    const char *model = pos[0], *input = pos[1];
    rc = check_outputs(out, model, input);
    if (rc)
        return rc;
    DataPaths paths;
    if (paths_resolve_here(&paths) != 0) {
        fprintf(stderr, "scratchnet show: the fonts folder's path is too long\n");
        return EXIT_FAIL;
    }
    NnModel *m = cli_load_model(model);
    if (!m)
        return EXIT_FAIL;
    int status = EXIT_FAIL;
    SnError err = {0};
    InkAnswer a;
    int cls = class_opt ? find_class(m, class_opt) : -1;
    if (class_opt && cls < 0) {
        fprintf(stderr, "scratchnet show: --class %s: %s has no such class (a label, or 0 to "
                        "%d)\n", class_opt, model, m->n_out - 1);
        status = EXIT_USAGE;
    } else if (ink_classify_check(m, model, &err) != 0 ||
               ink_classify(m, &(InkInput){.path = input, .strokes = ink_is_json_name(input)},
                            &a, &err) != 0)
        fprintf(stderr, "scratchnet show: %s\n", err.msg);
    else
        status = draw(m, &a, out, input, cls >= 0 ? cls : a.top, paths.assets);
    nn_model_free(m);
    return status;
}
