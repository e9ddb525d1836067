/* test_idx.c - IDX reading: small synthetic files, raw and gzipped, written into a fresh
 * directory under /tmp; every kind of broken file; and, when present, the real MNIST. */
#include "nn/idx.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "test.h"

static char tmp_dir[] = "/tmp/scratchnet-test-idx-XXXXXX";

/* Fills buf with "<tmp_dir>/<name>" and returns it. */
static const char *path_in(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmp_dir, name);
    return buf;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* A complete idx3 image file in memory: 16-byte header, then n*rows*cols pixels whose value
 * is a fixed function of their index, so any misplaced byte shows. Caller frees. */
static uint8_t *make_images(uint32_t n, uint32_t rows, uint32_t cols, size_t *len)
{
    size_t n_pix = (size_t)n * rows * cols;
    *len = 16 + n_pix;
    uint8_t *b = malloc(*len);
    if (!b)
        abort();
    b[0] = 0;
    b[1] = 0;
    b[2] = 0x08;
    b[3] = 3;
    put_be32(b + 4, n);
    put_be32(b + 8, rows);
    put_be32(b + 12, cols);
    for (size_t i = 0; i < n_pix; i++)
        b[16 + i] = (uint8_t)(i * 37 + 11);
    return b;
}

/* A complete idx1 label file: 8-byte header, then n labels i % 10. Caller frees. */
static uint8_t *make_labels(uint32_t n, size_t *len)
{
    *len = 8 + (size_t)n;
    uint8_t *b = malloc(*len);
    if (!b)
        abort();
    b[0] = 0;
    b[1] = 0;
    b[2] = 0x08;
    b[3] = 1;
    put_be32(b + 4, n);
    for (uint32_t i = 0; i < n; i++)
        b[8 + i] = (uint8_t)(i % 10);
    return b;
}

static void write_raw(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        printf("cannot write %s\n", path);
        abort();
    }
}

static void write_gz(const char *path, const uint8_t *data, size_t len)
{
    gzFile gz = gzopen(path, "wb");
    if (!gz || (len > 0 && gzwrite(gz, data, (unsigned)len) != (int)len) ||
        gzclose(gz) != Z_OK) {
        printf("cannot write %s\n", path);
        abort();
    }
}

static int has(const SnError *e, const char *s)
{
    if (strstr(e->msg, s))
        return 1;
    printf("  message \"%s\" lacks \"%s\"\n", e->msg, s);
    return 0;
}

/* Reads path as images, expecting failure with code and a message that names the file and
 * contains reason. Also checks that the outputs were left empty. */
static void expect_image_error(const char *path, int code, const char *reason)
{
    SnError err = {0};
    uint8_t *img = (uint8_t *)&err; /* anything non-NULL: it must come back NULL */
    int n = -1, rows = -1, cols = -1;
    int rc = nn_idx_read_images(path, &img, &n, &rows, &cols, &err);
    CHECK(rc == code);
    CHECK(err.code == code);
    CHECK(has(&err, path));
    CHECK(has(&err, reason));
    CHECK(strchr(err.msg, '\n') == NULL);
    CHECK(img == NULL);
    CHECK(n == 0 && rows == 0 && cols == 0);
    free(img == (uint8_t *)&err ? NULL : img);
}

TEST(raw_images_read_back_with_big_endian_dimensions)
{
    /* 258 = 0x00000102 tells big-endian (258) from little-endian (0x02010000) apart */
    char p[512];
    size_t len;
    uint8_t *file = make_images(258, 3, 5, &len);
    write_raw(path_in(p, sizeof p, "raw-images"), file, len);
    SnError err = {0};
    uint8_t *img = NULL;
    int n = 0, rows = 0, cols = 0;
    CHECK(nn_idx_read_images(p, &img, &n, &rows, &cols, &err) == SN_OK);
    CHECK(n == 258 && rows == 3 && cols == 5);
    CHECK(img != NULL);
    if (img) {
        CHECK(memcmp(img, file + 16, 258 * 3 * 5) == 0);
        /* pixel index 1 of image 2, row 1: 2*15 + 1*5 + 1 = 36; value 36*37 + 11 = 1343
         * = 5*256 + 63, stored as a byte: 63 */
        CHECK(img[2 * 15 + 1 * 5 + 1] == 63);
    }
    free(img);
    free(file);
}

