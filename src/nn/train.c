/* train.c - stochastic gradient descent over mini-batches.
 *
 * An epoch shuffles the training samples, then walks them in batches of B: convert the B images
 * to floats, run the forward pass, measure the cost and its gradient, backpropagate, and let the
 * optimiser move every weight and bias a small step downhill. B = 1 is the pure stochastic
 * gradient descent of the seed; larger B averages the gradient over more samples per step (the
 * costs are means over the batch) and makes each step one large matrix product.
 */
#include "nn/train.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn/threads.h"

#define EVAL_BATCH 256

void nn_pixels_to_input(const uint8_t *pixels, size_t count, float scale, float offset, float *out)
{
    for (size_t i = 0; i < count; i++)
        out[i] = (float)pixels[i] * scale + offset;
}

/* The images order[0..n) of ds converted to model inputs x (n, D), part t of T. */
typedef struct ConvertJob {
    const NnDataset *ds;
    const int *order;
    float scale, offset;
    float *x;
    int n, D, T;
} ConvertJob;

static void convert_part(void *ctx, int t)
{
    const ConvertJob *j = ctx;
    const size_t img = (size_t)j->ds->rows * (size_t)j->ds->cols;
    for (int i = j->n * t / j->T; i < j->n * (t + 1) / j->T; i++)
        nn_pixels_to_input(j->ds->images + (size_t)j->order[i] * img, img, j->scale, j->offset,
                           j->x + (size_t)i * j->D);
}

/* part of whole, 0 of nothing */
static float share(long part, long whole)
{
    return whole > 0 ? (float)part / (float)whole : 0.0f;
}

int nn_trainer_init(NnTrainer *t, NnModel *m, const NnTrainConfig *cfg, SnError *err)
{
    memset(t, 0, sizeof *t);
    if (cfg->batch_size < 1 || cfg->batch_size > 65536)
        return sn_error(err, SN_E_ARG, "batch size must be 1 to 65536, got %d", cfg->batch_size);
    if (cfg->cost == NN_COST_CROSS_ENTROPY && m->layers[m->n_layers - 1].act != NN_ACT_SOFTMAX)
        return sn_error(err, SN_E_ARG,
                        "the cross-entropy cost needs a softmax output layer (last layer is %s)",
                        nn_act_name(m->layers[m->n_layers - 1].act));
    if (!(cfg->opt.lr > 0.0f))
        return sn_error(err, SN_E_ARG, "learning rate must be positive");
    t->model = m;
    t->cfg = *cfg;
    nn_model_thaw(m); /* the weights are about to change */
    nn_rng_seed(&t->rng, cfg->seed);
    nn_rng_seed(&m->rng, cfg->seed ^ 0xD1B54A32D192ED03ull); /* dropout's own stream */
    int rc = nn_model_reserve(m, cfg->batch_size, err);
    if (rc)
        return rc;
    rc = nn_optim_state_init(&t->opt, &cfg->opt, m->n_params, err);
    if (rc)
        return rc;
    size_t b = (size_t)cfg->batch_size;
    t->x = malloc(b * (size_t)m->n_in * sizeof *t->x);
    t->y = malloc(b);
    t->dout = malloc(b * (size_t)m->n_out * sizeof *t->dout);
    if (!t->x || !t->y || !t->dout) {
        nn_trainer_free(t);
        return sn_error(err, SN_E_NOMEM, "out of memory for a batch of %zu", b);
    }
    t->online = nn_online_supported(m, cfg->opt.kind, cfg->opt.momentum, cfg->opt.weight_decay,
                                    cfg->batch_size);
    if (t->online && (rc = nn_online_init(&t->one, m, err)) != 0) {
        nn_trainer_free(t);
        return rc;
    }
    return 0;
}

