/* test_nondigit.c - made non-digits: reproducible from the seed, every kind in its share, each
 * image inked and placed as MNIST's preprocessing places a digit, no letter a network could not
 * tell from a digit among the templates, and every template well formed under a name of its own.
 * With SCRATCHNET_NONDIGIT_SHEET=path.png set, also writes a contact sheet of the first 200
 * (20 across, 10 down, a grey line between) to look at them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ink/nondigit.h"
#include "ink/nondigit_templates.h"
#include "ink/png_codec.h"
#include "test.h"
#include "test_made.h"

#define S                  28
#define N28                (S * S)
#define N_MANY             1000
#define N_LETTERS_AT_LEAST 132 /* letter templates: print, cursive and other common forms */

static int make(uint64_t seed, uint8_t *out)
{
    SnError err = {0};
    int kind = ink_nondigit_make(seed, out, &err);
    if (kind < 0)
        printf("seed %llu: %s\n", (unsigned long long)seed, err.msg);
    return kind;
}

TEST(the_same_seed_gives_the_same_bytes_and_other_seeds_other_images)
{
    uint8_t a[N28], b[N28];
    for (uint64_t seed = 0; seed < 50; seed++) {
        CHECK(make(seed, a) >= 0);
        CHECK(make(seed, b) >= 0);
        CHECK(memcmp(a, b, N28) == 0);
        CHECK(make(seed + 1000003, b) >= 0);
        CHECK(memcmp(a, b, N28) != 0);
    }
}

/* The first 100 images, hashed (FNV-1a, 64 bits): a machine or compiler that draws them
 * differently (GCC and clang agree), or a change that moves a pixel, shows here. */
TEST(the_first_100_images_are_pinned_bit_for_bit)
{
    uint8_t img[N28];
    uint64_t h = 14695981039346656037u;
    for (uint64_t seed = 0; seed < 100; seed++) {
        CHECK(make(seed, img) >= 0);
        for (int p = 0; p < N28; p++)
            h = (h ^ img[p]) * 1099511628211u;
    }
    if (h != 0x2567890e968c099au)
        printf("hash %016llx\n", (unsigned long long)h);
    CHECK(h == 0x2567890e968c099au);
}

TEST(every_kind_appears_in_about_its_share_and_has_a_name)
{
    static const double share[INK_ND_KINDS] = {0.55, 0.20, 0.25};
    int count[INK_ND_KINDS] = {0};
    uint8_t img[N28];
    for (uint64_t seed = 0; seed < N_MANY; seed++) {
        int k = make(seed, img);
        CHECK(k >= 0 && k < INK_ND_KINDS);
        if (k >= 0 && k < INK_ND_KINDS)
            count[k]++;
    }
    for (int k = 0; k < INK_ND_KINDS; k++)
        CHECK_NEAR((double)count[k] / N_MANY, share[k], 0.05);
    CHECK(strcmp(ink_nondigit_kind_name(INK_ND_LETTER), "letter") == 0);
    CHECK(strcmp(ink_nondigit_kind_name(INK_ND_SYMBOL), "symbol") == 0);
    CHECK(strcmp(ink_nondigit_kind_name(INK_ND_SCRIBBLE), "scribble") == 0);
}

/* The preprocessing scales the longer side to 20 pixels and then moves the centre of mass to
 * (14, 14) by a fraction of a pixel, which spreads an edge into one more pixel: 19 to 21. */
TEST(every_image_has_ink_centred_as_mnist_centres_a_digit_in_a_20_pixel_box)
{
    uint8_t img[N28];
    int bad = 0;
    for (uint64_t seed = 0; seed < N_MANY; seed++) {
        if (make(seed, img) < 0)
            continue;
        char why[160];
        if (!made_placed_as_mnist(img, why, sizeof why) && bad++ < 5)
            printf("seed %llu: %s\n", (unsigned long long)seed, why);
    }
    CHECK(bad == 0);
}

