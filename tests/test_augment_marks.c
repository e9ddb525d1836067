/* test_augment_marks.c - what the augmentation draws on particular digits: the slash through a
 * zero and the flag (and sometimes foot) on a one. Each is drawn only on its digit, from a random
 * stream of its own so every other choice stays the same, and where people write it. The MNIST
 * check reads the raw IDX training images and labels from SCRATCHNET_MNIST_DIR and skips when
 * they are absent.
 */
#include "test_augment.h"

/* A "1" from integers only: a vertical bar of full ink, columns x and x + 1, rows y0-y1. */
static void bar_one(uint8_t *img, int x, int y0, int y1)
{
    memset(img, 0, N28);
    for (int i = y0; i <= y1; i++)
        img[i * S + x] = img[i * S + x + 1] = 255;
}

/* The first N_MNIST training labels, malloc'd; NULL (with a reason) when missing or wrong. */
static uint8_t *load_mnist_labels(char *why, size_t why_len)
{
    const char *dir = getenv("SCRATCHNET_MNIST_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/train-labels-idx1-ubyte", dir ? dir : ".");
    FILE *f = fopen(path, "rb");
    unsigned char hd[8];
    uint8_t *lab = NULL;
    if (f && fread(hd, 1, 8, f) == 8 && be32(hd) == 0x801 && be32(hd + 4) >= N_MNIST) {
        lab = malloc(N_MNIST);
        if (lab && fread(lab, 1, N_MNIST, f) != N_MNIST) {
            free(lab);
            lab = NULL;
        }
    }
    if (f)
        fclose(f);
    if (!lab)
        snprintf(why, why_len, "%s: missing or not a raw IDX file of labels", path);
    return lab;
}

/* The moments of added ink: the amount d at row i, column j weighs the point (j, i). */
typedef struct {
    double m, mx, my, sxx, syy, sxy;
} Moments;

static void moments_add(Moments *mo, double d, int i, int j)
{
    mo->m += d;
    mo->mx += d * j;
    mo->my += d * i;
    mo->sxx += d * j * j;
    mo->syy += d * i * i;
    mo->sxy += d * i * j;
}

/* The main axis's angle above the horizontal, in degrees (rows grow downwards, hence the minus). */
static double moments_axis_deg(const Moments *mo)
{
    double mx = mo->mx / mo->m, my = mo->my / mo->m;
    double cxx = mo->sxx / mo->m - mx * mx, cyy = mo->syy / mo->m - my * my;
    double cxy = mo->sxy / mo->m - mx * my;
    return -0.5 * atan2(2.0 * cxy, cxx - cyy) * 180.0 / 3.14159265358979;
}

/* One seed of a mark drawn only on `digit` (on: always; off: never): every other label, and no
 * label, gives the same image either way; off, the digit is treated like anything else; on, it
 * is marked, in range. Leaves the marked digit in a and the unlabelled image, off, in b. */
static void check_marked_only_on(const InkAugment *on, const InkAugment *off, const uint8_t *src,
                                 int digit, uint64_t seed, float *a, float *b)
{
    const size_t size = N28 * sizeof *a;
    for (int label = -1; label <= 9; label++) {
        if (label == digit)
            continue;
        ink_augment_image(on, src, S, S, label, seed, scratch, a);
        ink_augment_image(off, src, S, S, label, seed, scratch, b);
        CHECK(memcmp(a, b, size) == 0);
    }
    ink_augment_image(off, src, S, S, digit, seed, scratch, a);
    ink_augment_image(off, src, S, S, -1, seed, scratch, b);
    CHECK(memcmp(a, b, size) == 0); /* off: the digit is treated like anything else */
    ink_augment_image(on, src, S, S, digit, seed, scratch, a);
    CHECK(memcmp(a, b, size) != 0);
    for (int i = 0; i < N28; i++)
        CHECK(a[i] >= 0.0f && a[i] <= 1.0f);
}

/* ---- the slash through a zero ------------------------------------------------------------ */

