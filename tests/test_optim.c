/* test_optim.c - one step of each optimiser and each schedule against values worked by hand. */
#include "nn/optim.h"
#include "test.h"

/* the kernels run on a pool of nn_threads() (several parts at once), made by main */
static NnPool *pool;

TEST(sgd_steps_against_the_gradient)
{
    NnOptimConfig c = nn_optim_defaults(NN_OPT_SGD);
    NnOptimState st;
    CHECK(nn_optim_state_init(&st, &c, 2, NULL) == 0);
    float w[] = {1.0f, -2.0f};
    const float g[] = {0.5f, -1.0f};
    nn_optim_step(pool, &c, &st, 2, w, g, 0.1f);
    CHECK_NEAR(w[0], 0.95, 1e-7); /* 1 - 0.1 * 0.5 */
    CHECK_NEAR(w[1], -1.9, 1e-7); /* -2 - 0.1 * -1 */
    nn_optim_state_free(&st);
}

TEST(weight_decay_pulls_weights_towards_zero)
{
    NnOptimConfig c = nn_optim_defaults(NN_OPT_SGD);
    c.weight_decay = 0.5f;
    NnOptimState st;
    CHECK(nn_optim_state_init(&st, &c, 1, NULL) == 0);
    float w[] = {2.0f};
    const float g[] = {0.0f};
    nn_optim_step(pool, &c, &st, 1, w, g, 0.1f);
    CHECK_NEAR(w[0], 1.9, 1e-7); /* 2 - 0.1 * (0 + 0.5 * 2) */
    nn_optim_state_free(&st);
}

TEST(momentum_accumulates_velocity)
{
    NnOptimConfig c = nn_optim_defaults(NN_OPT_MOMENTUM);
    c.momentum = 0.9f;
    NnOptimState st;
    CHECK(nn_optim_state_init(&st, &c, 1, NULL) == 0);
    float w[] = {0.0f};
    const float g[] = {1.0f};
    nn_optim_step(pool, &c, &st, 1, w, g, 0.1f); /* v = 1, w = -0.1 */
    nn_optim_step(pool, &c, &st, 1, w, g, 0.1f); /* v = 1.9, w = -0.29 */
    CHECK_NEAR(st.m[0], 1.9, 1e-6);
    CHECK_NEAR(w[0], -0.29, 1e-6);
    nn_optim_state_free(&st);
}

TEST(adam_first_steps_have_the_size_of_the_learning_rate)
{
    NnOptimConfig c = nn_optim_defaults(NN_OPT_ADAM);
    NnOptimState st;
    CHECK(nn_optim_state_init(&st, &c, 2, NULL) == 0);
    float w[] = {0.0f, 0.0f};
    const float g1[] = {4.0f, -0.001f};
    /* t=1: m_hat = g, v_hat = g^2, step = lr * g / |g| = lr * sign(g) whatever the scale */
    nn_optim_step(pool, &c, &st, 2, w, g1, 0.01f);
    CHECK_NEAR(w[0], -0.01, 1e-6);
    CHECK_NEAR(w[1], 0.01, 1e-5);
    /* t=2 with g = 2: m = 0.9*0.4 + 0.1*2 = 0.56, m_hat = 0.56/0.19 = 2.947368;
     * v = 0.999*0.016 + 0.001*4 = 0.019984, v_hat = 0.019984/0.001999 = 9.997; sqrt = 3.16180 */
    const float g2[] = {2.0f, 0.0f};
    nn_optim_step(pool, &c, &st, 2, w, g2, 0.01f);
    CHECK_NEAR(w[0], -0.01 - 0.01 * 2.9473684 / 3.1618, 1e-5);
    nn_optim_state_free(&st);
}

TEST(schedules_follow_their_formulas)
{
    NnOptimConfig c = nn_optim_defaults(NN_OPT_SGD);
    c.lr = 0.4f;
    CHECK_NEAR(nn_schedule_lr(&c, 7, 10), 0.4, 1e-7);
    c.schedule = NN_SCHED_STEP;
    c.step_every = 2;
    c.gamma = 0.5f;
    CHECK_NEAR(nn_schedule_lr(&c, 1, 10), 0.4, 1e-7);
    CHECK_NEAR(nn_schedule_lr(&c, 2, 10), 0.2, 1e-7);
    CHECK_NEAR(nn_schedule_lr(&c, 5, 10), 0.1, 1e-7);
    c.schedule = NN_SCHED_COSINE;
    c.lr_min = 0.0f;
    CHECK_NEAR(nn_schedule_lr(&c, 0, 10), 0.4, 1e-7);
    CHECK_NEAR(nn_schedule_lr(&c, 5, 10), 0.2, 1e-6);
    CHECK_NEAR(nn_schedule_lr(&c, 10, 10), 0.0, 1e-6);
}

TEST(optimiser_names_parse)
{
    NnOptimKind k;
    CHECK(nn_optim_parse("adam", &k) == 0 && k == NN_OPT_ADAM);
    CHECK(nn_optim_parse("momentum", &k) == 0 && k == NN_OPT_MOMENTUM);
    CHECK(nn_optim_parse("rmsprop", &k) != 0);
    NnSchedule s;
    CHECK(nn_schedule_parse("cosine", &s) == 0 && s == NN_SCHED_COSINE);
    CHECK(nn_schedule_parse("linear", &s) != 0);
}

int main(void)
{
    pool = nn_pool_new(0, NULL);
    if (!pool)
        return 1;
    RUN(sgd_steps_against_the_gradient);
    RUN(weight_decay_pulls_weights_towards_zero);
    RUN(momentum_accumulates_velocity);
    RUN(adam_first_steps_have_the_size_of_the_learning_rate);
    RUN(schedules_follow_their_formulas);
    RUN(optimiser_names_parse);
    nn_pool_free(pool);
    return test_main_result();
}
