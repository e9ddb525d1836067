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
#include "nn/calibration.h"
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

/* The answers on labelled samples (drawings of a class, or test images): each one's true class,
 * its predicted class (C, the model's output count, where the model refused) and its top
 * probability. */
typedef struct Answers {
    int n;
    uint8_t *truth, *pred;
    float *top;
    size_t cap_truth, cap_pred, cap_top;
} Answers;

/* The drawings of no class ("label": null), how many the model refused, and each one's top
 * probability. */
typedef struct Outliers {
    int n, refused;
    float *top;
    size_t cap;
} Outliers;

/* Keeps one drawing's answer a (refused or not) in A or, with no class, in out. 0 or -1 when out
 * of memory. */
static int keep(const NnModel *m, const InkAnswer *a, int label, Answers *A, Outliers *out)
{
    int refused = ink_answer_refused(m, a);
    float top = a->probs[a->top];
    if (label == INK_NO_CLASS) {
        if (buf_grow((void **)&out->top, &out->cap, (size_t)out->n + 1, sizeof *out->top) != 0)
            return -1;
        out->top[out->n++] = top;
        out->refused += refused;
        return 0;
    }
    if (buf_grow((void **)&A->truth, &A->cap_truth, (size_t)A->n + 1, 1) != 0 ||
        buf_grow((void **)&A->pred, &A->cap_pred, (size_t)A->n + 1, 1) != 0 ||
        buf_grow((void **)&A->top, &A->cap_top, (size_t)A->n + 1, sizeof *A->top) != 0)
        return -1;
    A->truth[A->n] = (uint8_t)label;
    A->pred[A->n] = (uint8_t)(refused ? m->n_out : a->top);
    A->top[A->n++] = top;
    return 0;
}

/* Reads labelled drawings, one JSON object per line, and classifies each through the app's
 * path (ink_classify) with the model m read from model_path, adding the drawings of a class to
 * A and those of no class to out (the refusals from ink_answer_refused). Returns 0 or -1 (error
 * printed). */