TEST(raw_and_gzip_files_give_identical_data)
{
    char pr[512], pg[512];
    size_t len;
    uint8_t *file = make_images(7, 4, 6, &len);
    write_raw(path_in(pr, sizeof pr, "same-images"), file, len);
    write_gz(path_in(pg, sizeof pg, "same-images.gz"), file, len);
    SnError err = {0};
    uint8_t *a = NULL, *b = NULL;
    int na, ra, ca, nb, rb, cb;
    CHECK(nn_idx_read_images(pr, &a, &na, &ra, &ca, &err) == SN_OK);
    CHECK(nn_idx_read_images(pg, &b, &nb, &rb, &cb, &err) == SN_OK);
    CHECK(na == 7 && ra == 4 && ca == 6);
    CHECK(na == nb && ra == rb && ca == cb);
    if (a && b)
        CHECK(memcmp(a, b, 7 * 4 * 6) == 0);
    /* the gzip file really is compressed: it starts with the gzip magic 1f 8b */
    FILE *f = fopen(pg, "rb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fgetc(f) == 0x1f && fgetc(f) == 0x8b);
        fclose(f);
    }
    free(a);
    free(b);
    free(file);
}

TEST(labels_read_back_raw_and_gzipped)
{
    char pr[512], pg[512];
    size_t len;
    uint8_t *file = make_labels(23, &len);
    write_raw(path_in(pr, sizeof pr, "labels"), file, len);
    write_gz(path_in(pg, sizeof pg, "labels.gz"), file, len);
    SnError err = {0};
    uint8_t *a = NULL, *b = NULL;
    int na = 0, nb = 0;
    CHECK(nn_idx_read_labels(pr, &a, &na, &err) == SN_OK);
    CHECK(nn_idx_read_labels(pg, &b, &nb, &err) == SN_OK);
    CHECK(na == 23 && nb == 23);
    if (a && b) {
        CHECK(a[0] == 0 && a[9] == 9 && a[10] == 0 && a[22] == 2);
        CHECK(memcmp(a, b, 23) == 0);
    }
    free(a);
    free(b);
    free(file);
}

TEST(wrong_magic_is_rejected_with_the_file_name)
{
    char p[512];
    size_t len;
    uint8_t *file = make_images(2, 2, 2, &len);
    file[0] = 'P';
    file[1] = 'K';
    write_raw(path_in(p, sizeof p, "bad-magic"), file, len);
    expect_image_error(p, SN_E_FORMAT, "not an IDX file: starts with 50 4b, expected 00 00");
    write_gz(path_in(p, sizeof p, "bad-magic.gz"), file, len);
    expect_image_error(p, SN_E_FORMAT, "not an IDX file");
    free(file);
}

TEST(wrong_type_byte_is_rejected)
{
    char p[512];
    size_t len;
    uint8_t *file = make_images(2, 2, 2, &len);
    file[2] = 0x0D;
    write_raw(path_in(p, sizeof p, "float-type"), file, len);
    expect_image_error(p, SN_E_FORMAT, "element type 0x0d (float32) is not supported");
    file[2] = 0x42;
    write_raw(path_in(p, sizeof p, "unknown-type"), file, len);
    expect_image_error(p, SN_E_FORMAT, "unknown IDX element type byte 0x42");
    free(file);
}

TEST(label_file_read_as_images_names_the_dimension_count)
{
    char p[512];
    size_t len;
    uint8_t *file = make_labels(4, &len);
    write_raw(path_in(p, sizeof p, "labels-not-images"), file, len);
    expect_image_error(p, SN_E_FORMAT, "has 1 dimension, expected 3 (an idx3 image file)");
    free(file);
}

