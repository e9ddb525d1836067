/* test_act.c - activations at known points, softmax stability, and every derivative checked
 * against central finite differences. */
#include <string.h>

#include "nn/act.h"
#include "nn/rng.h"
#include "test.h"

/* the kernels run on a pool of nn_threads() (several parts at once), made by main */
static NnPool *pool;

TEST(activations_have_their_textbook_values)
{
    const float z[] = {-2.0f, 0.0f, 0.5f, 3.0f};
    float a[4];
    nn_act_forward(pool, NN_ACT_LINEAR, z, a, 1, 4);
    CHECK(a[0] == -2.0f && a[3] == 3.0f);
    nn_act_forward(pool, NN_ACT_STEP, z, a, 1, 4);
    CHECK(a[0] == 0.0f && a[1] == 0.0f && a[2] == 1.0f && a[3] == 1.0f);
    nn_act_forward(pool, NN_ACT_RELU, z, a, 1, 4);
    CHECK(a[0] == 0.0f && a[1] == 0.0f && a[2] == 0.5f && a[3] == 3.0f);
    nn_act_forward(pool, NN_ACT_SIGMOID, z, a, 1, 4);
    CHECK_NEAR(a[0], 0.11920292, 1e-6);
    CHECK_NEAR(a[1], 0.5, 1e-7);
    CHECK_NEAR(a[3], 0.95257413, 1e-6);
    nn_act_forward(pool, NN_ACT_TANH, z, a, 1, 4);
    CHECK_NEAR(a[0], -0.96402758, 1e-6);
    CHECK_NEAR(a[1], 0.0, 1e-7);
    CHECK_NEAR(a[2], 0.46211716, 1e-6);
}

TEST(no_activation_turns_a_nan_into_a_number)
{
    /* a NaN from an overflowing layer (inf - inf) must reach the outputs, where it is reported
     * as "no answer"; a ReLU written as "x > 0 ? x : 0" made it a confident 0 */
    const float z[] = {NAN, -1.0f, 2.0f};
    const NnAct acts[] = {NN_ACT_LINEAR, NN_ACT_STEP, NN_ACT_SIGMOID, NN_ACT_RELU, NN_ACT_TANH,
                          NN_ACT_SOFTMAX};
    for (size_t k = 0; k < sizeof acts / sizeof acts[0]; k++) {
        float a[3];
        nn_act_forward(pool, acts[k], z, a, 1, 3);
        if (!isnan(a[0]))
            printf("%s: NaN became %g\n", nn_act_name(acts[k]), (double)a[0]);
        CHECK(isnan(a[0]));
    }
}

TEST(sigmoid_and_tanh_saturate_without_overflow)
{
    const float z[] = {-1000.0f, 1000.0f, -89.0f, 89.0f};
    float a[4];
    nn_act_forward(pool, NN_ACT_SIGMOID, z, a, 1, 4);
    CHECK(a[0] == 0.0f && a[1] == 1.0f && isfinite(a[2]) && a[3] == 1.0f);
    nn_act_forward(pool, NN_ACT_TANH, z, a, 1, 4);
    CHECK(a[0] == -1.0f && a[1] == 1.0f);
}

TEST(softmax_matches_hand_computed_probabilities)
{
    const float z[] = {1.0f, 2.0f, 3.0f};
    float p[3];
    nn_act_forward(pool, NN_ACT_SOFTMAX, z, p, 1, 3);
    /* e^1, e^2, e^3 over their sum 30.1928... */
    CHECK_NEAR(p[0], 0.09003057, 1e-6);
    CHECK_NEAR(p[1], 0.24472847, 1e-6);
    CHECK_NEAR(p[2], 0.66524096, 1e-6);
}

TEST(softmax_stays_finite_for_large_inputs)
{
    const float z[] = {1000.0f, -1000.0f, 999.0f, 0.0f, -1000.0f, -1000.0f};
    float p[6];
    nn_act_forward(pool, NN_ACT_SOFTMAX, z, p, 2, 3);
    for (int r = 0; r < 2; r++) {
        double sum = 0.0;
        for (int j = 0; j < 3; j++) {
            CHECK(isfinite(p[r * 3 + j]) && p[r * 3 + j] >= 0.0f);
            sum += (double)p[r * 3 + j];
        }
        CHECK_NEAR(sum, 1.0, 1e-6);
    }
    CHECK_NEAR(p[0], 0.73105858, 1e-6); /* 1 / (1 + e^-1) */
    CHECK_NEAR(p[3], 1.0, 1e-6);
}