int nn_trainer_set_batch(NnTrainer *t, int batch, SnError *err)
{
    if (batch < 1 || batch > 65536)
        return sn_error(err, SN_E_ARG, "batch size must be 1 to 65536, got %d", batch);
    if (batch == t->cfg.batch_size)
        return 0;
    NnModel *m = t->model;
    int rc = nn_model_reserve(m, batch, err);
    if (rc)
        return rc;
    size_t b = (size_t)batch;
    float *x = malloc(b * (size_t)m->n_in * sizeof *x);
    uint8_t *y = malloc(b);
    float *dout = malloc(b * (size_t)m->n_out * sizeof *dout);
    const NnOptimConfig *o = &t->cfg.opt;
    int online = nn_online_supported(m, o->kind, o->momentum, o->weight_decay, batch);
    NnOnline one = {0};
    if (!x || !y || !dout) {
        rc = sn_error(err, SN_E_NOMEM, "out of memory for a batch of %zu", b);
    } else if (online && !t->online) {
        rc = nn_online_init(&one, m, err);
    }
    if (rc) {
        free(x);
        free(y);
        free(dout);
        return rc;
    }
    free(t->x);
    free(t->y);
    free(t->dout);
    t->x = x;
    t->y = y;
    t->dout = dout;
    if (online && !t->online) {
        t->one = one;
    } else if (!online && t->online) {
        nn_online_free(&t->one);
        memset(&t->one, 0, sizeof t->one);
    }
    t->online = online;
    t->cfg.batch_size = batch;
    return 0;
}

void nn_trainer_free(NnTrainer *t)
{
    nn_optim_state_free(&t->opt);
    free(t->x);
    free(t->y);
    free(t->dout);
    free(t->order);
    nn_online_free(&t->one);
    memset(t, 0, sizeof *t);
}

/* Whether label is a class of m, or (when training, no_class is 1) NN_NO_CLASS. */
static int label_ok(const NnModel *m, uint8_t label, int no_class)
{
    return label < m->n_out || (no_class && label == NN_NO_CLASS);
}

/* Checks ds[subset[0..n)] against m; training (no_class 1) also takes samples of no class. */
static int check_dataset(const NnModel *m, const NnDataset *ds, const int *subset, int n,
                         int no_class, SnError *err)
{
    if ((size_t)ds->rows * (size_t)ds->cols != (size_t)m->n_in)
        return sn_error(err, SN_E_ARG, "images are %dx%d = %d pixels but the model takes %d inputs",
                        ds->rows, ds->cols, ds->rows * ds->cols, m->n_in);
    if (n < 0 || n > ds->n)
        return sn_error(err, SN_E_ARG, "asked for %d samples of a set of %d", n, ds->n);
    for (int i = 0; i < n; i++) {
        int k = subset ? subset[i] : i;
        if (k < 0 || k >= ds->n)
            return sn_error(err, SN_E_ARG, "sample index %d out of range", k);
        if (!label_ok(m, ds->labels[k], no_class))
            return sn_error(err, SN_E_ARG, "label %d of sample %d exceeds the model's %d outputs",
                            ds->labels[k], k, m->n_out);
    }
    return 0;
}

/* The epoch's sample order in t->order: a fresh shuffle of ds[subset[0..n)], or when resuming
 * the order restored from a checkpoint, checked. Returns 0 or a negative code. */
static int epoch_order(NnTrainer *t, const NnDataset *ds, const int *subset, int n, int resume,
                       SnError *err)
{
    if (n > t->cap_order) {
        int *o = realloc(t->order, (size_t)n * sizeof *o);
        if (!o)
            return sn_error(err, SN_E_NOMEM, "out of memory for %d sample indices", n);
        t->order = o;
        t->cap_order = n;
    }
    if (resume) {
        /* continuing an epoch from a checkpoint: its order was restored with it */
        for (int i = 0; i < n; i++) {
            int k = t->order[i];
            if (k < 0 || k >= (subset ? ds->n : n) || !label_ok(t->model, ds->labels[k], 1))
                return sn_error(err, SN_E_FORMAT, "the resumed epoch's sample %d is out of range",
                                k);
        }
        return 0;
    }
    for (int i = 0; i < n; i++)
        t->order[i] = subset ? subset[i] : i;
    nn_rng_shuffle(&t->rng, t->order, (size_t)n); /* the "stochastic" in SGD */
    return 0;
}