TEST(truncated_files_report_expected_and_actual_bytes)
{
    char p[512];
    size_t len;
    uint8_t *file = make_images(3, 4, 5, &len); /* 60 bytes of pixels */
    write_raw(path_in(p, sizeof p, "short-raw"), file, 16 + 10);
    expect_image_error(p, SN_E_FORMAT, "truncated: expected 60 bytes of pixels, got 10");
    /* a complete gzip stream of an incomplete IDX file */
    write_gz(path_in(p, sizeof p, "short-data.gz"), file, 16 + 10);
    expect_image_error(p, SN_E_FORMAT, "truncated: expected 60 bytes of pixels, got 10");
    /* a header cut in the middle */
    write_raw(path_in(p, sizeof p, "short-header"), file, 9);
    expect_image_error(p, SN_E_FORMAT, "truncated: expected a 16-byte IDX header, got 9 bytes");
    write_raw(path_in(p, sizeof p, "tiny"), file, 2);
    expect_image_error(p, SN_E_FORMAT, "truncated: expected a 16-byte IDX header, got 2 bytes");
    free(file);
}

TEST(gzip_stream_cut_short_is_an_error)
{
    char pg[512], pc[512];
    size_t len;
    uint8_t *file = make_images(20, 28, 28, &len);
    write_gz(path_in(pg, sizeof pg, "whole.gz"), file, len);
    /* copy all but the last 100 compressed bytes: the stream and its trailer are incomplete */
    FILE *f = fopen(pg, "rb");
    CHECK(f != NULL);
    if (!f) {
        free(file);
        return;
    }
    uint8_t gzbytes[65536];
    size_t gzlen = fread(gzbytes, 1, sizeof gzbytes, f);
    fclose(f);
    CHECK(gzlen > 200 && gzlen < sizeof gzbytes);
    write_raw(path_in(pc, sizeof pc, "cut.gz"), gzbytes, gzlen - 100);
    expect_image_error(pc, SN_E_FORMAT, "truncated: expected 15680 bytes of pixels, got ");
    /* all the data but no 8-byte trailer (CRC-32 and length): the data cannot be trusted */
    write_raw(path_in(pc, sizeof pc, "no-trailer.gz"), gzbytes, gzlen - 8);
    SnError err = {0};
    uint8_t *img = NULL;
    int n, rows, cols;
    CHECK(nn_idx_read_images(pc, &img, &n, &rows, &cols, &err) < 0);
    CHECK(has(&err, pc));
    CHECK(img == NULL);
    free(file);
}

/* Reads a whole file into buf (at most cap bytes); returns its length, 0 on failure. */
static size_t slurp(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t len = fread(buf, 1, cap, f);
    fclose(f);
    return len < cap ? len : 0;
}

TEST(gzip_file_missing_any_of_its_last_nine_bytes_is_truncated)
{
    /* A gzip file ends with the last deflate byte, then CRC-32 and length (4 bytes each).
     * Both a small file and one large enough (1.5 MB of pixels) to be inflated in large
     * pieces, where the last piece can swallow what is left of a cut trailer. */
    const uint32_t counts[2] = {3, 2000};
    for (int c = 0; c < 2; c++) {
        char pg[512], pc[512];
        size_t len;
        uint8_t *file = make_images(counts[c], 28, 28, &len);
        write_gz(path_in(pg, sizeof pg, "nine.gz"), file, len);
        static uint8_t gzbytes[1 << 18];
        size_t gzlen = slurp(pg, gzbytes, sizeof gzbytes);
        CHECK(gzlen > 20);
        for (size_t cut = 1; gzlen > 20 && cut <= 9; cut++) {
            char name[64];
            snprintf(name, sizeof name, "cut-%zu.gz", cut);
            write_raw(path_in(pc, sizeof pc, name), gzbytes, gzlen - cut);
            expect_image_error(pc, SN_E_FORMAT, "truncated");
        }
        free(file);
    }
}

