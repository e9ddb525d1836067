/* app_digits.c - the nearest training digits, the units' exciting test digits and the answers
 * to every test image for the app (app_digits.h): the job that builds them on the background
 * thread, taking its results, the search for the drawing, and the sentence over it.
 */
#include "draw/app_digits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw/app_internal.h"
#include "draw/train_session.h"
#include "draw/worker.h"
#include "nn/digits.h"
#include "nn/inspect.h"
#include "nn/train.h"

/* What a job makes. */
enum { JOB_INDEX = 0, JOB_SCORES, JOB_ANSWERS };

/* A job: one model's index (first), its units' scores (then), or its answers to the test
 * images (for the Data view), from a copy of it. */
typedef struct DigitsJob {
    WorkerJob base;
    int what;                  /* JOB_INDEX, JOB_SCORES or JOB_ANSWERS */
    unsigned serial;           /* the model's (AppModel.serial) */
    NnModel *model;            /* the copy, owned */
    char dataset[64];
    const NnDataset *train_in, *test_in; /* the app's images, read only; NULL: load them */
    NnDataset train, test;     /* loaded by the job, handed to the app */
    char from[PATHS_MAX], test_from[PATHS_MAX]; /* the folders of the images it loaded */
    NnNeighbourIndex index;
    NnExcite excite;
    double index_ms, excite_ms;
    int n_answers;             /* JOB_ANSWERS: the test images answered */
    uint8_t *answers;          /* (n_answers) */
    float *probs;              /* (n_answers, model's n_out) */
    uint64_t knock;            /* the copy's knocked-out units (app_knock_key) */
    unsigned version;          /* the app's weights_version when the copy was made */
    uint64_t weights;          /* a key of its weights (weights_key) */
    double copied;             /* ... and when (now_ms) */
    double answers_ms;
    SnError err;
} DigitsJob;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return 1e3 * (double)t.tv_sec + 1e-6 * (double)t.tv_nsec;
}

/* A key of a model's weights (FNV-1a over their bits): weights_version grows for any listed
 * model's weights, this tells whether this model's moved. */
static uint64_t weights_key(const NnModel *m)
{
    uint64_t k = 14695981039346656037ull;
    for (size_t i = 0; i < m->n_params; i++) {
        uint32_t bits;
        memcpy(&bits, &m->params[i], sizeof bits);
        k = (k ^ bits) * 1099511628211ull;
    }
    return k;
}

static const char *images_word(const char *dataset)
{
    return strcmp(dataset, "fashion-mnist") == 0 ? "images" : "digits";
}

/* The index of the training images, loading them first if the app has none yet. */
static int build_index(DigitsJob *j, const char *word)
{
    int rc;
    if (!j->train_in) {
        worker_stage(&j->base, "loading the training %s", word);
        if ((rc = nn_digits_load_dataset(j->dataset, "train", &j->train, j->from, &j->err)))
            return rc;
        j->train_in = &j->train;
    }
    worker_stage(&j->base, "finding the nearest training %s", word);
    double t0 = now_ms();
    rc = nn_neighbours_build(&j->index, j->model, j->train_in, worker_progress, &j->base,
                             &j->err);
    j->index_ms = now_ms() - t0;
    return rc;
}

/* The test images: the app's, or loaded when it has none yet. */
static int load_test(DigitsJob *j, const char *word)
{
    if (j->test_in)
        return 0;
    worker_stage(&j->base, "loading the test %s", word);
    int rc = nn_digits_load_dataset(j->dataset, "t10k", &j->test, j->test_from, &j->err);
    if (rc == 0)
        j->test_in = &j->test;
    return rc;
}

/* Every unit's scores on the test images, loading them first if the app has none yet. */
static int build_scores(DigitsJob *j, const char *word)
{
    int rc;
    if ((rc = load_test(j, word)))
        return rc;
    worker_stage(&j->base, "scoring every unit on the test %s", word);
    double t0 = now_ms();
    rc = nn_excite_build(&j->excite, j->model, j->test_in, worker_progress, &j->base, &j->err);
    j->excite_ms = now_ms() - t0;
    return rc;
}