TEST(a_slash_is_drawn_only_on_zeros_and_leaves_every_other_choice_alone)
{
    uint8_t src[N28];
    ring(src, 13.5, 14.0, 7.0, 1.0);
    InkAugment on = ink_augment_defaults(), off = ink_augment_defaults();
    on.prob = off.prob = 1.0f;
    on.slash_zero = 1.0f;
    off.slash_zero = 0.0f;
    float a[N28], b[N28];
    for (uint64_t seed = 0; seed < 50; seed++)
        check_marked_only_on(&on, &off, src, 0, seed, a, b);
}

/* With the geometry off the slash can be measured where it was drawn: the added ink (out minus
 * the ring) is a straight stroke through the middle, its main axis either about level (a bar)
 * or rising to the right at 30-85 degrees, never falling; it reaches beyond the ring's box. */
TEST(a_slash_crosses_the_ring_near_its_middle_rising_or_level_and_overhangs)
{
    uint8_t src[N28];
    ring(src, 14.0, 14.0, 5.0, 1.0); /* small enough for the slash to fit unshrunk */
    InkAugment a = ink_augment_none();
    a.prob = 1.0f;
    a.slash_zero = 1.0f;
    float out[N28];
    int bars = 0, rising = 0, other = 0, overhang = 0;
    double min_middle = 1.0;
    for (uint64_t seed = 0; seed < 200; seed++) {
        ink_augment_image(&a, src, S, S, 0, seed, scratch, out);
        Moments mo = {0};
        double middle = 0.0;
        int beyond = 0;
        for (int i = 0; i < S; i++)
            for (int j = 0; j < S; j++) {
                double v0 = src[i * S + j] / 255.0, v = (double)out[i * S + j];
                CHECK(v >= v0 - 1e-6); /* laid over with max: the ring never gets lighter */
                if (abs(i - 14) <= 1 && abs(j - 14) <= 1)
                    middle = v > middle ? v : middle;
                /* the ring's ink ends 6.5 pixels from its centre */
                beyond += v > 0.3 && (abs(i - 14) > 7 || abs(j - 14) > 7);
                double d = v - v0;
                moments_add(&mo, d, i, j);
            }
        min_middle = middle < min_middle ? middle : min_middle;
        overhang += beyond > 0;
        double deg = moments_axis_deg(&mo);
        if (fabs(deg) <= 15.0)
            bars++;
        else if (deg >= 25.0 && deg <= 90.0)
            rising++;
        else
            other++;
    }
    printf("  %d bars, %d rising slashes, %d other; %d of 200 overhang the ring; darkest middle "
           "pixel at least %.2f\n",
           bars, rising, other, overhang, min_middle);
    CHECK(bars >= 30 && bars <= 70); /* a quarter of 200 */
    CHECK(rising + bars == 200 && other == 0);
    CHECK(overhang >= 180);
    CHECK(min_middle >= 0.5);
}
/* ---- the flag on a one ------------------------------------------------------------------- */

/* With the flag off, every image is what it was before the flag existed: the outputs of the
 * defaults (and with every zero slashed) on a bar and a ring under every label, pinned bit for
 * bit (FNV-1a over the floats' bytes; the images are made from integers only). */
TEST(with_the_flag_off_every_label_gets_the_same_image_as_before_the_flag_existed)
{
    uint8_t one[N28], zero[N28];
    bar_one(one, 13, 4, 23);
    for (int i = 0; i < S; i++)
        for (int j = 0; j < S; j++) {
            int d2 = (2 * j - 26) * (2 * j - 26) + (2 * i - 29) * (2 * i - 29);
            zero[i * S + j] = d2 >= 100 && d2 <= 196 ? 255 : (d2 >= 64 && d2 <= 256 ? 128 : 0);
        }
    uint64_t hash = 0xcbf29ce484222325u;
    for (int k = 0; k < 2; k++) {
        InkAugment a = ink_augment_defaults();
        a.prob = 1.0f;
        a.slash_zero = k ? 1.0f : a.slash_zero;
        a.flag_one = 0.0f;
        for (int label = -1; label <= 9; label++)
            for (uint64_t seed = 0; seed < 10; seed++) {
                float out[N28];
                ink_augment_image(&a, label == 0 ? zero : one, S, S, label, seed, scratch, out);
                const unsigned char *p = (const unsigned char *)out;
                for (size_t i = 0; i < sizeof out; i++) {
                    hash ^= p[i];
                    hash *= 0x100000001b3u;
                }
            }
    }
    const uint64_t pinned = 0x92d84b7710735960u;
    if (hash != pinned)
        printf("  hash %016llx, pinned %016llx\n", (unsigned long long)hash,
               (unsigned long long)pinned);
    CHECK(hash == pinned);
}