int nn_train_epoch(NnTrainer *t, const NnDataset *ds, const int *subset, int n,
                   NnProgressFn progress, void *user, NnEpochStats *stats, SnError *err)
{
    NnModel *m = t->model;
    int rc = check_dataset(m, ds, subset, n, 1, err);
    if (rc)
        return rc;
    const int resume = t->pos > 0 && t->pos < n && t->pos_n == n;
    if ((rc = epoch_order(t, ds, subset, n, resume, err)) != 0)
        return rc;

    const int B = t->cfg.batch_size, D = m->n_in, C = m->n_out;
    const size_t img = (size_t)ds->rows * (size_t)ds->cols;
    float lr = nn_schedule_lr(&t->cfg.opt, t->epoch, t->cfg.epochs);
    nn_model_set_training(m, 1); /* dropout drops, batchnorm uses batch statistics */
    double loss_sum = resume ? t->pos_loss : 0.0;
    long correct = resume ? t->pos_correct : 0;
    int done = resume ? t->pos : 0, stopped = 0;
    /* the accuracy counts only the samples of a class: those of no class have no right answer */
    long labelled = 0;
    for (int i = 0; i < done; i++)
        labelled += ds->labels[t->order[i]] != NN_NO_CLASS;
    t->pos_n = n;
    if (t->online)
        nn_online_begin(&t->one, m); /* the weights move to W^T until the loop ends */
    while (done < n && !stopped) {
        int nb = n - done < B ? n - done : B;
        if (!t->cfg.augment) {
            /* plain conversion, shared out between threads when the batch is big enough */
            ConvertJob job = {ds,
                              t->order + done,
                              m->info.in_scale,
                              m->info.in_offset,
                              t->x,
                              nb,
                              D,
                              nb * D < (1 << 15) ? 1 : nn_pool_threads(m->pool)};
            nn_parallel(m->pool, job.T, convert_part, &job);
        }
        for (int i = 0; i < nb; i++) {
            int k = t->order[done + i];
            const uint8_t label = ds->labels[k];
            if (t->cfg.augment) {
                /* a distorted copy: the network never sees exactly the same image twice */
                float *x = t->x + (size_t)i * D;
                uint64_t seed = (uint64_t)nn_rng_u32(&t->rng) << 32 | nn_rng_u32(&t->rng);
                t->cfg.augment(t->cfg.augment_user, ds->images + (size_t)k * img, ds->rows,
                               ds->cols, label == NN_NO_CLASS ? -1 : label, seed, x);
                nn_model_scale_input(&m->info, x, x, img);
            }
            t->y[i] = label;
            labelled += label != NN_NO_CLASS;
        }
        if (t->online) {
            /* one sample, plain SGD: the sparse step that updates weights in place */
            int right;
            float loss = nn_online_step(&t->one, m, t->x, t->y[0], t->cfg.cost, lr, &right);
            loss_sum += (double)loss;
            correct += right;
            done += 1;
            t->pos = done, t->pos_loss = loss_sum, t->pos_correct = correct;
            int every = t->online_every > 0 ? t->online_every : 256;
            if (progress && (done % every == 0 || done == n) &&
                progress(user, done, n, (float)(loss_sum / done), share(correct, labelled)))
                stopped = 1;
            continue;
        }
        const float *out = nn_model_forward(m, t->x, nb);
        for (int i = 0; i < nb; i++)
            correct += nn_top_class(out + (size_t)i * C, C, NULL) == t->y[i];
        float loss;
        nn_model_zero_grad(m);
        if (t->cfg.cost == NN_COST_CROSS_ENTROPY) {
            loss = nn_softmax_cross_entropy(out, t->y, t->dout, nb, C);
            nn_model_backward(m, t->x, t->dout, nb, 1); /* dout is already dL/dz */
        } else {
            loss = nn_quadratic_cost(out, t->y, t->dout, nb, C);
            nn_model_backward(m, t->x, t->dout, nb, 0);
        }
        nn_optim_step(m->pool, &t->cfg.opt, &t->opt, m->n_params, m->params, m->grads, lr);
        loss_sum += (double)loss * nb;
        done += nb;
        t->pos = done, t->pos_loss = loss_sum, t->pos_correct = correct;
        if (progress && progress(user, done, n, (float)(loss_sum / done), share(correct, labelled)))
            stopped = 1;
    }
    if (t->online)
        nn_online_end(&t->one, m);
    nn_model_set_training(m, 0);
    if (!stopped) {
        /* between epochs: no position and no running sums, which the next epoch starts from
         * and a checkpoint saved now records */
        t->epoch++;
        t->pos = 0;
        t->pos_loss = 0.0;
        t->pos_correct = 0;
    }
    if (stats) {
        stats->samples = done;
        stats->loss = done ? (float)(loss_sum / done) : 0.0f;
        stats->accuracy = share(correct, labelled);
        stats->lr = lr;
    }
    return stopped;
}

/* One evaluated sample's output o: its answer (its top class, or m->n_out when the refusal rule
 * refuses it), and what detail asks about it (sample i of the pass). */
