/* finetune.c - adapting a model to one person's drawings mixed with MNIST (finetune.h).
 *
 * The mix of one run, N = its images:
 *     mnist[sample of cfg->mnist from [0, n_train)]      the digits it must not forget
 *     + each drawing trained on, cfg->copies times, distorted (ink_augment_image)
 *     + made non-digits and made digits in the proportion of the model's own training
 * trained for cfg->epochs epochs with the model's cost and optimiser at a low rate; the kept
 * epoch is the last whose held-out MNIST accuracy is within INK_FINETUNE_MAX_DROP of the start.
 */
#include "ink/finetune.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ink/augment.h"
#include "ink/classify.h"
#include "ink/made.h"
#include "nn/loss.h"
#include "nn/optim.h"
#include "nn/rng.h"

enum { SIDE = 28, PIXELS = SIDE * SIDE };

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A value in 0..1 as a pixel byte, rounded. */
static uint8_t to_byte(float v)
{
    v = v * 255.0f + 0.5f;
    return (uint8_t)(v <= 0.0f ? 0.0f : v >= 255.0f ? 255.0f : v);
}

InkFinetuneConfig ink_finetune_defaults(void)
{
    return (InkFinetuneConfig){.mnist = 30000, .copies = 10, .epochs = 3, .seed = 1};
}

int ink_finetune_check(const NnModel *m, const char *model_path, const InkLabelled *set,
                       const char *drawings_path, SnError *err)
{
    int rc = ink_classify_check(m, model_path, err);
    if (rc != 0)
        return rc;
    if (m->info.in_h != SIDE || m->info.in_w != SIDE)
        return sn_error(err, SN_E_FORMAT,
                        "%s: reads %d x %d images; fine-tuning on drawings needs a 28 x 28 input",
                        model_path, m->info.in_h, m->info.in_w);
    if (!ink_reads_digits(m))
        return sn_error(err, SN_E_FORMAT,
                        "%s: reads %s, ..., not digits: labelled drawings are digits, so it "
                        "cannot be fine-tuned on them", model_path, m->info.labels[0]);
    int of_class = 0;
    for (int i = 0; i < set->n; i++) {
        int label = set->label[i];
        if (label != INK_NO_CLASS && (label < 0 || label >= m->n_out))
            return sn_error(err, SN_E_ARG, "%s: drawing %d: label %d is not a class of %s (0..%d)",
                            drawings_path, i + 1, label, model_path, m->n_out - 1);
        of_class += label != INK_NO_CLASS;
    }
    if (of_class < INK_FINETUNE_MIN_DRAWINGS)
        return sn_error(err, SN_E_ARG, "%s: no drawing of a digit to fine-tune on",
                        drawings_path);
    return 0;
}

/* Everything one fine-tuning holds, freed by release(). */
typedef struct Tune {
    NnModel *m;
    const InkLabelled *set;
    const NnDataset *mnist;
    const InkFinetuneConfig *cfg;
    int n_train, n_val;
    uint8_t *grid;    /* (set->n, 28 x 28) each drawing as the network sees it */
    uint8_t *held;    /* (set->n) 1 where the drawing is held back */
    int *val_idx;     /* (n_val) the held-out MNIST images */
    NnDataset mix;    /* the images of an epoch */
    float *start, *kept; /* (n_params) the weights at the start, and of the epoch kept */
    float *scratch;   /* the distortions' scratch */
    NnTrainer t;
    long done_before; /* samples of the epochs before the current one */
    long total;       /* samples of the whole run */
} Tune;

static void release(Tune *u)
{
    nn_trainer_free(&u->t);
    nn_dataset_free(&u->mix);
    free(u->grid);
    free(u->held);
    free(u->val_idx);
    free(u->start);
    free(u->kept);
    free(u->scratch);
}

/* Each drawing through the app's path into grid bytes; marks the ones held back. */
static int prepare_drawings(Tune *u, SnError *err)
{
    const InkLabelled *s = u->set;
    u->grid = malloc((size_t)s->n * PIXELS + 1);
    u->held = calloc((size_t)s->n + 1, 1);
    if (!u->grid || !u->held)
        return sn_error(err, SN_E_NOMEM, "out of memory for %d drawings", s->n);
    int seen[NN_MAX_CLASSES + 1] = {0};
    const int hold = u->cfg->hold_out && s->n >= INK_FINETUNE_MIN_HOLD_OUT;
    for (int i = 0; i < s->n; i++) {
        InkAnswer a;
        char what[32];
        snprintf(what, sizeof what, "drawing %d", i + 1);
        int rc = ink_classify(u->m, &(InkInput){.drawing = &s->d[i], .what = what}, &a, err);
        if (rc < 0)
            return rc;
        for (int k = 0; k < PIXELS; k++)
            u->grid[(size_t)i * PIXELS + k] = to_byte(a.grid[k]);
        int c = s->label[i] == INK_NO_CLASS ? NN_MAX_CLASSES : s->label[i];
        u->held[i] = hold && seen[c]++ % 3 == 2;
    }
    return 0;
}