TEST(gzip_file_with_a_wrong_crc_is_corrupt)
{
    char pg[512], pc[512];
    size_t len;
    uint8_t *file = make_images(3, 4, 5, &len);
    write_gz(path_in(pg, sizeof pg, "crc.gz"), file, len);
    uint8_t gzbytes[4096];
    size_t gzlen = slurp(pg, gzbytes, sizeof gzbytes);
    CHECK(gzlen > 20);
    for (size_t i = 0; gzlen > 20 && i < 4; i++) {
        uint8_t copy[4096];
        memcpy(copy, gzbytes, gzlen);
        copy[gzlen - 8 + i] ^= 0x01; /* one bit of the CRC-32 */
        write_raw(path_in(pc, sizeof pc, "bad-crc.gz"), copy, gzlen);
        expect_image_error(pc, SN_E_FORMAT, "corrupt gzip data");
    }
    /* the labels reader takes the same path */
    uint8_t *labels = make_labels(7, &len);
    write_gz(path_in(pg, sizeof pg, "crc-labels.gz"), labels, len);
    gzlen = slurp(pg, gzbytes, sizeof gzbytes);
    CHECK(gzlen > 20);
    if (gzlen > 20) {
        gzbytes[gzlen - 6] ^= 0x80;
        write_raw(path_in(pc, sizeof pc, "bad-crc-labels.gz"), gzbytes, gzlen);
        SnError err = {0};
        uint8_t *lab = NULL;
        int n = -1;
        CHECK(nn_idx_read_labels(pc, &lab, &n, &err) == SN_E_FORMAT);
        CHECK(has(&err, pc) && has(&err, "corrupt gzip data") && lab == NULL && n == 0);
        free(lab);
    }
    free(labels);
    free(file);
}

TEST(gzip_members_in_a_row_are_one_stream_and_other_bytes_after_it_are_refused)
{
    char p1[512], p2[512], p[512];
    size_t len;
    uint8_t *file = make_images(3, 4, 5, &len);
    /* the header and the first 20 pixels in one member, the other 40 in a second */
    write_gz(path_in(p1, sizeof p1, "member1.gz"), file, 36);
    write_gz(path_in(p2, sizeof p2, "member2.gz"), file + 36, len - 36);
    static uint8_t a[4096], b[4096], both[8192 + 8];
    size_t la = slurp(p1, a, sizeof a), lb = slurp(p2, b, sizeof b);
    CHECK(la > 0 && lb > 0);
    memcpy(both, a, la);
    memcpy(both + la, b, lb);
    write_raw(path_in(p, sizeof p, "members.gz"), both, la + lb);
    SnError err = {0};
    uint8_t *img = NULL;
    int n = 0, rows = 0, cols = 0;
    CHECK(nn_idx_read_images(p, &img, &n, &rows, &cols, &err) == SN_OK);
    CHECK(n == 3 && rows == 4 && cols == 5 && img && memcmp(img, file + 16, 60) == 0);
    free(img);
    /* a whole file followed by bytes that are not gzip */
    write_gz(path_in(p1, sizeof p1, "whole.gz"), file, len);
    la = slurp(p1, a, sizeof a);
    CHECK(la > 0);
    memcpy(both, a, la);
    memcpy(both + la, "junk\n", 5);
    write_raw(path_in(p, sizeof p, "junk-after.gz"), both, la + 5);
    expect_image_error(p, SN_E_FORMAT, "unexpected bytes after the end of the gzip stream");
    free(file);
}

TEST(corrupt_gzip_data_is_an_error)
{
    char p[512];
    size_t len;
    uint8_t *file = make_images(4, 8, 8, &len);
    write_gz(path_in(p, sizeof p, "flipped.gz"), file, len);
    FILE *f = fopen(p, "r+b");
    CHECK(f != NULL);
    if (!f) {
        free(file);
        return;
    }
    uint8_t gzbytes[4096];
    size_t gzlen = fread(gzbytes, 1, sizeof gzbytes, f);
    /* flip every bit of the last four bytes, the stored uncompressed length */
    for (size_t i = gzlen - 4; i < gzlen; i++)
        gzbytes[i] ^= 0xff;
    rewind(f);
    CHECK(fwrite(gzbytes, 1, gzlen, f) == gzlen);
    fclose(f);
    expect_image_error(p, SN_E_FORMAT, "corrupt gzip data");
    free(file);
}

