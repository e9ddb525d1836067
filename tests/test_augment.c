/* test_augment.c - the training distortions: pass-through when off, reproducible, in range,
 * ink and centre of mass kept sane, exact affine moves worked out by hand, thickness changes in
 * the expected direction. Synthetic digits are anti-aliased rings and bars; the MNIST checks read
 * the raw IDX training images from SCRATCHNET_MNIST_DIR and skip when they are absent.
 */
#include "test_augment.h"

/* ---- helpers ---------------------------------------------------------------------------- */

/* Centre of mass in cell indices (x = column, y = row); returns the total ink. */
static double com(const float *g, int w, int h, double *cx, double *cy)
{
    double m = 0.0, mx = 0.0, my = 0.0;
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++) {
            double v = (double)g[i * w + j];
            m += v;
            mx += v * j;
            my += v * i;
        }
    *cx = m > 0.0 ? mx / m : -1.0;
    *cy = m > 0.0 ? my / m : -1.0;
    return m;
}

static void to_unit(const uint8_t *src, float *out, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = (float)src[i] / 255.0f;
}

static int in_unit_range(const float *g, int n)
{
    for (int i = 0; i < n; i++)
        if (!(g[i] >= 0.0f && g[i] <= 1.0f))
            return 0;
    return 1;
}

/* Mean stroke width 2 A / P: A pixels above half, P edges between such a pixel and one that
 * is not (a stroke of length L and width W has A = W L, P = 2 L). */
static double stroke_width(const uint8_t *g)
{
    int area = 0, edges = 0;
    for (int i = 0; i < S; i++)
        for (int j = 0; j < S; j++) {
            if (g[i * S + j] <= 127)
                continue;
            area++;
            edges += !(j > 0 && g[i * S + j - 1] > 127) + !(j < S - 1 && g[i * S + j + 1] > 127);
            edges +=
                !(i > 0 && g[(i - 1) * S + j] > 127) + !(i < S - 1 && g[(i + 1) * S + j] > 127);
        }
    return edges ? 2.0 * area / edges : 0.0;
}

/* Settings with only the stroke thickness changing, on every image. */
static InkAugment thickness_only(void)
{
    InkAugment a = ink_augment_none();
    a.thickness = 1.0f;
    a.prob = 1.0f;
    return a;
}

/* ---- tests ------------------------------------------------------------------------------ */

TEST(all_off_settings_pass_the_image_through_as_src_over_255_exactly)
{
    uint8_t src[N28];
    for (int i = 0; i < N28; i++)
        src[i] = (uint8_t)((i * 37) % 256);
    float out[N28];
    InkAugment none = ink_augment_none();
    CHECK(none.shift == 0.0f && none.rotate == 0.0f && none.scale_min == 0.0f &&
          none.scale_max == 0.0f && none.shear == 0.0f && none.elastic == 0.0f &&
          none.elastic_sigma == 0.0f && none.thickness == 0.0f && none.slash_zero == 0.0f &&
          none.flag_one == 0.0f && none.prob == 0.0f);
    /* prob 0 skips everything, however strong the rest */
    InkAugment off = ink_augment_defaults();
    off.prob = 0.0f;
    /* prob 1 with every distortion at 0 goes through the sampling at the identity */
    InkAugment zero = ink_augment_none();
    zero.prob = 1.0f;
    const InkAugment *settings[] = {&none, &off, &zero};
    for (int k = 0; k < 3; k++)
        for (uint64_t seed = 0; seed < 20; seed++) {
            ink_augment_image(settings[k], src, S, S, -1, seed, scratch, out);
            int same = 1;
            for (int i = 0; i < N28; i++)
                same &= out[i] == (float)src[i] / 255.0f;
            CHECK(same);
        }
}

TEST(the_same_seed_gives_the_same_image_and_another_seed_a_different_one)
{
    uint8_t src[N28];
    ring(src, 13.5, 14.0, 7.0, 1.0);
    InkAugment a = ink_augment_defaults();
    a.prob = 1.0f;
    float o1[N28], o2[N28], o3[N28];
    for (uint64_t seed = 1; seed < 50; seed++) {
        ink_augment_image(&a, src, S, S, -1, seed, scratch, o1);
        memset(scratch, 0xff, ink_augment_scratch_size(S, S) * sizeof *scratch); /* stale junk */
        ink_augment_image(&a, src, S, S, -1, seed, scratch, o2);
        ink_augment_image(&a, src, S, S, -1, seed + 1000003, scratch, o3);
        CHECK(memcmp(o1, o2, sizeof o1) == 0);
        CHECK(memcmp(o1, o3, sizeof o1) != 0);
    }
}

