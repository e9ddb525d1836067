/* test_refusal.c - the refusal bound a training run chooses (src/ink/refusal.c):
 * the largest top probability below which at most the given share of the held-out images lie. */
#include <stdlib.h>

#include "ink/refusal.h"
#include "test.h"

static int below(const float *v, int n, float bound)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += v[i] < bound;
    return k;
}

TEST(the_bound_is_the_largest_that_refuses_at_most_the_share)
{
    float top[10] = {0.9f, 0.5f, 0.7f, 0.95f, 0.3f, 0.99f, 0.6f, 0.8f, 0.97f, 0.4f};
    /* a tenth of 10: one value may lie below, so the bound is the second smallest, 0.4 */
    CHECK(ink_refusal_bound(top, 10, 0.1f) == 0.4f);
    CHECK(below(top, 10, 0.4f) == 1 && below(top, 10, 0.41f) == 2);
    /* none may lie below: the smallest */
    CHECK(ink_refusal_bound(top, 10, 0.0f) == 0.3f);
    CHECK(ink_refusal_bound(top, 10, 0.09f) == 0.3f);
    /* equal values are refused together or not at all: at most one of four, so none */
    float tied[4] = {0.5f, 0.9f, 0.5f, 0.5f};
    CHECK(ink_refusal_bound(tied, 4, 0.25f) == 0.5f && below(tied, 4, 0.5f) == 0);
}

TEST(half_a_percent_of_5000_is_25)
{
    float *top = malloc(5000 * sizeof *top);
    CHECK(top != NULL);
    if (!top)
        return;
    for (int i = 0; i < 5000; i++)
        top[i] = 0.1f + 0.9f * (float)((i * 7919) % 5000) / 5000.0f; /* all different */
    float bound = ink_refusal_bound(top, 5000, 0.005f);
    CHECK(below(top, 5000, bound) == 25);
    free(top);
}

int main(void)
{
    RUN(the_bound_is_the_largest_that_refuses_at_most_the_share);
    RUN(half_a_percent_of_5000_is_25);
    return test_main_result();
}