TEST(trailing_bytes_are_rejected)
{
    char p[512];
    size_t len;
    uint8_t *file = make_labels(5, &len);
    uint8_t longer[64];
    memcpy(longer, file, len);
    memset(longer + len, 0xAA, 3);
    write_raw(path_in(p, sizeof p, "trailing"), longer, len + 3);
    SnError err = {0};
    uint8_t *lab = NULL;
    int n = 0;
    CHECK(nn_idx_read_labels(p, &lab, &n, &err) == SN_E_FORMAT);
    CHECK(has(&err, p));
    CHECK(has(&err, "3 unexpected bytes after the 5 bytes of labels"));
    CHECK(lab == NULL && n == 0);
    write_gz(path_in(p, sizeof p, "trailing.gz"), longer, len + 3);
    CHECK(nn_idx_read_labels(p, &lab, &n, &err) == SN_E_FORMAT);
    CHECK(has(&err, p));
    CHECK(has(&err, "unexpected data after the 5 bytes of labels"));
    CHECK(lab == NULL);
    free(file);
}

TEST(absurd_dimensions_are_refused_before_allocating)
{
    char p[512];
    size_t len;
    uint8_t *file = make_images(1, 2, 2, &len);
    put_be32(file + 4, 0x80000000u); /* 2^31 images */
    write_raw(path_in(p, sizeof p, "huge-count"), file, len);
    expect_image_error(p, SN_E_LIMIT, "2147483648 images exceeds the limit of 10000000");
    put_be32(file + 4, 1);
    put_be32(file + 12, 5000);
    write_raw(path_in(p, sizeof p, "huge-side"), file, len);
    expect_image_error(p, SN_E_LIMIT, "image side of 5000 pixels is outside 1..4096");
    put_be32(file + 12, 0);
    write_raw(path_in(p, sizeof p, "zero-side"), file, len);
    expect_image_error(p, SN_E_FORMAT, "image side of 0 pixels is outside 1..4096");
    put_be32(file + 4, 0);
    put_be32(file + 12, 2);
    write_raw(path_in(p, sizeof p, "zero-count"), file, 16);
    expect_image_error(p, SN_E_FORMAT, "holds 0 images");
    /* Within the limits but 10^7 * 4096 * 4096 bytes (167 TB) declared, 4 given, gzipped so
     * the size is not known up front: reading must fail on the data, not on a giant malloc
     * (which AddressSanitizer would turn into an abort). */
    put_be32(file + 4, NN_IDX_MAX_COUNT);
    put_be32(file + 8, NN_IDX_MAX_SIDE);
    put_be32(file + 12, NN_IDX_MAX_SIDE);
    write_gz(path_in(p, sizeof p, "lying-header.gz"), file, len);
    expect_image_error(p, SN_E_FORMAT,
                       "truncated: expected 167772160000000 bytes of pixels, got 4");
    free(file);
}

TEST(empty_missing_and_directory_paths_are_errors)
{
    char p[512];
    write_raw(path_in(p, sizeof p, "empty"), (const uint8_t *)"", 0);
    expect_image_error(p, SN_E_FORMAT, "empty file");
    write_gz(path_in(p, sizeof p, "empty.gz"), (const uint8_t *)"", 0);
    expect_image_error(p, SN_E_FORMAT, "empty file");
    path_in(p, sizeof p, "no-such-file");
    expect_image_error(p, SN_E_IO, "cannot open: No such file or directory");
    expect_image_error(tmp_dir, SN_E_NOTREG, "not a regular file (a directory)");
}

TEST(errors_without_an_error_struct_still_return_the_code)
{
    char p[512];
    uint8_t *lab = NULL;
    int n = 0;
    path_in(p, sizeof p, "also-missing");
    CHECK(nn_idx_read_labels(p, &lab, &n, NULL) == SN_E_IO);
    CHECK(nn_idx_read_labels(NULL, &lab, &n, NULL) == SN_E_ARG);
    CHECK(lab == NULL);
}