/* One seed gives one image on every machine: the output for fixed settings is pinned bit for
 * bit (FNV-1a over the floats' bytes). A change here means the distortions changed, or the
 * compiler fused multiplies and adds (GCC in gnu11 mode on a machine with FMA does). */
TEST(a_fixed_seed_gives_a_pinned_image_bit_for_bit)
{
    /* a ring from integers only (no libm), full ink between radii 5 and 7 about (13, 14.5),
     * half ink on the pixels just outside: squared distances in half pixels */
    uint8_t src[N28];
    for (int i = 0; i < S; i++)
        for (int j = 0; j < S; j++) {
            int d2 = (2 * j - 26) * (2 * j - 26) + (2 * i - 29) * (2 * i - 29);
            src[i * S + j] = d2 >= 100 && d2 <= 196 ? 255 : (d2 >= 64 && d2 <= 256 ? 128 : 0);
        }
    InkAugment a = {2.0f, 15.0f, 0.8f, 1.2f, 0.3f, 1.0f, 4.0f, 1.0f, 0.0f, 0.0f, 1.0f};
    float out[N28];
    ink_augment_image(&a, src, S, S, -1, 12345, scratch, out);
    uint64_t hash = 0xcbf29ce484222325u;
    const unsigned char *p = (const unsigned char *)out;
    for (size_t i = 0; i < sizeof out; i++) {
        hash ^= p[i];
        hash *= 0x100000001b3u;
    }
    const uint64_t pinned = 0xe36ec4aa7736a29cu;
    if (hash != pinned)
        printf("  hash %016llx, pinned %016llx\n", (unsigned long long)hash,
               (unsigned long long)pinned);
    CHECK(hash == pinned);
}

TEST(values_stay_within_0_and_1_even_for_extreme_or_nonsense_settings)
{
    uint8_t src[N28];
    ring(src, 14.0, 14.0, 8.0, 1.5);
    float out[N28];
    InkAugment strong = {10.0f, 180.0f, 0.2f, 3.0f, 2.0f, 6.0f, 3.9f, 1.0f, 1.0f, 1.0f, 1.0f};
    InkAugment nonsense = {NAN, INFINITY, -1.0f, NAN,      -INFINITY, INFINITY,
                           NAN, 2.0f,     NAN,   INFINITY, 5.0f};
    InkAugment swapped = ink_augment_defaults(); /* scale_min > scale_max is taken as a range */
    swapped.scale_min = 1.3f;
    swapped.scale_max = 0.7f;
    const InkAugment *settings[] = {&strong, &nonsense, &swapped};
    for (int k = 0; k < 3; k++)
        for (uint64_t seed = 0; seed < 100; seed++) {
            /* labels 0 and 1 with the slash and the flag on in two of the three settings */
            for (int label = 0; label <= 1; label++) {
                ink_augment_image(settings[k], src, S, S, label, seed, scratch, out);
                CHECK(in_unit_range(out, N28));
            }
        }
}

TEST(odd_image_shapes_and_every_smoothness_stay_inside_their_buffers)
{
    /* run under the address sanitizer: the scratch size must cover every case */
    const int shapes[][2] = {{1, 1}, {2, 3}, {13, 40}, {40, 13}, {28, 28}, {64, 48}};
    const float sigmas[] = {0.0f, 1.0f, 2.5f, 3.99f, 4.0f, 5.9f, 9.0f, 100.0f};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        int w = shapes[k][0], h = shapes[k][1];
        size_t n = (size_t)w * (size_t)h;
        uint8_t *src = malloc(n);
        float *out = malloc(n * sizeof *out);
        float *scr = malloc(ink_augment_scratch_size(w, h) * sizeof *scr);
        for (size_t i = 0; i < n; i++)
            src[i] = (uint8_t)(i % 7 == 0 ? 255 : 0);
        for (size_t s = 0; s < sizeof sigmas / sizeof sigmas[0]; s++) {
            InkAugment a = ink_augment_defaults();
            a.prob = 1.0f;
            a.thickness = 1.0f;
            a.elastic_sigma = sigmas[s];
            a.slash_zero = 1.0f;
            a.flag_one = 1.0f;
            for (int label = 0; label <= 1; label++) {
                ink_augment_image(&a, src, w, h, label, (uint64_t)s, scr, out);
                CHECK(in_unit_range(out, (int)n));
            }
        }
        free(src);
        free(out);
        free(scr);
    }
    CHECK(ink_augment_scratch_size(0, 28) == 0 && ink_augment_scratch_size(28, -1) == 0);
}

