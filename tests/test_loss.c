/* test_loss.c - both costs against hand-computed values and their gradients against finite
 * differences (cross-entropy through the softmax it is fused with), for labelled samples and for
 * samples of no class. */
#include "nn/act.h"
#include "nn/loss.h"
#include "nn/rng.h"
#include "gradcheck.h"
#include "test.h"

TEST(quadratic_cost_is_half_the_mean_squared_difference)
{
    /* outputs (0.2, 0.7) and (0.9, 0.4), labels 1 and 0: one-hot targets (0,1) and (1,0).
     * sample 1: (0.2^2 + 0.3^2)/2 = 0.065; sample 2: (0.1^2 + 0.4^2)/2 = 0.085; mean 0.075 */
    const float out[] = {0.2f, 0.7f, 0.9f, 0.4f};
    const uint8_t y[] = {1, 0};
    float d[4];
    CHECK_NEAR(nn_quadratic_cost(out, y, d, 2, 2), 0.075, 1e-7);
    CHECK_NEAR(d[0], 0.1, 1e-7);   /* (0.2 - 0) / 2 */
    CHECK_NEAR(d[1], -0.15, 1e-7); /* (0.7 - 1) / 2 */
    CHECK_NEAR(d[2], -0.05, 1e-7);
    CHECK_NEAR(d[3], 0.2, 1e-7);
}

TEST(cross_entropy_is_minus_log_of_the_right_probability)
{
    const float p[] = {0.25f, 0.75f, 0.5f, 0.5f};
    const uint8_t y[] = {1, 0};
    float dz[4];
    /* (-log 0.75 - log 0.5) / 2 */
    CHECK_NEAR(nn_softmax_cross_entropy(p, y, dz, 2, 2), 0.49041462, 1e-6);
    CHECK_NEAR(dz[0], 0.125, 1e-7); /* (p - y) / N */
    CHECK_NEAR(dz[1], -0.125, 1e-7);
    CHECK_NEAR(dz[2], -0.25, 1e-7);
}

TEST(cross_entropy_stays_finite_when_a_probability_underflows)
{
    const float p[] = {1.0f, 0.0f};
    const uint8_t y[] = {1};
    float c = nn_softmax_cross_entropy(p, y, NULL, 1, 2);
    CHECK(isfinite(c) && c > 60.0f);
}

static double ce_of_logits(const float *z, const uint8_t *y, int N, int C)
{
    float p[64];
    nn_act_forward(NULL, NN_ACT_SOFTMAX, z, p, (size_t)N, (size_t)C);
    return (double)nn_softmax_cross_entropy(p, y, NULL, N, C);
}

TEST(fused_softmax_cross_entropy_gradient_matches_finite_differences)
{
    NnRng rng;
    nn_rng_seed(&rng, 3);
    enum { N = 4, C = 6 };
    float z[N * C], p[N * C], dz[N * C];
    const uint8_t y[N] = {0, 5, 2, 2};
    for (int i = 0; i < N * C; i++)
        z[i] = nn_rng_normal(&rng);
    nn_act_forward(NULL, NN_ACT_SOFTMAX, z, p, N, C);
    nn_softmax_cross_entropy(p, y, dz, N, C);
    double num2 = 0, diff2 = 0;
    const float eps = 1e-2f;
    for (int i = 0; i < N * C; i++) {
        float keep = z[i];
        z[i] = keep + eps;
        double lp = ce_of_logits(z, y, N, C);
        z[i] = keep - eps;
        double lm = ce_of_logits(z, y, N, C);
        z[i] = keep;
        double num = (lp - lm) / (2.0 * (double)eps);
        num2 += num * num;
        diff2 += (num - (double)dz[i]) * (num - (double)dz[i]);
    }
    CHECK(num2 > 1e-4);
    CHECK(sqrt(diff2 / num2) < 1e-3);
}

TEST(quadratic_cost_gradient_matches_finite_differences)
{
    NnRng rng;
    nn_rng_seed(&rng, 4);
    enum { N = 3, C = 5 };
    float out[N * C], d[N * C];
    const uint8_t y[N] = {4, 0, 1};
    for (int i = 0; i < N * C; i++)
        out[i] = nn_rng_uniform(&rng);
    nn_quadratic_cost(out, y, d, N, C);
    double num2 = 0, diff2 = 0;
    const float eps = 1e-2f;
    for (int i = 0; i < N * C; i++) {
        float keep = out[i];
        out[i] = keep + eps;
        double lp = (double)nn_quadratic_cost(out, y, NULL, N, C);
        out[i] = keep - eps;
        double lm = (double)nn_quadratic_cost(out, y, NULL, N, C);
        out[i] = keep;
        double num = (lp - lm) / (2.0 * (double)eps);
        num2 += num * num;
        diff2 += (num - (double)d[i]) * (num - (double)d[i]);
    }
    CHECK(num2 > 1e-4);
    CHECK(sqrt(diff2 / num2) < 1e-3);
}

