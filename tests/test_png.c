/* test_png.c - the PNG codec (src/ink/png_codec.c): writing and reading back, and reading every
 * colour type (malformed and hostile files: test_png_bad_input.c). Test images of every colour type are written here with libpng directly, so
 * the reader is checked against files it did not write; the expected grey values are worked
 * out by hand: grey = 0.2126 R + 0.7152 G + 0.0722 B, samples / (2^bits - 1), and transparent
 * pixels laid over white when the opaque ones are dark on average, over black otherwise.
 */
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "ink/image.h"
#include "ink/png_codec.h"
#include "png_test.h"
#include "test.h"

/* ---- helpers ---------------------------------------------------------------------------- */

/* A PNG made by libpng itself, in memory: libpng's write callback appends to a Bytes. */
static void made_write(png_structp png, png_bytep src, size_t n)
{
    Bytes *b = png_get_io_ptr(png);
    bytes_add(b, src, n);
    if (b->failed)
        png_error(png, "out of memory");
}

static void made_flush(png_structp png) { (void)png; }

/* What make_png writes: IHDR fields, rows of packed samples as PNG stores them, an optional
 * palette and tRNS. */
typedef struct Spec {
    int w, h, color_type, bit_depth, interlace;
    const unsigned char *rows; /* h rows of row_bytes each */
    size_t row_bytes;
    const png_color *palette;
    int n_palette;
    const unsigned char *trns_alpha; /* palette images: alpha per palette entry */
    int n_trns;
    const png_color_16 *trns_value;  /* grey / RGB images: the transparent value */
} Spec;

/* Writes spec with libpng into b; the setjmp is in this function, and everything changed after
 * it lives in *b or in libpng's structs. Returns 0 or -1. */
