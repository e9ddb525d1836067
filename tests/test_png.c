/* test_png.c - the PNG codec (src/ink/png_codec.c) and the image loader that picks PGM or PNG by
 * the first bytes. Test images of every colour type are written here with libpng directly, so
 * the reader is checked against files it did not write; the expected grey values are worked
 * out by hand: grey = 0.2126 R + 0.7152 G + 0.0722 B, samples / (2^bits - 1), and transparent
 * pixels laid over white when the opaque ones are dark on average, over black otherwise.
 */
#include <dirent.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "ink/image.h"
#include "ink/png_codec.h"
#include "test.h"

static char tmp_dir[512];

/* ---- helpers ---------------------------------------------------------------------------- */

static void make_tmp_dir(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmp_dir, sizeof tmp_dir, "%s/test_png.XXXXXX", base && base[0] ? base : "/tmp");
    if (!mkdtemp(tmp_dir))
        tmp_dir[0] = '\0';
}

/* A PNG made by libpng itself, in memory. */
typedef struct Made {
    unsigned char *bytes;
    size_t len, cap;
} Made;

static void made_write(png_structp png, png_bytep src, size_t n)
{
    Made *m = png_get_io_ptr(png);
    if (m->cap - m->len < n) {
        size_t cap = (m->cap + n) * 2;
        unsigned char *p = realloc(m->bytes, cap);
        if (!p)
            png_error(png, "out of memory");
        m->bytes = p;
        m->cap = cap;
    }
    memcpy(m->bytes + m->len, src, n);
    m->len += n;
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

/* Writes spec with libpng into m; the setjmp is in this function, and everything changed after
 * it lives in *m or in libpng's structs. Returns 0 or -1. */
static int make_png_guarded(png_structp png, png_infop info, const Spec *sp, png_bytep *rows,
                            Made *m)
{
    if (setjmp(png_jmpbuf(png)))
        return -1;
    png_set_write_fn(png, m, made_write, made_flush);
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
    Made m = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep *rows = malloc(sizeof *rows * (size_t)sp->h);
    CHECK(png && info && rows);
    if (png && info && rows) {
        for (int y = 0; y < sp->h; y++)
            rows[y] = (png_bytep)(uintptr_t)(sp->rows + (size_t)y * sp->row_bytes);
        if (make_png_guarded(png, info, sp, rows, &m) < 0) {
            CHECK(!"libpng could not write the test image");
            free(m.bytes);
            m.bytes = NULL;
            m.len = 0;
        }
    }
    free(rows);
    png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
    return m;
}

/* Parses m, expecting success and the given size; returns the pixels (caller frees). */
static float *parse_ok(const Made *m, int want_w, int want_h)
{
    float *px = NULL;
    int w = 0, h = 0;
    InkError err = {0, ""};
    int rc = ink_png_parse(m->bytes, m->len, "t.png", &px, &w, &h, &err);
    CHECK(rc == 0);
    if (rc != 0)
        printf("    %s\n", err.msg);
    CHECK(w == want_w && h == want_h);
    if (rc == 0 && (w != want_w || h != want_h)) {
        free(px);
        return NULL;
    }
    return px;
}

/* 1 if msg is one line: not empty, no newline. */
static int one_line(const char *msg)
{
    return msg[0] != '\0' && strchr(msg, '\n') == NULL;
}

/* Sets a 4-byte big-endian number. */
static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Rewrites the IHDR of a PNG made by our writer (it starts at byte 8: length, "IHDR", 13
 * bytes of data, CRC) with a new width and height, with a correct CRC. */
static void set_ihdr_size(unsigned char *png, uint32_t w, uint32_t h)
{
    put32(png + 16, w);
    put32(png + 20, h);
    put32(png + 29, (uint32_t)crc32(0L, png + 12, 17)); /* CRC over "IHDR" and its 13 bytes */
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
    InkError err = {0, ""};
    CHECK(ink_png_encode(grey, W, H, 1, "g.png", &bytes, &len, &err) == 0);
    CHECK(ink_png_is_png(bytes, len));
    Made m = {bytes, len, len};
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
    InkError err = {0, ""};
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
    Made m = {bytes, len, len};
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
    InkError err = {0, ""};
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
    CHECK(ink_png_save(path, grey, 2, 2, 1, &err) == INK_E_IO);
    CHECK(strstr(err.msg, path) == err.msg && one_line(err.msg));
    CHECK(test_count_files(tmp_dir, NULL) == 1);
}

TEST(the_writer_refuses_bad_channel_counts_and_sizes)
{
    const unsigned char px[12] = {0};
    unsigned char *bytes = (unsigned char *)px;
    size_t len = 99;
    InkError err = {0, ""};
    CHECK(ink_png_encode(px, 2, 2, 3, "x.png", &bytes, &len, &err) == INK_E_ARG);
    CHECK(bytes == NULL && len == 0);
    CHECK(strstr(err.msg, "x.png: ") == err.msg && strstr(err.msg, "not 3") != NULL);
    CHECK(ink_png_encode(px, 0, 2, 1, "x.png", &bytes, &len, &err) == INK_E_ARG);
    CHECK(ink_png_encode(px, INK_PNG_MAX_SIDE + 1, 1, 1, "x.png", &bytes, &len, &err) ==
          INK_E_ARG);
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

/* ---- bad input -------------------------------------------------------------------------- */

TEST(a_truncated_png_gives_one_line_naming_the_file)
{
    unsigned char g[20 * 20];
    for (int i = 0; i < 20 * 20; i++)
        g[i] = (unsigned char)(i * 7);
    unsigned char *bytes = NULL;
    size_t len = 0;
    InkError err = {0, ""};
    CHECK(ink_png_encode(g, 20, 20, 1, "t.png", &bytes, &len, &err) == 0);
    /* cut in the signature, in the header, in the pixels and just before IEND's end */
    const size_t cuts[] = {5, 20, len / 2, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        float *px = (float *)bytes;
        int w = -1, h = -1;
        err.msg[0] = '\0';
        int rc = ink_png_parse(bytes, cuts[i], "cut.png", &px, &w, &h, &err);
        CHECK(rc == INK_E_FORMAT);
        CHECK(px == NULL);
        CHECK(strncmp(err.msg, "cut.png: ", 9) == 0 && one_line(err.msg));
        if (cuts[i] > 8)
            CHECK(strstr(err.msg, "truncated PNG") != NULL);
    }
    free(bytes);
}

TEST(a_non_png_and_a_corrupt_png_give_one_line_naming_the_file)
{
    const unsigned char text[] = "hello, this is not an image\n";
    float *px = NULL;
    int w = 0, h = 0;
    InkError err = {0, ""};
    CHECK(ink_png_parse(text, sizeof text - 1, "a.png", &px, &w, &h, &err) == INK_E_FORMAT);
    CHECK(strcmp(err.msg, "a.png: not a PNG image (no PNG signature)") == 0);
    CHECK(ink_image_parse(text, sizeof text - 1, "a.png", &px, &w, &h, &err) == INK_E_FORMAT);
    CHECK(strstr(err.msg, "a.png: not an image") == err.msg && one_line(err.msg));
    CHECK(px == NULL);

    /* a flipped bit in the compressed pixels: libpng finds them corrupt (before the CRC) */
    unsigned char g[64] = {0};
    unsigned char *bytes = NULL;
    size_t len = 0;
    CHECK(ink_png_encode(g, 8, 8, 1, "b.png", &bytes, &len, &err) == 0);
    if (bytes) {
        bytes[33 + 8 + 2] ^= 0x10; /* IHDR ends at 33; IDAT's length and type are 8 bytes */
        CHECK(ink_png_parse(bytes, len, "b.png", &px, &w, &h, &err) == INK_E_FORMAT);
        CHECK(strstr(err.msg, "b.png: corrupt PNG: ") == err.msg && one_line(err.msg));
        CHECK(px == NULL);
        printf("    %s\n", err.msg);
    }
    free(bytes);
}

TEST(images_larger_than_the_limits_are_refused_before_reading_pixels)
{
    unsigned char g[1] = {0};
    unsigned char *bytes = NULL;
    size_t len = 0;
    InkError err = {0, ""};
    CHECK(ink_png_encode(g, 1, 1, 1, "big.png", &bytes, &len, &err) == 0);
    if (!bytes)
        return;
    float *px = NULL;
    int w = 0, h = 0;
    /* too wide */
    set_ihdr_size(bytes, INK_PNG_MAX_SIDE + 1, 1);
    CHECK(ink_png_parse(bytes, len, "big.png", &px, &w, &h, &err) == INK_E_LIMIT);
    CHECK(strstr(err.msg, "big.png: PNG image is 16385x1 pixels") == err.msg);
    CHECK(one_line(err.msg) && px == NULL);
    /* each side allowed, too many pixels in all: 16384 x 4096 = 64 M */
    set_ihdr_size(bytes, INK_PNG_MAX_SIDE, 4096);
    CHECK(ink_png_parse(bytes, len, "big.png", &px, &w, &h, &err) == INK_E_LIMIT);
    CHECK(strstr(err.msg, "16384x4096") != NULL && px == NULL);
    /* within the limits, but the data holds one pixel: an error, not a crash */
    set_ihdr_size(bytes, 300, 200);
    CHECK(ink_png_parse(bytes, len, "big.png", &px, &w, &h, &err) == INK_E_FORMAT);
    CHECK(px == NULL && one_line(err.msg));
    printf("    %s\n", err.msg);
    /* and the original size reads */
    set_ihdr_size(bytes, 1, 1);
    CHECK(ink_png_parse(bytes, len, "big.png", &px, &w, &h, &err) == 0 && w == 1 && h == 1);
    free(px);
    free(bytes);
}

/* A 1 x 1 grey PNG with a tEXt chunk after IHDR that declares 0x7fffffff bytes of text but
 * holds 16: under a hundred bytes. *len gets its length; caller frees. */
static unsigned char *hostile_text_png(size_t *len)
{
    unsigned char g[1] = {0};
    unsigned char *ok = NULL;
    size_t ok_len = 0;
    InkError err = {0, ""};
    *len = 0;
    if (ink_png_encode(g, 1, 1, 1, "h.png", &ok, &ok_len, &err) < 0)
        return NULL;
    static const char text[] = "Comment\0hostile!"; /* keyword, NUL, 8 bytes of text */
    const size_t text_len = sizeof text - 1, ihdr_end = 33;
    unsigned char *out = malloc(ok_len + 8 + text_len);
    if (!out) {
        free(ok);
        return NULL;
    }
    memcpy(out, ok, ihdr_end);
    put32(out + ihdr_end, 0x7fffffffu);
    memcpy(out + ihdr_end + 4, "tEXt", 4);
    memcpy(out + ihdr_end + 8, text, text_len);
    memcpy(out + ihdr_end + 8 + text_len, ok + ihdr_end, ok_len - ihdr_end);
    *len = ok_len + 8 + text_len;
    free(ok);
    return out;
}

TEST(a_chunk_longer_than_the_file_is_refused_without_allocating_its_length)
{
    size_t len = 0;
    unsigned char *bytes = hostile_text_png(&len);
    CHECK(bytes != NULL);
    if (!bytes)
        return;
    /* in a child, so its peak memory can be measured on its own */
    fflush(stdout);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        float *px = NULL;
        int w = 0, h = 0;
        InkError err = {0, ""};
        int rc = ink_png_parse(bytes, len, "h.png", &px, &w, &h, &err);
        printf("    %s\n", err.msg);
        char want[256]; /* the chunk's data would start at byte 33 + 8 (length and type) */
        snprintf(want, sizeof want,
                 "h.png: truncated PNG: chunk tEXt at byte 33 declares 2147483647 bytes, "
                 "more than the %zu left in the file", len - 41);
        int good = rc == INK_E_FORMAT && px == NULL && strcmp(err.msg, want) == 0;
        fflush(stdout);
        _exit(good ? 0 : 1);
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    struct rusage ru; /* the largest peak of the children waited for: this one's */
    memset(&ru, 0, sizeof ru);
    CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* the declared 2 GB are never allocated (nor zeroed): the child stays small */
    printf("    peak memory of the child: %ld KB\n", ru.ru_maxrss);
    CHECK(ru.ru_maxrss < 256L * 1024);
    free(bytes);
}

TEST(a_large_text_chunk_that_is_all_there_is_skipped_and_the_image_reads)
{
    /* 1 MB of text, more than libpng is allowed to allocate for one chunk: skipped unread */
    enum { TEXT = 1 << 20 };
    unsigned char g[4] = {0, 85, 170, 255};
    unsigned char *ok = NULL;
    size_t ok_len = 0;
    InkError err = {0, ""};
    CHECK(ink_png_encode(g, 2, 2, 1, "t.png", &ok, &ok_len, &err) == 0);
    unsigned char *big = ok ? malloc(ok_len + 12 + TEXT) : NULL;
    CHECK(big != NULL);
    if (big) {
        const size_t ihdr_end = 33;
        memcpy(big, ok, ihdr_end);
        unsigned char *c = big + ihdr_end;
        put32(c, TEXT);
        memcpy(c + 4, "tEXt", 4);
        memset(c + 8, 'a', TEXT);
        memcpy(c + 8, "Comment", 8); /* keyword and its NUL */
        put32(c + 8 + TEXT, (uint32_t)crc32(0L, c + 4, 4 + TEXT));
        memcpy(c + 12 + TEXT, ok + ihdr_end, ok_len - ihdr_end);
        Made m = {big, ok_len + 12 + TEXT, ok_len + 12 + TEXT};
        float *px = parse_ok(&m, 2, 2);
        if (px)
            CHECK_NEAR(px[2], 170.0 / 255.0, 1e-6);
        free(px);
    }
    free(big);
    free(ok);
}

TEST(a_pgm_header_without_a_readable_size_says_what_is_wrong)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"P5\n", "p.pgm: PGM header: the width is missing or not a number"},
        {"P2 x 3 255\n", "p.pgm: PGM header: the width is missing or not a number"},
        {"P5 3\n", "p.pgm: PGM header: the height is missing or not a number"},
        {"P2 3 -4 255\n", "p.pgm: PGM header: the height is missing or not a number"},
        {"P5 3 4\n", "p.pgm: PGM header: the maxval is missing or not a number"},
        {"P5 99999999 4 255\n", "p.pgm: PGM header: the width is more than 1000000"},
        {"P5 0 4 255\n", "p.pgm: image size 0x4 is not between 1 and 8192"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        float *px = NULL;
        int w = 0, h = 0;
        InkError err = {0, ""};
        int rc = ink_image_parse((const unsigned char *)cases[i].text, strlen(cases[i].text),
                                 "p.pgm", &px, &w, &h, &err);
        CHECK(rc == INK_E_FORMAT && px == NULL);
        if (strcmp(err.msg, cases[i].want) != 0) {
            printf("    %s gave \"%s\", expected \"%s\"\n", cases[i].text, err.msg,
                   cases[i].want);
            CHECK(0);
        }
        CHECK(strstr(err.msg, "-1") == NULL);
    }
}

