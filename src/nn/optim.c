/* optim.c - gradient descent and its refinements.
 *
 * Training means finding the weights and biases that make the cost small. The gradient g =
 * dL/dw points uphill, so each step moves the other way: w <- w - lr * g. Computing g on a small
 * random batch instead of the whole data set is stochastic gradient descent: "normal gradient
 * descent, but drunk" - each step is noisy, but cheap, and on average downhill.
 *
 * L2 weight decay adds lambda/2 |w|^2 to the cost, i.e. lambda * w to every gradient: it pulls
 * weights towards zero and keeps the network from relying on a few huge ones.
 * Momentum keeps a running velocity v = mu v + g so steps build up along consistent directions
 * and the noise averages out. Adam scales each parameter's step by running estimates of the
 * gradient's mean (m) and uncentred variance (v), corrected for their zero start.
 */
#include "nn/optim.h"
#include "nn/simd.h"
#include "nn/threads.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const optim_names[NN_OPT_COUNT] = {"sgd", "momentum", "adam"};
static const char *const schedule_names[NN_SCHED_COUNT] = {"constant", "step", "cosine"};

NnOptimConfig nn_optim_defaults(NnOptimKind kind)
{
    NnOptimConfig c = {
        .kind = kind,
        .lr = 0.1f,
        .momentum = 0.9f,
        .beta2 = 0.999f,
        .eps = 1e-8f,
        .weight_decay = 0.0f,
        .schedule = NN_SCHED_CONSTANT,
        .step_every = 5,
        .gamma = 0.5f,
        .lr_min = 0.0f,
    };
    if (kind == NN_OPT_SGD)
        c.momentum = 0.0f;
    if (kind == NN_OPT_MOMENTUM)
        c.lr = 0.05f;
    if (kind == NN_OPT_ADAM)
        c.lr = 1e-3f;
    return c;
}

const char *nn_optim_name(NnOptimKind kind)
{
    return (kind >= 0 && kind < NN_OPT_COUNT) ? optim_names[kind] : "unknown";
}

int nn_optim_parse(const char *name, NnOptimKind *kind)
{
    for (int i = 0; i < NN_OPT_COUNT; i++) {
        if (strcmp(name, optim_names[i]) == 0) {
            *kind = (NnOptimKind)i;
            return 0;
        }
    }
    return SN_E_ARG;
}

const char *nn_schedule_name(NnSchedule s)
{
    return (s >= 0 && s < NN_SCHED_COUNT) ? schedule_names[s] : "unknown";
}

int nn_schedule_parse(const char *name, NnSchedule *s)
{
    for (int i = 0; i < NN_SCHED_COUNT; i++) {
        if (strcmp(name, schedule_names[i]) == 0) {
            *s = (NnSchedule)i;
            return 0;
        }
    }
    return SN_E_ARG;
}

int nn_optim_state_init(NnOptimState *st, const NnOptimConfig *cfg, size_t n, SnError *err)
{
    memset(st, 0, sizeof *st);
    st->n = n;
    if (cfg->kind == NN_OPT_MOMENTUM || cfg->kind == NN_OPT_ADAM) {
        st->m = calloc(n, sizeof *st->m);
        if (!st->m)
            return sn_error(err, SN_E_NOMEM, "out of memory for optimiser state (%zu values)", n);
    }
    if (cfg->kind == NN_OPT_ADAM) {
        st->v = calloc(n, sizeof *st->v);
        if (!st->v) {
            nn_optim_state_free(st);
            return sn_error(err, SN_E_NOMEM, "out of memory for optimiser state (%zu values)", n);
        }
    }
    return 0;
}

void nn_optim_state_free(NnOptimState *st)
{
    free(st->m);
    free(st->v);
    memset(st, 0, sizeof *st);
}

float nn_schedule_lr(const NnOptimConfig *cfg, int epoch, int n_epochs)
{
    switch (cfg->schedule) {
    case NN_SCHED_STEP: {
        int every = cfg->step_every > 0 ? cfg->step_every : 1;
        return cfg->lr * powf(cfg->gamma, (float)(epoch / every));
    }
    case NN_SCHED_COSINE: {
        /* half a cosine wave from lr down to lr_min over the run */
        double frac = n_epochs > 0 ? (double)epoch / n_epochs : 0.0;
        double c = 0.5 * (1.0 + cos(3.14159265358979323846 * frac));
        return cfg->lr_min + (float)((double)(cfg->lr - cfg->lr_min) * c);
    }
    default:
        return cfg->lr;
    }
}

/* The update of params[i0, i1): every parameter on its own, so any split gives the same bits.
 * step and eps are Adam's corrected step size and epsilon. */
NN_VECTOR_CLONES
static void update_range(const NnOptimConfig *cfg, NnOptimState *st, size_t i0, size_t i1,
                         float *params, const float *grads, float lr, float step, float eps)
{
    const float wd = cfg->weight_decay;
    switch (cfg->kind) {
    case NN_OPT_SGD:
        for (size_t i = i0; i < i1; i++)
            params[i] -= lr * (grads[i] + wd * params[i]); /* w <- w - lr (g + lambda w) */
        break;
    case NN_OPT_MOMENTUM: {
        const float mu = cfg->momentum;
        for (size_t i = i0; i < i1; i++) {
            float g = grads[i] + wd * params[i];
            st->m[i] = mu * st->m[i] + g; /* velocity: decayed sum of past gradients */
            params[i] -= lr * st->m[i];
        }
        break;
    }
    case NN_OPT_ADAM: {
        const float b1 = cfg->momentum, b2 = cfg->beta2;
        for (size_t i = i0; i < i1; i++) {
            float g = grads[i] + wd * params[i];
            st->m[i] = b1 * st->m[i] + (1.0f - b1) * g;     /* mean of g */
            st->v[i] = b2 * st->v[i] + (1.0f - b2) * g * g; /* mean of g^2 */
            params[i] -= step * st->m[i] / (sqrtf(st->v[i]) + eps);
        }
        break;
    }
    case NN_OPT_COUNT:
        break;
    }
}

typedef struct StepJob {
    const NnOptimConfig *cfg;
    NnOptimState *st;
    size_t n;
    float *params;
    const float *grads;
    float lr, step, eps;
    int T;
} StepJob;

static void step_part(void *ctx, int t)
{
    const StepJob *j = ctx;
    size_t i0 = j->n * (size_t)t / (size_t)j->T, i1 = j->n * (size_t)(t + 1) / (size_t)j->T;
    update_range(j->cfg, j->st, i0, i1, j->params, j->grads, j->lr, j->step, j->eps);
}

void nn_optim_step(NnPool *pool, const NnOptimConfig *cfg, NnOptimState *st, size_t n,
                   float *params, const float *grads, float lr)
{
    float step = 0.0f, eps = 0.0f;
    if (cfg->kind == NN_OPT_ADAM) {
        st->t++;
        /* bias corrections: m and v start at 0 and would underestimate early on */
        float c1 = 1.0f - powf(cfg->momentum, (float)st->t);
        float c2 = 1.0f - powf(cfg->beta2, (float)st->t);
        step = lr * sqrtf(c2) / c1; /* folds both corrections into the step size */
        eps = cfg->eps * sqrtf(c2);
    }
    /* shared between threads when there are enough parameters to pay for it */
    int T = n >= ((size_t)1 << 16) && !nn_in_parallel() ? nn_pool_threads(pool) : 1;
    StepJob j = {cfg, st, n, params, grads, lr, step, eps, T};
    if (T > 1)
        nn_parallel(pool, T, step_part, &j);
    else
        update_range(cfg, st, 0, n, params, grads, lr, step, eps);
}