/* L(z) = sum_i g_i f(z)_i, so dL/dz is exactly what backward computes from da = g. */
static double weighted_sum(NnAct act, const float *z, const float *g, size_t n, size_t c)
{
    float a[64];
    nn_act_forward(pool, act, z, a, n, c);
    double s = 0.0;
    for (size_t i = 0; i < n * c; i++)
        s += (double)g[i] * (double)a[i];
    return s;
}

TEST(every_smooth_activation_derivative_matches_finite_differences)
{
    const NnAct acts[] = {NN_ACT_LINEAR, NN_ACT_SIGMOID, NN_ACT_RELU, NN_ACT_TANH,
                          NN_ACT_SOFTMAX};
    NnRng rng;
    nn_rng_seed(&rng, 7);
    for (size_t k = 0; k < sizeof acts / sizeof acts[0]; k++) {
        const size_t n = 3, c = 5;
        float z[15], g[15], a[15], dz[15];
        for (size_t i = 0; i < n * c; i++) {
            z[i] = 2.0f * nn_rng_normal(&rng);
            if (fabsf(z[i]) < 0.1f) /* keep ReLU's kink out of the finite difference */
                z[i] += 0.5f;
            g[i] = nn_rng_normal(&rng);
        }
        nn_act_forward(pool, acts[k], z, a, n, c);
        nn_act_backward(pool, acts[k], z, a, g, dz, n, c);
        double num2 = 0.0, diff2 = 0.0, any = 0.0;
        const float eps = 1e-2f;
        for (size_t i = 0; i < n * c; i++) {
            float keep = z[i];
            z[i] = keep + eps;
            double lp = weighted_sum(acts[k], z, g, n, c);
            z[i] = keep - eps;
            double lm = weighted_sum(acts[k], z, g, n, c);
            z[i] = keep;
            double numeric = (lp - lm) / (2.0 * (double)eps);
            num2 += numeric * numeric;
            diff2 += (numeric - (double)dz[i]) * (numeric - (double)dz[i]);
            any += fabs((double)dz[i]);
        }
        double rel = sqrt(diff2 / num2);
        if (!(rel < 1e-3))
            printf("activation %s: relative error %g\n", nn_act_name(acts[k]), rel);
        CHECK(rel < 1e-3);
        CHECK(any > 1e-3); /* the gradient is not all zero */
    }
}

TEST(step_backward_is_the_straight_through_estimator)
{
    /* The step's true derivative is 0 almost everywhere; backward passes the gradient through
     * unchanged where |z| <= 1 and blocks it beyond. */
    const float z[] = {-3.0f, -1.0f, -0.2f, 0.0f, 0.7f, 1.0f, 1.5f};
    const float da[] = {1, 2, 3, 4, 5, 6, 7};
    float a[7], dz[7];
    nn_act_forward(pool, NN_ACT_STEP, z, a, 1, 7);
    nn_act_backward(pool, NN_ACT_STEP, z, a, da, dz, 1, 7);
    const float want[] = {0, 2, 3, 4, 5, 6, 0};
    CHECK(memcmp(dz, want, sizeof want) == 0);
}

TEST(activation_names_parse_back)
{
    for (int i = 0; i < NN_ACT_COUNT; i++) {
        NnAct a;
        CHECK(nn_act_parse(nn_act_name((NnAct)i), &a) == 0 && a == (NnAct)i);
    }
    NnAct a;
    CHECK(nn_act_parse("relux", &a) != 0);
}

int main(void)
{
    pool = nn_pool_new(0, NULL);
    if (!pool)
        return 1;
    RUN(activations_have_their_textbook_values);
    RUN(no_activation_turns_a_nan_into_a_number);
    RUN(sigmoid_and_tanh_saturate_without_overflow);
    RUN(softmax_matches_hand_computed_probabilities);
    RUN(softmax_stays_finite_for_large_inputs);
    RUN(every_smooth_activation_derivative_matches_finite_differences);
    RUN(step_backward_is_the_straight_through_estimator);
    RUN(activation_names_parse_back);
    nn_pool_free(pool);
    return test_main_result();
}
