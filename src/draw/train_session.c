/* train_session.c - live training on a thread of its own (train_session.h).
 *
 * The job's loop: load the digits, build the network, then over and over: wait while paused,
 * apply the requests (rate, batch size, save), and train until the next thing is due: one
 * nn_train_epoch call runs until the progress callback stops it (a request came, a test
 * measurement or a publication is due, one step is done) or the epoch ends; the next call goes
 * on where it stopped. The weights are read (measured, copied, saved) only between two calls,
 * never inside one: the one-sample step keeps them transposed while an epoch runs.
 *
 * One lock guards what both threads see: the requests, the status and the published weights.
 * The job holds it only to copy; the main thread likewise.
 */
#include "draw/train_session.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw/worker.h"
#include "nn/digits.h"
#include "nn/model_io.h"
#include "nn/recipe.h"
#include "nn/train.h"

#define COST_EVERY 100  /* samples a cost point covers at first (doubled as the curve fills) */

struct TrainSession {
    AppWorker *worker;
    void (*wake)(void *ctx);
    void *wake_ctx;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a request came */
    /* requests, under lock */
    int stop, paused, step;
    float lr;
    int batch;
    double speed;            /* digits a second at most, 0: as fast as it can */
    char save_path[TRAIN_TEXT]; /* "" for no save asked */
    /* published, under lock */
    TrainStatus st;
    float *weights;          /* (n_weights) the last published copy */
    size_t n_weights;
    NnModel *shape;          /* the network (weights as built), to copy from */
};

/* The job: everything its thread owns. */
typedef struct TrainJob {
    WorkerJob base;
    TrainSession *t;
    TrainSetup setup;
    const NnRecipe *recipe;
    char full_dir[TRAIN_TEXT], subset_dir[TRAIN_TEXT];
    NnDataset train, test;
    int *test_idx;           /* (n_test) the live accuracy's test digits */
    NnModel *m;
    NnTrainer tr;
    double t0;               /* when the session started, seconds */
    /* the loop's own figures (copied into the status when published) */
    long samples, batches;
    double last_eval, last_publish, rate_t;
    long eval_samples_at, rate_samples;
    double rate;
    double pace_t;           /* the pace: since pace_t, pace_samples samples were seen, */
    long pace_samples;
    double pace_speed;       /* at this speed (0: none) */
    double eval_cost;        /* seconds the last measurement took */
    int step_only;           /* this call of nn_train_epoch runs one batch */
    long call_batches;       /* batches in this call */
    double prev_sum;         /* the epoch's cost sum (loss * done) at the last callback */
    int prev_done;
    double cost_sum;         /* costs of the samples not yet in a curve point */
    long cost_n;
    long cost_every;
    TrainStatus local;       /* curves and figures, copied out when published */
} TrainJob;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void wake(TrainSession *t)
{
    if (t->wake)
        t->wake(t->wake_ctx);
}

static const float lr_steps[] = {1e-4f, 2e-4f, 5e-4f, 1e-3f, 2e-3f, 5e-3f, 0.01f, 0.02f, 0.05f,
                                 0.1f,  0.2f,  0.5f,  1.0f,  2.0f,  5.0f,  10.0f};
static const int batch_steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
#define N_LR ((int)(sizeof lr_steps / sizeof lr_steps[0]))
#define N_BATCH ((int)(sizeof batch_steps / sizeof batch_steps[0]))

float train_lr_step(float lr, int dir)
{
    if (dir > 0) {
        for (int i = 0; i < N_LR; i++)
            if (lr_steps[i] > lr * 1.0001f)
                return lr_steps[i];
        return lr > lr_steps[N_LR - 1] ? lr : lr_steps[N_LR - 1];
    }
    for (int i = N_LR - 1; i >= 0; i--)
        if (lr_steps[i] < lr * 0.9999f)
            return lr_steps[i];
    return lr < lr_steps[0] ? lr : lr_steps[0];
}

int train_batch_step(int batch, int dir)
{
    if (dir > 0) {
        for (int i = 0; i < N_BATCH; i++)
            if (batch_steps[i] > batch)
                return batch_steps[i];
        return batch > batch_steps[N_BATCH - 1] ? batch : batch_steps[N_BATCH - 1];
    }
    for (int i = N_BATCH - 1; i >= 0; i--)
        if (batch_steps[i] < batch)
            return batch_steps[i];
    return batch < 1 ? 1 : batch;
}