/* Writes <tmp_dir>/<prefix>-images-idx3-ubyte and -labels-idx1-ubyte (gzipped when gz). */
static void write_set(const char *prefix, uint32_t n_images, uint32_t n_labels, int gz)
{
    char p[512], name[128];
    size_t len;
    uint8_t *img = make_images(n_images, 3, 2, &len);
    snprintf(name, sizeof name, "%s-images-idx3-ubyte%s", prefix, gz ? ".gz" : "");
    (gz ? write_gz : write_raw)(path_in(p, sizeof p, name), img, len);
    free(img);
    uint8_t *lab = make_labels(n_labels, &len);
    snprintf(name, sizeof name, "%s-labels-idx1-ubyte%s", prefix, gz ? ".gz" : "");
    (gz ? write_gz : write_raw)(path_in(p, sizeof p, name), lab, len);
    free(lab);
}

TEST(dataset_loads_raw_and_falls_back_to_gz)
{
    write_set("rawset", 12, 12, 0);
    write_set("gzset", 12, 12, 1);
    NnDataset a = {0}, b = {0};
    SnError err = {0};
    CHECK(nn_dataset_load_mnist(tmp_dir, "rawset", 10, &a, &err) == SN_OK);
    CHECK(nn_dataset_load_mnist(tmp_dir, "gzset", 10, &b, &err) == SN_OK);
    CHECK(a.n == 12 && a.rows == 3 && a.cols == 2);
    CHECK(b.n == 12 && b.rows == 3 && b.cols == 2);
    if (a.images && b.images && a.labels && b.labels) {
        CHECK(memcmp(a.images, b.images, 12 * 6) == 0);
        CHECK(memcmp(a.labels, b.labels, 12) == 0);
        CHECK(a.labels[11] == 1);
    }
    nn_dataset_free(&a);
    CHECK(a.images == NULL && a.labels == NULL && a.n == 0);
    nn_dataset_free(&a); /* twice is harmless */
    nn_dataset_free(&b);
    nn_dataset_free(NULL);
}

TEST(dataset_reports_label_count_mismatch)
{
    write_set("mismatch", 12, 11, 0);
    NnDataset ds = {0};
    SnError err = {0};
    CHECK(nn_dataset_load_mnist(tmp_dir, "mismatch", 10, &ds, &err) == SN_E_FORMAT);
    CHECK(has(&err, "mismatch-labels-idx1-ubyte: holds 11 labels but "));
    CHECK(has(&err, "mismatch-images-idx3-ubyte holds 12 images"));
    CHECK(ds.images == NULL && ds.labels == NULL && ds.n == 0);
}

TEST(dataset_rejects_a_label_outside_the_classes)
{
    /* labels run 0..9; with 8 classes, label 8 at item 8 is the first out of range */
    write_set("classes", 12, 12, 0);
    NnDataset ds = {0};
    SnError err = {0};
    CHECK(nn_dataset_load_mnist(tmp_dir, "classes", 8, &ds, &err) == SN_E_FORMAT);
    CHECK(has(&err, "classes-labels-idx1-ubyte: label 8 of item 8 is not below 8 classes"));
    CHECK(ds.images == NULL && ds.labels == NULL);
    CHECK(nn_dataset_load_mnist(tmp_dir, "classes", 0, &ds, &err) == SN_E_ARG);
}

TEST(dataset_missing_files_give_a_hint)
{
    NnDataset ds = {0};
    SnError err = {0};
    CHECK(nn_dataset_load_mnist(tmp_dir, "absent", 10, &ds, &err) == SN_E_IO);
    CHECK(has(&err, "absent-images-idx3-ubyte: not found (nor "));
    CHECK(has(&err, "run scripts/setup"));
    /* images present, labels missing */
    char p[512];
    size_t len;
    uint8_t *img = make_images(2, 2, 2, &len);
    write_raw(path_in(p, sizeof p, "half-images-idx3-ubyte"), img, len);
    free(img);
    CHECK(nn_dataset_load_mnist(tmp_dir, "half", 10, &ds, &err) == SN_E_IO);
    CHECK(has(&err, "half-labels-idx1-ubyte: not found"));
    CHECK(ds.images == NULL);
}

