/* test_png_bad_input.c - malformed and hostile files for the PNG codec (src/ink/png_codec.c)
 * and the image loader that picks PGM or PNG by the first bytes (src/ink/image.c): truncated
 * and corrupt files, sizes over the limits, chunks longer than the file, PGM headers without a
 * size; each refused with one line naming the file, before anything large is allocated.
 */
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
#include "png_test.h"
#include "test.h"

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

TEST(a_truncated_png_gives_one_line_naming_the_file)
{
    unsigned char g[20 * 20];
    for (int i = 0; i < 20 * 20; i++)
        g[i] = (unsigned char)(i * 7);
    unsigned char *bytes = NULL;
    size_t len = 0;
    SnError err = {0, ""};
    CHECK(ink_png_encode(g, 20, 20, 1, "t.png", &bytes, &len, &err) == 0);
    /* cut in the signature, in the header, in the pixels and just before IEND's end */
    const size_t cuts[] = {5, 20, len / 2, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        float *px = (float *)bytes;
        int w = -1, h = -1;
        err.msg[0] = '\0';
        int rc = ink_png_parse(bytes, cuts[i], "cut.png", &px, &w, &h, &err);
        CHECK(rc == SN_E_FORMAT);
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
    SnError err = {0, ""};
    CHECK(ink_png_parse(text, sizeof text - 1, "a.png", &px, &w, &h, &err) == SN_E_FORMAT);
    CHECK(strcmp(err.msg, "a.png: not a PNG image (no PNG signature)") == 0);
    CHECK(ink_image_parse(text, sizeof text - 1, "a.png", &px, &w, &h, &err) == SN_E_FORMAT);
    CHECK(strstr(err.msg, "a.png: not an image") == err.msg && one_line(err.msg));
    CHECK(px == NULL);

    /* a flipped bit in the compressed pixels: libpng finds them corrupt (before the CRC) */
    unsigned char g[64] = {0};
    unsigned char *bytes = NULL;
    size_t len = 0;
    CHECK(ink_png_encode(g, 8, 8, 1, "b.png", &bytes, &len, &err) == 0);
    if (bytes) {
        bytes[33 + 8 + 2] ^= 0x10; /* IHDR ends at 33; IDAT's length and type are 8 bytes */
        CHECK(ink_png_parse(bytes, len, "b.png", &px, &w, &h, &err) == SN_E_FORMAT);
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
    SnError err = {0, ""};
    CHECK(ink_png_encode(g, 1, 1, 1, "big.png", &bytes, &len, &err) == 0);
    if (!bytes)
        return;
    float *px = NULL;
    int w = 0, h = 0;
    /* too wide */
    set_ihdr_size(bytes, INK_PNG_MAX_SIDE + 1, 1);
    CHECK(ink_png_parse(bytes, len, "big.png", &px, &w, &h, &err) == SN_E_LIMIT);
    CHECK(strstr(err.msg, "big.png: PNG image is 16385x1 pixels") == err.msg);
    CHECK(one_line(err.msg) && px == NULL);
    /* each side allowed, too many pixels in all: 16384 x 4096 = 64 M */
    set_ihdr_size(bytes, INK_PNG_MAX_SIDE, 4096);
    CHECK(ink_png_parse(bytes, len, "big.png", &px, &w, &h, &err) == SN_E_LIMIT);
    CHECK(strstr(err.msg, "16384x4096") != NULL && px == NULL);
    /* within the limits, but the data holds one pixel: an error, not a crash */
    set_ihdr_size(bytes, 300, 200);
    CHECK(ink_png_parse(bytes, len, "big.png", &px, &w, &h, &err) == SN_E_FORMAT);
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
    SnError err = {0, ""};
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
        SnError err = {0, ""};
        int rc = ink_png_parse(bytes, len, "h.png", &px, &w, &h, &err);
        printf("    %s\n", err.msg);
        char want[256]; /* the chunk's data would start at byte 33 + 8 (length and type) */
        snprintf(want, sizeof want,
                 "h.png: truncated PNG: chunk tEXt at byte 33 declares 2147483647 bytes, "
                 "more than the %zu left in the file", len - 41);
        int good = rc == SN_E_FORMAT && px == NULL && strcmp(err.msg, want) == 0;
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
    SnError err = {0, ""};
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
        Made m = {big, ok_len + 12 + TEXT};
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
        SnError err = {0, ""};
        int rc = ink_image_parse((const unsigned char *)cases[i].text, strlen(cases[i].text),
                                 "p.pgm", &px, &w, &h, &err);
        CHECK(rc == SN_E_FORMAT && px == NULL);
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
    SnError err = {0, ""};
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
    SnError err = {0, ""};
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
    make_tmp_dir("test_png_bad_input");
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