static int make_png_guarded(png_structp png, png_infop info, const Spec *sp, png_bytep *rows,
                            Bytes *b)
{
    if (setjmp(png_jmpbuf(png)))
        return -1;
    png_set_write_fn(png, b, made_write, made_flush);
    png_set_IHDR(png, info, (png_uint_32)sp->w, (png_uint_32)sp->h, sp->bit_depth,
                 sp->color_type, sp->interlace, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (sp->palette)
        png_set_PLTE(png, info, sp->palette, sp->n_palette);
    if (sp->trns_alpha || sp->trns_value)
        png_set_tRNS(png, info, sp->trns_alpha, sp->n_trns, sp->trns_value);
    png_write_info(png, info);
    png_write_image(png, rows);
    png_write_end(png, NULL);
    return 0;
}

static Made make_png(const Spec *sp)
{
    Bytes b = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep *rows = malloc(sizeof *rows * (size_t)sp->h);
    CHECK(png && info && rows);
    if (png && info && rows) {
        for (int y = 0; y < sp->h; y++)
            rows[y] = (png_bytep)(uintptr_t)(sp->rows + (size_t)y * sp->row_bytes);
        if (make_png_guarded(png, info, sp, rows, &b) < 0) {
            CHECK(!"libpng could not write the test image");
            free(b.p);
            b = (Bytes){0};
        }
    }
    free(rows);
    png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
    return (Made){(unsigned char *)b.p, b.len};
}

/* ---- writing and reading back ----------------------------------------------------------- */

TEST(grey_image_round_trips_exactly)
{
    enum { W = 7, H = 3 };
    unsigned char grey[W * H];
    for (int i = 0; i < W * H; i++)
        grey[i] = (unsigned char)(i * 12 + 3); /* 3, 15, ..., 243: all different */
    unsigned char *bytes = NULL;
    size_t len = 0;
    SnError err = {0, ""};
    CHECK(ink_png_encode(grey, W, H, 1, "g.png", &bytes, &len, &err) == 0);
    CHECK(ink_png_is_png(bytes, len));
    Made m = {bytes, len};
    float *px = parse_ok(&m, W, H);
    if (px)
        for (int i = 0; i < W * H; i++)
            CHECK_NEAR(px[i], (float)grey[i] / 255.0f, 1e-6);
    free(px);
    free(bytes);
}

TEST(rgba_image_round_trips_exactly_and_reads_as_luminance)
{
    enum { W = 4, H = 2 };
    const unsigned char rgba[W * H * 4] = {
        255, 0,   0,   255, 0,   255, 0,   255, 0,  0,  255, 255, 255, 255, 255, 255,
        10,  20,  30,  255, 200, 100, 50,  255, 0,  0,  0,   255, 1,   2,   3,   255,
    };
    unsigned char *bytes = NULL;
    size_t len = 0;
    SnError err = {0, ""};
    CHECK(ink_png_encode(rgba, W, H, 4, "c.png", &bytes, &len, &err) == 0);

    /* libpng's simplified reader gives the stored RGBA bytes back unchanged */
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    CHECK(png_image_begin_read_from_memory(&img, bytes, len) != 0);
    CHECK(img.width == W && img.height == H);
    img.format = PNG_FORMAT_RGBA;
    unsigned char back[W * H * 4];
    CHECK(png_image_finish_read(&img, NULL, back, 0, NULL) != 0);
    CHECK(memcmp(back, rgba, sizeof back) == 0);
    png_image_free(&img);

    /* and our reader turns it into luminance: red 0.2126, green 0.7152, blue 0.0722 */
    Made m = {bytes, len};
    float *px = parse_ok(&m, W, H);
    if (px) {
        CHECK_NEAR(px[0], 0.2126, 1e-6);
        CHECK_NEAR(px[1], 0.7152, 1e-6);
        CHECK_NEAR(px[2], 0.0722, 1e-6);
        CHECK_NEAR(px[3], 1.0, 1e-6);
        CHECK_NEAR(px[4], (0.2126 * 10 + 0.7152 * 20 + 0.0722 * 30) / 255.0, 1e-6);
        CHECK_NEAR(px[5], (0.2126 * 200 + 0.7152 * 100 + 0.0722 * 50) / 255.0, 1e-6);
        CHECK_NEAR(px[6], 0.0, 1e-6);
    }
    free(px);
    free(bytes);
}

TEST(saving_is_atomic_and_a_missing_directory_is_named)
{
    if (!tmp_dir[0]) {
        SKIP("no temporary directory");
        return;
    }
    const unsigned char grey[4] = {0, 85, 170, 255};
    char path[700];
    snprintf(path, sizeof path, "%s/a.png", tmp_dir);
    SnError err = {0, ""};
    CHECK(ink_png_save(path, grey, 2, 2, 1, &err) == 0);
    CHECK(test_count_files(tmp_dir, NULL) == 1); /* no temporary file left beside it */
    float *px = NULL;
    int w = 0, h = 0;
    CHECK(ink_image_load(path, &px, &w, &h, &err) == 0);
    CHECK(w == 2 && h == 2);
    if (px)
        CHECK_NEAR(px[1], 85.0 / 255.0, 1e-6);
    free(px);

    snprintf(path, sizeof path, "%s/no-such-dir/a.png", tmp_dir);
    CHECK(ink_png_save(path, grey, 2, 2, 1, &err) == SN_E_IO);
    CHECK(strstr(err.msg, path) == err.msg && one_line(err.msg));
    CHECK(test_count_files(tmp_dir, NULL) == 1);
}

TEST(the_writer_refuses_bad_channel_counts_and_sizes)
{
    const unsigned char px[12] = {0};
    unsigned char *bytes = (unsigned char *)px;
    size_t len = 99;
    SnError err = {0, ""};
    CHECK(ink_png_encode(px, 2, 2, 3, "x.png", &bytes, &len, &err) == SN_E_ARG);
    CHECK(bytes == NULL && len == 0);
    CHECK(strstr(err.msg, "x.png: ") == err.msg && strstr(err.msg, "not 3") != NULL);
    CHECK(ink_png_encode(px, 0, 2, 1, "x.png", &bytes, &len, &err) == SN_E_ARG);
    CHECK(ink_png_encode(px, INK_PNG_MAX_SIDE + 1, 1, 1, "x.png", &bytes, &len, &err) == SN_E_ARG);
}

/* ---- every colour type ------------------------------------------------------------------ */

TEST(one_bit_and_four_bit_grey_expand_to_0_1_and_fifteenths)
{
    /* 1 bit: 8 pixels packed in one byte, most significant first: 1 0 1 1 0 0 0 1 */
    const unsigned char row1[1] = {0xB1};
    Spec s1 = {8, 1, PNG_COLOR_TYPE_GRAY, 1, PNG_INTERLACE_NONE, row1, 1, 0, 0, 0, 0, 0};
    Made m = make_png(&s1);
    float *px = parse_ok(&m, 8, 1);
    const float want1[8] = {1, 0, 1, 1, 0, 0, 0, 1};
    if (px)
        for (int i = 0; i < 8; i++)
            CHECK_NEAR(px[i], want1[i], 1e-6);
    free(px);
    free(m.bytes);

    /* 4 bits: two pixels per byte: 5 and 15, then 0 and 10 */
    const unsigned char row4[2] = {0x5F, 0x0A};
    Spec s4 = {4, 1, PNG_COLOR_TYPE_GRAY, 4, PNG_INTERLACE_NONE, row4, 2, 0, 0, 0, 0, 0};
    m = make_png(&s4);
    px = parse_ok(&m, 4, 1);
    if (px) {
        CHECK_NEAR(px[0], 5.0 / 15.0, 1e-6);
        CHECK_NEAR(px[1], 1.0, 1e-6);
        CHECK_NEAR(px[2], 0.0, 1e-6);
        CHECK_NEAR(px[3], 10.0 / 15.0, 1e-6);
    }
    free(px);
    free(m.bytes);
}

TEST(sixteen_bit_grey_and_rgb_keep_their_precision)
{
    /* grey: 0x8000 and 0x0101 (big-endian samples) */
    const unsigned char g16[4] = {0x80, 0x00, 0x01, 0x01};
    Spec sg = {2, 1, PNG_COLOR_TYPE_GRAY, 16, PNG_INTERLACE_NONE, g16, 4, 0, 0, 0, 0, 0};
    Made m = make_png(&sg);
    float *px = parse_ok(&m, 2, 1);
    if (px) {
        CHECK_NEAR(px[0], 32768.0 / 65535.0, 1e-6);
        CHECK_NEAR(px[1], 257.0 / 65535.0, 1e-7); /* below 1/255: 8 bits would say 1/255 */
    }
    free(px);
    free(m.bytes);

    /* RGB: (65535, 0, 0) and (0, 0x4000, 0xffff) */
    const unsigned char rgb16[12] = {0xff, 0xff, 0, 0, 0, 0, 0, 0, 0x40, 0x00, 0xff, 0xff};
    Spec sc = {2, 1, PNG_COLOR_TYPE_RGB, 16, PNG_INTERLACE_NONE, rgb16, 12, 0, 0, 0, 0, 0};
    m = make_png(&sc);
    px = parse_ok(&m, 2, 1);
    if (px) {
        CHECK_NEAR(px[0], 0.2126, 1e-6);
        CHECK_NEAR(px[1], 0.7152 * 16384.0 / 65535.0 + 0.0722, 1e-6);
    }
    free(px);
    free(m.bytes);
}

TEST(eight_bit_rgb_reads_as_luminance)
{
    const unsigned char rgb[9] = {255, 0, 0, 0, 255, 0, 100, 100, 100};
    Spec s = {3, 1, PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_NONE, rgb, 9, 0, 0, 0, 0, 0};
    Made m = make_png(&s);
    float *px = parse_ok(&m, 3, 1);
    if (px) {
        CHECK_NEAR(px[0], 0.2126, 1e-6);
        CHECK_NEAR(px[1], 0.7152, 1e-6);
        CHECK_NEAR(px[2], 100.0 / 255.0, 1e-6); /* equal R, G, B: the weights sum to 1 */
    }
    free(px);
    free(m.bytes);
}

TEST(dark_ink_on_a_transparent_sheet_lies_on_white)
{
    /* grey + alpha: black opaque, black half transparent (alpha 128), anything fully
     * transparent. The opaque pixels are dark, so the background is white:
     * 128/255 * 0 + (1 - 128/255) * 1 = 127/255. */
    const unsigned char ga[6] = {0, 255, 0, 128, 77, 0};
    Spec s = {3, 1, PNG_COLOR_TYPE_GRAY_ALPHA, 8, PNG_INTERLACE_NONE, ga, 6, 0, 0, 0, 0, 0};
    Made m = make_png(&s);
    float *px = parse_ok(&m, 3, 1);
    if (px) {
        CHECK_NEAR(px[0], 0.0, 1e-6);
        CHECK_NEAR(px[1], 127.0 / 255.0, 1e-6);
        CHECK_NEAR(px[2], 1.0, 1e-6);
    }
    free(px);
    free(m.bytes);
}

TEST(light_ink_on_a_transparent_sheet_lies_on_black)
{
    /* RGBA: white opaque, and transparent white (its colour does not count) */
    const unsigned char rgba[8] = {255, 255, 255, 255, 255, 255, 255, 0};
    Spec s = {2, 1, PNG_COLOR_TYPE_RGB_ALPHA, 8, PNG_INTERLACE_NONE, rgba, 8, 0, 0, 0, 0, 0};
    Made m = make_png(&s);
    float *px = parse_ok(&m, 2, 1);
    if (px) {
        CHECK_NEAR(px[0], 1.0, 1e-6);
        CHECK_NEAR(px[1], 0.0, 1e-6);
    }
    free(px);
    free(m.bytes);
}

TEST(palette_images_read_their_colours_and_trns_transparency)
{
    /* 2-bit palette: black, white, red, transparent green (tRNS gives alpha 0 to entry 3).
     * Pixels 0 1 2 3 packed in one byte: 00 01 10 11 = 0x1B. The opaque pixels' mean grey is
     * (0 + 1 + 0.2126) / 3 < 0.5, so the transparent one lies on white. */
    const png_color pal[4] = {{0, 0, 0}, {255, 255, 255}, {255, 0, 0}, {0, 255, 0}};
    const unsigned char alpha[4] = {255, 255, 255, 0};
    const unsigned char row[1] = {0x1B};
    Spec s = {4, 1, PNG_COLOR_TYPE_PALETTE, 2, PNG_INTERLACE_NONE, row, 1, pal, 4, alpha, 4, 0};
    Made m = make_png(&s);
    float *px = parse_ok(&m, 4, 1);
    if (px) {
        CHECK_NEAR(px[0], 0.0, 1e-6);
        CHECK_NEAR(px[1], 1.0, 1e-6);
        CHECK_NEAR(px[2], 0.2126, 1e-6);
        CHECK_NEAR(px[3], 1.0, 1e-6);
    }
    free(px);
    free(m.bytes);
}

TEST(a_grey_trns_value_makes_that_grey_transparent)
{
    /* 8-bit grey with tRNS grey 200: pixels 200 (transparent), 255, 255 -> opaque mean 1,
     * so the transparent pixel lies on black. */
    const unsigned char row[3] = {200, 255, 255};
    png_color_16 t;
    memset(&t, 0, sizeof t);
    t.gray = 200;
    Spec s = {3, 1, PNG_COLOR_TYPE_GRAY, 8, PNG_INTERLACE_NONE, row, 3, 0, 0, 0, 0, &t};
    Made m = make_png(&s);
    float *px = parse_ok(&m, 3, 1);
    if (px) {
        CHECK_NEAR(px[0], 0.0, 1e-6);
        CHECK_NEAR(px[1], 1.0, 1e-6);
    }
    free(px);
    free(m.bytes);
}

TEST(interlaced_images_come_out_in_row_order)
{
    /* Adam7 over 11 x 9 pixels, each a different value: every pass has pixels to carry */
    enum { W = 11, H = 9 };
    unsigned char g[W * H];
    for (int i = 0; i < W * H; i++)
        g[i] = (unsigned char)((i * 37) % 256);
    Spec s = {W, H, PNG_COLOR_TYPE_GRAY, 8, PNG_INTERLACE_ADAM7, g, W, 0, 0, 0, 0, 0};
    Made m = make_png(&s);
    float *px = parse_ok(&m, W, H);
    int mismatches = 0;
    if (px)
        for (int i = 0; i < W * H; i++)
            mismatches += px[i] != (float)g[i] / 255.0f;
    CHECK(px && mismatches == 0);
    free(px);
    free(m.bytes);
}

int main(void)
{
    make_tmp_dir("test_png");
    RUN(grey_image_round_trips_exactly);
    RUN(rgba_image_round_trips_exactly_and_reads_as_luminance);
    RUN(saving_is_atomic_and_a_missing_directory_is_named);
    RUN(the_writer_refuses_bad_channel_counts_and_sizes);
    RUN(one_bit_and_four_bit_grey_expand_to_0_1_and_fifteenths);
    RUN(sixteen_bit_grey_and_rgb_keep_their_precision);
    RUN(eight_bit_rgb_reads_as_luminance);
    RUN(dark_ink_on_a_transparent_sheet_lies_on_white);
    RUN(light_ink_on_a_transparent_sheet_lies_on_black);
    RUN(palette_images_read_their_colours_and_trns_transparency);
    RUN(a_grey_trns_value_makes_that_grey_transparent);
    RUN(interlaced_images_come_out_in_row_order);
    test_remove_dir(tmp_dir);
    return test_main_result();
}