TEST(a_sample_of_no_class_has_the_uniform_target_in_both_costs)
{
    /* sample 1 of no class, sample 2 of class 0; C = 2, so the no-class target is (1/2, 1/2).
     * cross-entropy: sample 1 -(log 0.25 + log 0.75)/2 = 0.83698822, sample 2 -log 0.5;
     * mean (0.83698822 + 0.69314718) / 2 = 0.76506770 */
    const float p[] = {0.25f, 0.75f, 0.5f, 0.5f};
    const uint8_t y[] = {NN_NO_CLASS, 0};
    float dz[4];
    CHECK_NEAR(nn_softmax_cross_entropy(p, y, dz, 2, 2), 0.76506770, 1e-6);
    CHECK_NEAR(dz[0], -0.125, 1e-7); /* (0.25 - 0.5) / 2 */
    CHECK_NEAR(dz[1], 0.125, 1e-7);  /* (0.75 - 0.5) / 2 */
    CHECK_NEAR(dz[2], -0.25, 1e-7);
    CHECK_NEAR(dz[3], 0.25, 1e-7);
    /* quadratic: sample 1 ((0.25-0.5)^2 + (0.75-0.5)^2)/2 = 0.0625, sample 2 (0.5^2 + 0.5^2)/2
     * = 0.25; mean 0.15625 */
    float d[4];
    CHECK_NEAR(nn_quadratic_cost(p, y, d, 2, 2), 0.15625, 1e-7);
    CHECK_NEAR(d[0], -0.125, 1e-7);
    CHECK_NEAR(d[1], 0.125, 1e-7);
    CHECK_NEAR(d[2], -0.25, 1e-7);
    CHECK_NEAR(d[3], 0.25, 1e-7);
    /* the uniform output is the best a no-class sample can get: its gradient vanishes there */
    const float u[] = {0.2f, 0.2f, 0.2f, 0.2f, 0.2f};
    const uint8_t none[] = {NN_NO_CLASS};
    float du[5];
    CHECK_NEAR(nn_softmax_cross_entropy(u, none, du, 1, 5), log(5.0), 1e-6);
    for (int i = 0; i < 5; i++)
        CHECK_NEAR(du[i], 0.0, 1e-7);
}

TEST(the_no_class_gradients_match_finite_differences)
{
    NnRng rng;
    nn_rng_seed(&rng, 7);
    enum { N = 4, C = 6 };
    float z[N * C], p[N * C], dz[N * C], d[N * C];
    const uint8_t y[N] = {NN_NO_CLASS, 3, NN_NO_CLASS, 0};
    for (int i = 0; i < N * C; i++)
        z[i] = nn_rng_normal(&rng);
    nn_act_forward(NULL, NN_ACT_SOFTMAX, z, p, N, C);
    nn_softmax_cross_entropy(p, y, dz, N, C);
    nn_quadratic_cost(z, y, d, N, C);
    double num_ce[N * C], num_q[N * C];
    const float eps = 1e-2f;
    for (int i = 0; i < N * C; i++) {
        float keep = z[i];
        z[i] = keep + eps;
        double cp = ce_of_logits(z, y, N, C), qp = (double)nn_quadratic_cost(z, y, NULL, N, C);
        z[i] = keep - eps;
        double cm = ce_of_logits(z, y, N, C), qm = (double)nn_quadratic_cost(z, y, NULL, N, C);
        z[i] = keep;
        num_ce[i] = (cp - cm) / (2.0 * (double)eps);
        num_q[i] = (qp - qm) / (2.0 * (double)eps);
    }
    CHECK(sum_sq(dz, N * C) > 1e-4 && rel_error(num_ce, dz, N * C) < 1e-3);
    CHECK(sum_sq(d, N * C) > 1e-4 && rel_error(num_q, d, N * C) < 1e-3);
}

TEST(cost_names_parse)
{
    NnCost c;
    CHECK(nn_cost_parse("quadratic", &c) == 0 && c == NN_COST_QUADRATIC);
    CHECK(nn_cost_parse("cross-entropy", &c) == 0 && c == NN_COST_CROSS_ENTROPY);
    CHECK(nn_cost_parse("hinge", &c) != 0);
}

int main(void)
{
    RUN(quadratic_cost_is_half_the_mean_squared_difference);
    RUN(cross_entropy_is_minus_log_of_the_right_probability);
    RUN(cross_entropy_stays_finite_when_a_probability_underflows);
    RUN(fused_softmax_cross_entropy_gradient_matches_finite_differences);
    RUN(quadratic_cost_gradient_matches_finite_differences);
    RUN(a_sample_of_no_class_has_the_uniform_target_in_both_costs);
    RUN(the_no_class_gradients_match_finite_differences);
    RUN(cost_names_parse);
    return test_main_result();
}