TEST(a_flag_is_drawn_only_on_ones_the_same_for_a_seed_and_leaves_every_other_choice_alone)
{
    uint8_t src[N28], away[N28];
    bar_one(src, 13, 4, 23);
    bar_one(away, 16, 6, 21); /* its marks stay clear of the edges: nothing moves it */
    InkAugment on = ink_augment_defaults(), off = ink_augment_defaults();
    on.prob = off.prob = 1.0f;
    on.flag_one = 1.0f;
    off.flag_one = 0.0f;
    /* the thickness and the elastic field only: no move, so the flagged image is the plain one
     * with ink added, pixel by pixel, when the two share every random choice */
    InkAugment bend_on = ink_augment_none(), bend_off;
    bend_on.prob = 1.0f;
    bend_on.thickness = 1.0f;
    bend_on.elastic = 0.7f;
    bend_on.elastic_sigma = 5.0f;
    bend_off = bend_on;
    bend_on.flag_one = 1.0f;
    float a[N28], b[N28], c[N28];
    int fewer = 0;
    for (uint64_t seed = 0; seed < 50; seed++) {
        check_marked_only_on(&on, &off, src, 1, seed, a, b);
        ink_augment_image(&on, src, S, S, 1, seed, scratch, c);
        CHECK(memcmp(a, c, sizeof a) == 0); /* the same seed, the same flag */
        ink_augment_image(&on, src, S, S, 1, seed + 1000003, scratch, c);
        CHECK(memcmp(a, c, sizeof a) != 0);
        ink_augment_image(&bend_on, away, S, S, 1, seed, scratch, a);
        ink_augment_image(&bend_off, away, S, S, 1, seed, scratch, b);
        for (int i = 0; i < N28; i++)
            fewer += a[i] < b[i] - 1e-6f;
        CHECK(memcmp(a, b, sizeof a) != 0);
    }
    CHECK(fewer == 0);
}

/* With the geometry off the flag can be measured where it was drawn on a vertical bar (columns
 * 13-14, rows 4-23): the ink added above the foot's rows lies left of the stem, in the upper
 * half, falling to the left at 10-75 degrees below the horizontal (20-60 drawn; the stem hides
 * the flag's start, which makes short steep ones measure steeper, and curves bend the axis); a
 * third of the ones also get a level foot across the bottom of the stem. */
TEST(a_flag_leaves_the_top_of_a_one_down_to_the_left_and_a_foot_sits_under_it)
{
    uint8_t src[N28];
    bar_one(src, 13, 4, 23);
    InkAugment a = ink_augment_none();
    a.prob = 1.0f;
    a.flag_one = 1.0f;
    float out[N28];
    int feet = 0, right = 0, low = 0, steep = 0, short_ = 0, wide_feet = 0;
    for (uint64_t seed = 0; seed < 300; seed++) {
        ink_augment_image(&a, src, S, S, 1, seed, scratch, out);
        Moments mo = {0};
        int left_end = S, foot_left = S, foot_right = -1;
        for (int i = 0; i < S; i++)
            for (int j = 0; j < S; j++) {
                double v0 = src[i * S + j] / 255.0, d = (double)out[i * S + j] - v0;
                CHECK(d >= -1e-6); /* laid over with max: the stem never gets lighter */
                if (i >= 20) {     /* the foot's rows */
                    if (d > 0.25) {
                        foot_left = j < foot_left ? j : foot_left;
                        foot_right = j > foot_right ? j : foot_right;
                        low += i > 25;
                    }
                    continue;
                }
                if (d > 0.25) {
                    right += j >= 13; /* never on or right of the stem: no 7's bar */
                    low += i >= 14;   /* the upper half: rows 4-13 */
                    left_end = j < left_end ? j : left_end;
                }
                moments_add(&mo, d, i, j);
            }
        if (foot_right >= 0) {
            feet++;
            wide_feet += foot_left <= 11 && foot_right >= 16; /* across the stem */
        }
        short_ += left_end > 10; /* reaches at least 3 pixels left of the stem */
        /* the main axis's angle below the horizontal, as it falls to the left */
        double deg = moments_axis_deg(&mo), mx = mo.mx / mo.m, my = mo.my / mo.m;
        steep += !(deg >= 10.0 && deg <= 75.0 && mx < 12.5 && my > 4.0);
    }
    printf("  %d feet (%d across the stem); ink right of the stem %d, below the upper half %d; "
           "%d short, %d at a wrong angle or place\n",
           feet, wide_feet, right, low, short_, steep);
    CHECK(feet >= 70 && feet <= 130); /* a third of 300 */
    CHECK(wide_feet == feet);
    CHECK(right == 0 && low == 0 && short_ == 0 && steep == 0);
}

