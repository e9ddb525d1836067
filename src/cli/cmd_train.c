/* cmd_train.c - `scratchnet train`: build a network from a preset or a layer spec, train it on
 * MNIST with mini-batch gradient descent, keep the epoch with the best validation accuracy, test
 * it, and save it atomically as a JSON model file. On request it also keeps a per-epoch log
 * (CSV) and the learning curves (SVG) up to date after every epoch, and draws the saved model's
 * confusion matrix on the test set (SVG) at the end. */
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/common.h"
#include "cli/plot.h"
#include "common/atomic.h"
#include "common/outfile.h"
#include "common/utf8.h"
#include "ink/augment.h"
#include "nn/checkpoint.h"
#include "nn/idx.h"
#include "nn/model_io.h"
#include "nn/train.h"

/* A named recipe: the architecture and the training settings of a shipped model. */
typedef struct Preset {
    const char *name;
    const char *layers;
    const char *cost;
    const char *optimizer;
    float lr;
    const char *schedule;
    int batch;
    int epochs;
    float weight_decay;
    const char *augment; /* "none", "shift" or "full" */
    const char *about;
} Preset;

static const Preset presets[] = {
    {"mlp", "784,256:relu,128:relu,10:softmax", "cross-entropy", "adam", 1e-3f, "cosine", 128, 20,
     0.0f, "full", "ReLU MLP, softmax + cross-entropy, Adam, cosine schedule"},
    {"seed", "784,100:sigmoid,10:softmax", "quadratic", "sgd", 0.5f, "constant", 10, 30, 0.0f,
     "none", "the seed's network: sigmoid hidden layer, quadratic cost, plain SGD"},
    {"cnn", "1x28x28,conv32x5:relu,pool,conv64x5:relu,pool,dropout0.25,256:relu,10:softmax",
     "cross-entropy", "adam", 1e-3f, "cosine", 64, 25, 0.0f, "full",
     "convolutional network with dropout, trained on distorted digits"},
    {"small", "784,64:relu,10:softmax", "cross-entropy", "momentum", 0.05f, "constant", 32, 5, 0.0f,
     "none", "a small fast network for a quick demonstration"},
};

void cli_augment_image(void *user, const uint8_t *pixels, int rows, int cols, int label,
                       uint64_t seed, float *out)
{
    CliAugment *c = user;
    ink_augment_image(&c->a, pixels, cols, rows, label, seed, c->scratch, out);
}

/* Settings for a level name, then any explicit flags on top (NAN = not given). Fills a short
 * description for the model's training record. Returns 0, or -1 for an unknown level. */
static int augment_settings(const char *level, const float *flags, InkAugment *a, char *desc,
                            size_t n)
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
    float *fields[] = {&a->shift, &a->rotate,  &a->scale_min, &a->scale_max,
                       &a->shear, &a->elastic, &a->thickness, &a->slash_zero};
    int any = 0;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (!isnan(flags[i])) {
            *fields[i] = flags[i];
            any = 1;
        }
    }
    if (any && a->prob <= 0.0f)
        a->prob = 1.0f; /* flags on top of "none": apply them */
    int on = a->prob > 0.0f &&
             (a->shift > 0 || a->rotate > 0 || a->shear > 0 || a->elastic > 0 || a->thickness > 0 ||
              a->slash_zero > 0 || (a->scale_min > 0 && a->scale_min != 1.0f) ||
              (a->scale_max > 0 && a->scale_max != 1.0f));
    if (!on) {
        snprintf(desc, n, "none");
        return 0;
    }
    /* name only what is switched on: "shift 2, rotate 15, ..." */
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
    PART(a->prob < 1.0f, "%s(%g of images)", len ? " " : "", (double)a->prob);
#undef PART
    return 0;
}

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* What a checkpoint adds to the trainer's state: the command line's settings (a resumed run
 * must use the same), its best-so-far record and the metrics of every finished epoch (so that
 * the log and the curves of a resumed run cover the whole run); the best weights follow it. */
typedef struct ResumeRecord {
    char settings[1024];
    float best_score, best_train, best_val;
    int32_t best_epoch, epochs_done;
    double seconds; /* training time before this run */
    double epoch_seconds; /* time spent in the unfinished epoch (t.pos > 0), else 0 */
    int32_t n_history; /* rows in history: the first PLOT_MAX_EPOCHS finished epochs */
    PlotEpoch history[PLOT_MAX_EPOCHS];
} ResumeRecord;

/* The report files a run keeps: the log and the curves are rewritten (atomically) after every
 * epoch, so each is complete at any moment; the confusion matrix comes at the end. A write that
 * fails is reported once, that file is dropped, training goes on, and the run exits with 1. */
typedef struct Reports {
    const char *log, *curves, *confusion; /* paths, or NULL for none */
    char title[160];                      /* the curves' title */
    const char *cost;                     /* the cost's name, for the loss axis */
    int failed;
} Reports;

static void report_failed(Reports *r, const char **path, const NnError *err)
{
    fprintf(stderr, "scratchnet train: %s; training goes on without it\n", err->msg);
    *path = NULL;
    r->failed = 1;
}

static void write_reports(Reports *r, const ResumeRecord *rec)
{
    NnError err = {0};
    if (r->log) {
        char *csv = plot_log_csv(rec->history, rec->n_history);
        if (plot_save(r->log, csv, &err) != 0)
            report_failed(r, &r->log, &err);
        free(csv);
    }
    if (r->curves && rec->n_history > 0) {
        char *svg = plot_curves_svg(r->title, r->cost, rec->history, rec->n_history);
        if (plot_save(r->curves, svg, &err) != 0)
            report_failed(r, &r->curves, &err);
        free(svg);
    }
}

typedef struct Checkpointing {
    const char *path; /* where checkpoints go, or NULL for none */
    int every;        /* batches between checkpoints (0: only at the end of each epoch) */
    long batches;     /* batches since the last one */
    NnTrainer *t;
    ResumeRecord *rec; /* followed in memory by the best weights */
    size_t rec_len;    /* the record and the weights, in bytes */
    int failed;        /* a save failed (reported once) */
    double t0, before; /* when this run started, and the training time of runs before it */
    double epoch_start, epoch_before; /* when this run entered the current epoch, and the time
                                         that epoch had taken in runs before it */
} Checkpointing;