/* The share of the drawings (held back or trained on) of a class that m reads right through
 * the app's path, or -1 when there are none. */
static float drawings_right(Tune *u, int held, SnError *err, int *rc)
{
    int n = 0, right = 0;
    for (int i = 0; *rc == 0 && i < u->set->n; i++) {
        if (u->held[i] != held || u->set->label[i] == INK_NO_CLASS)
            continue;
        InkAnswer a;
        *rc = ink_classify(u->m, &(InkInput){.drawing = &u->set->d[i], .what = "drawing"}, &a,
                           err);
        n++;
        right += *rc == 0 && a.top == u->set->label[i] && !ink_answer_refused(u->m, &a);
    }
    return n > 0 ? (float)right / (float)n : -1.0f;
}

/* Accuracy and refused share on the held-out MNIST images. */
static int measure_mnist(Tune *u, float *acc, float *refused, SnError *err)
{
    NnEvalDetail d = {0};
    *acc = nn_evaluate(u->m, u->mnist, u->val_idx, u->n_val, &d, err);
    if (*acc < 0.0f)
        return err->code ? err->code : SN_E_ARG;
    *refused = (float)d.refused / (float)u->n_val;
    return 0;
}

/* Appends one image with its label to the mix. */
static void put(NnDataset *mix, const uint8_t *pixels, uint8_t label)
{
    memcpy(mix->images + (size_t)mix->n * PIXELS, pixels, PIXELS);
    mix->labels[mix->n++] = label;
}

/* The mix of images one epoch trains on (see the top of the file). */
static int build_mix(Tune *u, SnError *err)
{
    const NnModel *m = u->m;
    const InkFinetuneConfig *cfg = u->cfg;
    const NnTrainInfo *ti = &m->info.train;
    const int n_mnist = cfg->mnist < u->n_train ? cfg->mnist : u->n_train;
    int n_tuned = 0;
    for (int i = 0; i < u->set->n; i++)
        n_tuned += !u->held[i];
    /* the made images in the proportion the model was trained with */
    const double per = ti->samples > 0 ? (double)n_mnist / (double)ti->samples : 0.0;
    const int n_out = (int)((double)ti->outliers * per);
    const int n_dig = (int)((double)ti->made_digits * per);
    const long n = (long)n_mnist + (long)n_tuned * cfg->copies + n_out + n_dig;
    if (n > NN_IDX_MAX_COUNT)
        return sn_error(err, SN_E_LIMIT, "a mix of %ld images is too many", n);
    u->mix = (NnDataset){.rows = SIDE, .cols = SIDE};
    u->mix.images = malloc((size_t)n * PIXELS);
    u->mix.labels = malloc((size_t)n);
    u->scratch = malloc(ink_augment_scratch_size(SIDE, SIDE) * sizeof *u->scratch);
    int *pick = malloc((size_t)u->n_train * sizeof *pick);
    if (!u->mix.images || !u->mix.labels || !u->scratch || !pick) {
        free(pick);
        return sn_error(err, SN_E_NOMEM, "out of memory for a mix of %ld images", n);
    }
    NnRng rng;
    nn_rng_seed(&rng, cfg->seed ^ 0x6D69786D6E697374ull); /* "mixmnist" */
    /* a sample of the MNIST training images: the first n_mnist of a shuffle */
    for (int i = 0; i < u->n_train; i++)
        pick[i] = i;
    for (int i = 0; i < n_mnist; i++) {
        int j = i + (int)(nn_rng_u32(&rng) % (uint32_t)(u->n_train - i));
        int tmp = pick[i];
        pick[i] = pick[j];
        pick[j] = tmp;
        put(&u->mix, u->mnist->images + (size_t)pick[i] * PIXELS, u->mnist->labels[pick[i]]);
    }
    free(pick);
    /* the drawings, each distorted a little, copies times */
    InkAugment aug = ink_augment_none();
    aug.shift = 2.0f, aug.rotate = 8.0f, aug.scale_min = 0.9f, aug.scale_max = 1.1f;
    aug.elastic = 0.5f, aug.elastic_sigma = 4.0f, aug.thickness = 0.3f, aug.prob = 1.0f;
    float img[PIXELS];
    uint8_t bytes[PIXELS];
    for (int i = 0; i < u->set->n; i++) {
        if (u->held[i])
            continue;
        const int label = u->set->label[i];
        for (int k = 0; k < cfg->copies; k++) {
            uint64_t seed = (uint64_t)nn_rng_u32(&rng) << 32 | nn_rng_u32(&rng);
            ink_augment_image(&aug, u->grid + (size_t)i * PIXELS, SIDE, SIDE,
                              label == INK_NO_CLASS ? -1 : label, seed, u->scratch, img);
            for (int p = 0; p < PIXELS; p++)
                bytes[p] = to_byte(img[p]);
            put(&u->mix, bytes, label == INK_NO_CLASS ? NN_NO_CLASS : (uint8_t)label);
        }
    }
    /* the made images, from the training streams of this fine-tuning's seed */
    int rc = ink_made_images(u->mix.images + (size_t)u->mix.n * PIXELS, NULL, n_out, cfg->seed,
                             INK_MADE_TRAINING, NULL, NULL, err);
    if (rc == 0) {
        memset(u->mix.labels + u->mix.n, NN_NO_CLASS, (size_t)n_out);
        u->mix.n += n_out;
        rc = ink_made_images(u->mix.images + (size_t)u->mix.n * PIXELS,
                             u->mix.labels + u->mix.n, n_dig, cfg->seed, INK_MADE_TRAINING, NULL,
                             NULL, err);
        u->mix.n += rc == 0 ? n_dig : 0;
    }
    return rc;
}