TEST(total_ink_stays_between_0_4_and_4_times_the_original_on_1000_mnist_digits)
{
    char why[1200];
    uint8_t *img = load_mnist(why, sizeof why);
    if (!img) {
        SKIP(why);
        return;
    }
    InkAugment a = ink_augment_defaults();
    a.prob = 1.0f;
    float out[N28];
    double lo = HUGE_VAL, hi = 0.0, sum = 0.0;
    for (int k = 0; k < N_MNIST; k++) {
        const uint8_t *src = img + (size_t)k * N28;
        ink_augment_image(&a, src, S, S, -1, (uint64_t)k, scratch, out);
        CHECK(in_unit_range(out, N28));
        double r = total(out, N28) / total_u8(src, N28);
        lo = r < lo ? r : lo;
        hi = r > hi ? r : hi;
        sum += r;
    }
    printf("  ink ratio min %.3f mean %.3f max %.3f\n", lo, sum / N_MNIST, hi);
    /* Widths are drawn in 1.4-3.6 pixels and scales in 0.8-1.2: a hairline MNIST digit (width
     * 1) redrawn 3.6 wide and 1.2 times as long has over 4 times the ink, yet such digits are
     * rare; on average the ink stays about the same. */
    CHECK(lo >= 0.4 && hi <= 4.0);
    CHECK(sum / N_MNIST >= 0.85 && sum / N_MNIST <= 1.4);
    free(img);
}

TEST(centre_of_mass_stays_inside_and_within_shift_plus_2_pixels_on_mnist_digits)
{
    char why[1200];
    uint8_t *img = load_mnist(why, sizeof why);
    if (!img) {
        SKIP(why);
        return;
    }
    InkAugment a = ink_augment_defaults();
    a.prob = 1.0f;
    float src[N28], out[N28];
    double worst = 0.0;
    for (int k = 0; k < N_MNIST; k++) {
        to_unit(img + (size_t)k * N28, src, N28);
        ink_augment_image(&a, img + (size_t)k * N28, S, S, -1, (uint64_t)k + 7, scratch, out);
        double x0, y0, x1, y1;
        com(src, S, S, &x0, &y0);
        CHECK(com(out, S, S, &x1, &y1) > 0.0);
        CHECK(x1 >= 0.0 && x1 <= S - 1 && y1 >= 0.0 && y1 <= S - 1);
        double d = fmax(fabs(x1 - x0), fabs(y1 - y0));
        worst = d > worst ? d : worst;
    }
    printf("  largest move of the centre of mass along an axis %.2f pixels\n", worst);
    CHECK(worst <= (double)a.shift + 2.0);
    free(img);
}

TEST(a_centred_synthetic_digit_keeps_its_mass_near_the_centre_and_off_the_border)
{
    uint8_t src[N28];
    ring(src, 14.0, 13.5, 7.0, 1.0); /* a "0" 17 pixels tall */
    InkAugment a = ink_augment_defaults();
    a.prob = 1.0f;
    float out[N28];
    for (uint64_t seed = 0; seed < 300; seed++) {
        ink_augment_image(&a, src, S, S, -1, seed, scratch, out);
        double cx, cy;
        CHECK(com(out, S, S, &cx, &cy) > 0.0);
        CHECK(fabs(cx - 14.0) <= (double)a.shift + 2.0 && fabs(cy - 13.5) <= (double)a.shift + 2.0);
        /* kept inside: the outermost ring of pixels holds (almost) no ink */
        double border = 0.0;
        for (int i = 0; i < S; i++)
            border += (double)(out[i] + out[(S - 1) * S + i] + out[i * S] + out[i * S + S - 1]);
        CHECK(border < 0.5);
    }
}

