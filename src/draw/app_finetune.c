/* app_finetune.c - teaching the active model the user's handwriting (app_finetune.h): the job
 * on the teaching thread, its progress in the message line, and the model it saved listed and
 * made active.
 */
#include "draw/app_finetune.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/paths.h"
#include "draw/app_internal.h"
#include "draw/worker.h"
#include "ink/finetune.h"
#include "ink/labelled.h"
#include "nn/digits.h"
#include "nn/model_io.h"
#include "nn/rng.h"
#include "nn/train.h"

enum { APP_JOB_TUNE = 0 }; /* the only kind of job on the teaching thread */

/* MNIST's training images held out to measure and to refit the refusal rule: as `scratchnet
 * train --finetune` holds out, fewer from the subset. */
enum { TUNE_VAL_MAX = 5000 };

typedef struct TuneJob {
    WorkerJob base;
    NnModel *model;            /* the copy taught, owned */
    char from[NN_NAME_LEN];    /* its name before */
    char collection[PATHS_MAX];
    char models_dir[PATHS_MAX];
    char out[PATHS_MAX];       /* the file saved */
    InkFinetuneReport rep;
    float test_before, test_after; /* on MNIST's test images */
    int n_drawings;
    SnError err;
} TuneJob;

static void job_free(WorkerJob *job)
{
    TuneJob *j = (TuneJob *)job;
    nn_model_free(j->model);
    free(j);
}

static int on_batch(void *user, int done, int total, float loss, float acc)
{
    (void)loss, (void)acc;
    return worker_progress(user, done, total);
}

/* The subset shipped beside the models holds its digits class by class: shuffled (the same way
 * every time), its last images held out hold every class. */
static void shuffle(NnDataset *ds)
{
    const size_t px = (size_t)ds->rows * (size_t)ds->cols;
    uint8_t *tmp = malloc(px);
    NnRng rng;
    nn_rng_seed(&rng, 0x73687566666C6531ull);
    for (int i = ds->n - 1; tmp && i > 0; i--) {
        int k = (int)(nn_rng_u32(&rng) % (uint32_t)(i + 1));
        memcpy(tmp, ds->images + (size_t)i * px, px);
        memcpy(ds->images + (size_t)i * px, ds->images + (size_t)k * px, px);
        memcpy(ds->images + (size_t)k * px, tmp, px);
        uint8_t l = ds->labels[i];
        ds->labels[i] = ds->labels[k];
        ds->labels[k] = l;
    }
    free(tmp);
}

void app_finetune_name(const char *from, char *buf, size_t n)
{
    char plain[NN_NAME_LEN];
    size_t len = 0, room = sizeof plain - 1;
    int gap = 0;
    for (const char *p = from; *p && len < room; p++) {
        char c = *p;
        int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-' || (c == '.' && len > 0);
        if (!keep) {
            gap = len > 0;
            continue;
        }
        if (gap && len + 1 < room)
            plain[len++] = '-';
        gap = 0;
        plain[len++] = c;
    }
    plain[len] = '\0';
    if (len == 0)
        snprintf(plain, sizeof plain, "model");
    len = strlen(plain);
    size_t sl = strlen(APP_FINETUNE_SUFFIX);
    if (len >= sl && strcmp(plain + len - sl, APP_FINETUNE_SUFFIX) == 0)
        snprintf(buf, n, "%s", plain);
    else
        snprintf(buf, n, "%.*s%s", (int)(NN_NAME_LEN - 1 - sl), plain, APP_FINETUNE_SUFFIX);
}