/* Writes a checkpoint; a failure is reported (once) and training goes on. */
static void checkpoint(Checkpointing *c)
{
    if (!c->path)
        return;
    NnError err = {0};
    double now = cli_now();
    c->rec->seconds = c->before + (now - c->t0);
    c->rec->epoch_seconds = c->t->pos > 0 ? c->epoch_before + (now - c->epoch_start) : 0.0;
    if (nn_checkpoint_save(c->path, c->t, c->rec, c->rec_len, &err) != 0) {
        if (!c->failed)
            fprintf(stderr, "scratchnet train: %s; training goes on without checkpoints\n",
                    err.msg);
        c->failed = 1;
        c->path = NULL;
    }
    c->batches = 0;
}

typedef struct Progress {
    int epoch, epochs;
    double start, last_draw;
    int tty;
    Checkpointing *ckpt;
} Progress;

static int on_batch(void *user, int done, int total, float loss, float acc)
{
    Progress *p = user;
    if (p->tty) {
        double now = cli_now();
        if (now - p->last_draw >= 0.1 || done == total) {
            p->last_draw = now;
            double el = now - p->start;
            double rate = el > 0 ? done / el : 0.0;
            double eta = rate > 0 ? (total - done) / rate : 0.0;
            int width = 24, fill = (int)((double)width * done / total);
            char bar[32];
            for (int i = 0; i < width; i++)
                bar[i] = i < fill ? '#' : '.';
            bar[width] = '\0';
            fprintf(stderr,
                    "\r  epoch %d/%d [%s] %3d%%  %6.0f samples/s  ETA %4.0fs  loss %.4f  acc "
                    "%.2f%% ",
                    p->epoch, p->epochs, bar, (int)(100.0 * done / total), rate, eta, (double)loss,
                    100.0 * (double)acc);
            fflush(stderr);
        }
    }
    if (p->ckpt && p->ckpt->every > 0 && ++p->ckpt->batches >= p->ckpt->every && done < total)
        checkpoint(p->ckpt);
    return stop_requested != 0;
}

static const Preset *find_preset(const char *name)
{
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
        if (strcmp(presets[i].name, name) == 0)
            return &presets[i];
    return NULL;
}

int cli_preset_config(const char *name, const char **layers, NnTrainConfig *cfg, InkAugment *aug)
{
    const Preset *pr = find_preset(name);
    NnOptimKind kind;
    char desc[160];
    memset(cfg, 0, sizeof *cfg);
    if (!pr || nn_cost_parse(pr->cost, &cfg->cost) || nn_optim_parse(pr->optimizer, &kind))
        return -1;
    cfg->opt = nn_optim_defaults(kind);
    cfg->opt.lr = pr->lr;
    cfg->opt.weight_decay = pr->weight_decay;
    if (nn_schedule_parse(pr->schedule, &cfg->opt.schedule))
        return -1;
    cfg->batch_size = pr->batch;
    cfg->epochs = pr->epochs;
    cfg->seed = 1;
    const float no_flags[8] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (augment_settings(pr->augment, no_flags, aug, desc, sizeof desc) != 0)
        return -1;
    *layers = pr->layers;
    return 0;
}

/* Class names from "a,b,c": exactly n of them, each 1 to NN_LABEL_LEN - 1 bytes of UTF-8 text
 * (refused, never cut). what names the list in the one-line message printed on failure. */
static int parse_labels(const char *text, const char *what, NnModelInfo *info, int n)
{
    int count = 0;
    for (const char *s = text;; count++) {
        size_t len = strcspn(s, ",");
        const char *why = NULL;
        if (len == 0)
            why = "is empty";
        else if (len >= NN_LABEL_LEN)
            why = "is too long";
        else if (!utf8_valid(s, len))
            why = "is not valid UTF-8 text";
        if (why && count < n) {
            if (len >= NN_LABEL_LEN)
                fprintf(stderr, "scratchnet train: %s: label %d is %zu bytes long, at most %d\n",
                        what, count + 1, len, NN_LABEL_LEN - 1);
            else
                fprintf(stderr, "scratchnet train: %s: label %d %s\n", what, count + 1, why);
            return -1;
        }
        if (count < n) {
            memcpy(info->labels[count], s, len);
            info->labels[count][len] = '\0';
        }
        if (s[len] == '\0') {
            count++;
            break;
        }
        s += len + 1;
    }
    if (count != n) {
        fprintf(stderr, "scratchnet train: %s needs exactly %d comma-separated names, not %d\n",
                what, n, count);
        return -1;
    }
    return 0;
}

/* A model name from the n bytes of a file name at s: whole UTF-8 characters that fit in cap - 1
 * bytes, any byte that is not UTF-8 text as '?', so the name is valid text however the file is
 * called. */
static void default_name(char *dst, size_t cap, const char *s, size_t n)
{
    size_t i = 0, j = 0;
    while (i < n) {
        int len = utf8_char_length(s + i, n - i);
        size_t take = len > 0 ? (size_t)len : 1;
        if (j + take >= cap)
            break;
        if (len > 0)
            memcpy(dst + j, s + i, take);
        else
            dst[j] = '?';
        i += take;
        j += take;
    }
    dst[j] = '\0';
}

/* A step that lets the run go on returns GO_ON; any other value is the command's exit status. */
enum { GO_ON = -1 };

/* What the run writes (the model, the checkpoint, the reports), and last the checkpoint it
 * reads: N_OUTPUTS entries, of which the first N_WRITTEN are written. */
enum { N_OUTPUTS = 6, N_WRITTEN = N_OUTPUTS - 1 };

/* Everything the steps of one `train` run share: the options, what they make, and what the
 * run holds until its end. */