/* The trainer: the model's cost and optimiser at a low rate, a constant schedule. */
static int prepare_trainer(Tune *u, SnError *err)
{
    const NnTrainInfo *ti = &u->m->info.train;
    NnTrainConfig tc = {0};
    const int softmax = u->m->layers[u->m->n_layers - 1].act == NN_ACT_SOFTMAX;
    if (nn_cost_parse(ti->cost, &tc.cost) != 0 ||
        (tc.cost == NN_COST_CROSS_ENTROPY && !softmax))
        tc.cost = softmax ? NN_COST_CROSS_ENTROPY : NN_COST_QUADRATIC;
    NnOptimKind kind;
    if (nn_optim_parse(ti->optimizer, &kind) != 0)
        kind = NN_OPT_ADAM;
    tc.opt = nn_optim_defaults(kind);
    if (kind != NN_OPT_SGD && ti->momentum > 0.0f && ti->momentum < 1.0f)
        tc.opt.momentum = ti->momentum;
    tc.opt.lr = u->cfg->lr > 0.0f          ? u->cfg->lr
                : ti->learning_rate > 0.0f ? 0.1f * ti->learning_rate
                                           : 0.1f * tc.opt.lr;
    tc.batch_size = ti->batch_size > 0 && ti->batch_size <= 256 ? ti->batch_size : 32;
    tc.epochs = u->cfg->epochs;
    tc.seed = u->cfg->seed ^ 0x73687566666C6521ull; /* "shuffle!": the order's own stream */
    return nn_trainer_init(&u->t, u->m, &tc, err);
}

/* Passes the trainer's per-batch progress on as progress over the whole run. */
static int on_batch(void *user, int done, int total, float loss, float acc)
{
    Tune *u = user;
    (void)total;
    return u->cfg->progress(u->cfg->user, (int)(u->done_before + done), (int)u->total, loss,
                            acc);
}

/* Trains the epochs, keeping the last one that kept MNIST (else the least loss of it). 0, 1
 * when stopped, or a negative code. */
static int train_epochs(Tune *u, InkFinetuneReport *rep, SnError *err)
{
    const size_t bytes = u->m->n_params * sizeof(float);
    float least_drop = INFINITY;
    int kept_ok = 0;
    u->total = (long)u->cfg->epochs * u->mix.n;
    for (int e = 0; e < u->cfg->epochs; e++) {
        NnEpochStats st;
        u->done_before = (long)e * u->mix.n;
        int rc = nn_train_epoch(&u->t, &u->mix, NULL, u->mix.n, u->cfg->progress ? on_batch : NULL,
                                u, &st, err);
        if (rc != 0)
            return rc;
        float acc, refused;
        if ((rc = measure_mnist(u, &acc, &refused, err)) != 0)
            return rc;
        float drop = rep->mnist_before - acc;
        if (drop <= INK_FINETUNE_MAX_DROP || (!kept_ok && drop < least_drop)) {
            kept_ok = kept_ok || drop <= INK_FINETUNE_MAX_DROP;
            least_drop = drop < least_drop ? drop : least_drop;
            memcpy(u->kept, u->m->params, bytes);
            rep->epoch_kept = e + 1;
        }
    }
    memcpy(u->m->params, u->kept, bytes);
    nn_model_thaw(u->m);
    return 0;
}