TEST(a_digit_near_a_corner_is_kept_inside_rather_than_shifted_out)
{
    uint8_t src[N28];
    ring(src, 8.5, 18.5, 4.5, 1.0); /* near the bottom-left corner, 2 pixels from the edges */
    InkAugment a = ink_augment_defaults();
    a.prob = 1.0f;
    a.shift = 6.0f;
    float out[N28];
    for (uint64_t seed = 0; seed < 200; seed++) {
        ink_augment_image(&a, src, S, S, -1, seed, scratch, out);
        double border = 0.0;
        for (int i = 0; i < S; i++)
            border += (double)(out[i] + out[(S - 1) * S + i] + out[i * S] + out[i * S + S - 1]);
        /* the box is kept 2 RMS of the elastic field plus half a pixel from the edges; the
         * field's rare larger values may still nudge some of a pixel's worth onto the edge */
        if (border >= 1.0)
            printf("  seed %llu: %.3f ink on the border\n", (unsigned long long)seed, border);
        CHECK(border < 1.0);
    }
}

TEST(affine_identity_copies_the_image_exactly)
{
    uint8_t u8[N28];
    ring(u8, 13.0, 14.0, 6.0, 1.0);
    float src[N28], out[N28];
    to_unit(u8, src, N28);
    const float id[6] = {1, 0, 0, 0, 1, 0};
    CHECK(ink_augment_affine(src, S, S, id, out) == 0);
    CHECK(memcmp(src, out, sizeof out) == 0);
}

TEST(affine_translation_by_one_pixel_moves_the_mass_by_one_pixel)
{
    uint8_t u8[N28];
    ring(u8, 13.0, 14.0, 6.0, 1.0);
    float src[N28], out[N28];
    to_unit(u8, src, N28);
    double x0, y0, x1, y1;
    double m0 = com(src, S, S, &x0, &y0);
    const float right[6] = {1, 0, 1, 0, 1, 0}; /* (x, y) -> (x + 1, y) */
    CHECK(ink_augment_affine(src, S, S, right, out) == 0);
    CHECK_NEAR(com(out, S, S, &x1, &y1), m0, 1e-4);
    CHECK_NEAR(x1, x0 + 1.0, 1e-6);
    CHECK_NEAR(y1, y0, 1e-6);
    /* a whole-pixel move is a pure copy: pixel (i, j) lands on (i, j + 1) */
    CHECK(out[14 * S + 20] == src[14 * S + 19]);
    const float up_half[6] = {1, 0, 0, 0, 1, -0.5f}; /* (x, y) -> (x, y - 0.5) */
    CHECK(ink_augment_affine(src, S, S, up_half, out) == 0);
    com(out, S, S, &x1, &y1);
    CHECK_NEAR(x1, x0, 1e-6);
    CHECK_NEAR(y1, y0 - 0.5, 1e-6);
}

TEST(affine_rotation_by_90_degrees_turns_a_horizontal_bar_vertical)
{
    /* A bar on row 10, columns 5-20. Rotating by 90 degrees about the image's centre
     * (13.5, 13.5) sends (x, y) to (13.5 - (y - 13.5), 13.5 + (x - 13.5)) = (27 - y, x):
     * m = [0 -1 27; 1 0 0]. Pixel (10, j) lands on row j, column 17. */
    float src[N28] = {0}, out[N28];
    for (int j = 5; j <= 20; j++)
        src[10 * S + j] = 1.0f;
    const float rot[6] = {0, -1, 27, 1, 0, 0};
    CHECK(ink_augment_affine(src, S, S, rot, out) == 0);
    for (int i = 0; i < S; i++)
        for (int j = 0; j < S; j++)
            CHECK(out[i * S + j] == (j == 17 && i >= 5 && i <= 20 ? 1.0f : 0.0f));
}

TEST(affine_refuses_a_singular_or_non_finite_matrix_and_clears_the_output)
{
    float src[N28], out[N28];
    for (int i = 0; i < N28; i++)
        src[i] = 0.5f;
    const float flat[6] = {1, 2, 0, 2, 4, 0}; /* determinant 0 */
    const float bad[6] = {1, 0, NAN, 0, 1, 0};
    for (int k = 0; k < 2; k++) {
        memset(out, 0x7f, sizeof out);
        CHECK(ink_augment_affine(src, S, S, k ? bad : flat, out) == SN_E_ARG);
        CHECK(total(out, N28) == 0.0);
    }
}