/* ---- the curves ---- */

/* A full curve keeps its first CURVE_KEEP points as they are and merges the others in pairs,
 * down to CURVE_MERGED points: drawn against the logarithm of the digits seen, the first
 * hundreds of digits take as much width as the millions after, so they keep their detail. */
#define CURVE_KEEP (TRAIN_CURVE / 4)
#define CURVE_MERGED (CURVE_KEEP + (TRAIN_CURVE - CURVE_KEEP) / 2)

/* Adds (at, v) to a curve of *n points; a full curve is first thinned out (CURVE_KEEP). */
static void curve_add(long *at, float *val, int *n, long x, float v)
{
    if (*n == TRAIN_CURVE) {
        for (int i = 0; i < (TRAIN_CURVE - CURVE_KEEP) / 2; i++) {
            int a = CURVE_KEEP + 2 * i;
            at[CURVE_KEEP + i] = at[a + 1];
            val[CURVE_KEEP + i] = 0.5f * (val[a] + val[a + 1]);
        }
        *n = CURVE_MERGED;
    }
    at[*n] = x;
    val[*n] = v;
    (*n)++;
}

/* ---- publishing ---- */

/* Copies the job's figures (and with weights = 1 its network's weights) out for the main
 * thread, and wakes it. */
static void publish(TrainJob *j, int weights)
{
    TrainSession *t = j->t;
    double now = now_s();
    j->local.seconds = now - j->t0;
    j->local.samples = j->samples;
    j->local.batches = j->batches;
    j->local.epoch = j->tr.epoch;
    if (j->rate <= 0.0 && now > j->rate_t && j->samples > j->rate_samples)
        j->rate = (double)(j->samples - j->rate_samples) / (now - j->rate_t); /* a first one */
    j->local.per_second = j->rate;
    pthread_mutex_lock(&t->lock);
    TrainPhase phase = t->st.phase;
    unsigned serial = t->st.weights_serial, saves = t->st.saves;
    char saved[TRAIN_TEXT], error[TRAIN_TEXT];
    float saved_acc = t->st.saved_acc;
    int n_saved = t->st.n_saved_test;
    memcpy(saved, t->st.saved_path, sizeof saved);
    memcpy(error, t->st.error, sizeof error);
    t->st = j->local;
    t->st.phase = phase;
    t->st.weights_serial = serial;
    t->st.saves = saves;
    t->st.saved_acc = saved_acc;
    t->st.n_saved_test = n_saved;
    memcpy(t->st.saved_path, saved, sizeof saved);
    memcpy(t->st.error, error, sizeof error);
    t->st.lr = j->tr.cfg.opt.lr;
    t->st.batch = j->tr.cfg.batch_size;
    t->st.speed = t->speed;
    t->st.epochs = j->setup.epochs;
    if (weights && j->m && t->weights && t->n_weights == j->m->n_params) {
        memcpy(t->weights, j->m->params, t->n_weights * sizeof *t->weights);
        t->st.weights_serial++;
    }
    pthread_mutex_unlock(&t->lock);
    j->last_publish = now;
    wake(t);
}

static void set_phase(TrainSession *t, TrainPhase p)
{
    pthread_mutex_lock(&t->lock);
    t->st.phase = p;
    pthread_mutex_unlock(&t->lock);
    wake(t);
}

static int fail(TrainJob *j, const SnError *err)
{
    TrainSession *t = j->t;
    pthread_mutex_lock(&t->lock);
    t->st.phase = TRAIN_FAILED;
    snprintf(t->st.error, sizeof t->st.error, "%s", err->msg[0] ? err->msg : "training failed");
    pthread_mutex_unlock(&t->lock);
    wake(t);
    return err->code ? err->code : SN_E_ARG;
}

/* ---- measuring and saving ---- */

