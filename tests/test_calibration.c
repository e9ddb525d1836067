/* test_calibration.c - the expected calibration error, computed by hand: answers binned by their
 * top probability, each bin's gap between accuracy and mean confidence weighed by its share. */
#include <stdint.h>

#include "nn/calibration.h"
#include "test.h"

TEST(the_calibration_error_is_the_weighed_gap_of_each_bin)
{
    /* 15 bins of width 1/15. Four answers at 0.95 (three right) and one at 1.0 (right) share the
     * last bin (0.95 * 15 = 14.25; 1.0 belongs to the last bin): accuracy 4/5 = 0.8, mean
     * confidence (4 * 0.95 + 1) / 5 = 0.96, gap 0.16, weight 5/6. One at 0.5 (right) is alone in
     * bin 7 (7.5): gap 0.5, weight 1/6. ECE = 5/6 * 0.16 + 1/6 * 0.5 = 0.216667. */
    const float top[6] = {0.95f, 0.95f, 0.95f, 0.95f, 1.0f, 0.5f};
    const uint8_t right[6] = {1, 1, 0, 1, 1, 1};
    CHECK(NN_ECE_BINS == 15);
    CHECK_NEAR(nn_calibration_error(top, right, 6, NN_ECE_BINS), 5.0 / 6 * 0.16 + 1.0 / 6 * 0.5,
               1e-6);
    /* the order of the answers does not matter */
    const float top2[6] = {0.5f, 1.0f, 0.95f, 0.95f, 0.95f, 0.95f};
    const uint8_t right2[6] = {1, 1, 0, 1, 1, 1};
    CHECK_NEAR(nn_calibration_error(top2, right2, 6, NN_ECE_BINS), 0.216667, 1e-6);
    /* two bins: 0.3 (wrong) and 0.2 (right) in the first, gap |1/2 - 0.25| = 0.25; 0.9 right in
     * the second, gap 0.1: (2 * 0.25 + 1 * 0.1) / 3 = 0.2 */
    const float top3[3] = {0.3f, 0.2f, 0.9f};
    const uint8_t right3[3] = {0, 1, 1};
    CHECK_NEAR(nn_calibration_error(top3, right3, 3, 2), 0.2, 1e-6);
    /* a probability of 0 is in the first bin */
    const float zero[1] = {0.0f};
    const uint8_t wrong[1] = {0};
    CHECK_NEAR(nn_calibration_error(zero, wrong, 1, NN_ECE_BINS), 0.0, 0.0);
}

TEST(answers_as_right_as_they_are_sure_are_perfectly_calibrated)
{
    float top[10];
    uint8_t right[10];
    for (int i = 0; i < 10; i++)
        top[i] = 0.7f, right[i] = i < 7;
    CHECK_NEAR(nn_calibration_error(top, right, 10, NN_ECE_BINS), 0.0, 1e-6);
    /* always sure and always wrong: the largest error there is */
    for (int i = 0; i < 10; i++)
        top[i] = 1.0f, right[i] = 0;
    CHECK_NEAR(nn_calibration_error(top, right, 10, NN_ECE_BINS), 1.0, 0.0);
    /* no answers: no figure */
    CHECK(nn_calibration_error(top, right, 0, NN_ECE_BINS) < 0.0);
}

int main(void)
{
    RUN(the_calibration_error_is_the_weighed_gap_of_each_bin);
    RUN(answers_as_right_as_they_are_sure_are_perfectly_calibrated);
    return test_main_result();
}