typedef struct Run {
    /* the command line */
    const char *preset_name, *layers, *cost_s, *opt_s, *sched_s, *data, *out, *name, *labels;
    const char *dataset, *preprocess, *augment;
    float lr, momentum, wd, gamma;
    float aug_flags[8];
    int batch, epochs, val, limit, step_every, quiet;
    const char *ckpt_path, *resume;
    const char *log_path, *curves_path, *confusion_path;
    int ckpt_every;
    uint64_t seed;
    /* what the options make */
    const CliDataset *ds;
    const Preset *pr;
    char ckpt_default[4096];
    const char *ckpt_file;
    struct {
        const char *opt, *path;
    } outputs[N_OUTPUTS];
    const char *dir;
    NnTrainConfig cfg;
    NnOptimKind kind;
    InkAugment aug;
    char aug_desc[160];
    NnModel *m;
    /* what the run holds until its end */
    NnDataset train, test;
    int n_train;
    int *val_idx;
    float *best;
    ResumeRecord *rec;
    size_t rec_len;
    NnTrainer t;
    CliAugment actx;
    uint8_t *test_pred;
    Reports rep;
    OutfileLock locks[2];
    Checkpointing ck;
    /* how the training went */
    float best_score, best_train, best_val, test_acc;
    int best_epoch, epochs_done;
    double before, seconds; /* training time of the run this one resumes, and of the whole run */
    NnError err;
} Run;

/* Reads the command line; checks the data set, the preprocessing, the preset and --out. */
static int parse_options(Run *r, int argc, char **argv)
{
    const CliOpt opts[] = {
        {"preset", OPT_STR, &r->preset_name, "NAME", "mlp (default), seed, cnn or small",
         CLI_NO_RANGE},
        {"layers", OPT_STR, &r->layers, "SPEC",
         "layer spec, e.g. 784,256:relu,128:relu,10:softmax", CLI_NO_RANGE},
        {"cost", OPT_STR, &r->cost_s, "NAME", "quadratic or cross-entropy", CLI_NO_RANGE},
        {"optimizer", OPT_STR, &r->opt_s, "NAME", "sgd, momentum or adam", CLI_NO_RANGE},
        {"lr", OPT_FLOAT, &r->lr, "RATE", "learning rate", CLI_ABOVE(0, 1000)},
        {"momentum", OPT_FLOAT, &r->momentum, "MU", "momentum (or Adam's beta1)",
         CLI_BELOW(0, 1)},
        {"weight-decay", OPT_FLOAT, &r->wd, "LAMBDA", "L2 weight decay", CLI_RANGE(0, 1)},
        {"schedule", OPT_STR, &r->sched_s, "NAME", "constant, step or cosine", CLI_NO_RANGE},
        {"step-every", OPT_INT, &r->step_every, "N", "step schedule: epochs between decays (5)",
         CLI_RANGE(1, 100000)},
        {"gamma", OPT_FLOAT, &r->gamma, "F", "step schedule: factor per decay (0.5)",
         CLI_ABOVE(0, 1)},
        {"augment", OPT_STR, &r->augment, "LEVEL",
         "data augmentation: none, shift (2 px) or full (the preset's by default)", CLI_NO_RANGE},
        {"shift", OPT_FLOAT, &r->aug_flags[0], "PX", "augment: largest shift in pixels",
         CLI_RANGE(0, 14)},
        {"rotate", OPT_FLOAT, &r->aug_flags[1], "DEG", "augment: largest rotation in degrees",
         CLI_RANGE(0, 180)},
        {"scale-min", OPT_FLOAT, &r->aug_flags[2], "F", "augment: smallest scale factor",
         CLI_RANGE(0.1, 10)},
        {"scale-max", OPT_FLOAT, &r->aug_flags[3], "F",
         "augment: largest scale factor (not below the smallest)", CLI_RANGE(0.1, 10)},
        {"shear", OPT_FLOAT, &r->aug_flags[4], "F", "augment: largest slant (shear factor)",
         CLI_RANGE(0, 2)},
        {"elastic", OPT_FLOAT, &r->aug_flags[5], "PX", "augment: elastic distortion strength",
         CLI_RANGE(0, 10)},
        {"thickness", OPT_FLOAT, &r->aug_flags[6], "P",
         "augment: probability of thinner or thicker strokes", CLI_RANGE(0, 1)},
        {"slash-zero", OPT_FLOAT, &r->aug_flags[7], "P",
         "augment: probability that a 0 gets a slash or bar through it", CLI_RANGE(0, 1)},
        {"batch", OPT_INT, &r->batch, "N", "mini-batch size (1 = pure stochastic descent)",
         CLI_RANGE(1, 65536)},
        {"epochs", OPT_INT, &r->epochs, "N", "passes over the training set",
         CLI_RANGE(1, 100000)},
        {"seed", OPT_U64, &r->seed, "N", "random seed for weights and shuffling (1)",
         CLI_NO_RANGE},
        {"data", OPT_STR, &r->data, "DIR", "directory of the data set's raw or .gz IDX files",
         CLI_NO_RANGE},
        {"val", OPT_INT, &r->val, "N", "training images held out for validation (5000)",
         CLI_RANGE(0, NN_IDX_MAX_COUNT)},
        {"limit", OPT_INT, &r->limit, "N", "train on only the first N training images (0: all)",
         CLI_RANGE(0, NN_IDX_MAX_COUNT)},
        {"out", OPT_STR, &r->out, "FILE",
         "where to save the model (required); OUT.lock keeps other runs off it meanwhile; no "
         "output may be named *.lock or *.tmp.XXXXXX (the run's own files) or be an input",
         CLI_NO_RANGE},
        {"name", OPT_STR, &r->name, "NAME", "model name shown in the app (default: file name)",
         CLI_TEXT_BYTES(1, NN_NAME_LEN - 1)},
        {"dataset", OPT_STR, &r->dataset, "NAME",
         "mnist (default) or fashion-mnist: where the data is found, class names, preprocessing",
         CLI_NO_RANGE},
        {"labels", OPT_STR, &r->labels, "A,B,...",
         "class names, one per output, each 1 to 31 bytes of UTF-8 (default: the data set's)",
         CLI_NO_RANGE},
        {"preprocess", OPT_STR, &r->preprocess, "HOW",
         "what the app does to a drawing first: mnist or none (default: the data set's)",
         CLI_NO_RANGE},
        {"quiet", OPT_FLAG, &r->quiet, NULL, "print only the final line", CLI_NO_RANGE},
        {"checkpoint", OPT_STR, &r->ckpt_path, "FILE",
         "where to keep a checkpoint to resume from (default: OUT.checkpoint); removed "
         "when the run completes (through a link: the file it leads to)", CLI_NO_RANGE},
        {"checkpoint-every", OPT_INT, &r->ckpt_every, "N",
         "batches between checkpoints, besides each epoch's end (1000; 0: none at all)",
         CLI_RANGE(0, 1000000)},
        {"resume", OPT_STR, &r->resume, "FILE", "continue the run saved in this checkpoint",
         CLI_NO_RANGE},
        {"log", OPT_STR, &r->log_path, "FILE",
         "per-epoch metrics as CSV (accuracies as fractions), rewritten after every epoch",
         CLI_NO_RANGE},
        {"curves", OPT_STR, &r->curves_path, "FILE",
         "learning curves (loss and accuracy per epoch) as SVG, redrawn after every epoch",
         CLI_NO_RANGE},
        {"confusion", OPT_STR, &r->confusion_path, "FILE",
         "confusion matrix of the saved model on the test set, as SVG", CLI_NO_RANGE},
    };
    const CliCommand cmd = {"train",
                            "--out FILE [options]",
                            "Train a network on MNIST or Fashion-MNIST and save it as a JSON model file.",
                            opts,
                            (int)(sizeof opts / sizeof opts[0]),
                            0,
                            0};
    char *pos[64];
    int n_pos = 0;
    int rc = cli_parse(&cmd, argc, argv, pos, (int)(sizeof pos / sizeof pos[0]), &n_pos);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;

    r->ds = cli_dataset(r->dataset);
    if (!r->ds) {
        fprintf(stderr, "scratchnet train: unknown data set '%s' (%s)\n", r->dataset,
                cli_dataset_names);
        return EXIT_USAGE;
    }
    if (r->preprocess && strcmp(r->preprocess, "mnist") != 0 &&
        strcmp(r->preprocess, "none") != 0) {
        fprintf(stderr, "scratchnet train: unknown preprocessing '%s' (mnist, none)\n",
                r->preprocess);
        return EXIT_USAGE;
    }
    r->pr = find_preset(r->preset_name);
    if (!r->pr) {
        fprintf(stderr, "scratchnet train: unknown preset '%s' (mlp, seed, cnn, small)\n",
                r->preset_name);
        return EXIT_USAGE;
    }
    if (!r->out) {
        fprintf(stderr, "scratchnet train: --out FILE is required (e.g. --out models/my.json)\n");
        return EXIT_USAGE;
    }
    return GO_ON;
}

