/* optim.h - optimisers: how the gradient turns into a change of the weights and biases.
 *
 * Each is a pure function over (n, params, grads, state): one step of gradient descent on a
 * flat parameter vector. State arrays belong to the caller (see NnOptimState).
 */
#ifndef NN_OPTIM_H
#define NN_OPTIM_H

#include <stddef.h>

#include "common/error.h"
#include "nn/threads.h"

typedef enum NnOptimKind {
    NN_OPT_SGD = 0,   /* w -= lr * g */
    NN_OPT_MOMENTUM,  /* v = mu v + g; w -= lr * v */
    NN_OPT_ADAM,      /* adaptive moments (Kingma & Ba) */
    NN_OPT_COUNT
} NnOptimKind;

typedef enum NnSchedule {
    NN_SCHED_CONSTANT = 0, /* lr stays the same */
    NN_SCHED_STEP,         /* lr * gamma^floor(epoch / step_every) */
    NN_SCHED_COSINE,       /* lr * (1 + cos(pi * epoch / epochs)) / 2, down to lr_min */
    NN_SCHED_COUNT
} NnSchedule;

typedef struct NnOptimConfig {
    NnOptimKind kind;
    float lr;            /* base learning rate */
    float momentum;      /* momentum coefficient mu (momentum), beta1 (adam) */
    float beta2;         /* adam second-moment decay, e.g. 0.999 */
    float eps;           /* adam denominator guard, e.g. 1e-8 */
    float weight_decay;  /* L2 coefficient lambda: the cost gains lambda/2 |w|^2 */
    NnSchedule schedule;
    int step_every;      /* step schedule: epochs between decays */
    float gamma;         /* step schedule: factor per decay, e.g. 0.5 */
    float lr_min;        /* cosine schedule: floor */
} NnOptimConfig;

/* Optimiser memory, one value per parameter. */
typedef struct NnOptimState {
    size_t n;   /* number of parameters */
    float *m;   /* (n) momentum velocity / adam first moment, or NULL for sgd */
    float *v;   /* (n) adam second moment, or NULL */
    long t;     /* steps taken (adam bias correction) */
} NnOptimState;

/* Sensible defaults for a kind: sgd lr 0.1, momentum lr 0.05 mu 0.9, adam lr 1e-3 (0.9, 0.999). */
NnOptimConfig nn_optim_defaults(NnOptimKind kind);
const char *nn_optim_name(NnOptimKind kind);
int nn_optim_parse(const char *name, NnOptimKind *kind);
const char *nn_schedule_name(NnSchedule s);
int nn_schedule_parse(const char *name, NnSchedule *s);

/* Allocates zeroed state for n parameters; returns 0 or SN_E_NOMEM. */
int nn_optim_state_init(NnOptimState *st, const NnOptimConfig *cfg, size_t n, SnError *err);
/* Frees state arrays; accepts a zeroed state. */
void nn_optim_state_free(NnOptimState *st);

/* The learning rate for a 0-based epoch of a run of n_epochs. */
float nn_schedule_lr(const NnOptimConfig *cfg, int epoch, int n_epochs);

/* One update of params (n) from grads (n) at learning rate lr, shared between pool's threads
 * when there are many parameters. */
void nn_optim_step(NnPool *pool, const NnOptimConfig *cfg, NnOptimState *st, size_t n,
                   float *params, const float *grads, float lr);

#endif