#define ANSWER_BATCH 100 /* test images a forward pass */

/* The model's answer to every test image, as the app names one: its top class, or none when its
 * refusal rule refuses (nn_model_refuses, the one decision), with all its probabilities. */
static int build_answers(DigitsJob *j, const char *word)
{
    int rc;
    if ((rc = load_test(j, word)))
        return rc;
    worker_stage(&j->base, "answering the test %s", word);
    NnModel *m = j->model;
    const NnDataset *ds = j->test_in;
    int n = ds->n, C = m->n_out;
    size_t img = (size_t)ds->rows * (size_t)ds->cols;
    if (img != (size_t)m->n_in || C < 1 || C > NN_MAX_CLASSES)
        return sn_error(&j->err, SN_E_ARG, "the test %s do not fit this model's input", word);
    double t0 = now_ms();
    j->answers = malloc((size_t)(n > 0 ? n : 1));
    j->probs = malloc((size_t)(n > 0 ? n : 1) * (size_t)C * sizeof *j->probs);
    float *x = malloc((size_t)ANSWER_BATCH * img * sizeof *x);
    if (!j->answers || !j->probs || !x) {
        free(x);
        return sn_error(&j->err, SN_E_NOMEM, "out of memory for the answers to the test %s",
                        word);
    }
    if ((rc = nn_model_reserve(m, ANSWER_BATCH, &j->err)) != 0) {
        free(x);
        return rc;
    }
    nn_model_set_training(m, 0); /* dropout off, batchnorm on its running statistics */
    for (int done = 0; done < n; done += ANSWER_BATCH) {
        int nb = n - done < ANSWER_BATCH ? n - done : ANSWER_BATCH;
        nn_pixels_to_input(ds->images + (size_t)done * img, (size_t)nb * img, m->info.in_scale,
                           m->info.in_offset, x);
        const float *out = nn_model_forward(m, x, nb);
        for (int i = 0; i < nb; i++) {
            float *p = j->probs + (size_t)(done + i) * (size_t)C;
            nn_model_probabilities(m, out + (size_t)i * (size_t)C, p);
            int top = nn_top_class(p, C, NULL);
            j->answers[done + i] = nn_model_refuses(m, p) ? BROWSE_REFUSED : (uint8_t)top;
        }
        if (worker_progress(&j->base, done + nb, n)) {
            free(x);
            return sn_error(&j->err, SN_E_CANCELLED, "cancelled");
        }
    }
    free(x);
    j->n_answers = n;
    j->answers_ms = now_ms() - t0;
    return 0;
}

static int job_run(WorkerJob *job)
{
    DigitsJob *j = (DigitsJob *)job;
    const char *word = images_word(j->dataset);
    return j->what == JOB_ANSWERS  ? build_answers(j, word)
           : j->what == JOB_SCORES ? build_scores(j, word)
                                   : build_index(j, word);
}

static void job_free(WorkerJob *job)
{
    DigitsJob *j = (DigitsJob *)job;
    nn_model_free(j->model);
    nn_dataset_free(&j->train);
    nn_dataset_free(&j->test);
    nn_neighbours_free(&j->index);
    nn_excite_free(&j->excite);
    free(j->answers);
    free(j->probs);
    free(j);
}

/* The data set a model's images come from ("mnist" when it does not say). */
static const char *dataset_of(const NnModel *m)
{
    return m->info.train.dataset[0] ? m->info.train.dataset : "mnist";
}