/* The live accuracy on the fixed test digits, with its time; 90 % reached is noted once. */
static int measure(TrainJob *j, SnError *err)
{
    double t0 = now_s();
    float acc = nn_evaluate(j->m, &j->test, j->test_idx, j->local.n_test, NULL, err);
    if (acc < 0.0f)
        return -1;
    double now = now_s();
    j->eval_cost = now - t0;
    j->local.test_acc = acc;
    if (acc >= 0.9f && j->local.seconds_to_90 < 0.0)
        j->local.seconds_to_90 = now - j->t0;
    curve_add(j->local.acc_at, j->local.acc_curve, &j->local.n_acc, j->samples, acc);
    j->last_eval = now;
    j->eval_samples_at = j->samples;
    return 0;
}

/* "YYYY-MM-DDTHH:MM:SSZ" for now. */
static void iso_date(char *buf, size_t n)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Measures the network on the whole test set, records its training and writes it to path. */
static void save(TrainJob *j, const char *path)
{
    TrainSession *t = j->t;
    SnError err = {0};
    NnModel *m = j->m;
    NnTrainInfo *r = &m->info.train;
    float acc = nn_evaluate(m, &j->test, NULL, j->test.n, NULL, &err);
    if (acc >= 0.0f) {
        nn_model_name_of_path(path, m->info.name, sizeof m->info.name);
        snprintf(r->dataset, sizeof r->dataset, "mnist");
        r->samples = j->train.n;
        r->outliers = r->made_digits = 0;
        r->epochs = j->tr.epoch + (j->tr.pos > 0);
        r->best_epoch = 0;
        snprintf(r->optimizer, sizeof r->optimizer, "%s", nn_optim_name(j->tr.cfg.opt.kind));
        r->learning_rate = j->tr.cfg.opt.lr;
        r->momentum = j->tr.cfg.opt.kind == NN_OPT_SGD ? 0.0f : j->tr.cfg.opt.momentum;
        r->weight_decay = j->tr.cfg.opt.weight_decay;
        snprintf(r->schedule, sizeof r->schedule, "constant");
        r->batch_size = j->tr.cfg.batch_size;
        snprintf(r->cost, sizeof r->cost, "%s", nn_cost_name(j->tr.cfg.cost));
        snprintf(r->augment, sizeof r->augment, "none");
        r->seed = j->setup.seed;
        r->train_accuracy = -1.0f;
        r->val_accuracy = -1.0f;
        r->test_accuracy = acc;
        r->test_refused = 0.0f;
        r->train_seconds = now_s() - j->t0;
        snprintf(r->command, sizeof r->command,
                 "scratchnet-draw: live training of the %s recipe, %ld samples seen, on %s",
                 j->recipe->name, j->samples, j->local.full ? "MNIST" : "the MNIST subset");
        iso_date(r->date, sizeof r->date);
        nn_model_save(path, m, &err);
    }
    pthread_mutex_lock(&t->lock);
    t->st.saves++;
    if (err.code) {
        snprintf(t->st.error, sizeof t->st.error, "%s", err.msg);
    } else {
        t->st.error[0] = '\0';
        snprintf(t->st.saved_path, sizeof t->st.saved_path, "%s", path);
        t->st.saved_acc = acc;
        t->st.n_saved_test = j->test.n;
    }
    pthread_mutex_unlock(&t->lock);
    wake(t);
}

/* ---- training ---- */

/* Whether the test digits are to be measured now: eval_seconds after the last time, but never
 * before four times as long as that measurement took (so measuring takes at most a fifth of
 * the time), or eval_samples samples after it. */
static int eval_due(const TrainJob *j, double now)
{
    double wait = j->setup.eval_seconds > 4.0 * j->eval_cost ? j->setup.eval_seconds
                                                             : 4.0 * j->eval_cost;
    return (j->setup.eval_seconds >= 0.0 && now - j->last_eval >= wait) ||
           (j->setup.eval_samples > 0 && j->samples - j->eval_samples_at >= j->setup.eval_samples);
}

/* Starts the pace again from now (after a pause, a change of speed, or when training is slower
 * than asked: it never catches up by going faster). */
static void pace_restart(TrainJob *j, double now)
{
    j->pace_t = now;
    j->pace_samples = j->samples;
}

/* The speed asked for: sleeps on the lock's condition (never spins) until the samples seen since
 * the pace began are due at that speed: samples / speed seconds after it began; a request (stop,
 * pause, save, another speed) wakes it early. Called with the lock not held. */