/* Chooses the refusal rule again on held-out MNIST so that it refuses the share it refused
 * before, measured on held-out made non-digits too. */
static int refit_refusal(Tune *u, InkFinetuneReport *rep, SnError *err)
{
    NnModel *m = u->m;
    const int made = u->n_val < INK_HELD_OUT_MADE ? u->n_val : INK_HELD_OUT_MADE;
    int rc = ink_refusal_choose(m, u->mnist, u->val_idx, u->n_val, NULL, u->cfg->seed,
                                rep->refused_before, made,
                                "MNIST digits (as before fine-tuning)", NULL, NULL,
                                &rep->refusal, err);
    rep->refit = rc == 0;
    return rc;
}

int ink_finetune(NnModel *m, const InkLabelled *set, const NnDataset *mnist, int n_train,
                 int n_val, const InkFinetuneConfig *cfg, InkFinetuneReport *rep, SnError *err)
{
    const double t0 = now_seconds();
    *rep = (InkFinetuneReport){.held_before = -1.0f, .held_after = -1.0f,
                               .tuned_before = -1.0f, .tuned_after = -1.0f};
    int rc = ink_finetune_check(m, "the model", set, "the drawings", err);
    if (rc != 0)
        return rc;
    if (mnist->rows != SIDE || mnist->cols != SIDE || n_train < 1 || n_val < 100 ||
        (long)n_train + n_val > mnist->n || cfg->copies < 1 || cfg->epochs < 1 || cfg->mnist < 0)
        return sn_error(err, SN_E_ARG,
                        "fine-tuning needs 28 x 28 MNIST images, at least 1 to train on and 100 "
                        "held out (got %d and %d of %d), copies and epochs of at least 1",
                        n_train, n_val, mnist->n);
    Tune u = {.m = m, .set = set, .mnist = mnist, .cfg = cfg, .n_train = n_train,
              .n_val = n_val};
    u.val_idx = malloc((size_t)n_val * sizeof *u.val_idx);
    u.start = malloc(m->n_params * sizeof *u.start);
    u.kept = malloc(m->n_params * sizeof *u.kept);
    if (!u.val_idx || !u.start || !u.kept) {
        release(&u);
        return sn_error(err, SN_E_NOMEM, "out of memory");
    }
    for (int i = 0; i < n_val; i++)
        u.val_idx[i] = n_train + i;
    memcpy(u.start, m->params, m->n_params * sizeof *u.start);
    const NnModelInfo before = m->info;
    rc = prepare_drawings(&u, err);
    for (int i = 0; i < set->n; i++) {
        rep->n_held += u.held && u.held[i] && set->label[i] != INK_NO_CLASS;
        rep->n_tuned += u.held && !u.held[i];
    }
    if (rc == 0)
        rep->held_before = drawings_right(&u, 1, err, &rc);
    if (rc == 0)
        rep->tuned_before = drawings_right(&u, 0, err, &rc);
    if (rc == 0)
        rc = measure_mnist(&u, &rep->mnist_before, &rep->refused_before, err);
    if (rc == 0)
        rc = build_mix(&u, err);
    rep->n_mix = u.mix.n;
    if (rc == 0)
        rc = prepare_trainer(&u, err);
    if (rc == 0)
        rc = train_epochs(&u, rep, err);
    nn_model_set_training(m, 0);
    if (rc == 0 && before.refuse_below > 0.0f)
        rc = refit_refusal(&u, rep, err);
    if (rc == 0)
        rc = measure_mnist(&u, &rep->mnist_after, &rep->refused_after, err);
    if (rc == 0)
        rep->held_after = drawings_right(&u, 1, err, &rc);
    if (rc == 0)
        rep->tuned_after = drawings_right(&u, 0, err, &rc);
    if (rc != 0) { /* stopped or failed: the model as it was */
        memcpy(m->params, u.start, m->n_params * sizeof *u.start);
        nn_model_thaw(m);
        m->info = before;
    } else {
        rep->seconds = now_seconds() - t0;
        NnFinetuneInfo *ft = &m->info.train.ft;
        snprintf(ft->from, sizeof ft->from, "%s", before.name);
        ft->samples = rep->n_tuned;
        ft->mnist = cfg->mnist < n_train ? cfg->mnist : n_train;
        ft->copies = cfg->copies;
        ft->epochs = rep->epoch_kept;
        ft->learning_rate = u.t.cfg.opt.lr;
        ft->seconds = rep->seconds;
    }
    release(&u);
    return rc;
}
