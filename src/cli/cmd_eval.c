/* cmd_eval.c - `scratchnet eval`: accuracy, per-class precision and recall, the confusion matrix
 * and the most confused pairs, on the MNIST test set or on labelled drawings (JSON lines) run
 * through exactly the drawing app's pipeline; optionally the confusion matrix as an SVG chart. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/common.h"
#include "cli/plot.h"
#include "common/buf.h"
#include "common/outfile.h"
#include "common/readfile.h"
#include "ink/classify.h"
#include "ink/pipeline.h"
#include "nn/idx.h"
#include "nn/train.h"

/* Reads one line, its newline kept, into *line (grown, never past max + 2 bytes). Returns its
 * length, -1 at the end of the file, -2 when the line holds more than max bytes, or -3 when out
 * of memory. */
static long read_line(FILE *f, char **line, size_t *cap, size_t max)
{
    size_t len = 0;
    for (;;) {
        if (!*line || *cap - len < 2) {
            if (*cap > max)
                return -2;
            size_t grown = *cap ? *cap * 2 : 4096;
            if (grown > max + 2)
                grown = max + 2;
            char *p = realloc(*line, grown);
            if (!p)
                return -3;
            *line = p;
            *cap = grown;
        }
        if (!fgets(*line + len, (int)(*cap - len), f))
            return len ? (long)len : -1;
        len += strlen(*line + len);
        if (len > 0 && (*line)[len - 1] == '\n')
            return (long)len;
    }
}

/* The drawings of no class ("label": null) in a drawings file, and how many the model refused. */
typedef struct Outliers {
    int n, refused;
} Outliers;

/* Reads labelled drawings, one JSON object per line, and classifies each through the app's
 * path (ink_classify) with the model m read from model_path. Fills truth/pred (grown as
 * needed) for the drawings of a class, pred being m->n_out where the model refused
 * (ink_answer_refused), and counts the drawings of no class in *out; returns the count of
 * drawings of a class or -1 (error printed). */