static void throttle(TrainJob *j)
{
    TrainSession *t = j->t;
    pthread_mutex_lock(&t->lock);
    double now = now_s();
    if (t->speed != j->pace_speed) {
        j->pace_speed = t->speed;
        pace_restart(j, now);
    }
    if (j->pace_speed > 0.0) {
        double due = j->pace_t + (double)(j->samples - j->pace_samples) / j->pace_speed;
        if (due <= now) {
            pace_restart(j, now); /* behind: no burst to catch up */
        } else {
            struct timespec ts;
            ts.tv_sec = (time_t)due;
            ts.tv_nsec = (long)((due - (double)ts.tv_sec) * 1e9);
            if (ts.tv_nsec >= 1000000000L)
                ts.tv_sec++, ts.tv_nsec -= 1000000000L;
            while (!t->stop && !t->paused && !t->save_path[0] && t->speed == j->pace_speed &&
                   now_s() < due)
                if (pthread_cond_timedwait(&t->changed, &t->lock, &ts) == ETIMEDOUT)
                    break;
        }
    }
    pthread_mutex_unlock(&t->lock);
}

/* After each batch: the cost curve and the rate; stops the call when anything is due. */
static int progress(void *user, int done, int total, float loss, float accuracy)
{
    (void)accuracy;
    TrainJob *j = user;
    TrainSession *t = j->t;
    if (done < j->prev_done)
        j->prev_sum = 0.0, j->prev_done = 0;
    double sum = (double)loss * done;
    int n = done - j->prev_done;
    j->cost_sum += sum - j->prev_sum;
    j->cost_n += n;
    j->prev_sum = sum;
    j->prev_done = done;
    j->samples += n;
    j->batches++;
    j->call_batches++;
    if (j->cost_n >= j->cost_every) {
        float c = (float)(j->cost_sum / (double)j->cost_n);
        j->local.cost = c;
        curve_add(j->local.cost_at, j->local.cost_curve, &j->local.n_cost, j->samples, c);
        if (j->local.n_cost == CURVE_MERGED + 1 && j->cost_every < (1L << 30))
            j->cost_every *= 2; /* the curve was merged: its points now cover twice as much */
        j->cost_sum = 0.0;
        j->cost_n = 0;
    }
    if (!j->step_only)
        throttle(j);
    if (done >= total)
        return 0; /* the epoch ends anyway */
    double now = now_s();
    if (now - j->rate_t >= 0.5) {
        double r = (double)(j->samples - j->rate_samples) / (now - j->rate_t);
        j->rate = j->rate > 0.0 ? 0.5 * j->rate + 0.5 * r : r;
        j->rate_t = now;
        j->rate_samples = j->samples;
    }
    if (j->step_only)
        return 1;
    if (worker_progress(&j->base, 0, 0))
        return 1;
    if (eval_due(j, now))
        return 1;
    if (now - j->last_publish >= j->setup.publish_seconds)
        return 1;
    pthread_mutex_lock(&t->lock);
    int asked = t->stop || t->paused || t->save_path[0] || t->lr != j->tr.cfg.opt.lr ||
                t->batch != j->tr.cfg.batch_size;
    pthread_mutex_unlock(&t->lock);
    return asked;
}

