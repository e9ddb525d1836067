/* cmd_predict.c - `scratchnet predict`: classify images (PNG or PGM, told apart by their first
 * bytes) and drawings (strokes JSON) with the model's own preprocessing, printing the verdict
 * (the top class and its confidence, not sure between two, or none of the model's classes) and
 * every class's probability. A drawing goes through exactly the drawing app's pipeline.
 *
 * The model is --model FILE; else, as in earlier versions, a first argument ending in .json
 * when more files (or --strokes) follow; else the shipped mnist-cnn.json from the models folder
 * (src/common/paths.h). */
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/common.h"
#include "common/paths.h"
#include "ink/classify.h"

#define DEFAULT_MODEL "mnist-cnn.json"

/* "FILE: 7 (98.10%)", "FILE: not sure: 4 or 9?" or "FILE: not a digit" ("none of these
 * classes" for other labels), or that there is too little ink to classify. */
static void print_verdict(const NnModel *m, const InkAnswer *a, InkVerdict verdict,
                          const char *path)
{
    int second;
    const int top = nn_top_class(a->probs, a->n_classes, &second);
    if (a->too_little)
        printf("%s: too little ink to classify\n", path);
    else if (verdict == INK_VERDICT_NONE)
        printf("%s: %s\n", path, ink_none_words(m));
    else if (verdict == INK_VERDICT_UNSURE && a->n_classes > 1)
        printf("%s: not sure: %s or %s?\n", path, m->info.labels[top], m->info.labels[second]);
    else
        printf("%s: %s (%.2f%%)\n", path, m->info.labels[top], 100.0 * (double)a->probs[top]);
}

int cmd_predict(int argc, char **argv)
{
    const char *strokes = NULL, *model = NULL;
    int json = 0;
    DataPaths paths;
    char default_model[PATHS_MAX + sizeof DEFAULT_MODEL + 1] = "";
    if (paths_resolve_here(&paths) == 0)
        snprintf(default_model, sizeof default_model, "%s/" DEFAULT_MODEL, paths.models);
    char model_help[sizeof default_model + 64];
    snprintf(model_help, sizeof model_help, "the model (default: %s)",
             default_model[0] ? default_model : DEFAULT_MODEL " in the models folder");
    const CliOpt opts[] = {
        {"model", OPT_STR, &model, "FILE", model_help, CLI_NO_RANGE},
        {"strokes", OPT_STR, &strokes, "FILE", "a drawing saved by scratchnet-draw (strokes JSON)",
         CLI_NO_RANGE},
        {"json", OPT_FLAG, &json, NULL, "machine-readable output, one JSON object per file",
         CLI_NO_RANGE},
    };
    const CliCommand cmd = {
        "predict", "[--model FILE | MODEL.json] [FILE...] [--strokes FILE.json]",
        "Classify PNG and PGM images and strokes drawings (files ending in .json are read as\n"
        "drawings). Without --model, a first argument ending in .json is the model when more\n"
        "files or --strokes follow; otherwise the shipped " DEFAULT_MODEL " classifies. Its\n"
        "folder is $SCRATCHNET_MODELS, else $SCRATCHNET_DATADIR/models, else the source tree's\n"
        "models when run from the build folder, else the installed ones.",
        opts, (int)(sizeof opts / sizeof opts[0]), 0, -1};
    char **pos = malloc(sizeof *pos * (size_t)(argc > 0 ? argc : 1));
    if (!pos)
        return EXIT_FAIL;
    int n_pos = 0;
    int rc = cli_parse(&cmd, argc, argv, pos, argc > 0 ? argc : 1, &n_pos);
    if (rc) {
        free(pos);
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    }
    /* the model and the files to classify, inputs[0..n_inputs) */
    char **inputs = pos;
    int n_inputs = n_pos;
    if (!model && n_pos >= 1 && ink_is_json_name(pos[0]) && (n_pos >= 2 || strokes)) {
        model = pos[0];
        inputs++;
        n_inputs--;
    }
    if (n_inputs < 1 && !strokes) {
        fprintf(stderr, "scratchnet predict: nothing to classify: give image files or "
                        "--strokes FILE.json\n");
        cli_usage(&cmd, stderr);
        free(pos);
        return EXIT_USAGE;
    }
    if (!model && !default_model[0]) {
        fprintf(stderr, "scratchnet predict: the models folder's path is too long; name a model "
                        "with --model FILE\n");
        free(pos);
        return EXIT_FAIL;
    }
    if (!model)
        model = default_model;
    NnModel *m = cli_load_model(model);
    if (!m) {
        free(pos);
        return EXIT_FAIL;
    }
    int status = EXIT_OK;
    int n_files = n_inputs + (strokes ? 1 : 0);
    SnError ierr = {0};
    if (ink_classify_check(m, model, &ierr) != 0) {
        fprintf(stderr, "scratchnet predict: %s\n", ierr.msg);
        status = EXIT_FAIL;
        n_files = 0;
    }
    for (int i = 0; i < n_files; i++) {
        const char *path = i < n_inputs ? inputs[i] : strokes;
        int is_strokes = (strokes && path == strokes) || ink_is_json_name(path);
        InkAnswer a;
        if (ink_classify(m, &(InkInput){.path = path, .strokes = is_strokes}, &a, &ierr) < 0) {
            fprintf(stderr, "scratchnet predict: %s\n", ierr.msg);
            status = EXIT_FAIL;
            continue;
        }
        int blank = a.too_little, top = a.top;
        const float *p = a.probs; /* as the app and the library show them */
        InkVerdict verdict = ink_answer_verdict(m, &a);
        if (json) {
            fputs("{\"file\": ", stdout);
            cli_json_string(stdout, path);
            printf(", \"blank\": %s, \"class\": %d, \"label\": ", blank ? "true" : "false", top);
            cli_json_string(stdout, m->info.labels[top]);
            printf(", \"confidence\": %.6f, \"verdict\": \"%s\", \"probabilities\": [",
                   (double)p[top], ink_verdict_name(verdict));
            for (int c = 0; c < m->n_out; c++)
                printf("%s%.6f", c ? ", " : "", (double)p[c]);
            printf("]}\n");
            continue;
        }
        print_verdict(m, &a, verdict, path);
        for (int c = 0; c < m->n_out; c++)
            printf("  %s %6.2f%%%s", m->info.labels[c], 100.0 * (double)p[c],
                   (c + 1) % 5 == 0 || c + 1 == m->n_out ? "\n" : "");
    }
    nn_model_free(m);
    free(pos);
    return status;
}
