/* test_finetune.c - teaching a model a person's handwriting (src/ink/finetune.c) in a test-sized
 * run: a small network trained for one epoch on MNIST, then fine-tuned on a scripted person's
 * drawings (ink_madedigit_styled), reads the person's held-back drawings clearly better and
 * MNIST's held-out images about as well; its refusal rule is chosen again on MNIST alone. */
#include <stdlib.h>
#include <string.h>

#include "ink/finetune.h"
#include "ink/madedigit.h"
#include "ink/refusal.h"
#include "nn/threads.h"
#include "test.h"

enum { N_TRAIN = 10000, N_VAL = 2000 };

static NnDataset mnist;
static NnPool *pool;

/* A 784-64-10 network trained one epoch on N_TRAIN MNIST images, with a refusal rule refusing
 * 1 % of the held-out ones and the record fine-tuning reads. */
static NnModel *small_model(void)
{
    SnError err = {0};
    NnLayerSpec s[2] = {NN_DENSE(64, NN_ACT_RELU), NN_DENSE(10, NN_ACT_SOFTMAX)};
    NnModel *m = nn_model_new_shape((NnShape){1, 28, 28}, s, 2, &err);
    CHECK(m != NULL);
    nn_model_set_pool(m, pool);
    NnRng rng;
    nn_rng_seed(&rng, 7);
    nn_model_init(m, &rng);
    NnTrainConfig cfg = {.cost = NN_COST_CROSS_ENTROPY, .batch_size = 32, .epochs = 1, .seed = 3};
    cfg.opt = nn_optim_defaults(NN_OPT_MOMENTUM);
    cfg.opt.lr = 0.05f;
    NnTrainer t;
    NnEpochStats st;
    CHECK(nn_trainer_init(&t, m, &cfg, &err) == 0);
    CHECK(nn_train_epoch(&t, &mnist, NULL, N_TRAIN, NULL, NULL, &st, &err) == 0);
    nn_trainer_free(&t);
    int *idx = malloc(N_VAL * sizeof *idx);
    for (int i = 0; i < N_VAL; i++)
        idx[i] = N_TRAIN + i;
    InkRefusal r;
    CHECK(ink_refusal_choose(m, &mnist, idx, N_VAL, NULL, 1, 0.01f, 0, "MNIST digits", NULL,
                             NULL, &r, &err) == 0);
    free(idx);
    NnTrainInfo *ti = &m->info.train;
    snprintf(ti->cost, sizeof ti->cost, "cross-entropy");
    snprintf(ti->optimizer, sizeof ti->optimizer, "momentum");
    ti->learning_rate = 0.05f, ti->momentum = 0.9f, ti->batch_size = 32, ti->samples = N_TRAIN;
    return m;
}

/* n drawings of each digit by the scripted person, variations from first on. */
static void person(InkLabelled *set, int n, uint64_t first)
{
    InkMdStyle hand = ink_madedigit_person();
    set->n = 10 * n;
    set->d = calloc((size_t)set->n, sizeof *set->d);
    set->label = calloc((size_t)set->n, sizeof *set->label);
    SnError err;
    for (int i = 0; i < set->n; i++) {
        set->label[i] = i % 10;
        CHECK(ink_madedigit_styled(first + (uint64_t)i, i % 10, &hand, &set->d[i], &err) == 0);
        ink_drawing_fit(&set->d[i], 20.0f);
    }
}

TEST(fine_tuning_reads_the_persons_held_back_drawings_better_and_keeps_mnist)
{
    NnModel *m = small_model();
    InkLabelled set;
    person(&set, 12, 100);
    InkFinetuneConfig cfg = ink_finetune_defaults();
    cfg.mnist = 5000, cfg.epochs = 2, cfg.hold_out = 1;
    InkFinetuneReport rep;
    SnError err = {0};
    CHECK(ink_finetune(m, &set, &mnist, N_TRAIN, N_VAL, &cfg, &rep, &err) == 0);
    printf("  held back %d: %.2f -> %.2f; MNIST %.4f -> %.4f; refused %.4f -> %.4f; %.1f s\n",
           rep.n_held, (double)rep.held_before, (double)rep.held_after,
           (double)rep.mnist_before, (double)rep.mnist_after, (double)rep.refused_before,
           (double)rep.refused_after, rep.seconds);
    CHECK(rep.n_held == 40 && rep.n_tuned == 80); /* every third of 12 of each digit */
    CHECK(rep.held_after >= rep.held_before + 0.15f);
    CHECK(rep.mnist_before - rep.mnist_after <= INK_FINETUNE_MAX_DROP);
    CHECK(m->info.train.ft.samples == 80 && m->info.train.ft.epochs == rep.epoch_kept);
    ink_labelled_free(&set);
    nn_model_free(m);
}