static int eval_drawings(NnModel *m, const char *model_path, const char *path, uint8_t **truth,
                         uint8_t **pred, Outliers *out)
{
    SnError ierr = {0};
    if (ink_classify_check(m, model_path, &ierr) != 0) {
        fprintf(stderr, "scratchnet eval: %s\n", ierr.msg);
        return -1;
    }
    SnError err;
    int fd = readfile_open(path, &err); /* a regular file only: a FIFO is refused */
    FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
    if (!f) {
        if (fd >= 0) {
            sn_error(&err, SN_E_NOMEM, "%s: out of memory", path);
            close(fd);
        }
        fprintf(stderr, "scratchnet eval: %s\n", err.msg);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    long len;
    int n = 0, lineno = 0, status = 0;
    size_t cap_truth = 0, cap_pred = 0;
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    /* a line is one drawing: no longer than a strokes file may be */
    while ((len = read_line(f, &line, &cap, INK_MAX_FILE_BYTES)) != -1) {
        lineno++;
        if (len < 0) {
            if (len == -2)
                fprintf(stderr, "scratchnet eval: %s:%d: more than %ld bytes, the largest "
                        "drawing this program reads\n", path, lineno, INK_MAX_FILE_BYTES);
            else
                fprintf(stderr, "scratchnet eval: %s:%d: out of memory\n", path, lineno);
            status = -1;
            break;
        }
        if (len <= 1 && (len == 0 || line[0] == '\n'))
            continue; /* blank line */
        char where[512];
        snprintf(where, sizeof where, "%s:%d", path, lineno);
        int label = -1;
        if (ink_drawing_from_json(line, where, &d, &label, INK_DEFAULT_WIDTH, &ierr) != 0) {
            fprintf(stderr, "scratchnet eval: %s\n", ierr.msg);
            status = -1;
            break;
        }
        if (label != INK_NO_CLASS && (label < 0 || label >= m->n_out)) {
            fprintf(stderr, "scratchnet eval: %s: label %d is not a class of this model (0..%d)\n",
                    where, label, m->n_out - 1);
            status = -1;
            break;
        }
        ink_drawing_fit(&d, INK_FIT_BOX);
        InkAnswer a;
        if (ink_classify(m, &(InkInput){.drawing = &d, .what = where}, &a, &ierr) < 0) {
            fprintf(stderr, "scratchnet eval: %s\n", ierr.msg);
            status = -1;
            break;
        }
        int refused = ink_answer_refused(m, &a);
        if (label == INK_NO_CLASS) {
            out->n++;
            out->refused += refused;
            continue;
        }
        if (buf_grow((void **)truth, &cap_truth, (size_t)n + 1, 1) != 0 ||
            buf_grow((void **)pred, &cap_pred, (size_t)n + 1, 1) != 0) {
            fprintf(stderr, "scratchnet eval: out of memory\n");
            status = -1;
            break;
        }
        (*truth)[n] = (uint8_t)label;
        (*pred)[n] = (uint8_t)(refused ? m->n_out : a.top);
        n++;
    }
    if (status == 0 && ferror(f)) {
        fprintf(stderr, "scratchnet eval: %s: read error\n", path);
        status = -1;
    }
    ink_drawing_free(&d);
    free(line);
    fclose(f);
    if (status == 0 && n == 0 && out->n == 0) {
        fprintf(stderr, "scratchnet eval: %s: no drawings in the file\n", path);
        status = -1;
    }
    return status < 0 ? -1 : n;
}

typedef struct Pair {
    int t, p, count;
} Pair;

static int by_count(const void *a, const void *b)
{
    const Pair *x = a, *y = b;
    if (x->count != y->count)
        return y->count - x->count;
    return x->t != y->t ? x->t - y->t : x->p - y->p;
}

/* A share as a JSON number, or null when there is nothing to share out. */
static void json_share(long part, long whole)
{
    if (whole > 0)
        printf("%.6f", (double)part / whole);
    else
        printf("null");
}

/* The figures of one evaluation: conf[true * (C + 1) + predicted], column C counting the
 * drawings the model refused (a refusal is an error, and a miss in its class's recall). */
typedef struct Tally {
    int C, n;
    long *conf, correct, refused;
    const Outliers *outliers; /* NULL on a test set */
} Tally;

static long tally_count(const Tally *t, int c) /* the samples of class c */
{
    long row = 0;
    for (int k = 0; k <= t->C; k++)
        row += t->conf[c * (t->C + 1) + k];
    return row;
}

static long tally_predicted(const Tally *t, int c) /* the samples given class c */
{
    long col = 0;
    for (int k = 0; k < t->C; k++)
        col += t->conf[k * (t->C + 1) + c];
    return col;
}

static void report_json(const NnModel *m, const char *model_path, const char *source,
                        const Tally *t)
{
    const int C = t->C;
    printf("{\"model\": ");
    cli_json_string(stdout, model_path);
    printf(", \"data\": ");
    cli_json_string(stdout, source);
    printf(", \"samples\": %d, \"correct\": %ld, \"accuracy\": ", t->n, t->correct);
    json_share(t->correct, t->n);
    if (t->outliers) {
        printf(", \"refused\": ");
        json_share(t->refused, t->n);
        printf(", \"outliers\": %d, \"outliers_refused\": ", t->outliers->n);
        json_share(t->outliers->refused, t->outliers->n);
    }
    printf(",\n \"classes\": [");
    for (int c = 0; c < C; c++) {
        long tp = t->conf[c * (C + 1) + c], col = tally_predicted(t, c), row = tally_count(t, c);
        printf("%s\n  {\"label\": ", c ? "," : "");
        cli_json_string(stdout, m->info.labels[c]);
        printf(", \"count\": %ld, \"precision\": %.6f, \"recall\": %.6f}", row,
               col ? (double)tp / col : 0.0, row ? (double)tp / row : 0.0);
    }
    printf("],\n \"confusion\": [");
    for (int r = 0; r < C; r++) {
        printf("%s[", r ? ", " : "");
        for (int p = 0; p < C; p++)
            printf("%s%ld", p ? ", " : "", t->conf[r * (C + 1) + p]);
        printf("]");
    }
    printf("]}\n");
}

static void report_text(const NnModel *m, const char *model_path, const char *source,
                        const Tally *t, const Pair *pairs, int n_pairs)
{
    const int C = t->C;
    printf("model:    %s (%s)\n", model_path, m->info.name);
    printf("data:     %s, %d samples\n", source, t->n);
    if (t->n > 0)
        printf("accuracy: %.2f%% (%ld of %d)\n", 100.0 * (double)t->correct / t->n, t->correct,
               t->n);
    else
        printf("accuracy: none (no labelled drawings)\n");
    if (t->outliers && t->n > 0)
        printf("refused:  %.2f%% of the labelled drawings (%ld of %d)\n",
               100.0 * (double)t->refused / t->n, t->refused, t->n);
    if (t->outliers && t->outliers->n > 0)
        printf("outliers: %d drawings of no class, %.2f%% refused (%d of %d)\n", t->outliers->n,
               100.0 * t->outliers->refused / t->outliers->n, t->outliers->refused,
               t->outliers->n);
    if (t->n == 0)
        return; /* only drawings of no class: no per-class figures to show */
    printf("\nclass          count  precision  recall\n");
    for (int c = 0; c < C; c++) {
        long tp = t->conf[c * (C + 1) + c], col = tally_predicted(t, c), row = tally_count(t, c);
        printf("%-12.12s %7ld  %8.2f%%  %6.2f%%\n", m->info.labels[c], row,
               col ? 100.0 * tp / col : 0.0, row ? 100.0 * tp / row : 0.0);
    }
    printf("\nconfusion matrix (rows: true class, columns: predicted)\n%6s", "");
    for (int p = 0; p < C; p++)
        printf(" %5.5s", m->info.labels[p]);
    printf("\n");
    for (int r = 0; r < C; r++) {
        printf("%5.5s ", m->info.labels[r]);
        for (int p = 0; p < C; p++)
            printf(" %5ld", t->conf[r * (C + 1) + p]);
        printf("\n");
    }
    if (n_pairs > 0) {
        printf("\nmost confused (true -> predicted):");
        for (int i = 0; i < n_pairs && i < 5; i++)
            printf("%s %s -> %s (%d)", i ? "," : "", m->info.labels[pairs[i].t],
                   m->info.labels[pairs[i].p], pairs[i].count);
        printf("\n");
    }
}

/* Prints the figures of n samples (pred m->n_out: refused) and, for drawings, of the outliers. */
static void report(const NnModel *m, const char *model_path, const char *source, int n,
                   const uint8_t *truth, const uint8_t *pred, const Outliers *outliers, int json)
{
    const int C = m->n_out;
    Tally t = {C, n, calloc((size_t)C * (C + 1), sizeof *t.conf), 0, 0, outliers};
    if (!t.conf) {
        fprintf(stderr, "scratchnet eval: out of memory\n");
        return;
    }
    for (int i = 0; i < n; i++) {
        t.conf[truth[i] * (C + 1) + pred[i]]++;
        t.correct += truth[i] == pred[i];
        t.refused += pred[i] == C;
    }
    Pair *pairs = malloc(sizeof *pairs * (size_t)C * C);
    int n_pairs = 0;
    for (int r = 0; r < C && pairs; r++)
        for (int p = 0; p < C; p++)
            if (r != p && t.conf[r * (C + 1) + p] > 0)
                pairs[n_pairs++] = (Pair){r, p, (int)t.conf[r * (C + 1) + p]};
    if (pairs)
        qsort(pairs, (size_t)n_pairs, sizeof *pairs, by_count);
    if (json)
        report_json(m, model_path, source, &t);
    else
        report_text(m, model_path, source, &t, pairs, n_pairs);
    free(t.conf);
    free(pairs);
}

int cmd_eval(int argc, char **argv)
{
    const char *data = NULL, *drawings = NULL, *confusion = NULL;
    int json = 0;
    const CliOpt opts[] = {
        {"data", OPT_STR, &data, "DIR",
         "directory of the test set t10k (default: where the model's data set is found)",
         CLI_NO_RANGE},
        {"drawings", OPT_STR, &drawings, "FILE",
         "labelled drawings, one JSON object per line, run through the drawing pipeline",
         CLI_NO_RANGE},
        {"json", OPT_FLAG, &json, NULL, "machine-readable output", CLI_NO_RANGE},
        {"confusion", OPT_STR, &confusion, "FILE", "also draw the confusion matrix as SVG (not a file eval reads)",
         CLI_NO_RANGE},
    };
    const CliCommand cmd = {"eval",
                            "MODEL [options]",
                            "Measure a model on its data set's test images or on labelled "
                            "drawings.",
                            opts,
                            (int)(sizeof opts / sizeof opts[0]),
                            1,
                            1};
    char *pos[16];
    int n_pos = 0;
    int status;
    NnModel *m = cli_parse_model(&cmd, argc, argv, pos, (int)(sizeof pos / sizeof pos[0]), &n_pos,
                                 &status);
    if (!m)
        return status;
    SnError err = {0};
    /* the chart may not overwrite what this run reads: the model, the drawings, the test set */
    const CliDataset *ds = cli_dataset(m->info.train.dataset);
    const char *dir = cli_dataset_dir(ds ? ds : cli_dataset("mnist"), data);
    char names[CLI_DATASET_FILES][4200];
    CliFile inputs[2 + CLI_DATASET_FILES] = {{"the model", pos[0]}, {"--drawings", drawings}};
    if (!drawings)
        cli_dataset_inputs(dir, "t10k", names, inputs + 2);
    const CliFile output = {"--confusion", confusion};
    if (cli_refuse_inputs_as_outputs("eval", &output, 1, inputs, drawings ? 2 : 2 + CLI_DATASET_FILES) != 0) {
        nn_model_free(m);
        return EXIT_USAGE;
    }
    SnError out_err;
    if (confusion && outfile_check(confusion, &out_err) != 0) {
        fprintf(stderr, "scratchnet eval: %s\n", out_err.msg);
        nn_model_free(m);
        return EXIT_FAIL;
    }
    status = EXIT_FAIL;
    uint8_t *truth = NULL, *pred = NULL;
    NnDataset test = {0};
    if (drawings) {
        Outliers outliers = {0, 0};
        int n = eval_drawings(m, pos[0], drawings, &truth, &pred, &outliers);
        if (n >= 0) {
            report(m, pos[0], drawings, n, truth, pred, &outliers, json);
            status = EXIT_OK;
            const char *base = strrchr(drawings, '/');
            if (confusion && cli_save_confusion(confusion, m, base ? base + 1 : drawings,
                                                "drawings", n, truth, pred, &err) != 0) {
                fprintf(stderr, "scratchnet eval: %s\n", err.msg);
                status = EXIT_FAIL;
            }
        }
    } else {
        /* the test set of the data set the model was trained on (MNIST if it does not say):
         * dir, found above */
        int nonfinite = 0;
        if (nn_dataset_load_mnist(dir, "t10k", m->n_out, &test, &err) != 0) {
            fprintf(stderr, "scratchnet eval: %s\n", err.msg);
        } else if (!(pred = malloc((size_t)test.n))) {
            fprintf(stderr, "scratchnet eval: out of memory\n");
        } else if (nn_evaluate(m, &test, NULL, test.n, pred, &nonfinite, &err) < 0) {
            fprintf(stderr, "scratchnet eval: %s\n", err.msg);
        } else if (nonfinite > 0) {
            /* the classes picked from NaN or infinite outputs would make up an accuracy */
            fprintf(stderr,
                    "scratchnet eval: %s: the model's outputs are not finite numbers on %d of "
                    "%d test images: no answer\n",
                    pos[0], nonfinite, test.n);
        } else {
            char source[600];
            snprintf(source, sizeof source, "%s (t10k)", dir);
            report(m, pos[0], source, test.n, test.labels, pred, NULL, json);
            status = EXIT_OK;
            char set[80];
            snprintf(set, sizeof set, "%s t10k",
                     m->info.train.dataset[0] ? m->info.train.dataset : "MNIST");
            if (confusion && cli_save_confusion(confusion, m, "the test set", set, test.n,
                                                test.labels, pred, &err) != 0) {
                fprintf(stderr, "scratchnet eval: %s\n", err.msg);
                status = EXIT_FAIL;
            }
        }
    }
    free(truth);
    free(pred);
    nn_dataset_free(&test);
    nn_model_free(m);
    return status;
}