TEST(thickness_makes_a_thin_digit_heavier_by_varying_amounts_and_a_bold_one_lighter)
{
    /* Target widths lie in 1.4-3.6 pixels: a 1-pixel ring always grows, by as much as its
     * target says; a 6-pixel ring always shrinks (by the most erosion allowed). */
    InkAugment a = thickness_only();
    uint8_t thin[N28], thick[N28];
    ring(thin, 14.0, 14.0, 8.0, 0.5);
    ring(thick, 14.0, 14.0, 7.0, 3.0);
    double thin0 = total_u8(thin, N28), thick0 = total_u8(thick, N28);
    double lo_thin = HUGE_VAL, hi_thin = 0.0, lo_thick = HUGE_VAL;
    float out[N28];
    for (uint64_t seed = 0; seed < 100; seed++) {
        ink_augment_image(&a, thin, S, S, -1, seed, scratch, out);
        double t = total(out, N28);
        CHECK(t > thin0 * 1.05);
        lo_thin = t < lo_thin ? t : lo_thin;
        hi_thin = t > hi_thin ? t : hi_thin;
        ink_augment_image(&a, thick, S, S, -1, seed, scratch, out);
        t = total(out, N28);
        CHECK(t < thick0 * 0.95);
        lo_thick = t < lo_thick ? t : lo_thick;
    }
    CHECK(hi_thin > lo_thin * 1.5); /* thickened anywhere from a little to a lot */
    CHECK(lo_thick > thick0 * 0.3); /* thinning never wipes a digit out */
}

TEST(thickness_on_mnist_digits_moves_ink_with_the_measured_stroke_width)
{
    char why[1200];
    uint8_t *img = load_mnist(why, sizeof why);
    if (!img) {
        SKIP(why);
        return;
    }
    /* Target widths are uniform in 1.4-3.6: a digit thinner than 1.4 always gains ink, one
     * of width 3 loses it with probability (3 - 1.4) / 2.2 = 73 %. */
    InkAugment a = thickness_only();
    float out[N28];
    int gained = 0, lost = 0, n_thin = 0, n_bold = 0;
    for (int k = 0; k < N_MNIST; k++) {
        const uint8_t *src = img + (size_t)k * N28;
        double t0 = total_u8(src, N28), w = stroke_width(src);
        ink_augment_image(&a, src, S, S, -1, (uint64_t)k, scratch, out);
        double t1 = total(out, N28);
        if (w < 1.4) {
            n_thin++;
            gained += t1 > t0;
        } else if (w > 3.0) {
            n_bold++;
            lost += t1 < t0;
        }
    }
    printf("  %d of %d thin digits gained ink, %d of %d bold ones lost it\n", gained, n_thin, lost,
           n_bold);
    CHECK(n_thin > 20 && n_bold > 20);
    CHECK(gained == n_thin);
    CHECK(lost > n_bold / 2);
    free(img);
}

int main(void)
{
    scratch = malloc(ink_augment_scratch_size(S, S) * sizeof *scratch);
    if (!scratch) {
        printf("out of memory\n");
        return 1;
    }
    RUN(all_off_settings_pass_the_image_through_as_src_over_255_exactly);
    RUN(the_same_seed_gives_the_same_image_and_another_seed_a_different_one);
    RUN(a_fixed_seed_gives_a_pinned_image_bit_for_bit);
    RUN(values_stay_within_0_and_1_even_for_extreme_or_nonsense_settings);
    RUN(odd_image_shapes_and_every_smoothness_stay_inside_their_buffers);
    RUN(total_ink_stays_between_0_4_and_4_times_the_original_on_1000_mnist_digits);
    RUN(centre_of_mass_stays_inside_and_within_shift_plus_2_pixels_on_mnist_digits);
    RUN(a_centred_synthetic_digit_keeps_its_mass_near_the_centre_and_off_the_border);
    RUN(a_digit_near_a_corner_is_kept_inside_rather_than_shifted_out);
    RUN(affine_identity_copies_the_image_exactly);
    RUN(affine_translation_by_one_pixel_moves_the_mass_by_one_pixel);
    RUN(affine_rotation_by_90_degrees_turns_a_horizontal_bar_vertical);
    RUN(affine_refuses_a_singular_or_non_finite_matrix_and_clears_the_output);
    RUN(thickness_makes_a_thin_digit_heavier_by_varying_amounts_and_a_bold_one_lighter);
    RUN(thickness_on_mnist_digits_moves_ink_with_the_measured_stroke_width);
    free(scratch);
    return test_main_result();
}
