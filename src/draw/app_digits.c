/* app_digits.c - the nearest training digits and the units' exciting test digits for the app
 * (app_digits.h): the job that builds them on the background thread, taking its results, the
 * search for the drawing, and the sentence over it.
 */
#include "draw/app_digits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw/app_internal.h"
#include "draw/worker.h"
#include "nn/digits.h"
#include "nn/inspect.h"

/* A job: one model's index (first), or its units' scores (then), from a copy of it. */
typedef struct DigitsJob {
    WorkerJob base;
    int scores;                /* 0: the index; 1: the units' scores */
    unsigned serial;           /* the model's (AppModel.serial) */
    NnModel *model;            /* the copy, owned */
    char dataset[64];
    const NnDataset *train_in, *test_in; /* the app's images, read only; NULL: load them */
    NnDataset train, test;     /* loaded by the job, handed to the app */
    char from[PATHS_MAX];
    NnNeighbourIndex index;
    NnExcite excite;
    double index_ms, excite_ms;
    SnError err;
} DigitsJob;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return 1e3 * (double)t.tv_sec + 1e-6 * (double)t.tv_nsec;
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

/* Every unit's scores on the test images, loading them first if the app has none yet. */
static int build_scores(DigitsJob *j, const char *word)
{
    int rc;
    if (!j->test_in) {
        worker_stage(&j->base, "loading the test %s", word);
        if ((rc = nn_digits_load_dataset(j->dataset, "t10k", &j->test, NULL, &j->err)))
            return rc;
        j->test_in = &j->test;
    }
    worker_stage(&j->base, "scoring every unit on the test %s", word);
    double t0 = now_ms();
    rc = nn_excite_build(&j->excite, j->model, j->test_in, worker_progress, &j->base, &j->err);
    j->excite_ms = now_ms() - t0;
    return rc;
}

static int job_run(WorkerJob *job)
{
    DigitsJob *j = (DigitsJob *)job;
    const char *word = images_word(j->dataset);
    return j->scores ? build_scores(j, word) : build_index(j, word);
}

static void job_free(WorkerJob *job)
{
    DigitsJob *j = (DigitsJob *)job;
    nn_model_free(j->model);
    nn_dataset_free(&j->train);
    nn_dataset_free(&j->test);
    nn_neighbours_free(&j->index);
    nn_excite_free(&j->excite);
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

void app_digits_want(AppState *s)
{
    AppModel *e = s->active >= 0 && s->active < s->n_models ? &s->models[s->active] : NULL;
    if (!e || !e->model)
        return;
    if (ready(s, e) != 0) {
        if (e->digits)
            fail(e->digits, "out of memory for the digits");
        return;
    }
    AppDigits *d = s->digits;
    if (d->job_serial && d->job_serial != e->serial)
        worker_cancel_kind(s->worker, APP_JOB_DIGITS); /* for a model no longer shown: its
                                                          part goes back to none */
    if (d->job_serial || e->digits->status != APP_DIGITS_NONE)
        return; /* one job at a time: the next starts when this one is taken */
    /* what the view shown needs first: the index for the nearest digits (it shows as soon as
     * it is built), the scores for a unit up close; then the other */
    int scores = s->view == LAYOUT_VIEW_NEAREST ? e->digits->index.n > 0
                                                 : e->digits->excite.n == 0;
    const NnModel *m = e->model;
    int slot = set_slot(d, dataset_of(m));
    DigitsJob *j = calloc(1, sizeof *j);
    SnError err = {0};
    if (slot < 0 || !j || !(j->model = nn_model_copy(m, &err))) {
        fail(e->digits, slot < 0 ? "no room for a third data set's images"
                                 : err.msg[0] ? err.msg : "out of memory for the digits");
        free(j);
        return;
    }
    j->base.run = job_run;
    j->base.free = job_free;
    j->base.kind = APP_JOB_DIGITS;
    j->serial = e->serial;
    j->scores = scores;
    snprintf(j->dataset, sizeof j->dataset, "%s", dataset_of(m));
    AppDigitSet *set = &d->sets[slot];
    j->train_in = set->train.n > 0 ? &set->train : NULL;
    j->test_in = set->test.n > 0 ? &set->test : NULL;
    e->digits->set = slot;
    e->digits->status = APP_DIGITS_BUSY;
    d->job_serial = e->serial;
    worker_submit(s->worker, &j->base);
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
    }
}

void app_digits_take(AppState *s, WorkerJob *job)
{
    DigitsJob *j = (DigitsJob *)job;
    if (s->digits->job_serial == j->serial)
        s->digits->job_serial = 0;
    keep_images(s->digits, j);
    AppModel *e = entry_of(s, j->serial);
    if (e && e->digits) {
        AppModelDigits *md = e->digits;
        if (j->base.rc == SN_E_CANCELLED) {
            md->status = APP_DIGITS_NONE;
        } else {
            if (j->scores) {
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
    free(s->digits);
    s->digits = NULL;
}