/* On real ones the flag starts at the top of the stroke: none of its ink lies above the digit's
 * top or to the right of its ink in the top third (where a 7's bar would go), and its centre
 * lies left of the centre of the digit's upper half. */
TEST(on_mnist_ones_the_flag_hangs_left_from_the_top_and_never_goes_right)
{
    char why[1200];
    uint8_t *img = load_mnist(why, sizeof why), *lab = load_mnist_labels(why, sizeof why);
    if (!img || !lab) {
        free(img);
        free(lab);
        SKIP(why);
        return;
    }
    InkAugment a = ink_augment_none();
    a.prob = 1.0f;
    a.flag_one = 1.0f;
    float out[N28];
    int ones = 0, above = 0, right = 0, not_left = 0;
    for (int k = 0; k < N_MNIST; k++) {
        if (lab[k] != 1)
            continue;
        ones++;
        const uint8_t *src = img + (size_t)k * N28;
        int top = S, bottom = -1, x_right = -1;
        double top_x = 0.0, top_m = 0.0; /* the centre of the ink in the upper half */
        for (int i = 0; i < S; i++)
            for (int j = 0; j < S; j++)
                if (src[i * S + j] > 127) {
                    top = i < top ? i : top;
                    bottom = i;
                }
        for (int i = top; i < top + (bottom - top) / 2; i++)
            for (int j = 0; j < S; j++)
                if (src[i * S + j] > 127) {
                    if (i <= top + (bottom - top) / 3)
                        x_right = j > x_right ? j : x_right;
                    top_x += j;
                    top_m += 1.0;
                }
        top_x /= top_m;
        ink_augment_image(&a, src, S, S, 1, (uint64_t)k, scratch, out);
        double m = 0.0, mx = 0.0;
        for (int i = 0; i < S; i++)
            for (int j = 0; j < S; j++) {
                double d = (double)out[i * S + j] - src[i * S + j] / 255.0;
                if (d <= 0.25)
                    continue;
                above += i < top - 1;
                right += i <= top + (bottom - top) / 3 && j > x_right + 1;
                if (i < top + (bottom - top) / 2) {
                    m += d;
                    mx += d * j;
                }
            }
        not_left += !(m > 0.0 && mx / m < top_x - 0.5);
    }
    printf("  %d ones: flag ink above the top in %d, right of the top third in %d, centre not left "
           "of the upper half's in %d\n",
           ones, above, right, not_left);
    CHECK(ones > 80);
    CHECK(above == 0 && right == 0 && not_left == 0);
    free(img);
    free(lab);
}

int main(void)
{
    scratch = malloc(ink_augment_scratch_size(S, S) * sizeof *scratch);
    if (!scratch) {
        printf("out of memory\n");
        return 1;
    }
    RUN(a_slash_is_drawn_only_on_zeros_and_leaves_every_other_choice_alone);
    RUN(a_slash_crosses_the_ring_near_its_middle_rising_or_level_and_overhangs);
    RUN(with_the_flag_off_every_label_gets_the_same_image_as_before_the_flag_existed);
    RUN(a_flag_is_drawn_only_on_ones_the_same_for_a_seed_and_leaves_every_other_choice_alone);
    RUN(a_flag_leaves_the_top_of_a_one_down_to_the_left_and_a_foot_sits_under_it);
    RUN(on_mnist_ones_the_flag_hangs_left_from_the_top_and_never_goes_right);
    free(scratch);
    return test_main_result();
}