/* Checks every output can be written, that no two are one file and that none is an input. */
static int check_outputs(Run *r)
{
    /* the checkpoint's file: --checkpoint, else beside the model */
    if (snprintf(r->ckpt_default, sizeof r->ckpt_default, "%s.checkpoint", r->out) >=
        (int)sizeof r->ckpt_default) {
        fprintf(stderr, "scratchnet train: --out %.40s...: too long a path\n", r->out);
        return EXIT_USAGE;
    }
    r->ckpt_file = r->ckpt_every > 0 ? (r->ckpt_path ? r->ckpt_path : r->ckpt_default) : NULL;
    const char *opt[N_OUTPUTS] = {"--out", "--checkpoint", "--log", "--curves", "--confusion",
                                  "--resume"};
    const char *path[N_OUTPUTS] = {r->out,         r->ckpt_file,       r->log_path,
                                   r->curves_path, r->confusion_path, r->resume};
    for (int i = 0; i < N_OUTPUTS; i++)
        r->outputs[i].opt = opt[i], r->outputs[i].path = path[i];
    /* every output: find out now, not after an hour of training, that it cannot be written */
    for (int i = 0; i < N_WRITTEN; i++) {
        SnError err;
        if (r->outputs[i].path && outfile_check(r->outputs[i].path, &err) != 0) {
            /* the default checkpoint is named, as the user did not name it */
            const int dflt = i == 1 && !r->ckpt_path;
            fprintf(stderr, "scratchnet train: %s%s%s\n",
                    dflt ? "the checkpoint (--checkpoint's default, OUT.checkpoint)"
                         : r->outputs[i].path[0] ? "" : r->outputs[i].opt,
                    dflt || !r->outputs[i].path[0] ? ": " : "", err.msg);
            return EXIT_FAIL;
        }
    }
    /* two outputs that are one file would overwrite each other (and the finished run deletes
     * its checkpoint); --resume may only name the checkpoint, which it reads before it writes */
    for (int i = 0; i < N_OUTPUTS; i++)
        for (int j = i + 1; j < N_OUTPUTS; j++) {
            if (!r->outputs[i].path || !r->outputs[j].path || (i == 1 && j == N_OUTPUTS - 1) ||
                !outfile_same(r->outputs[i].path, r->outputs[j].path))
                continue;
            fprintf(stderr, "scratchnet train: %s and %s name the same file %s; %s\n",
                    r->outputs[i].opt, r->outputs[j].opt, r->outputs[j].path,
                    j == N_OUTPUTS - 1 ? "a run resumes from its checkpoint (--checkpoint, "
                                         "by default OUT.checkpoint)"
                                       : "give each output a file of its own");
            return EXIT_USAGE;
        }
    /* no output may overwrite the data set the run reads (--resume is checked above) */
    r->dir = cli_dataset_dir(r->ds, r->data);
    char data_names[2 * CLI_DATASET_FILES][4200];
    CliFile data_files[2 * CLI_DATASET_FILES], written[N_WRITTEN];
    cli_dataset_inputs(r->dir, "train", data_names, data_files);
    cli_dataset_inputs(r->dir, "t10k", data_names + CLI_DATASET_FILES,
                       data_files + CLI_DATASET_FILES);
    for (int i = 0; i < N_WRITTEN; i++)
        written[i] = (CliFile){r->outputs[i].opt, r->outputs[i].path};
    if (cli_refuse_inputs_as_outputs("train", written, N_WRITTEN, data_files,
                                     2 * CLI_DATASET_FILES) != 0)
        return EXIT_USAGE;
    return GO_ON;
}