/* Reads the digits and builds the network and its trainer; 0 or a negative code (err). */
static int prepare(TrainJob *j, SnError *err)
{
    TrainSession *t = j->t;
    const char *from = NULL;
    const char *full = j->full_dir[0] ? j->full_dir : NULL;
    pthread_mutex_lock(&t->lock);
    snprintf(t->st.stage, sizeof t->st.stage, "Reading the training digits (1 of 2)");
    pthread_mutex_unlock(&t->lock);
    wake(t);
    int rc = nn_digits_load(full, j->subset_dir, "train", &j->train, &from, err);
    if (rc)
        return rc;
    j->local.full = full && from == full;
    snprintf(j->local.data_dir, sizeof j->local.data_dir, "%s", from ? from : "");
    pthread_mutex_lock(&t->lock);
    snprintf(t->st.stage, sizeof t->st.stage, "Reading the test digits (2 of 2)");
    pthread_mutex_unlock(&t->lock);
    wake(t);
    if ((rc = nn_digits_load(j->local.full ? full : NULL, j->subset_dir, "t10k", &j->test, NULL,
                             err)) != 0)
        return rc;
    if (j->setup.limit > 0 && j->setup.limit < j->train.n)
        j->train.n = j->setup.limit; /* the first ones; the arrays stay as read */
    int nt = j->setup.test_n > 0 ? j->setup.test_n : 1000;
    nt = nt < j->test.n ? nt : j->test.n;
    j->test_idx = malloc((size_t)(nt > 0 ? nt : 1) * sizeof *j->test_idx);
    if (!j->test_idx)
        return sn_error(err, SN_E_NOMEM, "out of memory for the test digits");
    for (int i = 0; i < nt; i++)
        j->test_idx[i] = (int)((long)i * j->test.n / nt); /* spread evenly over the set */
    j->local.n_train = j->train.n;
    j->local.n_test = nt;

    j->m = nn_network_new(j->recipe->layers, j->train.rows, j->train.cols, j->setup.seed, NULL,
                          err);
    if (!j->m)
        return err->code ? err->code : SN_E_NOMEM;
    NnTrainConfig cfg;
    if (nn_recipe_config(j->recipe, &cfg) != 0)
        return sn_error(err, SN_E_ARG, "the recipe %s cannot be read", j->recipe->name);
    cfg.opt.schedule = NN_SCHED_CONSTANT; /* live training has no planned end */
    cfg.seed = j->setup.seed;
    pthread_mutex_lock(&t->lock);
    if (t->lr > 0.0f)
        cfg.opt.lr = t->lr;
    if (t->batch > 0)
        cfg.batch_size = t->batch;
    t->lr = cfg.opt.lr;
    t->batch = cfg.batch_size;
    pthread_mutex_unlock(&t->lock);
    if ((rc = nn_trainer_init(&j->tr, j->m, &cfg, err)) != 0)
        return rc;
    pthread_mutex_lock(&t->lock);
    t->shape = nn_model_copy(j->m, err);
    t->n_weights = j->m->n_params;
    t->weights = malloc(t->n_weights * sizeof *t->weights);
    rc = t->shape && t->weights ? 0 : sn_error(err, SN_E_NOMEM, "out of memory for the weights");
    pthread_mutex_unlock(&t->lock);
    return rc;
}

/* Takes the requests: waits while paused (and nothing else asked), applies the rate and the
 * batch size, hands back a save's path. Returns 1 to stop. */
static int requests(TrainJob *j, char *save_path, SnError *err)
{
    TrainSession *t = j->t;
    save_path[0] = '\0';
    pthread_mutex_lock(&t->lock);
    if (t->paused && !t->step && !t->save_path[0] && !t->stop) {
        t->st.phase = TRAIN_PAUSED;
        pthread_mutex_unlock(&t->lock);
        publish(j, 1);
        wake(t);
        pthread_mutex_lock(&t->lock);
        while (t->paused && !t->step && !t->save_path[0] && !t->stop)
            pthread_cond_wait(&t->changed, &t->lock);
        j->rate_t = now_s(); /* the rate counts training time, not the pause */
        j->rate_samples = j->samples;
        pace_restart(j, j->rate_t);
    }
    int stop = t->stop;
    j->step_only = t->paused && t->step;
    t->step = 0;
    float lr = t->lr;
    int batch = t->batch;
    if (t->save_path[0]) {
        memcpy(save_path, t->save_path, TRAIN_TEXT);
        t->save_path[0] = '\0';
        t->st.phase = TRAIN_SAVING;
    } else if (!stop) {
        t->st.phase = t->paused && !j->step_only ? TRAIN_PAUSED : TRAIN_RUNNING;
    }
    pthread_mutex_unlock(&t->lock);
    if (stop)
        return 1;
    j->tr.cfg.opt.lr = lr;
    if (batch != j->tr.cfg.batch_size && nn_trainer_set_batch(&j->tr, batch, err) != 0) {
        pthread_mutex_lock(&t->lock);
        t->batch = j->tr.cfg.batch_size; /* kept as it was */
        pthread_mutex_unlock(&t->lock);
    }
    return 0;
}

/* The epochs asked for are done: says so, then waits for a save (done on request, as often as
 * asked) or the end. */