static int judge(const NnModel *m, const float *o, int i, NnEvalDetail *d)
{
    int p = nn_top_class(o, m->n_out, NULL), answer = p;
    if (m->info.refuse_below > 0.0f || (d && d->top)) {
        float probs[NN_MAX_CLASSES]; /* as every program shows them */
        nn_model_probabilities(m, o, probs);
        if (d && d->top)
            d->top[i] = probs[nn_top_class(probs, m->n_out, NULL)];
        if (nn_model_refuses(m, probs))
            answer = m->n_out;
    }
    if (d) {
        int finite = 1;
        for (int j = 0; j < m->n_out; j++)
            finite &= isfinite(o[j]) != 0;
        d->nonfinite += !finite;
        d->refused += answer == m->n_out;
        if (d->pred)
            d->pred[i] = (uint8_t)p;
        if (d->answer)
            d->answer[i] = (uint8_t)answer;
    }
    return answer;
}

/* The shared evaluation pass: counts the right answers of ds[subset[0..n)] in batches (an answer
 * the model's refusal rule refuses is not right), fills detail if given, and with want_loss adds
 * up each batch's mean cost times its size into *loss_sum (a sum over samples, so that a short
 * last batch weighs no more than its samples). Returns the count of right answers or a negative
 * code. */
static long evaluate(NnModel *m, const NnDataset *ds, const int *subset, int n, NnEvalDetail *d,
                     int want_loss, NnCost cost, double *loss_sum, SnError *err)
{
    if (d)
        d->refused = d->nonfinite = 0;
    int rc = check_dataset(m, ds, subset, n, 0, err);
    if (rc)
        return rc;
    if (n == 0)
        return 0;
    int B = n < EVAL_BATCH ? n : EVAL_BATCH;
    if ((rc = nn_model_reserve(m, B, err)) != 0)
        return rc;
    const size_t img = (size_t)ds->rows * (size_t)ds->cols;
    float *x = malloc((size_t)B * img * sizeof *x);
    uint8_t *y = malloc((size_t)B);
    if (!x || !y) {
        free(x);
        free(y);
        return sn_error(err, SN_E_NOMEM, "out of memory for an evaluation batch");
    }
    long correct = 0;
    nn_model_set_training(m, 0); /* dropout off, batchnorm uses its running statistics */
    for (int done = 0; done < n; done += B) {
        int nb = n - done < B ? n - done : B;
        for (int i = 0; i < nb; i++) {
            int k = subset ? subset[done + i] : done + i;
            nn_pixels_to_input(ds->images + (size_t)k * img, img, m->info.in_scale,
                               m->info.in_offset, x + (size_t)i * img);
            y[i] = ds->labels[k];
        }
        const float *out = nn_model_forward(m, x, nb);
        for (int i = 0; i < nb; i++)
            correct += judge(m, out + (size_t)i * m->n_out, done + i, d) == y[i];
        if (want_loss) {
            /* the cost functions return the batch mean; no gradient is asked for */
            float mean = cost == NN_COST_CROSS_ENTROPY
                             ? nn_softmax_cross_entropy(out, y, NULL, nb, m->n_out)
                             : nn_quadratic_cost(out, y, NULL, nb, m->n_out);
            *loss_sum += (double)mean * nb;
        }
    }
    free(x);
    free(y);
    return correct;
}

float nn_evaluate(NnModel *m, const NnDataset *ds, const int *subset, int n, NnEvalDetail *detail,
                  SnError *err)
{
    long correct = evaluate(m, ds, subset, n, detail, 0, NN_COST_QUADRATIC, NULL, err);
    if (correct < 0)
        return -1.0f;
    return n > 0 ? (float)correct / (float)n : 0.0f;
}

int nn_evaluate_loss(NnModel *m, const NnDataset *ds, const int *subset, int n, NnCost cost,
                     float *loss, float *accuracy, SnError *err)
{
    if (cost == NN_COST_CROSS_ENTROPY && m->layers[m->n_layers - 1].act != NN_ACT_SOFTMAX)
        return sn_error(err, SN_E_ARG,
                        "the cross-entropy cost needs a softmax output layer (last layer is %s)",
                        nn_act_name(m->layers[m->n_layers - 1].act));
    double loss_sum = 0.0;
    long correct = evaluate(m, ds, subset, n, NULL, 1, cost, &loss_sum, err);
    if (correct < 0)
        return (int)correct;
    *loss = n > 0 ? (float)(loss_sum / n) : 0.0f;
    *accuracy = n > 0 ? (float)correct / (float)n : 0.0f;
    return 0;
}