TEST(no_template_is_a_letter_that_reads_as_a_digit)
{
    static const char excluded[] = "OoQDIlijZzSsBbgqCc";
    int n = 0, upper = 0, lower = 0;
    for (const char *name; (name = ink_nondigit_letter_name(n)) != NULL; n++) {
        CHECK(strchr(excluded, name[0]) == NULL);
        CHECK((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z'));
        upper += name[0] >= 'A' && name[0] <= 'Z';
        lower += name[0] >= 'a' && name[0] <= 'z';
    }
    CHECK(upper >= 15);
    CHECK(lower >= 12);
    CHECK(n == ink_nd_n_letters);
    CHECK(n >= N_LETTERS_AT_LEAST);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            CHECK(strcmp(ink_nondigit_letter_name(i), ink_nondigit_letter_name(j)) != 0);
}

/* Whether t is a template as nondigit_templates.h writes it, its points within [0, max] on both
 * axes: strokes 'L' and 'C' of 2-32 points and 'D' of one, 1-8 of them, separated by ';', every
 * number one of an x y pair. */
static int parses(const char *t, int max)
{
    int strokes = 0;
    for (;;) {
        char kind = *t++;
        int coords = 0;
        if ((kind != 'L' && kind != 'C' && kind != 'D') || *t != ' ')
            return 0;
        while (*t == ' ') {
            char *end;
            long v = strtol(t + 1, &end, 10);
            if (end == t + 1 || v < 0 || v > max)
                return 0;
            coords++;
            t = end;
        }
        int points = coords / 2;
        if (coords % 2 || points > 32 || (kind == 'D' ? points != 1 : points < 2))
            return 0;
        strokes++;
        if (*t == '\0')
            return strokes <= 8;
        if (*t++ != ';')
            return 0;
    }
}

/* A name is the letter or the symbol's word, then a variant number from 2 when there is one. */
static int name_ok(const char *name, int letter)
{
    size_t head = letter ? 1 : strspn(name, "abcdefghijklmnopqrstuvwxyz-");
    const char *v = name + head;
    return head > 0 && strspn(v, "0123456789") == strlen(v) && v[0] != '0' && strcmp(v, "1") != 0;
}

TEST(every_template_parses_fits_its_box_and_has_a_name_of_its_own)
{
    for (int i = 0; i < ink_nd_n_letters; i++) {
        const InkNdTemplate *t = &ink_nd_letters[i];
        int ok = parses(t->strokes, 27) && name_ok(t->name, 1);
        if (!ok)
            printf("letter %s: %s\n", t->name, t->strokes);
        CHECK(ok);
    }
    for (int i = 0; i < ink_nd_n_symbols; i++) {
        const InkNdTemplate *t = &ink_nd_symbols[i];
        int ok = parses(t->strokes, 27) && name_ok(t->name, 0);
        if (!ok)
            printf("symbol %s: %s\n", t->name, t->strokes);
        CHECK(ok);
        for (int j = 0; j < i; j++)
            CHECK(strcmp(t->name, ink_nd_symbols[j].name) != 0);
    }
    CHECK(!parses("L 0 0 1", 27) && !parses("C 0 0", 27) && !parses("D 1 1 2 2", 27));
    CHECK(!parses("L 0 0 1 1;", 27) && !parses("X 0 0 1 1", 27) && !parses("L 0 0 28 1", 27));
    CHECK(parses("L 0 0 1 1;D 3 3;C 0 0 1 1 2 0", 27));
}

/* The contact sheet, only when asked for. */
static void write_sheet(const char *path)
{
    enum { COLS = 20, ROWS = 10, CELL = S + 1 };
    static uint8_t sheet[ROWS * CELL * COLS * CELL];
    uint8_t img[N28];
    memset(sheet, 128, sizeof sheet);
    for (int n = 0; n < COLS * ROWS; n++) {
        if (make((uint64_t)n, img) < 0)
            return;
        for (int i = 0; i < S; i++)
            memcpy(sheet + ((size_t)(n / COLS * CELL + i) * COLS * CELL) + n % COLS * CELL,
                   img + i * S, S);
    }
    SnError err = {0};
    if (ink_png_save(path, sheet, COLS * CELL, ROWS * CELL, 1, &err) < 0)
        printf("%s\n", err.msg);
    else
        printf("contact sheet: %s\n", path);
}

int main(void)
{
    RUN(the_same_seed_gives_the_same_bytes_and_other_seeds_other_images);
    RUN(the_first_100_images_are_pinned_bit_for_bit);
    RUN(every_kind_appears_in_about_its_share_and_has_a_name);
    RUN(every_image_has_ink_centred_as_mnist_centres_a_digit_in_a_20_pixel_box);
    RUN(no_template_is_a_letter_that_reads_as_a_digit);
    RUN(every_template_parses_fits_its_box_and_has_a_name_of_its_own);
    const char *sheet = getenv("SCRATCHNET_NONDIGIT_SHEET");
    if (sheet && *sheet)
        write_sheet(sheet);
    return test_main_result();
}