/* Fills in what was not given from the preset; makes and checks the training settings. */
static int configure(Run *r)
{
    const Preset *pr = r->pr;
    NnTrainConfig *cfg = &r->cfg;
    /* the preset fills whatever was not given */
    r->layers = r->layers ? r->layers : pr->layers;
    r->cost_s = r->cost_s ? r->cost_s : pr->cost;
    r->opt_s = r->opt_s ? r->opt_s : pr->optimizer;
    r->sched_s = r->sched_s ? r->sched_s : pr->schedule;
    r->batch = r->batch ? r->batch : pr->batch;
    r->epochs = r->epochs ? r->epochs : pr->epochs;

    if (nn_cost_parse(r->cost_s, &cfg->cost)) {
        fprintf(stderr, "scratchnet train: unknown cost '%s' (quadratic, cross-entropy)\n",
                r->cost_s);
        return EXIT_USAGE;
    }
    if (nn_optim_parse(r->opt_s, &r->kind)) {
        fprintf(stderr, "scratchnet train: unknown optimizer '%s' (sgd, momentum, adam)\n",
                r->opt_s);
        return EXIT_USAGE;
    }
    cfg->opt = nn_optim_defaults(r->kind);
    if (strcmp(r->opt_s, pr->optimizer) == 0)
        cfg->opt.lr = pr->lr;
    if (!isnan(r->lr))
        cfg->opt.lr = r->lr;
    if (!isnan(r->momentum))
        cfg->opt.momentum = r->momentum;
    cfg->opt.weight_decay = isnan(r->wd) ? pr->weight_decay : r->wd;
    if (nn_schedule_parse(r->sched_s, &cfg->opt.schedule)) {
        fprintf(stderr, "scratchnet train: unknown schedule '%s' (constant, step, cosine)\n",
                r->sched_s);
        return EXIT_USAGE;
    }
    cfg->opt.step_every = r->step_every;
    cfg->opt.gamma = r->gamma;
    if (r->epochs < 1 || r->epochs > 100000 || r->batch < 1 || r->val < 0 || r->limit < 0 ||
        !(cfg->opt.lr > 0) || cfg->opt.weight_decay < 0 || r->ckpt_every < 0) {
        fprintf(stderr, "scratchnet train: epochs, batch and learning rate must be positive; val, "
                        "limit, weight decay and checkpoint-every not negative\n");
        return EXIT_USAGE;
    }
    if ((r->log_path || r->curves_path) && r->epochs > PLOT_MAX_EPOCHS) {
        fprintf(stderr, "scratchnet train: --log and --curves keep at most %d epochs, not %d\n",
                PLOT_MAX_EPOCHS, r->epochs);
        return EXIT_USAGE;
    }
    if (!r->augment)
        r->augment = r->ds->augment ? r->ds->augment : pr->augment;
    if (augment_settings(r->augment, r->aug_flags, &r->aug, r->aug_desc,
                         sizeof r->aug_desc) != 0) {
        fprintf(stderr, "scratchnet train: unknown augmentation '%s' (none, shift, full)\n",
                r->augment);
        return EXIT_USAGE;
    }
    /* a scale bound of 0 (the level leaves scaling off) counts as 1 */
    float scale_lo = r->aug.scale_min > 0.0f ? r->aug.scale_min : 1.0f;
    float scale_hi = r->aug.scale_max > 0.0f ? r->aug.scale_max : 1.0f;
    if (scale_lo > scale_hi) {
        fprintf(stderr, "scratchnet train: the smallest scale %g is above the largest %g "
                "(--scale-min, --scale-max)\n", (double)scale_lo, (double)scale_hi);
        return EXIT_USAGE;
    }
    cfg->batch_size = r->batch;
    cfg->epochs = r->epochs;
    cfg->seed = r->seed;
    return GO_ON;
}

/* Builds the network from its layer spec; gives it class names, a name and preprocessing. */
static int build_model(Run *r)
{
    NnLayerSpec specs[NN_MAX_LAYERS];
    NnShape in_shape;
    int n_layers = nn_spec_parse(r->layers, &in_shape, specs, &r->err);
    if (n_layers < 0) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return EXIT_USAGE;
    }
    NnModel *m = nn_model_new_shape(in_shape, specs, n_layers, &r->err);
    if (!m) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return EXIT_USAGE;
    }
    /* a network with other than 10 outputs keeps the default names "0", "1", ... */
    const char *names = r->labels ? r->labels : m->n_out == 10 ? r->ds->labels : NULL;
    if (names &&
        parse_labels(names, r->labels ? "--labels" : r->ds->name, &m->info, m->n_out) != 0) {
        nn_model_free(m);
        return EXIT_USAGE;
    }

    /* the model's name, for the app and the charts' titles */
    NnModelInfo *info = &m->info;
    if (r->name) {
        snprintf(info->name, sizeof info->name, "%s", r->name); /* checked to fit, UTF-8 */
    } else { /* the file name without directory and .json */
        const char *base = strrchr(r->out, '/');
        base = base ? base + 1 : r->out;
        const char *dot = strstr(base, ".json");
        default_name(info->name, sizeof info->name, base,
                     dot ? (size_t)(dot - base) : strlen(base));
        if (!info->name[0]) /* ".json": a model has a name, so keep the default one */
            snprintf(info->name, sizeof info->name, "model");
    }

    if (m->info.in_h == 28 && m->info.in_w == 28) /* otherwise nothing to preprocess */
        snprintf(m->info.preprocess, sizeof m->info.preprocess, "%s",
                 r->preprocess ? r->preprocess : r->ds->preprocess);
    r->m = m;
    return GO_ON;
}