TEST(real_mnist_loads_with_known_shape_and_labels)
{
    const char *dir = getenv("SCRATCHNET_MNIST_DIR");
    const char *require = getenv("SCRATCHNET_REQUIRE_DATA");
    char probe[1024];
    snprintf(probe, sizeof probe, "%s/train-images-idx3-ubyte", dir ? dir : "");
    char probe_gz[1100];
    snprintf(probe_gz, sizeof probe_gz, "%s.gz", probe);
    if (!dir || (access(probe, F_OK) != 0 && access(probe_gz, F_OK) != 0)) {
        if (require && strcmp(require, "1") == 0) {
            printf("SCRATCHNET_REQUIRE_DATA=1 but no MNIST in %s; run scripts/setup\n",
                   dir ? dir : "(SCRATCHNET_MNIST_DIR unset)");
            CHECK(!"MNIST present");
            return;
        }
        SKIP("no MNIST in SCRATCHNET_MNIST_DIR; run scripts/setup");
        return;
    }
    NnDataset train = {0}, test = {0};
    SnError err = {0};
    int rc = nn_dataset_load_mnist(dir, "train", 10, &train, &err);
    if (rc != SN_OK)
        printf("  %s\n", err.msg);
    CHECK(rc == SN_OK);
    rc = nn_dataset_load_mnist(dir, "t10k", 10, &test, &err);
    if (rc != SN_OK)
        printf("  %s\n", err.msg);
    CHECK(rc == SN_OK);
    CHECK(train.n == 60000 && train.rows == 28 && train.cols == 28);
    CHECK(test.n == 10000 && test.rows == 28 && test.cols == 28);
    if (train.labels && test.labels) {
        CHECK(train.labels[0] == 5); /* the famous first "5" */
        CHECK(test.labels[0] == 7);
        /* published per-class counts of the training set */
        static const int expected[10] = {5923, 6742, 5958, 6131, 5842,
                                         5421, 5918, 6265, 5851, 5949};
        int counts[10] = {0};
        for (int i = 0; i < train.n; i++)
            counts[train.labels[i]]++;
        for (int c = 0; c < 10; c++)
            CHECK(counts[c] == expected[c]);
    }
    if (train.images) {
        /* MNIST pads each digit with a 4-pixel blank border: the first row is empty */
        int ink = 0;
        for (int x = 0; x < 28; x++)
            ink += train.images[x];
        CHECK(ink == 0);
    }
    nn_dataset_free(&train);
    nn_dataset_free(&test);
}

int main(void)
{
    if (!mkdtemp(tmp_dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(raw_images_read_back_with_big_endian_dimensions);
    RUN(raw_and_gzip_files_give_identical_data);
    RUN(labels_read_back_raw_and_gzipped);
    RUN(wrong_magic_is_rejected_with_the_file_name);
    RUN(wrong_type_byte_is_rejected);
    RUN(label_file_read_as_images_names_the_dimension_count);
    RUN(truncated_files_report_expected_and_actual_bytes);
    RUN(gzip_stream_cut_short_is_an_error);
    RUN(gzip_file_missing_any_of_its_last_nine_bytes_is_truncated);
    RUN(gzip_file_with_a_wrong_crc_is_corrupt);
    RUN(gzip_members_in_a_row_are_one_stream_and_other_bytes_after_it_are_refused);
    RUN(corrupt_gzip_data_is_an_error);
    RUN(trailing_bytes_are_rejected);
    RUN(absurd_dimensions_are_refused_before_allocating);
    RUN(empty_missing_and_directory_paths_are_errors);
    RUN(errors_without_an_error_struct_still_return_the_code);
    RUN(dataset_loads_raw_and_falls_back_to_gz);
    RUN(dataset_reports_label_count_mismatch);
    RUN(dataset_rejects_a_label_outside_the_classes);
    RUN(dataset_missing_files_give_a_hint);
    RUN(real_mnist_loads_with_known_shape_and_labels);
    test_remove_dir(tmp_dir);
    return test_main_result();
}