/* The slot of a data set's images: the one holding it, else a free one (claimed), else -1. */
static int set_slot(AppDigits *d, const char *dataset)
{
    for (int i = 0; i < APP_DIGIT_SETS; i++)
        if (strcmp(d->sets[i].dataset, dataset) == 0)
            return i;
    for (int i = 0; i < APP_DIGIT_SETS; i++)
        if (!d->sets[i].dataset[0]) {
            snprintf(d->sets[i].dataset, sizeof d->sets[i].dataset, "%s", dataset);
            return i;
        }
    return -1;
}

static AppModel *entry_of(AppState *s, unsigned serial)
{
    for (int i = 0; serial && i < s->n_models; i++)
        if (s->models[i].serial == serial)
            return &s->models[i];
    return NULL;
}

/* Makes the app's part, the model's part and the worker as they are first needed; 0 or -1. */
static int ready(AppState *s, AppModel *e)
{
    if (!s->digits && !(s->digits = calloc(1, sizeof *s->digits)))
        return -1;
    if (!e->digits && !(e->digits = calloc(1, sizeof *e->digits)))
        return -1;
    if (!s->worker && !(s->worker = worker_new(s->wake, s->wake_ctx)))
        return -1;
    return 0;
}

static void fail(AppModelDigits *md, const char *msg)
{
    md->status = APP_DIGITS_FAILED;
    snprintf(md->error, sizeof md->error, "%s", msg);
}

/* The active model's entry, its parts made and the worker started; NULL when there is no
 * loaded model or memory ran out (said in its part when it has one). Cancels a job for
 * another model: that model's part goes back to none. */
static AppModel *want(AppState *s)
{
    AppModel *e = s->active >= 0 && s->active < s->n_models ? &s->models[s->active] : NULL;
    if (!e || !e->model)
        return NULL;
    if (ready(s, e) != 0) {
        if (e->digits)
            fail(e->digits, "out of memory for the digits");
        return NULL;
    }
    if (s->digits->job_serial && s->digits->job_serial != e->serial)
        worker_cancel_kind(s->worker, APP_JOB_DIGITS);
    return e;
}

/* Starts a job making `what` for model entry e; returns 0, or -1 with why in *msg. */
static int submit(AppState *s, AppModel *e, int what, const char **msg)
{
    AppDigits *d = s->digits;
    const NnModel *m = e->model;
    int slot = set_slot(d, dataset_of(m));
    DigitsJob *j = calloc(1, sizeof *j);
    SnError err = {0};
    if (slot < 0 || !j || !(j->model = nn_model_copy(m, &err))) {
        static char why[sizeof err.msg];
        snprintf(why, sizeof why, "%s",
                 slot < 0 ? "no room for a third data set's images"
                 : err.msg[0] ? err.msg : "out of memory for the digits");
        *msg = why;
        free(j);
        return -1;
    }
    j->base.run = job_run;
    j->base.free = job_free;
    j->base.kind = APP_JOB_DIGITS;
    j->serial = e->serial;
    j->what = what;
    j->knock = app_knock_key(m);
    j->version = s->weights_version;
    j->weights = weights_key(m);
    j->copied = now_ms();
    snprintf(j->dataset, sizeof j->dataset, "%s", dataset_of(m));
    AppDigitSet *set = &d->sets[slot];
    j->train_in = set->train.n > 0 ? &set->train : NULL;
    j->test_in = set->test.n > 0 ? &set->test : NULL;
    e->digits->set = slot;
    d->job_serial = e->serial;
    d->job_answers = what == JOB_ANSWERS;
    d->job_version = j->version;
    worker_submit(s->worker, &j->base);
    return 0;
}

void app_digits_want(AppState *s)
{
    AppModel *e = want(s);
    if (!e || s->digits->job_serial || e->digits->status != APP_DIGITS_NONE)
        return; /* one job at a time: the next starts when this one is taken */
    /* what the view shown needs first: the index for the nearest digits (it shows as soon as
     * it is built), the scores for a unit up close; then the other */
    int scores = s->view == LAYOUT_VIEW_NEAREST ? e->digits->index.n > 0
                                                 : e->digits->excite.n == 0;
    const char *msg;
    if (submit(s, e, scores ? JOB_SCORES : JOB_INDEX, &msg) != 0)
        fail(e->digits, msg);
    else
        e->digits->status = APP_DIGITS_BUSY;
}