static int eval_drawings(NnModel *m, const char *model_path, const char *path, Answers *A,
                         Outliers *out)
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
    int lineno = 0, status = 0, before = A->n + out->n;
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
        if (keep(m, &a, label, A, out) != 0) {
            fprintf(stderr, "scratchnet eval: out of memory\n");
            status = -1;
            break;
        }
    }
    if (status == 0 && ferror(f)) {
        fprintf(stderr, "scratchnet eval: %s: read error\n", path);
        status = -1;
    }
    ink_drawing_free(&d);
    free(line);
    fclose(f);
    if (status == 0 && A->n + out->n == before) {
        fprintf(stderr, "scratchnet eval: %s: no drawings in the file\n", path);
        status = -1;
    }
    return status;
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
 * samples the model refused (a refusal is an error, and a miss in its class's recall). */
typedef struct Tally {
    int C, n;
    long *conf, correct, refused;
    const char *what;         /* the samples in words: "test images", "labelled drawings" */
    const Outliers *outliers; /* NULL on a test set */
    double ece;               /* the calibration error of the answers not refused, or -1 */
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
    printf(", \"refused\": ");
    json_share(t->refused, t->n);
    if (t->outliers) {
        printf(", \"outliers\": %d, \"outliers_refused\": ", t->outliers->n);
        json_share(t->outliers->refused, t->outliers->n);
    }
    if (t->ece >= 0.0)
        printf(", \"ece\": %.6f", t->ece);
    else
        printf(", \"ece\": null");
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
    if (t->n > 0)
        printf("refused:  %.2f%% of the %s (%ld of %d)\n", 100.0 * (double)t->refused / t->n,
               t->what, t->refused, t->n);
    if (t->outliers && t->outliers->n > 0)
        printf("outliers: %d drawings of no class, %.2f%% refused (%d of %d)\n", t->outliers->n,
               100.0 * t->outliers->refused / t->outliers->n, t->outliers->refused,
               t->outliers->n);
    if (t->n == 0)
        return; /* only drawings of no class: no per-class figures to show */
    if (t->ece >= 0.0)
        printf("calibration error (ECE, %d bins): %.2f %%\n", NN_ECE_BINS, 100.0 * t->ece);
    else
        printf("calibration error (ECE, %d bins): none (every answer refused)\n", NN_ECE_BINS);
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

/* The calibration error (calibration.h) of the answers in A the model did not refuse (pred C);
 * -1 when it refused them all, -2 when out of memory. */
static double answers_ece(const Answers *A, int C)
{
    float *top = malloc(sizeof *top * (size_t)(A->n ? A->n : 1));
    uint8_t *right = malloc((size_t)(A->n ? A->n : 1));
    int k = 0;
    for (int i = 0; top && right && i < A->n; i++) {
        if (A->pred[i] == C)
            continue;
        top[k] = A->top[i];
        right[k++] = A->truth[i] == A->pred[i];
    }
    double ece = !top || !right ? -2.0
                 : k           ? nn_calibration_error(top, right, k, NN_ECE_BINS)
                               : -1.0;
    free(top);
    free(right);
    return ece;
}

/* Prints the figures of the answers A (what names them) and, for drawings, of the outliers.
 * Returns 0 or -1 (out of memory, said). */
static int report(const NnModel *m, const char *model_path, const char *source, const char *what,
                  const Answers *A, const Outliers *outliers, int json)
{
    const int C = m->n_out, n = A->n;
    const uint8_t *truth = A->truth, *pred = A->pred;
    Tally t = {C, n, calloc((size_t)C * (C + 1), sizeof *t.conf), 0, 0, what, outliers,
               answers_ece(A, C)};
    if (!t.conf || t.ece == -2.0) {
        free(t.conf);
        fprintf(stderr, "scratchnet eval: out of memory\n");
        return -1;
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
    return 0;
}

/* The test set of the data set the model was trained on (MNIST if it does not say), in dir: its
 * figures reported, the confusion chart drawn if asked. Returns the exit status. */
static int eval_test_set(NnModel *m, const char *model_path, const char *dir,
                         const char *confusion, int json)
{
    SnError err = {0};
    NnDataset test = {0};
    Answers A = {0};
    NnEvalDetail d = {0};
    int status = EXIT_FAIL;
    if (nn_dataset_load_mnist(dir, "t10k", m->n_out, &test, &err) != 0) {
        fprintf(stderr, "scratchnet eval: %s\n", err.msg);
    } else if (!(d.answer = malloc((size_t)test.n)) ||
               !(d.top = malloc(sizeof *d.top * (size_t)test.n))) {
        fprintf(stderr, "scratchnet eval: out of memory\n");
    } else if (nn_evaluate(m, &test, NULL, test.n, &d, &err) < 0) {
        fprintf(stderr, "scratchnet eval: %s\n", err.msg);
    } else if (d.nonfinite > 0) {
        /* the classes picked from NaN or infinite outputs would make up an accuracy */
        fprintf(stderr,
                "scratchnet eval: %s: the model's outputs are not finite numbers on %d of "
                "%d test images: no answer\n",
                model_path, d.nonfinite, test.n);
    } else {
        char source[600];
        snprintf(source, sizeof source, "%s (t10k)", dir);
        A = (Answers){.n = test.n, .truth = test.labels, .pred = d.answer, .top = d.top};
        status = report(m, model_path, source, "test images", &A, NULL, json) == 0 ? EXIT_OK
                                                                                  : EXIT_FAIL;
        char set[80];
        snprintf(set, sizeof set, "%s t10k",
                 m->info.train.dataset[0] ? m->info.train.dataset : "MNIST");
        if (status == EXIT_OK && confusion &&
            cli_save_confusion(confusion, m, "the test set", set, test.n, test.labels, d.answer,
                               &err) != 0) {
            fprintf(stderr, "scratchnet eval: %s\n", err.msg);
            status = EXIT_FAIL;
        }
    }
    free(d.answer);
    free(d.top);
    nn_dataset_free(&test);
    return status;
}

/* The drawings files' names joined by ", " into dst (cap bytes), each without its folder when
 * base is non-zero. */
static void join_names(const CliStrs *files, int base, char *dst, size_t cap)
{
    dst[0] = '\0';
    for (int k = 0; k < files->n; k++) {
        const char *slash = base ? strrchr(files->v[k], '/') : NULL;
        size_t len = strlen(dst);
        snprintf(dst + len, cap - len, "%s%s", k ? ", " : "", slash ? slash + 1 : files->v[k]);
    }
}

/* The trade-off chart of the drawings: the refused shares of the labelled drawings and of the
 * drawings of no class as the threshold on the top probability moves, this model's marked. */
static int save_tradeoff(const char *path, const NnModel *m, const CliStrs *drawings,
                         const Answers *A, const Outliers *out, SnError *err)
{
    if (A->n == 0 || out->n == 0)
        return sn_error(err, SN_E_ARG,
                        "--tradeoff %s: needs drawings of a class and drawings of no class "
                        "(\"label\": null); these have %d and %d",
                        path, A->n, out->n);
    const int digits = ink_reads_digits(m);
    const char *ins = digits ? "digits" : "labelled drawings";
    const char *outs = digits ? "non-digits" : "drawings of no class";
    const float mark = m->info.refuse_below;
    long in_refused = 0, out_refused = 0;
    for (int i = 0; i < A->n; i++)
        in_refused += A->top[i] < mark;
    for (int i = 0; i < out->n; i++)
        out_refused += out->top[i] < mark;
    char title[200], subtitle[512], xlabel[80], ylabel[80], label[200], files[300];
    join_names(drawings, 1, files, sizeof files);
    snprintf(title, sizeof title, "What refusing costs: %s against %s refused", ins, outs);
    snprintf(subtitle, sizeof subtitle,
             "%s on %s, as the threshold on the top probability moves from 0 to 1",
             m->info.name, files);
    snprintf(xlabel, sizeof xlabel, "%s refused (%% of %d)", ins, A->n);
    snprintf(ylabel, sizeof ylabel, "%s refused (%% of %d)", outs, out->n);
    if (mark > 0.0f)
        snprintf(label, sizeof label, "this model: refuses %.1f %% of %s, %.1f %% of %s",
                 100.0 * (double)in_refused / A->n, ins, 100.0 * (double)out_refused / out->n,
                 outs);
    else
        snprintf(label, sizeof label, "this model: no refusal rule, refuses nothing");
    char *svg = plot_tradeoff_svg(title, subtitle, xlabel, ylabel, A->top, A->n, out->top, out->n,
                                  mark, label);
    int rc = plot_save(path, svg, err);
    free(svg);
    return rc;
}

/* The drawings files, counted together: their figures reported, the charts drawn if asked.
 * Returns the exit status. */
static int eval_drawing_files(NnModel *m, const char *model_path, const CliStrs *drawings,
                              const char *confusion, const char *tradeoff, int json)
{
    Answers A = {0};
    Outliers out = {0};
    SnError err = {0};
    int status = EXIT_FAIL, k = 0;
    while (k < drawings->n && eval_drawings(m, model_path, drawings->v[k], &A, &out) == 0)
        k++;
    char source[600], names[300];
    join_names(drawings, 0, source, sizeof source);
    join_names(drawings, 1, names, sizeof names);
    if (k == drawings->n &&
        report(m, model_path, source, "labelled drawings", &A, &out, json) == 0) {
        status = EXIT_OK;
        if (confusion && cli_save_confusion(confusion, m, names, "drawings", A.n, A.truth, A.pred,
                                            &err) != 0)
            status = EXIT_FAIL;
        else if (tradeoff && save_tradeoff(tradeoff, m, drawings, &A, &out, &err) != 0)
            status = EXIT_FAIL;
        if (status != EXIT_OK)
            fprintf(stderr, "scratchnet eval: %s\n", err.msg);
    }
    free(A.truth);
    free(A.pred);
    free(A.top);
    free(out.top);
    return status;
}

int cmd_eval(int argc, char **argv)
{
    const char *data = NULL, *confusion = NULL, *tradeoff = NULL;
    CliStrs drawings = {0};
    int json = 0;
    const CliOpt opts[] = {
        {"data", OPT_STR, &data, "DIR",
         "directory of the test set t10k (default: where the model's data set is found)",
         CLI_NO_RANGE},
        {"drawings", OPT_STRS, &drawings, "FILE",
         "labelled drawings, one JSON object per line, run through the drawing pipeline",
         CLI_NO_RANGE},
        {"json", OPT_FLAG, &json, NULL, "machine-readable output", CLI_NO_RANGE},
        {"confusion", OPT_STR, &confusion, "FILE", "also draw the confusion matrix as SVG (not a file eval reads)",
         CLI_NO_RANGE},
        {"tradeoff", OPT_STR, &tradeoff, "FILE",
         "with --drawings: also draw the share of labelled drawings against the share of "
         "drawings of no class refused, as the threshold moves, as SVG",
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
    if (tradeoff && drawings.n == 0) {
        fprintf(stderr, "scratchnet eval: --tradeoff needs --drawings\n");
        nn_model_free(m);
        return EXIT_USAGE;
    }
    /* the charts may not overwrite what this run reads: the model, the drawings, the test set */
    const CliDataset *ds = cli_dataset(m->info.train.dataset);
    const char *dir = cli_dataset_dir(ds ? ds : cli_dataset("mnist"), data);
    char names[CLI_DATASET_FILES][4200];
    CliFile inputs[1 + CLI_MAX_REPEATS + CLI_DATASET_FILES] = {{"the model", pos[0]}};
    int n_inputs = 1;
    for (int k = 0; k < drawings.n; k++)
        inputs[n_inputs++] = (CliFile){"--drawings", drawings.v[k]};
    if (!drawings.n) {
        cli_dataset_inputs(dir, "t10k", names, inputs + 1);
        n_inputs += CLI_DATASET_FILES;
    }
    const CliFile outputs[2] = {{"--confusion", confusion}, {"--tradeoff", tradeoff}};
    if (cli_refuse_inputs_as_outputs("eval", outputs, 2, inputs, n_inputs) != 0) {
        nn_model_free(m);
        return EXIT_USAGE;
    }
    for (int k = 0; k < 2; k++) {
        SnError out_err;
        if (outputs[k].path && outfile_check(outputs[k].path, &out_err) != 0) {
            fprintf(stderr, "scratchnet eval: %s\n", out_err.msg);
            nn_model_free(m);
            return EXIT_FAIL;
        }
    }
    status = drawings.n ? eval_drawing_files(m, pos[0], &drawings, confusion, tradeoff, json)
                        : eval_test_set(m, pos[0], dir, confusion, json);
    nn_model_free(m);
    return status;
}