TEST(the_loader_tells_png_from_pgm_by_content_not_name)
{
    if (!tmp_dir[0]) {
        SKIP("no temporary directory");
        return;
    }
    char path[700];
    InkError err = {0, ""};
    float *px = NULL;
    int w = 0, h = 0;
    /* a PNG named .pgm */
    const unsigned char g[2] = {10, 250};
    snprintf(path, sizeof path, "%s/really-a-png.pgm", tmp_dir);
    CHECK(ink_png_save(path, g, 2, 1, 1, &err) == 0);
    CHECK(ink_image_load(path, &px, &w, &h, &err) == 0 && w == 2 && h == 1);
    if (px)
        CHECK_NEAR(px[1], 250.0 / 255.0, 1e-6);
    free(px);
    px = NULL;
    /* a PGM named .png */
    snprintf(path, sizeof path, "%s/really-a-pgm.png", tmp_dir);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs("P2 2 1 255\n10 250\n", f);
        fclose(f);
    }
    CHECK(ink_image_load(path, &px, &w, &h, &err) == 0 && w == 2 && h == 1);
    if (px)
        CHECK_NEAR(px[1], 250.0 / 255.0, 1e-6);
    free(px);
}

TEST(the_committed_png_seven_matches_the_pgm_it_was_made_from)
{
    const char *data = getenv("SCRATCHNET_TEST_DATA");
    if (!data) {
        SKIP("SCRATCHNET_TEST_DATA is not set");
        return;
    }
    char a[1024], b[1024];
    snprintf(a, sizeof a, "%s/mnist-test-0-seven.pgm", data);
    snprintf(b, sizeof b, "%s/mnist-test-0-seven.png", data);
    float *pa = NULL, *pb = NULL;
    int wa = 0, ha = 0, wb = 0, hb = 0;
    InkError err = {0, ""};
    CHECK(ink_image_load(a, &pa, &wa, &ha, &err) == 0);
    CHECK(ink_image_load(b, &pb, &wb, &hb, &err) == 0);
    CHECK(wa == 28 && ha == 28 && wb == 28 && hb == 28);
    if (pa && pb && wa == wb && ha == hb)
        for (int i = 0; i < wa * ha; i++)
            CHECK(pa[i] == pb[i]);
    free(pa);
    free(pb);
}

int main(void)
{
    make_tmp_dir();
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
    RUN(a_truncated_png_gives_one_line_naming_the_file);
    RUN(a_non_png_and_a_corrupt_png_give_one_line_naming_the_file);
    RUN(images_larger_than_the_limits_are_refused_before_reading_pixels);
    RUN(a_chunk_longer_than_the_file_is_refused_without_allocating_its_length);
    RUN(a_large_text_chunk_that_is_all_there_is_skipped_and_the_image_reads);
    RUN(a_pgm_header_without_a_readable_size_says_what_is_wrong);
    RUN(the_loader_tells_png_from_pgm_by_content_not_name);
    RUN(the_committed_png_seven_matches_the_pgm_it_was_made_from);
    test_remove_dir(tmp_dir);
    return test_main_result();
}