uint64_t app_knock_key(const NnModel *m)
{
    if (!m || m->n_knock == 0)
        return 0;
    uint64_t k = 14695981039346656037ull; /* FNV-1a over the knocked-out units */
    const unsigned char *p = (const unsigned char *)m->knock;
    for (size_t i = 0; i < (size_t)m->n_knock * sizeof *m->knock; i++)
        k = (k ^ p[i]) * 1099511628211ull;
    return k ? k : 1;
}

/* Drops a model's answers. */
static void drop_answers(AppModelDigits *md)
{
    free(md->answers);
    free(md->probs);
    md->answers = NULL;
    md->probs = NULL;
    md->n_answers = 0;
}

/* 1 while the Train view's network trains (its weights move several times a second). */
static int training_runs(const AppState *s)
{
    const TrainStatus *st = app_train_status(s);
    return st && st->phase == TRAIN_RUNNING;
}

void app_answers_want(AppState *s)
{
    AppModel *e = want(s);
    if (!e)
        return;
    AppModelDigits *md = e->digits;
    AppDigits *d = s->digits;
    if (md->answers_status == APP_DIGITS_READY && md->answers_knock != app_knock_key(e->model))
        md->answers_status = APP_DIGITS_NONE; /* units were knocked out or put back since */
    if (md->answers_status == APP_DIGITS_READY && md->answers_version != s->weights_version &&
        md->answers_weights == weights_key(e->model))
        md->answers_version = s->weights_version; /* another model's weights moved, not its */
    int runs = training_runs(s);
    if (d->job_serial == e->serial && d->job_answers && d->job_version != s->weights_version &&
        !runs) /* the weights stopped moving: answers for older ones are not worth waiting for */
        worker_cancel_kind(s->worker, APP_JOB_DIGITS);
    if (d->job_serial)
        return; /* one job at a time: the next starts when this one is taken */
    if (md->answers_status == APP_DIGITS_READY) {
        if (md->answers_version == s->weights_version ||
            (runs && now_ms() - d->answers_asked < APP_ANSWERS_EVERY_MS))
            return;
    } else if (md->answers_status != APP_DIGITS_NONE) {
        return;
    }
    const char *msg;
    if (submit(s, e, JOB_ANSWERS, &msg) != 0) {
        md->answers_status = APP_DIGITS_FAILED;
        snprintf(md->answers_error, sizeof md->answers_error, "%s", msg);
        return;
    }
    d->answers_asked = now_ms();
    if (md->answers_status == APP_DIGITS_READY)
        md->answers_refresh = 1; /* the old answers stay shown until the new ones are there */
    else
        md->answers_status = APP_DIGITS_BUSY;
}

int app_answers_stale(const AppState *s, double *age, int *updating)
{
    const AppModelDigits *md = app_digits_model(s);
    *age = 0.0;
    *updating = 0;
    if (!md || md->answers_status != APP_DIGITS_READY || md->answers_version == s->weights_version)
        return 0;
    *age = (now_ms() - md->answers_at) / 1000.0;
    *updating = md->answers_refresh;
    return 1;
}

/* Keeps the images a job loaded, if its data set's slot does not hold them yet. */
static void keep_images(AppDigits *d, DigitsJob *j)
{
    int slot = set_slot(d, j->dataset);
    if (slot < 0)
        return;
    AppDigitSet *set = &d->sets[slot];
    if (j->train.n > 0 && set->train.n == 0) {
        set->train = j->train;
        memset(&j->train, 0, sizeof j->train);
        snprintf(set->from, sizeof set->from, "%s", j->from);
    }
    if (j->test.n > 0 && set->test.n == 0) {
        set->test = j->test;
        memset(&j->test, 0, sizeof j->test);
        snprintf(set->test_from, sizeof set->test_from, "%s", j->test_from);
    }
}

