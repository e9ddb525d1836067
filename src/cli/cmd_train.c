/* cmd_train.c - `scratchnet train`: build a network from a preset or a layer spec, train it on
 * MNIST with mini-batch gradient descent, keep the epoch with the best validation accuracy, test
 * it, and save it atomically as a JSON model file. On request it also keeps a per-epoch log
 * (CSV) and the learning curves (SVG) up to date after every epoch, and draws the saved model's
 * confusion matrix on the test set (SVG) at the end.
 *
 * A run is four steps after its settings (train_config.h): setup (the network, the locks, the
 * data, the trainer), the resume check (the checkpoint to continue from, if any), the epoch loop
 * and finish (test and save); whatever they took, release() alone gives back. */
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/common.h"
#include "cli/plot.h"
#include "cli/presets.h"
#include "cli/train_config.h"
#include "cli/train_outliers.h"
#include "cli/train_record.h"
#include "common/atomic.h"
#include "common/outfile.h"
#include "ink/made.h"
#include "ink/refusal.h"
#include "nn/checkpoint.h"
#include "nn/idx.h"
#include "nn/model_io.h"
#include "nn/train.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* The report files a run keeps: the log and the curves are rewritten (atomically) after every
 * epoch, so each is complete at any moment; the confusion matrix comes at the end. A write that
 * fails is reported once, that file is dropped, training goes on, and the run exits with 1. */
typedef struct Reports {
    const char *log, *curves, *confusion; /* paths, or NULL for none */
    char title[160];                      /* the curves' title */
    const char *cost;                     /* the cost's name, for the loss axis */
    int failed;
} Reports;

static void report_failed(Reports *r, const char **path, const SnError *err)
{
    fprintf(stderr, "scratchnet train: %s; training goes on without it\n", err->msg);
    *path = NULL;
    r->failed = 1;
}

