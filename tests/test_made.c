/* test_made.c - the numbered streams of made images (src/ink/made.c): the same run seed makes
 * the same images, the training and held-out streams never share an image, digits come with
 * their labels, and progress is told for each image. */
#include <stdlib.h>
#include <string.h>

#include "ink/made.h"
#include "test.h"

enum { N = 40, PX = INK_MADE_SIDE * INK_MADE_SIDE };

static void count(void *user, int digits, int done, int n)
{
    int *c = user;
    c[0] += done >= 1 && done <= n;
    c[1] = digits;
}

TEST(a_run_seed_makes_the_same_images_and_its_streams_share_none)
{
    uint8_t *a = malloc(N * PX), *b = malloc(N * PX), *h = malloc(N * PX);
    uint8_t la[N], lb[N];
    SnError err = {0};
    int calls[2] = {0, -1};
    CHECK(ink_made_images(a, la, N, 5, INK_MADE_TRAINING, count, calls, &err) == 0);
    CHECK(calls[0] == N && calls[1] == 1);
    CHECK(ink_made_images(b, lb, N, 5, INK_MADE_TRAINING, NULL, NULL, &err) == 0);
    CHECK(memcmp(a, b, N * PX) == 0 && memcmp(la, lb, N) == 0);
    int labels_ok = 1, seen[10] = {0};
    for (int i = 0; i < N; i++) {
        labels_ok &= la[i] <= 9;
        seen[la[i] <= 9 ? la[i] : 0] = 1;
    }
    CHECK(labels_ok && seen[0] + seen[1] + seen[2] + seen[3] + seen[4] + seen[5] + seen[6] +
                               seen[7] + seen[8] + seen[9] >= 8);
    CHECK(ink_made_images(h, lb, N, 5, INK_MADE_HELD_OUT, NULL, NULL, &err) == 0);
    int shared = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            shared += memcmp(a + i * PX, h + j * PX, PX) == 0;
    CHECK(shared == 0);
    /* non-digits: another stream again */
    calls[0] = 0;
    CHECK(ink_made_images(b, NULL, N, 5, INK_MADE_TRAINING, count, calls, &err) == 0);
    CHECK(calls[0] == N && calls[1] == 0 && memcmp(a, b, PX) != 0);
    free(a);
    free(b);
    free(h);
}

int main(void)
{
    RUN(a_run_seed_makes_the_same_images_and_its_streams_share_none);
    return test_main_result();
}