/* A job of the answers ended: its answers go to the model's part. */
static void take_answers(AppDigits *d, AppModelDigits *md, DigitsJob *j)
{
    int refresh = md->answers_refresh;
    md->answers_refresh = 0;
    if (j->base.rc == SN_E_CANCELLED) { /* answers for older weights stay, if there are any */
        md->answers_status = refresh ? APP_DIGITS_READY : APP_DIGITS_NONE;
        return;
    }
    if (j->base.rc != 0) {
        md->answers_status = APP_DIGITS_FAILED;
        snprintf(md->answers_error, sizeof md->answers_error, "%s",
                 j->err.msg[0] ? j->err.msg : "the answers could not be made");
        return;
    }
    drop_answers(md);
    md->answers = j->answers;
    md->probs = j->probs;
    j->answers = NULL;
    j->probs = NULL;
    md->n_answers = j->n_answers;
    md->n_classes = j->model->n_out;
    md->answers_knock = j->knock;
    md->answers_ms = j->answers_ms;
    md->answers_version = j->version;
    md->answers_weights = j->weights;
    md->answers_at = j->copied;
    md->answers_id = ++d->answers_made;
    md->answers_status = APP_DIGITS_READY;
}

void app_digits_take(AppState *s, WorkerJob *job)
{
    DigitsJob *j = (DigitsJob *)job;
    if (s->digits->job_serial == j->serial)
        s->digits->job_serial = 0;
    s->digits->job_answers = 0;
    keep_images(s->digits, j);
    AppModel *e = entry_of(s, j->serial);
    if (e && e->digits && j->what == JOB_ANSWERS) {
        take_answers(s->digits, e->digits, j);
    } else if (e && e->digits) {
        AppModelDigits *md = e->digits;
        if (j->base.rc == SN_E_CANCELLED) {
            md->status = APP_DIGITS_NONE;
        } else {
            if (j->what == JOB_SCORES) {
                md->excite = j->excite;
                memset(&j->excite, 0, sizeof j->excite);
                md->excite_ms = j->excite_ms;
            } else {
                md->index = j->index;
                memset(&j->index, 0, sizeof j->index);
                md->index_ms = j->index_ms;
            }
            if (j->base.rc != 0)
                fail(md, j->err.msg[0] ? j->err.msg : "the digits could not be made");
            else /* ready with both; else the other next */
                md->status = md->index.n > 0 && md->excite.n > 0 ? APP_DIGITS_READY
                                                                 : APP_DIGITS_NONE;
        }
    }
    job->free(job);
    app_changed(s); /* search again, and start the next job if one is wanted */
}

const AppModelDigits *app_digits_model(const AppState *s)
{
    if (s->active < 0 || s->active >= s->n_models || !s->models[s->active].model)
        return NULL;
    return s->models[s->active].digits;
}

const AppDigitSet *app_digits_set(const AppState *s)
{
    const AppModelDigits *md = app_digits_model(s);
    return md && s->digits ? &s->digits->sets[md->set] : NULL;
}

void app_digits_search(AppState *s, NnModel *m)
{
    if (!s->digits)
        return;
    AppDigits *d = s->digits;
    d->n_near = 0;
    d->near_serial = 0;
    const AppModelDigits *md = app_digits_model(s);
    if (!m || !md || md->index.n == 0 || !s->view_ready || md->index.layer < 0)
        return;
    double t0 = now_ms();
    const float *q = nn_inspect_output(m, md->index.layer);
    int n = q ? nn_neighbours_search(&md->index, q, APP_NEAR_K, d->near) : 0;
    d->search_us = 1e3 * (now_ms() - t0);
    d->n_near = n > 0 ? n : 0;
    d->near_serial = s->models[s->active].serial;
}