static void write_reports(Reports *r, const TrainRecord *rec)
{
    SnError err = {0};
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

/* Where and how often the run saves checkpoints: the trainer's state, then the record
 * (train_record.h) with the best weights. */
typedef struct Checkpointing {
    const char *path; /* where checkpoints go, or NULL for none */
    int every;        /* batches between checkpoints (0: only at the end of each epoch) */
    long batches;     /* batches since the last one */
    NnTrainer *t;
    TrainRecord *rec;
    const float *best;    /* the best weights so far */
    unsigned char *bytes; /* the record and the best weights as the file holds them */
    size_t len;           /* train_record_size of the model's parameters */
    int failed;           /* a save failed (reported once) */
    double t0, before; /* when this run started, and the training time of runs before it */
    double epoch_start, epoch_before; /* when this run entered the current epoch, and the time
                                         that epoch had taken in runs before it */
} Checkpointing;

/* Writes a checkpoint; a failure is reported (once) and training goes on. */
static void checkpoint(Checkpointing *c)
{
    if (!c->path)
        return;
    SnError err = {0};
    double now = cli_now();
    c->rec->seconds = c->before + (now - c->t0);
    c->rec->epoch_seconds = c->t->pos > 0 ? c->epoch_before + (now - c->epoch_start) : 0.0;
    train_record_write(c->rec, c->best, c->t->model->n_params, c->bytes);
    if (nn_checkpoint_save(c->path, c->t, c->bytes, c->len, &err) != 0) {
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

/* Everything the steps of one `train` run share: its settings, what it holds until its end and
 * how the training went. */
typedef struct Run {
    TrainConfig c;
    NnModel *m;
    NnDataset train, test;
    int n_train;      /* MNIST's training images trained on: train[0, n_train) */
    int n_fit;        /* all the images trained on: those and the made non-digits */
    int *fit_idx;     /* their indices in train, or NULL when they are train[0, n_train) */
    int *val_idx;
    TrainRecord *rec; /* the best epoch so far, the finished epochs' metrics, the settings */
    float *best;      /* the best epoch's weights */
    NnTrainer t;
    CliAugment actx;
    uint8_t *test_pred;
    Reports rep;
    OutfileLock locks[2];
    Checkpointing ck;
    float test_acc;
    double before, seconds; /* training time of the run this one resumes, and of the whole run */
    SnError err;
} Run;

/* ---- setup ------------------------------------------------------------------------------- */

/* Builds the network from its layer spec with its first weights; gives it class names, a name
 * and preprocessing. */
static int build_model(Run *r)
{
    const TrainConfig *c = &r->c;
    r->m = nn_network_new(c->layers, c->ds->rows, c->ds->cols, c->seed, cli_pool(), &r->err);
    if (!r->m) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return EXIT_USAGE;
    }
    return train_config_describe(c, r->m);
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
    const char *locked[2] = {r->c.out, r->c.checkpoint_file};
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
    const char *own[TRAIN_OUTPUTS];
    for (int i = 0; i < TRAIN_OUTPUTS; i++)
        own[i] = r->c.outputs[i].path;
    for (int i = 0; i < TRAIN_WRITTEN; i++) {
        SnError err;
        int removed = 0;
        const char *path = own[i];
        if (path && outfile_remove_stale_temps(path, own, TRAIN_OUTPUTS, &removed, &err) != 0)
            fprintf(stderr, "scratchnet train: %s; training goes on\n", err.msg);
        if (removed > 0 && !r->c.quiet)
            printf("removed %d temporary file%s of %s left by a run that was killed\n", removed,
                   removed == 1 ? "" : "s", path);
    }
    return TRAIN_GO_ON;
}

/* Makes the run's non-digits and digits after the data set's images and lists the images
 * trained on. */
static int add_made(Run *r)
{
    const TrainConfig *c = &r->c;
    if (train_made_append(&r->train, r->n_train, c->outliers, c->made_digits, c->seed, c->quiet,
                          !c->quiet && cli_isatty(stderr), &r->fit_idx, &r->n_fit, &r->err)) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return EXIT_FAIL;
    }
    return TRAIN_GO_ON;
}

/* Loads the data and sets the validation images apart. */
static int load_data(Run *r)
{
    const TrainConfig *c = &r->c;
    if (nn_dataset_load_mnist(c->data_dir, "train", r->m->n_out, &r->train, &r->err) != 0 ||
        nn_dataset_load_mnist(c->data_dir, "t10k", r->m->n_out, &r->test, &r->err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return EXIT_FAIL;
    }
    r->n_train = c->limit > 0 && c->limit < r->train.n ? c->limit : r->train.n;
    if (c->val >= r->n_train) {
        fprintf(stderr, "scratchnet train: --val %d leaves no training images out of %d\n",
                c->val, r->n_train);
        return EXIT_USAGE;
    }
    r->n_train -= c->val; /* train on [0, n_train), validate on the next val */
    r->n_fit = r->n_train;
    train_config_outliers(&r->c, r->n_train);
    return c->outliers > 0 || c->made_digits > 0 ? add_made(r) : TRAIN_GO_ON;
}

/* Makes the trainer, the record of the best epoch and the checkpoints' bytes. */
static int prepare_trainer(Run *r)
{
    const TrainConfig *c = &r->c;
    const size_t n_params = r->m->n_params;
    NnTrainConfig cfg = c->train;
    /* shuffling draws from its own stream so that changing one never shifts the other */
    cfg.seed = c->seed ^ 0x5DEECE66Dull;
    r->rec = calloc(1, sizeof *r->rec);
    r->best = malloc(n_params * sizeof *r->best);
    r->ck.len = train_record_size(n_params);
    r->ck.bytes = malloc(r->ck.len);
    if (c->val > 0)
        r->val_idx = malloc((size_t)c->val * sizeof *r->val_idx);
    if (!r->rec || !r->best || !r->ck.bytes || (c->val > 0 && !r->val_idx) ||
        (strcmp(c->aug_desc, "none") != 0 &&
         cli_augment_attach(&r->actx, &c->aug, r->train.rows, r->train.cols, &cfg) != 0)) {
        fprintf(stderr, "scratchnet train: out of memory\n");
        return EXIT_FAIL;
    }
    for (int i = 0; i < c->val; i++)
        r->val_idx[i] = r->n_train + i;
    if (nn_trainer_init(&r->t, r->m, &cfg, &r->err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return r->err.code == SN_E_NOMEM ? EXIT_FAIL : EXIT_USAGE; /* else: options that clash */
    }
    return TRAIN_GO_ON;
}

/* The network, the locks, the data and the trainer. */
static int setup(Run *r)
{
    int status = build_model(r);
    if (status == TRAIN_GO_ON)
        status = take_locks(r);
    if (status == TRAIN_GO_ON)
        status = load_data(r);
    if (status == TRAIN_GO_ON)
        status = prepare_trainer(r);
    return status;
}

/* ---- the resume check -------------------------------------------------------------------- */

/* Checks the record a checkpoint brought back against the trainer it restored; TRAIN_GO_ON, or
 * the exit status after one line saying what is wrong. */
static int check_record(const Run *r, const TrainRecord *rec)
{
    /* the history holds every finished epoch (up to the most a log keeps), in order */
    int want = rec->epochs_done < TRAIN_RECORD_ROWS ? (int)rec->epochs_done : TRAIN_RECORD_ROWS;
    int numbered = rec->epochs_done >= 0 && rec->n_history == want;
    for (int i = 0; numbered && i < want; i++)
        numbered = rec->history[i].epoch == i + 1;
    if (!numbered) {
        fprintf(stderr,
                "scratchnet train: %s: damaged: its epoch history holds %d rows, not epochs "
                "1 to %d in order\n",
                r->c.resume, (int)rec->n_history, want);
        return EXIT_FAIL;
    }
    if (rec->epochs_done != r->t.epoch || !(rec->epoch_seconds >= 0)) {
        fprintf(stderr, "scratchnet train: %s: damaged: its record of %d finished epochs does "
                        "not match the trainer's %d\n",
                r->c.resume, (int)rec->epochs_done, r->t.epoch);
        return EXIT_FAIL;
    }
    return TRAIN_GO_ON;
}

/* Says what the run trains and records its settings; with --resume, loads the checkpoint and
 * checks it comes from a run with the same settings. */
static int resume_check(Run *r)
{
    const TrainConfig *c = &r->c;
    const NnTrainConfig *cfg = &c->train;
    TrainRecord *rec = r->rec;
    if (!c->quiet)
        printf("training %s on %d images (%d held out for validation), %d test images\n"
               "layers %s, %zu parameters; cost %s; %s lr %g, %s schedule; batch %d; seed %llu\n"
               "augmentation: %s\n",
               c->out, r->n_train, c->val, r->test.n, c->layers, r->m->n_params,
               nn_cost_name(cfg->cost), nn_optim_name(c->kind), (double)cfg->opt.lr,
               nn_schedule_name(cfg->opt.schedule), c->batch, (unsigned long long)c->seed,
               c->aug_desc);
    fflush(stdout);
    /* the settings a resumed run must share, then the best-so-far record */
    snprintf(rec->settings, sizeof rec->settings,
             "layers %s; cost %s; %s lr %g momentum %g weight decay %g; %s schedule (%d, %g); "
             "batch %d; epochs %d; seed %llu; augmentation %s; %s: %d training and %d "
             "validation images",
             c->layers, nn_cost_name(cfg->cost), nn_optim_name(c->kind), (double)cfg->opt.lr,
             (double)cfg->opt.momentum, (double)cfg->opt.weight_decay,
             nn_schedule_name(cfg->opt.schedule), c->step_every, (double)c->gamma, c->batch,
             c->epochs, (unsigned long long)c->seed, c->aug_desc, c->ds->name, r->n_train,
             c->val);
    if (c->outliers > 0) { /* only then: the checkpoints of other runs keep their settings */
        size_t len = strlen(rec->settings);
        snprintf(rec->settings + len, sizeof rec->settings - len,
                 "; %d made non-digits of no class", c->outliers);
    }
    if (c->made_digits > 0) { /* the same */
        size_t len = strlen(rec->settings);
        snprintf(rec->settings + len, sizeof rec->settings - len, "; %d made digits",
                 c->made_digits);
    }
    rec->best_score = -1.0f, rec->best_train = -1.0f, rec->best_val = -1.0f;
    Checkpointing *ck = &r->ck;
    ck->path = c->checkpoint_file, ck->every = c->checkpoint_every, ck->t = &r->t;
    ck->rec = rec, ck->best = r->best;
    if (!c->resume)
        return TRAIN_GO_ON;
    if (nn_checkpoint_load(c->resume, &r->t, ck->bytes, ck->len, &r->err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return EXIT_FAIL;
    }
    char settings[sizeof rec->settings];
    memcpy(settings, rec->settings, sizeof settings);
    train_record_read(rec, r->best, r->m->n_params, ck->bytes);
    if (strcmp(settings, rec->settings) != 0) {
        fprintf(stderr,
                "scratchnet train: %s: saved by a run with other settings (%s); "
                "give the same options as that run\n",
                c->resume, rec->settings);
        return EXIT_USAGE;
    }
    int status = check_record(r, rec);
    if (status != TRAIN_GO_ON)
        return status;
    r->before = rec->seconds;
    if (!c->quiet)
        printf("resuming %s: %d epochs done%s\n", c->resume, r->t.epoch,
               r->t.pos > 0 ? " and part of the next" : "");
    return TRAIN_GO_ON;
}

/* ---- the epoch loop ---------------------------------------------------------------------- */

/* Keeps finished epoch e's weights if best; prints, records, reports and checkpoints it. */
static void record_epoch(Run *r, int e, const NnEpochStats *st, float vloss, float vacc,
                         double start)
{
    TrainRecord *rec = r->rec;
    const int val = r->c.val;
    /* keep the best epoch by validation accuracy (by training accuracy without a split) */
    int improved = vacc > rec->best_score;
    if (improved) {
        rec->best_score = vacc;
        rec->best_epoch = e + 1;
        rec->best_train = st->accuracy;
        rec->best_val = val > 0 ? vacc : -1.0f;
        memcpy(r->best, r->m->params, r->m->n_params * sizeof *r->best);
    }
    rec->epochs_done = e + 1;
    /* the epoch's time, validation included, with its part before a resume */
    const double epoch_s = r->ck.epoch_before + (cli_now() - start);
    r->ck.epoch_before = 0.0;
    if (!r->c.quiet) {
        printf("epoch %3d/%d  loss %.4f  train %.2f%%", e + 1, r->c.epochs, (double)st->loss,
               100.0 * (double)st->accuracy);
        if (val > 0)
            printf("  val %.2f%%", 100.0 * (double)vacc);
        printf("  lr %.3g  %.1fs%s\n", (double)st->lr, epoch_s, improved ? "  *" : "");
        fflush(stdout);
    }
    if (rec->n_history < TRAIN_RECORD_ROWS)
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
    if (e + 1 < r->c.epochs)
        checkpoint(&r->ck);
}

/* train_one_epoch's answer when the run was stopped inside the epoch, which then does not
 * count (distinct from TRAIN_GO_ON and from every exit status) */
enum { EPOCH_STOPPED = -2 };

/* Trains epoch e and measures it on the validation images; TRAIN_GO_ON, EPOCH_STOPPED, or the
 * exit status after an error. */
static int train_one_epoch(Run *r, int e, Progress *prog)
{
    prog->epoch = e + 1;
    prog->start = cli_now();
    r->ck.epoch_start = prog->start;
    prog->last_draw = 0;
    NnEpochStats st;
    int rc = nn_train_epoch(&r->t, &r->train, r->fit_idx, r->n_fit, on_batch, prog, &st,
                            &r->err);
    if (prog->tty)
        fprintf(stderr, "\r%100s\r", "");
    if (rc < 0) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return EXIT_FAIL;
    }
    if (rc == 1)
        return EPOCH_STOPPED;
    float vacc = st.accuracy, vloss = NAN;
    if (r->c.val > 0 && nn_evaluate_loss(r->m, &r->train, r->val_idx, r->c.val, r->c.train.cost,
                                         &vloss, &vacc, &r->err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return EXIT_FAIL;
    }
    record_epoch(r, e, &st, vloss, vacc, prog->start);
    return TRAIN_GO_ON;
}

/* Trains until the last epoch or a stop, after which it keeps a checkpoint to resume from. */
static int epoch_loop(Run *r)
{
    const TrainConfig *c = &r->c;
    r->rep = (Reports){.log = c->log, .curves = c->curves, .confusion = c->confusion};
    snprintf(r->rep.title, sizeof r->rep.title, "%s: learning curves", r->m->info.name);
    r->rep.cost = nn_cost_name(c->train.cost);
    /* a fresh run's log starts with its header, a resumed one's whole */
    write_reports(&r->rep, r->rec);
    Checkpointing *ck = &r->ck;
    Progress prog = {.epochs = c->epochs, .tty = !c->quiet && cli_isatty(stderr), .ckpt = ck};
    double t0 = cli_now();
    ck->t0 = t0, ck->before = r->before;
    /* an epoch resumed in its middle counts the time it took before the checkpoint too */
    ck->epoch_before = c->resume && r->t.pos > 0 ? r->rec->epoch_seconds : 0.0;
    for (int e = r->t.epoch; e < c->epochs && !stop_requested; e++) {
        int status = train_one_epoch(r, e, &prog);
        if (status == EPOCH_STOPPED)
            break;
        if (status != TRAIN_GO_ON)
            return status;
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
    if (r->rec->best_epoch == 0) {
        fprintf(stderr, "scratchnet train: stopped before the first epoch finished; nothing "
                        "saved\n");
        return EXIT_INTERRUPTED;
    }
    return TRAIN_GO_ON;
}

/* ---- finish ------------------------------------------------------------------------------ */

/* Chooses the best weights' refusal rule on the held-out images and says what it does. */
static int choose_refusal(Run *r)
{
    const TrainConfig *c = &r->c;
    char what[64];
    snprintf(what, sizeof what, "%s", c->ds->digits ? "MNIST digits" : "validation images");
    const int tty = !c->quiet && cli_isatty(stderr);
    const int made = c->val < INK_HELD_OUT_MADE ? c->val : INK_HELD_OUT_MADE;
    InkRefusal refusal;
    if (ink_refusal_choose(r->m, &r->train, r->val_idx, c->val,
                           strcmp(c->aug_desc, "none") != 0 ? &c->aug : NULL, c->seed,
                           c->refuse_share, c->ds->digits ? made : 0, what,
                           tty ? train_made_progress : NULL, NULL, &refusal, &r->err) != 0) {
        fprintf(stderr, "scratchnet train: choosing the refusal bound: %s\n", r->err.msg);
        return EXIT_FAIL;
    }
    if (!(refusal.below > 0.0f)) /* outputs that are no numbers give nothing to choose on */
        fprintf(stderr, "scratchnet train: warning: no refusal rule: the model's top "
                        "probabilities are 0 on the held-out images (did training diverge?)\n");
    else if (!c->quiet)
        printf("refusal rule: \"none of these\" below a top probability of %.4g, which %s\n",
               (double)r->m->info.refuse_below, r->m->info.refuse_chosen);
    return TRAIN_GO_ON;
}

/* Reads held-out made digits and says the share read right. */
static int read_made_digits(Run *r)
{
    const TrainConfig *c = &r->c;
    const int n = c->val < INK_HELD_OUT_MADE ? c->val : INK_HELD_OUT_MADE;
    float acc = ink_made_digits_read(r->m, n, c->seed,
                                     !c->quiet && cli_isatty(stderr) ? train_made_progress : NULL,
                                     NULL, &r->err);
    if (acc < 0.0f) {
        fprintf(stderr, "scratchnet train: reading held-out made digits: %s\n", r->err.msg);
        return EXIT_FAIL;
    }
    if (!c->quiet)
        printf("held-out made digits: %.2f %% of %d read right\n", 100.0 * (double)acc, n);
    return TRAIN_GO_ON;
}

/* Puts the best epoch's weights back, chooses their refusal rule, reads held-out made digits
 * when the run trained on some and measures the weights on the test set. */
static int test_model(Run *r)
{
    NnModel *m = r->m;
    memcpy(m->params, r->best, m->n_params * sizeof *r->best);
    int status = r->c.refuse_share > 0.0f ? choose_refusal(r) : TRAIN_GO_ON;
    if (status == TRAIN_GO_ON && r->c.made_digits > 0 && r->c.val > 0)
        status = read_made_digits(r);
    if (status != TRAIN_GO_ON)
        return status;
    r->test_pred = malloc((size_t)r->test.n);
    /* the class each image is given, the class count where the rule refuses it: the confusion
     * chart leaves those out and counts them wrong, as the accuracy does */
    NnEvalDetail d = {.answer = r->test_pred};
    r->test_acc = r->test_pred ? nn_evaluate(m, &r->test, NULL, r->test.n, &d, &r->err) : -1.0f;
    int nonfinite = d.nonfinite;
    if (m->info.refuse_below > 0.0f && r->test.n > 0)
        m->info.train.test_refused = (float)d.refused / (float)r->test.n;
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
        r->test_acc = m->info.train.test_refused = -1.0f; /* recorded as not measured */
    }
    return TRAIN_GO_ON;
}

/* Fills the model's record of how it was trained. */
static void record_training(Run *r, int argc, char **argv)
{
    const TrainConfig *c = &r->c;
    const NnTrainConfig *cfg = &c->train;
    const TrainRecord *rec = r->rec;
    NnTrainInfo *ti = &r->m->info.train;
    snprintf(ti->dataset, sizeof ti->dataset, "%s", c->ds->name);
    ti->samples = r->n_train;
    ti->outliers = c->outliers;
    ti->made_digits = c->made_digits;
    ti->epochs = rec->epochs_done;
    ti->best_epoch = rec->best_epoch;
    snprintf(ti->optimizer, sizeof ti->optimizer, "%s", nn_optim_name(c->kind));
    ti->learning_rate = cfg->opt.lr;
    ti->momentum = c->kind == NN_OPT_SGD ? 0.0f : cfg->opt.momentum;
    ti->weight_decay = cfg->opt.weight_decay;
    snprintf(ti->schedule, sizeof ti->schedule, "%s", nn_schedule_name(cfg->opt.schedule));
    ti->batch_size = c->batch;
    snprintf(ti->cost, sizeof ti->cost, "%s", nn_cost_name(cfg->cost));
    snprintf(ti->augment, sizeof ti->augment, "%s", c->aug_desc);
    ti->seed = c->seed;
    ti->train_accuracy = rec->best_train;
    ti->val_accuracy = rec->best_val;
    ti->test_accuracy = r->test_acc;
    ti->train_seconds = r->seconds;
    /* the command line that reproduces this model */
    memcpy(ti->command, "scratchnet train ", 17);
    cli_join_args(argc, argv, ti->command + 17, sizeof ti->command - 17);
    cli_iso_date(ti->date, sizeof ti->date);
    snprintf(ti->version, sizeof ti->version, "%s", SCRATCHNET_VERSION);
}

/* Saves the model and its confusion matrix; returns the run's exit status. */
static int save_model(Run *r)
{
    const TrainConfig *c = &r->c;
    const TrainRecord *rec = r->rec;
    if (nn_model_save(c->out, r->m, &r->err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", r->err.msg);
        return EXIT_FAIL;
    }
    if (r->test_acc < 0)
        printf("saved %s: epoch %d of %d, no test accuracy, %.1f s\n", c->out,
               (int)rec->best_epoch, (int)rec->epochs_done, r->seconds);
    else if (r->m->info.refuse_below > 0.0f)
        printf("saved %s: epoch %d of %d, test accuracy %.2f%% (%.2f%% refused, counted as "
               "errors), %.1f s\n", c->out, (int)rec->best_epoch, (int)rec->epochs_done,
               100.0 * (double)r->test_acc, 100.0 * (double)r->m->info.train.test_refused,
               r->seconds);
    else
        printf("saved %s: epoch %d of %d, test accuracy %.2f%%, %.1f s\n", c->out,
               (int)rec->best_epoch, (int)rec->epochs_done, 100.0 * (double)r->test_acc,
               r->seconds);
    if (r->rep.confusion) {
        char source[600];
        snprintf(source, sizeof source, "%s t10k", c->dataset);
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

/* Tests the best epoch's weights, records how they were trained and saves them. */
static int finish(Run *r, int argc, char **argv)
{
    int status = test_model(r);
    if (status != TRAIN_GO_ON)
        return status;
    record_training(r, argc, argv);
    return save_model(r);
}

/* Gives back the locks and frees what the run holds, however far it came. */
static void release(Run *r)
{
    outfile_unlock(&r->locks[1]);
    outfile_unlock(&r->locks[0]);
    free(r->test_pred);
    free(r->val_idx);
    free(r->fit_idx);
    free(r->actx.scratch);
    nn_trainer_free(&r->t);
    free(r->ck.bytes);
    free(r->best);
    free(r->rec);
    nn_dataset_free(&r->train);
    nn_dataset_free(&r->test);
    nn_model_free(r->m);
}

int cmd_train(int argc, char **argv)
{
    for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--finetune") == 0 || strncmp(argv[i], "--finetune=", 11) == 0)
            return cmd_finetune(argc, argv);
    Run r = {.locks = {OUTFILE_LOCK_NONE, OUTFILE_LOCK_NONE}};
    int status = train_config_parse(&r.c, argc, argv);
    if (status == TRAIN_GO_ON)
        status = setup(&r);
    if (status == TRAIN_GO_ON)
        status = resume_check(&r);
    if (status == TRAIN_GO_ON)
        status = epoch_loop(&r);
    if (status == TRAIN_GO_ON)
        status = finish(&r, argc, argv);
    release(&r);
    return status;
}