/* Names the taught model, records the fine-tuning and saves it into the models folder. */
static int save(TuneJob *j)
{
    NnModelInfo *in = &j->model->info;
    char name[NN_NAME_LEN];
    app_finetune_name(j->from, name, sizeof name);
    snprintf(in->name, sizeof in->name, "%s", name);
    snprintf(in->train.ft.drawings, sizeof in->train.ft.drawings, "%s", APP_FINETUNE_FILE);
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(in->train.ft.date, sizeof in->train.ft.date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    in->train.test_accuracy = j->test_after;
    int rc = paths_make_dirs(j->models_dir, &j->err);
    if (rc != 0)
        return rc;
    if (snprintf(j->out, sizeof j->out, "%s/%s.json", j->models_dir, name) >= (int)sizeof j->out)
        return sn_error(&j->err, SN_E_LIMIT, "%s: too long a path for a model", j->models_dir);
    return nn_model_save(j->out, j->model, &j->err);
}

/* The test accuracy of the job's model on test. */
static float test_accuracy(TuneJob *j, const NnDataset *test, float *refused)
{
    NnEvalDetail d = {0};
    float acc = nn_evaluate(j->model, test, NULL, test->n, &d, &j->err);
    *refused = test->n > 0 ? (float)d.refused / (float)test->n : 0.0f;
    return acc;
}

/* Says the job's next stage and wakes the main loop to show it (its progress unknown). */
static void stage(WorkerJob *job, const char *what, const char *name)
{
    worker_stage(job, "%s%s", what, name);
    worker_progress(job, 0, 0);
}

static int job_run(WorkerJob *job)
{
    TuneJob *j = (TuneJob *)job;
    InkLabelled set = {0};
    NnDataset train = {0}, test = {0};
    stage(job, "reading your drawings", "");
    int rc = ink_labelled_read(j->collection, &set, &j->err);
    j->n_drawings = set.n;
    if (rc == 0 && set.n == 0)
        rc = sn_error(&j->err, SN_E_ARG, "no drawings collected yet: label a drawing with "
                                         "Ctrl+0 to Ctrl+9 first");
    if (rc == 0)
        rc = ink_finetune_check(j->model, j->from, &set, APP_FINETUNE_FILE, &j->err);
    if (rc == 0) {
        stage(job, "loading MNIST", "");
        rc = nn_digits_load_dataset("mnist", "train", &train, NULL, &j->err);
    }
    if (rc == 0)
        rc = nn_digits_load_dataset("mnist", "t10k", &test, NULL, &j->err);
    float refused;
    if (rc == 0) {
        stage(job, "measuring on MNIST: ", j->from);
        j->test_before = test_accuracy(j, &test, &refused);
        rc = j->test_before < 0.0f ? SN_E_ARG : 0;
    }
    if (rc == 0) {
        if (train.n < 60000)
            shuffle(&train); /* the subset */
        const int n_val = train.n / 5 < TUNE_VAL_MAX ? train.n / 5 : TUNE_VAL_MAX;
        InkFinetuneConfig cfg = ink_finetune_defaults(); /* `train --finetune`'s recipe */
        cfg.hold_out = 1, cfg.progress = on_batch, cfg.user = job;
        stage(job, "teaching ", j->from);
        rc = ink_finetune(j->model, &set, &train, train.n - n_val, n_val, &cfg, &j->rep,
                          &j->err);
    }
    if (rc == 0) {
        stage(job, "measuring on MNIST again", "");
        j->test_after = test_accuracy(j, &test, &refused);
        rc = j->test_after < 0.0f ? SN_E_ARG : 0;
        j->model->info.train.test_refused = j->model->info.refuse_below > 0.0f ? refused : -1.0f;
    }
    if (rc == 0) {
        stage(job, "saving", "");
        rc = save(j);
    }
    ink_labelled_free(&set);
    nn_dataset_free(&train);
    nn_dataset_free(&test);
    return rc == 1 ? SN_E_CANCELLED : rc;
}

int app_finetune_busy(const AppState *s)
{
    return s->tune && s->tune->busy;
}

/* Where the collection and the models go; 0, or -1 after saying why in the message line. */
static int user_paths(AppState *s, TuneJob *j)
{
    SnError err = {0};
    if (paths_user_dir_here(PATHS_USER_DATA, APP_FINETUNE_FILE, j->collection, &err) != 0 ||
        paths_user_dir_here(PATHS_USER_DATA, APP_FINETUNE_MODELS, j->models_dir, &err) != 0) {
        app_message(s, 1, "Cannot teach: %s", err.msg);
        return -1;
    }
    if (access(j->collection, F_OK) != 0) {
        app_message(s, 1, "Nothing to teach yet: draw a digit, then Ctrl+0 to Ctrl+9 keeps it");
        return -1;
    }
    return 0;
}

/* Starts the job on a copy of the active model. */
static int start(AppState *s)
{
    const NnModel *m = app_model(s);
    if (!m) {
        app_message(s, 1, "No model to teach yet");
        return 0;
    }
    if (!ink_reads_digits(m)) {
        app_message(s, 1, "Teach needs a model of digits: Tab to one");
        return 0;
    }
    TuneJob *j = calloc(1, sizeof *j);
    if (!j) {
        app_message(s, 1, "out of memory to teach the model");
        return 0;
    }
    if (user_paths(s, j) != 0) {
        free(j);
        return 0;
    }
    SnError err = {0};
    if (!s->tune && !(s->tune = calloc(1, sizeof *s->tune)))
        err.code = SN_E_NOMEM;
    if (!err.code && !s->tune_worker && !(s->tune_worker = worker_new(s->wake, s->wake_ctx)))
        snprintf(err.msg, sizeof err.msg, "the background thread could not be started");
    if (err.code || err.msg[0] || !(j->model = nn_model_copy(m, &err))) {
        app_message(s, 1, "Cannot teach: %s", err.msg[0] ? err.msg : "out of memory");
        free(j);
        return 0;
    }
    snprintf(j->from, sizeof j->from, "%s", s->models[s->active].name);
    j->base.run = job_run;
    j->base.free = job_free;
    j->base.kind = APP_JOB_TUNE;
    AppTune *t = s->tune;
    t->busy = 1;
    t->pct = -1;
    t->stage[0] = '\0';
    snprintf(t->from, sizeof t->from, "%s", j->from);
    worker_submit(s->tune_worker, &j->base);
    app_message(s, 0, "Teaching %s your writing... (U stops)", t->from);
    return 1;
}

int app_finetune_toggle(AppState *s)
{
    if (!app_finetune_busy(s))
        return start(s);
    worker_cancel(s->tune_worker);
    app_message(s, 0, "Stopping the teaching...");
    return 1;
}

/* A percentage as text: "73%", or "-" when not measured. */
static void pct_text(float v, char *buf, size_t n)
{
    if (v < 0.0f)
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.0f%%", 100.0 * (double)v);
}

/* The job ended: lists and selects what it saved, and says how it went. */
static void take(AppState *s, TuneJob *j)
{
    AppTune *t = s->tune;
    t->busy = 0;
    const int rc = j->base.rc;
    if (rc == SN_E_CANCELLED) {
        app_message(s, 0, "Teaching stopped: %s is as it was", t->from);
        return;
    }
    if (rc != 0) {
        app_message(s, 1, "Cannot teach %s: %s", t->from, j->err.msg);
        return;
    }
    const InkFinetuneReport *r = &j->rep;
    t->n_tuned = r->n_tuned, t->n_held = r->n_held;
    t->held_before = r->held_before, t->held_after = r->held_after;
    t->mnist_before = j->test_before, t->mnist_after = j->test_after;
    snprintf(t->saved, sizeof t->saved, "%s", j->out);
    int i = app_add_model_file(s, j->out);
    if (i >= 0)
        app_select_model(s, i);
    /* short, to be read from the back of a room: the status line shows the new model's name
     * and its MNIST test accuracy */
    char hb[16], ha[16];
    pct_text(r->held_before, hb, sizeof hb);
    pct_text(r->held_after, ha, sizeof ha);
    char mnist[64] = "; MNIST kept";
    if (j->test_before - j->test_after > INK_FINETUNE_MAX_DROP * 2.0f) /* 0.3 points */
        snprintf(mnist, sizeof mnist, "; MNIST %.1f%% \xe2\x86\x92 %.1f%%",
                 100.0 * (double)j->test_before, 100.0 * (double)j->test_after);
    if (r->n_held > 0)
        app_message(s, 0, "Taught: %s \xe2\x86\x92 %s on %d held back%s", hb, ha, r->n_held,
                    mnist);
    else
        app_message(s, 0, "Taught your %d drawings (%d measure it)%s", r->n_tuned,
                    INK_FINETUNE_MIN_HOLD_OUT, mnist);
}

void app_finetune_poll(AppState *s)
{
    AppTune *t = s->tune;
    if (!t || !s->tune_worker)
        return;
    WorkerJob *job;
    while ((job = worker_take(s->tune_worker)) != NULL) {
        take(s, (TuneJob *)job);
        job->free(job);
    }
    if (!t->busy)
        return;
    WorkerState st;
    worker_state(s->tune_worker, &st);
    int pct = st.total > 0 ? (int)(100.0 * st.done / st.total) : -1;
    if (pct == t->pct && strcmp(st.what, t->stage) == 0)
        return;
    t->pct = pct;
    snprintf(t->stage, sizeof t->stage, "%s", st.what);
    if (strncmp(st.what, "teaching", 8) == 0)
        app_message(s, 0, "Teaching %s: %d%% (U stops)", t->from, pct > 0 ? pct : 0);
    else if (st.what[0])
        app_message(s, 0, "Teaching %s: %s... (U stops)", t->from, st.what);
}

void app_finetune_free(AppState *s)
{
    worker_free(s->tune_worker); /* cancels a running job and waits for it */
    s->tune_worker = NULL;
    free(s->tune);
    s->tune = NULL;
}