static void finished(TrainJob *j)
{
    TrainSession *t = j->t;
    SnError err = {0};
    if (measure(j, &err) != 0) { /* the last figures (only out of memory can fail) */
        fail(j, &err);
        return;
    }
    char path[TRAIN_TEXT];
    for (;;) {
        set_phase(t, TRAIN_DONE);
        publish(j, 1);
        pthread_mutex_lock(&t->lock);
        while (!t->stop && !t->save_path[0])
            pthread_cond_wait(&t->changed, &t->lock);
        int stop = t->stop;
        memcpy(path, t->save_path, sizeof path);
        t->save_path[0] = '\0';
        if (!stop)
            t->st.phase = TRAIN_SAVING;
        pthread_mutex_unlock(&t->lock);
        if (stop)
            return;
        save(j, path);
    }
}

static int run(WorkerJob *job)
{
    TrainJob *j = (TrainJob *)job;
    TrainSession *t = j->t;
    SnError err = {0};
    j->t0 = now_s();
    if (prepare(j, &err) != 0)
        return fail(j, &err);
    j->last_eval = j->last_publish = j->rate_t = now_s();
    if (measure(j, &err) != 0) /* where it starts: about one in ten */
        return fail(j, &err);
    set_phase(t, TRAIN_RUNNING);
    publish(j, 1);
    char path[TRAIN_TEXT];
    for (;;) {
        if (requests(j, path, &err))
            break;
        if (worker_progress(job, 0, 0))
            break;
        if (path[0]) {
            save(j, path);
            publish(j, 0);
            continue;
        }
        j->call_batches = 0;
        j->tr.online_every = j->step_only ? 1 : 0; /* a step is one sample at batch 1 */
        NnEpochStats st;
        int rc = nn_train_epoch(&j->tr, &j->train, NULL, j->train.n, progress, j, &st, &err);
        if (rc < 0)
            return fail(j, &err);
        double now = now_s();
        int due = j->step_only || eval_due(j, now);
        if (due && measure(j, &err) != 0)
            return fail(j, &err);
        if (due || j->step_only || rc == 0 || now - j->last_publish >= j->setup.publish_seconds)
            publish(j, 1);
        if (rc == 0 && j->setup.epochs > 0 && j->tr.epoch >= j->setup.epochs) {
            finished(j);
            return 0;
        }
    }
    set_phase(t, TRAIN_STOPPED);
    return 0;
}

static void free_job(WorkerJob *job)
{
    TrainJob *j = (TrainJob *)job;
    nn_trainer_free(&j->tr);
    nn_model_free(j->m);
    nn_dataset_free(&j->train);
    nn_dataset_free(&j->test);
    free(j->test_idx);
    free(j);
}

/* The network in words: "784-100-10 sigmoid, quadratic cost, sgd". */
static void about(const NnRecipe *r, char *buf, size_t n)
{
    snprintf(buf, n, "%s; %s cost, %s", r->layers, r->cost, r->optimizer);
}