/* Catches Ctrl-C and SIGTERM, locks the outputs, removes temporary files of killed runs. */
static int take_locks(Run *r)
{
    /* Ctrl-C and SIGTERM from here on stop the run at the next batch, so that every way out
     * passes through release() and gives the locks back */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* one run at a time writes an output: the model's lock, and the checkpoint's (which
     * --checkpoint may put anywhere) */
    const char *locked[2] = {r->out, r->ckpt_file};
    for (int i = 0; i < 2; i++) {
        SnError err;
        long holder;
        if (locked[i] && outfile_lock(locked[i], &r->locks[i], &holder, &err) != 0) {
            fprintf(stderr, "scratchnet train: %s\n", err.msg);
            return EXIT_FAIL;
        }
    }
    /* with the locks held, temporary files beside the outputs are those of killed runs: the
     * model's and the checkpoint's, and the reports' (not locked themselves, but written only by
     * the run that holds the model's lock); never one of the run's own files, whatever it is
     * called (a checkpoint to resume from named like a temporary file) */
    const char *own[N_OUTPUTS];
    for (int i = 0; i < N_OUTPUTS; i++)
        own[i] = r->outputs[i].path;
    for (int i = 0; i < N_WRITTEN; i++) {
        SnError err;
        int removed = 0;
        const char *path = r->outputs[i].path;
        if (path && outfile_remove_stale_temps(path, own, N_OUTPUTS, &removed, &err) != 0)
            fprintf(stderr, "scratchnet train: %s; training goes on\n", err.msg);
        if (removed > 0 && !r->quiet)
            printf("removed %d temporary file%s of %s left by a run that was killed\n", removed,
                   removed == 1 ? "" : "s", path);
    }
    return GO_ON;
}