TEST(the_refusal_rule_is_refit_on_mnist_and_not_on_the_persons_drawings)
{
    /* the same drawings trained on, other drawings held back: the held-back ones may change
     * what is measured, never the weights or the rule */
    InkLabelled a, b;
    person(&a, 6, 500);
    person(&b, 6, 500);
    for (int i = 0; i < b.n; i++)
        if ((i / 10) % 3 == 2) { /* the third drawing of each digit is held back */
            ink_drawing_free(&b.d[i]);
            SnError err;
            CHECK(ink_madedigit_styled(9000 + (uint64_t)i, b.label[i], &(InkMdStyle){0},
                                       &b.d[i], &err) == 0);
            ink_drawing_fit(&b.d[i], 20.0f);
        }
    NnModel *ma = small_model(), *mb = small_model();
    InkFinetuneConfig cfg = ink_finetune_defaults();
    cfg.mnist = 3000, cfg.epochs = 1, cfg.hold_out = 1, cfg.copies = 5; /* 60 drawings */
    InkFinetuneReport ra, rb;
    SnError err = {0};
    CHECK(ink_finetune(ma, &a, &mnist, N_TRAIN, N_VAL, &cfg, &ra, &err) == 0);
    CHECK(ink_finetune(mb, &b, &mnist, N_TRAIN, N_VAL, &cfg, &rb, &err) == 0);
    CHECK(ra.refit && rb.refit);
    CHECK(ma->info.refuse_below == mb->info.refuse_below);
    CHECK(memcmp(ma->params, mb->params, ma->n_params * sizeof *ma->params) == 0);
    /* the bound is the one that refuses the share refused before of the held-out MNIST */
    int *idx = malloc(N_VAL * sizeof *idx);
    for (int i = 0; i < N_VAL; i++)
        idx[i] = N_TRAIN + i;
    float share = -1.0f;
    CHECK(ink_refusal_share(ma, &mnist, idx, N_VAL, &share, &err) == 0);
    CHECK(share <= ra.refused_before + 1e-6f && share >= ra.refused_before - 0.002f);
    CHECK(strstr(ma->info.refuse_chosen, "MNIST") != NULL);
    free(idx);
    ink_labelled_free(&a);
    ink_labelled_free(&b);
    nn_model_free(ma);
    nn_model_free(mb);
}

/* A progress function that stops the run at its first batch, counting its calls. */
static int stop_first(void *user, int done, int total, float loss, float acc)
{
    (void)done, (void)total, (void)loss, (void)acc;
    ++*(int *)user;
    return 1;
}

TEST(a_stopped_fine_tuning_leaves_the_model_as_it_was)
{
    NnModel *m = small_model();
    NnModel *copy = nn_model_copy(m, &(SnError){0});
    InkLabelled set;
    person(&set, 3, 40);
    InkFinetuneConfig cfg = ink_finetune_defaults();
    cfg.mnist = 2000, cfg.epochs = 1;
    int calls = 0;
    cfg.user = &calls;
    cfg.progress = stop_first;
    InkFinetuneReport rep;
    SnError err = {0};
    CHECK(ink_finetune(m, &set, &mnist, N_TRAIN, N_VAL, &cfg, &rep, &err) == 1);
    CHECK(calls == 1);
    CHECK(memcmp(m->params, copy->params, m->n_params * sizeof *m->params) == 0);
    CHECK(m->info.refuse_below == copy->info.refuse_below && m->info.train.ft.samples == 0);
    ink_labelled_free(&set);
    nn_model_free(m);
    nn_model_free(copy);
}

TEST(models_that_cannot_read_digit_drawings_are_refused)
{
    NnModel *m = small_model();
    InkLabelled set;
    person(&set, 1, 7);
    SnError err = {0};
    CHECK(ink_finetune_check(m, "m.json", &set, "d.jsonl", &err) == 0);
    snprintf(m->info.labels[0], NN_LABEL_LEN, "T-shirt/top"); /* Fashion-MNIST's first class */
    CHECK(ink_finetune_check(m, "m.json", &set, "d.jsonl", &err) == SN_E_FORMAT);
    CHECK(strstr(err.msg, "m.json") && strstr(err.msg, "not digits"));
    snprintf(m->info.labels[0], NN_LABEL_LEN, "0");
    set.label[3] = INK_NO_CLASS;
    CHECK(ink_finetune_check(m, "m.json", &set, "d.jsonl", &err) == 0);
    for (int i = 0; i < set.n; i++)
        set.label[i] = INK_NO_CLASS;
    CHECK(ink_finetune_check(m, "m.json", &set, "d.jsonl", &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "d.jsonl: no drawing of a digit") != NULL);
    ink_labelled_free(&set);
    nn_model_free(m);
}

int main(void)
{
    const char *dir = getenv("SCRATCHNET_MNIST_DIR");
    SnError err = {0};
    if (!dir || nn_dataset_load_mnist(dir, "train", 10, &mnist, &err) != 0 ||
        mnist.n < N_TRAIN + N_VAL) {
        printf("SKIP: the MNIST training set (%d images or more) is not there: %s\n",
               N_TRAIN + N_VAL, dir ? err.msg : "SCRATCHNET_MNIST_DIR is not set");
        nn_dataset_free(&mnist);
        return 77;
    }
    pool = nn_pool_new(0, &err);
    RUN(models_that_cannot_read_digit_drawings_are_refused);
    RUN(a_stopped_fine_tuning_leaves_the_model_as_it_was);
    RUN(fine_tuning_reads_the_persons_held_back_drawings_better_and_keeps_mnist);
    RUN(the_refusal_rule_is_refit_on_mnist_and_not_on_the_persons_drawings);
    nn_pool_free(pool);
    nn_dataset_free(&mnist);
    return test_main_result();
}