TrainSession *train_session_new(const TrainSetup *setup, void (*wake_fn)(void *ctx),
                                void *wake_ctx, SnError *err)
{
    const NnRecipe *r = nn_recipe(setup->recipe);
    if (!r) {
        sn_error(err, SN_E_ARG, "unknown recipe '%s' (%s)", setup->recipe ? setup->recipe : "",
                 nn_recipe_names);
        return NULL;
    }
    TrainSession *t = calloc(1, sizeof *t);
    TrainJob *j = calloc(1, sizeof *j);
    if (!t || !j) {
        free(t);
        free(j);
        sn_error(err, SN_E_NOMEM, "out of memory for a training session");
        return NULL;
    }
    t->wake = wake_fn;
    t->wake_ctx = wake_ctx;
    pthread_mutex_init(&t->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* the throttle's deadlines are now_s()'s */
    pthread_cond_init(&t->changed, &ca);
    pthread_condattr_destroy(&ca);
    t->speed = setup->speed > 0.0 ? setup->speed : 0.0;
    t->lr = setup->lr;
    t->batch = setup->batch;
    t->paused = setup->start_paused != 0;
    TrainStatus *s = &j->local;
    s->phase = TRAIN_LOADING;
    snprintf(s->recipe, sizeof s->recipe, "%s", r->name);
    about(r, s->about, sizeof s->about);
    s->cost = -1.0f;
    s->test_acc = -1.0f;
    s->seconds_to_90 = -1.0;
    s->saved_acc = -1.0f;
    t->st = *s;
    snprintf(t->st.stage, sizeof t->st.stage, "Starting");
    j->base.run = run;
    j->base.free = free_job;
    j->t = t;
    j->recipe = r;
    j->setup = *setup;
    j->setup.seed = setup->seed ? setup->seed : 1;
    if (j->setup.eval_seconds == 0.0 && j->setup.eval_samples == 0)
        j->setup.eval_seconds = 0.25;
    if (!(j->setup.publish_seconds > 0.0))
        j->setup.publish_seconds = 0.2;
    snprintf(j->full_dir, sizeof j->full_dir, "%s", setup->full_dir ? setup->full_dir : "");
    snprintf(j->subset_dir, sizeof j->subset_dir, "%s", setup->subset_dir ? setup->subset_dir : "");
    j->setup.full_dir = j->setup.subset_dir = NULL; /* the copies above are the job's */
    j->cost_every = COST_EVERY;
    t->worker = worker_new(wake_fn, wake_ctx);
    if (!t->worker) {
        free_job(&j->base);
        train_session_free(t);
        sn_error(err, SN_E_NOMEM, "cannot start the training thread");
        return NULL;
    }
    worker_submit(t->worker, &j->base);
    return t;
}

void train_session_free(TrainSession *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    t->stop = 1;
    pthread_cond_broadcast(&t->changed);
    pthread_mutex_unlock(&t->lock);
    worker_free(t->worker); /* cancels, joins, frees the job */
    pthread_mutex_destroy(&t->lock);
    pthread_cond_destroy(&t->changed);
    nn_model_free(t->shape);
    free(t->weights);
    free(t);
}

void train_session_status(TrainSession *t, TrainStatus *out)
{
    pthread_mutex_lock(&t->lock);
    *out = t->st;
    pthread_mutex_unlock(&t->lock);
}

NnModel *train_session_model(TrainSession *t, unsigned *serial)
{
    NnModel *m = NULL;
    pthread_mutex_lock(&t->lock);
    if (t->shape && t->st.weights_serial > 0) {
        m = nn_model_copy(t->shape, NULL);
        if (m)
            memcpy(m->params, t->weights, t->n_weights * sizeof *t->weights);
        *serial = t->st.weights_serial;
    }
    pthread_mutex_unlock(&t->lock);
    return m;
}

int train_session_weights(TrainSession *t, NnModel *m, unsigned *serial)
{
    int copied = 0;
    pthread_mutex_lock(&t->lock);
    if (t->weights && m->n_params == t->n_weights && t->st.weights_serial != *serial) {
        memcpy(m->params, t->weights, t->n_weights * sizeof *t->weights);
        *serial = t->st.weights_serial;
        copied = 1;
    }
    pthread_mutex_unlock(&t->lock);
    return copied;
}

/* Changes a request under the lock and wakes the job. */
#define REQUEST(t, stmt)                                                                           \
    do {                                                                                           \
        pthread_mutex_lock(&(t)->lock);                                                            \
        stmt;                                                                                      \
        pthread_cond_broadcast(&(t)->changed);                                                     \
        pthread_mutex_unlock(&(t)->lock);                                                          \
    } while (0)

void train_session_pause(TrainSession *t, int on)
{
    REQUEST(t, t->paused = on != 0);
}

void train_session_step(TrainSession *t)
{
    REQUEST(t, t->step = t->paused);
}

void train_session_set_lr(TrainSession *t, float lr)
{
    lr = lr < 1e-5f ? 1e-5f : lr > 100.0f ? 100.0f : lr;
    REQUEST(t, t->lr = lr);
}

void train_session_set_batch(TrainSession *t, int batch)
{
    batch = batch < 1 ? 1 : batch > 4096 ? 4096 : batch;
    REQUEST(t, t->batch = batch);
}

void train_session_set_speed(TrainSession *t, double per_second)
{
    REQUEST(t, t->speed = per_second > 0.0 ? per_second : 0.0);
}

void train_session_save(TrainSession *t, const char *path)
{
    REQUEST(t, snprintf(t->save_path, sizeof t->save_path, "%s", path));
}