/* Loads the data, sets the validation images apart, initialises the weights and trainer. */
static int load_data(Run *r)
{
    NnModel *m = r->m;
    if (nn_dataset_load_mnist(r->dir, "train", m->n_out, &r->train, &r->err) != 0 ||
        nn_dataset_load_mnist(r->dir, "t10k", m->n_out, &r->test, &r->err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return EXIT_FAIL;
    }
    r->n_train = r->limit > 0 && r->limit < r->train.n ? r->limit : r->train.n;
    if (r->val >= r->n_train) {
        fprintf(stderr, "scratchnet train: --val %d leaves no training images out of %d\n",
                r->val, r->n_train);
        return EXIT_USAGE;
    }
    r->n_train -= r->val; /* train on [0, n_train), validate on the next val */
    /* the best weights so far live right after the record a checkpoint carries */
    r->rec_len = sizeof *r->rec + m->n_params * sizeof *r->best;
    r->rec = calloc(1, r->rec_len);
    r->best = r->rec ? (float *)(void *)(r->rec + 1) : NULL;
    if (r->val > 0)
        r->val_idx = malloc((size_t)r->val * sizeof *r->val_idx);
    if (!r->best || (r->val > 0 && !r->val_idx)) {
        fprintf(stderr, "scratchnet train: out of memory\n");
        return EXIT_FAIL;
    }
    for (int i = 0; i < r->val; i++)
        r->val_idx[i] = r->n_train + i;

    NnRng rng;
    nn_rng_seed(&rng, r->seed);
    nn_model_init(m, &rng);
    /* shuffling draws from its own stream so that changing one never shifts the other */
    r->cfg.seed = r->seed ^ 0x5DEECE66Dull;
    if (strcmp(r->aug_desc, "none") != 0) {
        r->actx.a = r->aug;
        r->actx.scratch =
            malloc(ink_augment_scratch_size(r->train.cols, r->train.rows) * sizeof(float));
        if (!r->actx.scratch) {
            fprintf(stderr, "scratchnet train: out of memory\n");
            return EXIT_FAIL;
        }
        r->cfg.augment = cli_augment_image;
        r->cfg.augment_user = &r->actx;
    }
    if (nn_trainer_init(&r->t, m, &r->cfg, &r->err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return r->err.code == NN_E_NOMEM ? EXIT_FAIL : EXIT_USAGE; /* else: options that clash */
    }
    return GO_ON;
}

/* Says what the run trains, records its settings and, with --resume, loads the checkpoint. */
static int start_run(Run *r)
{
    const NnTrainConfig *cfg = &r->cfg;
    ResumeRecord *rec = r->rec;
    if (!r->quiet)
        printf("training %s on %d images (%d held out for validation), %d test images\n"
               "layers %s, %zu parameters; cost %s; %s lr %g, %s schedule; batch %d; seed %llu\n"
               "augmentation: %s\n",
               r->out, r->n_train, r->val, r->test.n, r->layers, r->m->n_params,
               nn_cost_name(cfg->cost), nn_optim_name(r->kind), (double)cfg->opt.lr,
               nn_schedule_name(cfg->opt.schedule), r->batch, (unsigned long long)r->seed,
               r->aug_desc);
    fflush(stdout);
    /* Checkpoints: the settings a resumed run must share, then the best-so-far record. */
    r->ck = (Checkpointing){
        .path = r->ckpt_file, .every = r->ckpt_every, .t = &r->t, .rec = rec,
        .rec_len = r->rec_len};
    snprintf(rec->settings, sizeof rec->settings,
             "layers %s; cost %s; %s lr %g momentum %g weight decay %g; %s schedule (%d, %g); "
             "batch %d; epochs %d; seed %llu; augmentation %s; %s: %d training and %d "
             "validation images",
             r->layers, nn_cost_name(cfg->cost), nn_optim_name(r->kind), (double)cfg->opt.lr,
             (double)cfg->opt.momentum, (double)cfg->opt.weight_decay,
             nn_schedule_name(cfg->opt.schedule), r->step_every, (double)r->gamma, r->batch,
             r->epochs, (unsigned long long)r->seed, r->aug_desc, r->ds->name, r->n_train,
             r->val);
    r->best_score = -1.0f, r->best_train = -1.0f, r->best_val = -1.0f;
    if (!r->resume)
        return GO_ON;
    const char *resume = r->resume;
    char settings[sizeof rec->settings];
    memcpy(settings, rec->settings, sizeof settings);
    if (nn_checkpoint_load(resume, &r->t, rec, r->rec_len, &r->err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return EXIT_FAIL;
    }
    rec->settings[sizeof rec->settings - 1] = '\0';
    if (strcmp(settings, rec->settings) != 0) {
        fprintf(stderr,
                "scratchnet train: %s: saved by a run with other settings (%s); "
                "give the same options as that run\n",
                resume, rec->settings);
        return EXIT_USAGE;
    }
    /* the history holds every finished epoch (up to the most a log keeps), in order */
    int want = rec->epochs_done < PLOT_MAX_EPOCHS ? (int)rec->epochs_done : PLOT_MAX_EPOCHS;
    int numbered = rec->epochs_done >= 0 && rec->n_history == want;
    for (int i = 0; numbered && i < want; i++)
        numbered = rec->history[i].epoch == i + 1;
    if (!numbered) {
        fprintf(stderr,
                "scratchnet train: %s: damaged: its epoch history holds %d rows, not epochs "
                "1 to %d in order\n",
                resume, (int)rec->n_history, want);
        return EXIT_FAIL;
    }
    if (rec->epochs_done != r->t.epoch || !(rec->epoch_seconds >= 0)) {
        fprintf(stderr, "scratchnet train: %s: damaged: its record of %d finished epochs does "
                        "not match the trainer's %d\n",
                resume, (int)rec->epochs_done, r->t.epoch);
        return EXIT_FAIL;
    }
    r->best_score = rec->best_score, r->best_train = rec->best_train;
    r->best_val = rec->best_val;
    r->best_epoch = rec->best_epoch, r->epochs_done = rec->epochs_done;
    r->before = rec->seconds;
    if (!r->quiet)
        printf("resuming %s: %d epochs done%s\n", resume, r->t.epoch,
               r->t.pos > 0 ? " and part of the next" : "");
    return GO_ON;
}

/* Keeps finished epoch e's weights if best; prints, records, reports and checkpoints it. */
static void record_epoch(Run *r, int e, const NnEpochStats *st, float vloss, float vacc,
                         double start)
{
    ResumeRecord *rec = r->rec;
    const int val = r->val;
    /* keep the best epoch by validation accuracy (by training accuracy without a split) */
    int improved = vacc > r->best_score;
    if (improved) {
        r->best_score = vacc;
        r->best_epoch = e + 1;
        r->best_train = st->accuracy;
        r->best_val = val > 0 ? vacc : -1.0f;
        memcpy(r->best, r->m->params, r->m->n_params * sizeof *r->best);
    }
    /* the epoch's time, validation included, with its part before a resume */
    const double epoch_s = r->ck.epoch_before + (cli_now() - start);
    r->ck.epoch_before = 0.0;
    if (!r->quiet) {
        printf("epoch %3d/%d  loss %.4f  train %.2f%%", e + 1, r->epochs, (double)st->loss,
               100.0 * (double)st->accuracy);
        if (val > 0)
            printf("  val %.2f%%", 100.0 * (double)vacc);
        printf("  lr %.3g  %.1fs%s\n", (double)st->lr, epoch_s, improved ? "  *" : "");
        fflush(stdout);
    }
    rec->best_score = r->best_score, rec->best_train = r->best_train;
    rec->best_val = r->best_val;
    rec->best_epoch = r->best_epoch, rec->epochs_done = r->epochs_done;
    if (rec->n_history < PLOT_MAX_EPOCHS)
        rec->history[rec->n_history++] = (PlotEpoch){
            .epoch = e + 1,
            .train_loss = st->loss,
            .train_accuracy = st->accuracy,
            .val_loss = val > 0 ? vloss : NAN,
            .val_accuracy = val > 0 ? vacc : NAN,
            .learning_rate = st->lr,
            .seconds = (float)epoch_s,
        };
    write_reports(&r->rep, rec);
    if (e + 1 < r->epochs)
        checkpoint(&r->ck);
}

/* Trains until the last epoch or a stop, after which it keeps a checkpoint to resume from. */
static int train_epochs(Run *r)
{
    r->rep = (Reports){.log = r->log_path, .curves = r->curves_path,
                       .confusion = r->confusion_path};
    snprintf(r->rep.title, sizeof r->rep.title, "%s: learning curves", r->m->info.name);
    r->rep.cost = nn_cost_name(r->cfg.cost);
    /* a fresh run's log starts with its header, a resumed one's whole */
    write_reports(&r->rep, r->rec);
    Checkpointing *ck = &r->ck;
    Progress prog = {.epochs = r->epochs, .tty = !r->quiet && cli_isatty(stderr), .ckpt = ck};
    double t0 = cli_now();
    ck->t0 = t0, ck->before = r->before;
    /* an epoch resumed in its middle counts the time it took before the checkpoint too */
    ck->epoch_before = r->resume && r->t.pos > 0 ? r->rec->epoch_seconds : 0.0;
    for (int e = r->t.epoch; e < r->epochs && !stop_requested; e++) {
        prog.epoch = e + 1;
        prog.start = cli_now();
        ck->epoch_start = prog.start;
        prog.last_draw = 0;
        NnEpochStats st;
        int rc = nn_train_epoch(&r->t, &r->train, NULL, r->n_train, on_batch, &prog, &st,
                                &r->err);
        if (prog.tty)
            fprintf(stderr, "\r%100s\r", "");
        if (rc < 0) {
            fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
            return EXIT_FAIL;
        }
        if (rc == 1)
            break; /* interrupted inside the epoch: that epoch does not count */
        r->epochs_done = e + 1;
        float vacc = st.accuracy, vloss = NAN;
        if (r->val > 0 && nn_evaluate_loss(r->m, &r->train, r->val_idx, r->val, r->cfg.cost,
                                           &vloss, &vacc, &r->err) != 0) {
            fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
            return EXIT_FAIL;
        }
        record_epoch(r, e, &st, vloss, vacc, prog.start);
    }
    r->seconds = r->before + (cli_now() - t0);
    if (stop_requested && ck->path) { /* stopped: keep where it stood, to resume from */
        checkpoint(ck);
        if (ck->path)
            fprintf(stderr,
                    "scratchnet train: checkpoint saved; continue with the same options "
                    "and --resume %s\n",
                    ck->path);
    }
    if (r->best_epoch == 0) {
        fprintf(stderr, "scratchnet train: stopped before the first epoch finished; nothing "
                        "saved\n");
        return EXIT_INTERRUPTED;
    }
    return GO_ON;
}

/* Puts the best epoch's weights back and measures them on the test set. */
static int test_model(Run *r)
{
    NnModel *m = r->m;
    memcpy(m->params, r->best, m->n_params * sizeof *r->best);
    r->test_pred = malloc((size_t)r->test.n);
    int nonfinite = 0;
    r->test_acc = r->test_pred ? nn_evaluate(m, &r->test, NULL, r->test.n, r->test_pred,
                                             &nonfinite, &r->err)
                               : -1.0f;
    if (r->test_acc < 0) {
        fprintf(stderr, "scratchnet train: testing: %s\n",
                r->test_pred ? r->err.msg : "out of memory");
        return EXIT_FAIL;
    }
    if (nonfinite > 0) {
        /* a run that diverged is still saved (its log tells the story), but the classes its
         * NaN or overflowing outputs pick are no measure of anything */
        fprintf(stderr,
                "scratchnet train: warning: the model's outputs are not finite numbers on %d of %d "
                "test images (training diverged): no test accuracy\n",
                nonfinite, r->test.n);
        r->test_acc = -1.0f; /* recorded as not measured */
    }
    return GO_ON;
}

/* Records how the model was trained and saves it; returns the run's exit status. */
static int save_model(Run *r, int argc, char **argv)
{
    NnTrainInfo *ti = &r->m->info.train;
    const NnTrainConfig *cfg = &r->cfg;
    snprintf(ti->dataset, sizeof ti->dataset, "%s", r->ds->name);
    ti->samples = r->n_train;
    ti->epochs = r->epochs_done;
    ti->best_epoch = r->best_epoch;
    snprintf(ti->optimizer, sizeof ti->optimizer, "%s", nn_optim_name(r->kind));
    ti->learning_rate = cfg->opt.lr;
    ti->momentum = r->kind == NN_OPT_SGD ? 0.0f : cfg->opt.momentum;
    ti->weight_decay = cfg->opt.weight_decay;
    snprintf(ti->schedule, sizeof ti->schedule, "%s", nn_schedule_name(cfg->opt.schedule));
    ti->batch_size = r->batch;
    snprintf(ti->cost, sizeof ti->cost, "%s", nn_cost_name(cfg->cost));
    snprintf(ti->augment, sizeof ti->augment, "%s", r->aug_desc);
    ti->seed = r->seed;
    ti->train_accuracy = r->best_train;
    ti->val_accuracy = r->best_val;
    ti->test_accuracy = r->test_acc;
    ti->train_seconds = r->seconds;
    /* the command line that reproduces this model */
    memcpy(ti->command, "scratchnet train ", 17);
    cli_join_args(argc, argv, ti->command + 17, sizeof ti->command - 17);
    cli_iso_date(ti->date, sizeof ti->date);
    snprintf(ti->version, sizeof ti->version, "%s", SCRATCHNET_VERSION);

    if (nn_model_save(r->out, r->m, &r->err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return EXIT_FAIL;
    }
    if (r->test_acc < 0)
        printf("saved %s: epoch %d of %d, no test accuracy, %.1f s\n", r->out, r->best_epoch,
               r->epochs_done, r->seconds);
    else
        printf("saved %s: epoch %d of %d, test accuracy %.2f%%, %.1f s\n", r->out,
               r->best_epoch, r->epochs_done, 100.0 * (double)r->test_acc, r->seconds);
    if (r->rep.confusion) {
        char source[600];
        snprintf(source, sizeof source, "%s t10k", r->dataset);
        if (cli_save_confusion(r->rep.confusion, r->m, "the test set", source, r->test.n,
                               r->test.labels, r->test_pred, &r->err) != 0) {
            fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
            r->rep.failed = 1;
        }
    }
    if (stop_requested) {
        fprintf(stderr, "scratchnet train: interrupted; saved the best model so far\n");
        return EXIT_INTERRUPTED;
    }
    if (r->ck.path) { /* the run is complete: its checkpoint is no longer needed */
        /* through a symbolic link, the file the link leads to (where the saves went); the
         * link stays, as the user made it */
        char *file = NULL;
        if (atomic_resolve_target(r->ck.path, &file, NULL) == 0)
            unlink(file);
        free(file);
    }
    return r->rep.failed ? EXIT_FAIL : EXIT_OK;
}

/* Gives back the locks and frees what the run holds. */
static void release(Run *r)
{
    outfile_unlock(&r->locks[1]);
    outfile_unlock(&r->locks[0]);
    free(r->test_pred);
    free(r->val_idx);
    free(r->actx.scratch);
    nn_trainer_free(&r->t);
    free(r->rec);
    nn_dataset_free(&r->train);
    nn_dataset_free(&r->test);
    nn_model_free(r->m);
}

int cmd_train(int argc, char **argv)
{
    Run r = {.preset_name = "mlp",
             .dataset = "mnist",
             .lr = NAN,
             .momentum = NAN,
             .wd = NAN,
             .gamma = 0.5f,
             .aug_flags = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN},
             .val = 5000,
             .step_every = 5,
             .ckpt_every = 1000,
             .seed = 1,
             .locks = {OUTFILE_LOCK_NONE, OUTFILE_LOCK_NONE}};
    /* the options: nothing is held yet */
    int status = parse_options(&r, argc, argv);
    if (status == GO_ON)
        status = check_outputs(&r);
    if (status == GO_ON)
        status = configure(&r);
    if (status == GO_ON)
        status = build_model(&r);
    if (status != GO_ON)
        return status;
    /* the run: every way out passes through release() */
    status = take_locks(&r);
    if (status == GO_ON)
        status = load_data(&r);
    if (status == GO_ON)
        status = start_run(&r);
    if (status == GO_ON)
        status = train_epochs(&r);
    if (status == GO_ON)
        status = test_model(&r);
    if (status == GO_ON)
        status = save_model(&r, argc, argv);
    release(&r);
    return status;
}