/* A class's name in the plural: "9s" for a digit, "“Sneaker” images" for another class. */
static void plural(const AppState *s, int c, char *buf, size_t n)
{
    if (app_reads_digits(s))
        snprintf(buf, n, "%ss", app_label(s, c));
    else
        snprintf(buf, n, "\xe2\x80\x9c%s\xe2\x80\x9d images", app_label(s, c));
}

void app_nearest_sentence(const AppState *s, char *buf, size_t n)
{
    buf[0] = '\0';
    const AppDigits *d = s->digits;
    if (!d || d->n_near < 1 || s->top < 0)
        return;
    /* the label most of them have; a tie goes to the one nearest the drawing */
    int count[NN_MAX_CLASSES] = {0}, most = d->near[0].label;
    for (int i = 0; i < d->n_near; i++)
        if (d->near[i].label >= 0 && d->near[i].label < NN_MAX_CLASSES)
            count[d->near[i].label]++;
    for (int i = 0; i < d->n_near; i++)
        if (count[d->near[i].label] > count[most])
            most = d->near[i].label;
    char them[96], reads[96];
    plural(s, most, them, sizeof them);
    const char *what = app_reads_digits(s) ? "digits" : "images";
    if (app_reads_digits(s))
        snprintf(reads, sizeof reads, "a %s", app_label(s, s->top));
    else
        snprintf(reads, sizeof reads, "\xe2\x80\x9c%s\xe2\x80\x9d", app_label(s, s->top));
    char how_many[32];
    if (count[most] == d->n_near)
        snprintf(how_many, sizeof how_many, "all %d", d->n_near);
    else
        snprintf(how_many, sizeof how_many, "%d of the %d", count[most], d->n_near);
    if (most == s->top)
        snprintf(buf, n, "Your drawing reads as %s and looks like these %s: %s nearest training "
                 "%s are %s.", reads, them, how_many, what, them);
    else
        snprintf(buf, n, "It reads %s, but looks most like these %s: %s nearest training %s are "
                 "%s.", reads, them, how_many, what, them);
}

int app_excite_unit(const AppState *s, int *layer, int *unit)
{
    const NnModel *m = app_model(s);
    if (!m || s->pick_unit < 0 || s->pick_view != LAYOUT_VIEW_ACTS || s->pick_layer < 0 ||
        s->pick_layer >= m->n_layers || nn_layer_units(m, s->pick_layer) == 0)
        return 0;
    const NnLayer *L = &m->layers[s->pick_layer];
    int per = L->type == NN_LAYER_CONV2D ? L->out.h * L->out.w : 1;
    int u = s->pick_unit / (per > 0 ? per : 1); /* a feature map's value: its filter */
    if (u >= nn_layer_units(m, s->pick_layer))
        return 0; /* picked in another model's layers */
    *layer = s->pick_layer;
    *unit = u;
    return 1;
}

int app_excited(const AppState *s, NnExcited *out, int k)
{
    const AppModelDigits *md = app_digits_model(s);
    int layer, unit;
    if (!md || md->excite.n == 0 || k < 1 || !app_excite_unit(s, &layer, &unit))
        return 0;
    int n = nn_excite_top(&md->excite, layer, unit, k > APP_EXCITE_K ? APP_EXCITE_K : k, out);
    return n > 0 ? n : 0;
}

void app_digits_model_free(AppModelDigits *md)
{
    if (!md)
        return;
    nn_neighbours_free(&md->index);
    nn_excite_free(&md->excite);
    drop_answers(md);
    free(md);
}

void app_digits_free(AppState *s)
{
    worker_free(s->worker); /* first: its jobs read the images */
    s->worker = NULL;
    if (s->digits)
        for (int i = 0; i < APP_DIGIT_SETS; i++) {
            nn_dataset_free(&s->digits->sets[i].train);
            nn_dataset_free(&s->digits->sets[i].test);
        }
    if (s->digits)
        browse_free(&s->digits->browse);
    free(s->digits);
    s->digits = NULL;
}
