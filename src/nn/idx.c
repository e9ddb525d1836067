/* idx.c - reads IDX files (the MNIST format), raw or gzip-compressed.
 *
 * An IDX file, every integer big-endian:
 *   bytes 0-1   0x00 0x00
 *   byte  2     element type; only 0x08 (unsigned byte) is read here
 *   byte  3     ndim: 3 for images (count, rows, cols), 1 for labels (count)
 *   4*ndim      one uint32 per dimension
 *   then        count*rows*cols (or count) bytes, row-major, and nothing after them.
 * So a header is 4 + 4*ndim bytes: 16 for images, 8 for labels.
 * A file that starts with the gzip magic 1f 8b is inflated with zlib (the gzip wrapper checks
 * the header, and at the end of the stream the CRC-32 and length of the data); the stream must
 * reach its end, so a file cut anywhere, even in its 8-byte trailer, is truncated. Several
 * gzip members one after another (as `cat a.gz b.gz` makes) are one stream. Any other file is
 * read as it is. Other element types (int16, float, ...) are refused: MNIST does not use them.
 * Each file is read whole by the one file reader (readfile_all: a regular file only, at most
 * NN_IDX_MAX_FILE bytes); a raw file's data then stays in that buffer, a gzip file's is
 * inflated into a growable buffer (buf.h).
 */
#include "nn/idx.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "common/buf.h"
#include "common/readfile.h"

#define IDX_TYPE_UBYTE 0x08
#define MAX_NDIM 3
/* inflateInit2's window bits: 15 (a 32 KB window, the most gzip uses) + 16 (gzip wrapper). */
#define GZIP_WINDOW_BITS (15 + 16)
/* When the data length is not known from the file size (gzip), the buffer starts at this size
 * and doubles, so a header that lies about the count cannot make us allocate far more than the
 * file really holds. */
#define FIRST_CAPACITY ((size_t)1 << 20)

/* An IDX file, read whole (readfile_all: a regular file of at most NN_IDX_MAX_FILE bytes). */
typedef struct IdxFile {
    const char *path;  /* for messages; not owned */
    uint8_t *bytes;    /* the whole file, malloc'd; NULL once handed over or freed */
    size_t len, pos;   /* bytes[pos .. len) are not used yet */
    int gzip;          /* 1 when the file starts with the gzip magic */
    int stream_ended;  /* gzip: inflate reached the end of the stream and checked it */
    int later_member;  /* gzip: inflating what follows the first member */
    z_stream zs;       /* gzip: the inflate state */
} IdxFile;

static const char *type_name(int type)
{
    switch (type) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "int16";
    case 0x0C: return "int32";
    case 0x0D: return "float32";
    case 0x0E: return "float64";
    default: return NULL;
    }
}

/* out = a * b, or 0 when it would overflow size_t. */
static int mul_size(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
        return 0;
    *out = a * b;
    return 1;
}

static void idx_close(IdxFile *f)
{
    if (f->gzip)
        inflateEnd(&f->zs);
    f->gzip = 0;
    free(f->bytes);
    f->bytes = NULL;
}

static int idx_open(IdxFile *f, const char *path, SnError *err)
{
    memset(f, 0, sizeof *f);
    f->path = path;
    char *bytes = NULL;
    int rc = readfile_all(path, NN_IDX_MAX_FILE, 0, &bytes, &f->len, err);
    if (rc != 0)
        return rc;
    f->bytes = (uint8_t *)bytes;
    if (f->len >= 2 && f->bytes[0] == 0x1f && f->bytes[1] == 0x8b) {
        int zrc = inflateInit2(&f->zs, GZIP_WINDOW_BITS);
        if (zrc != Z_OK) {
            idx_close(f);
            return sn_error(err, zrc == Z_MEM_ERROR ? SN_E_NOMEM : SN_E_FORMAT,
                            "%s: cannot start inflating: %s", path,
                            zrc == Z_MEM_ERROR ? "out of memory" : "zlib refused");
        }
        f->gzip = 1;
    }
    return SN_OK;
}

/* 1 when a gzip file has ended before its stream did: the file was cut. */
static int gzip_cut(const IdxFile *f)
{
    return f->gzip && !f->stream_ended;
}

/* Reads until len bytes have arrived or the data ends; *got says how many did. The end of
 * the data is not an error here (the caller names what was short, and asks gzip_cut whether
 * a gzip stream was cut); corrupt gzip data is. */
static int read_upto(IdxFile *f, uint8_t *buf, size_t len, size_t *got, SnError *err)
{
    *got = 0;
    while (*got < len && f->pos < f->len) {
        size_t avail = f->len - f->pos, want = len - *got;
        if (!f->gzip) {
            size_t n = want < avail ? want : avail;
            memcpy(buf + *got, f->bytes + f->pos, n);
            f->pos += n;
            *got += n;
            continue;
        }
        if (f->stream_ended) {
            /* bytes after the end of the stream: another gzip member (or not: inflate says) */
            inflateReset(&f->zs);
            f->stream_ended = 0;
            f->later_member = 1;
        }
        if (want > UINT_MAX)
            want = UINT_MAX;
        if (avail > UINT_MAX)
            avail = UINT_MAX;
        f->zs.next_in = f->bytes + f->pos;
        f->zs.avail_in = (uInt)avail;
        f->zs.next_out = buf + *got;
        f->zs.avail_out = (uInt)want;
        int zrc = inflate(&f->zs, Z_NO_FLUSH);
        *got += want - f->zs.avail_out;
        f->pos += avail - f->zs.avail_in;
        if (zrc == Z_STREAM_END)
            f->stream_ended = 1; /* the CRC-32 and length matched */
        else if (zrc == Z_MEM_ERROR)
            return sn_error(err, SN_E_NOMEM, "%s: out of memory inflating gzip data", f->path);
        else if (zrc != Z_OK && zrc != Z_BUF_ERROR && f->later_member && f->zs.total_out == 0)
            return sn_error(err, SN_E_FORMAT,
                            "%s: unexpected bytes after the end of the gzip stream (%s)", f->path,
                            f->zs.msg ? f->zs.msg : "not a gzip member");
        else if (zrc != Z_OK && zrc != Z_BUF_ERROR)
            return sn_error(err, SN_E_FORMAT, "%s: corrupt gzip data: %s", f->path,
                            f->zs.msg ? f->zs.msg : "zlib gave no reason");
    }
    return SN_OK;
}

/* Reads and checks the header of an unsigned-byte IDX file of ndim dimensions; fills dims.
 * Every dimension must be at least 1: the first at most NN_IDX_MAX_COUNT, the others at
 * most NN_IDX_MAX_SIDE. */
static int read_header(IdxFile *f, int ndim, const char *item, uint32_t dims[MAX_NDIM],
                       SnError *err)
{
    uint8_t head[4 + 4 * MAX_NDIM];
    size_t head_len = 4 + 4 * (size_t)ndim;
    size_t got;
    int rc = read_upto(f, head, 4, &got, err);
    if (rc < 0)
        return rc;
    if (got == 0 && gzip_cut(f))
        return sn_error(err, SN_E_FORMAT, "%s: truncated gzip stream: it ends before the IDX "
                                          "header", f->path);
    if (got == 0)
        return sn_error(err, SN_E_FORMAT, "%s: empty file, expected an IDX header", f->path);
    if (got < 4)
        return sn_error(err, SN_E_FORMAT,
                        "%s: truncated: expected a %zu-byte IDX header, got %zu bytes",
                        f->path, head_len, got);
    if (head[0] != 0 || head[1] != 0)
        return sn_error(err, SN_E_FORMAT,
                        "%s: not an IDX file: starts with %02x %02x, expected 00 00", f->path,
                        head[0], head[1]);
    if (head[2] != IDX_TYPE_UBYTE) {
        const char *name = type_name(head[2]);
        if (name)
            return sn_error(err, SN_E_FORMAT,
                            "%s: element type 0x%02x (%s) is not supported, expected 0x08 "
                            "(unsigned byte)",
                            f->path, head[2], name);
        return sn_error(err, SN_E_FORMAT, "%s: unknown IDX element type byte 0x%02x",
                        f->path, head[2]);
    }
    if (head[3] != ndim)
        return sn_error(err, SN_E_FORMAT,
                        "%s: has %d dimension%s, expected %d (an idx%d %s file)", f->path,
                        head[3], head[3] == 1 ? "" : "s", ndim, ndim,
                        ndim == 3 ? "image" : "label");
    rc = read_upto(f, head + 4, head_len - 4, &got, err);
    if (rc < 0)
        return rc;
    if (got < head_len - 4)
        return sn_error(err, SN_E_FORMAT,
                        "%s: truncated: expected a %zu-byte IDX header, got %zu bytes",
                        f->path, head_len, 4 + got);
    for (int d = 0; d < ndim; d++) {
        const uint8_t *b = head + 4 + 4 * d;
        /* big-endian: the first byte is the most significant */
        dims[d] = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    }
    if (dims[0] == 0)
        return sn_error(err, SN_E_FORMAT, "%s: holds 0 %s", f->path, item);
    if (dims[0] > NN_IDX_MAX_COUNT)
        return sn_error(err, SN_E_LIMIT, "%s: %lu %s exceeds the limit of %u", f->path,
                        (unsigned long)dims[0], item, NN_IDX_MAX_COUNT);
    for (int d = 1; d < ndim; d++) {
        if (dims[d] == 0 || dims[d] > NN_IDX_MAX_SIDE)
            return sn_error(err, dims[d] ? SN_E_LIMIT : SN_E_FORMAT,
                            "%s: image side of %lu pixels is outside 1..%u", f->path,
                            (unsigned long)dims[d], NN_IDX_MAX_SIDE);
    }
    return SN_OK;
}

/* A raw file's data: exactly n_bytes after the header, moved to the start of the file's own
 * buffer, which becomes *out (no second copy of a data set in memory). */
static int take_raw(IdxFile *f, size_t n_bytes, const char *what, uint8_t **out, SnError *err)
{
    size_t data_len = f->len - f->pos;
    if (data_len < n_bytes)
        return sn_error(err, SN_E_FORMAT, "%s: truncated: expected %zu bytes of %s, got %zu",
                        f->path, n_bytes, what, data_len);
    if (data_len > n_bytes)
        return sn_error(err, SN_E_FORMAT, "%s: %zu unexpected bytes after the %zu bytes of %s",
                        f->path, data_len - n_bytes, n_bytes, what);
    memmove(f->bytes, f->bytes + f->pos, n_bytes);
    *out = f->bytes;
    f->bytes = NULL;
    return SN_OK;
}

/* Inflates exactly n_bytes of data into a new buffer, and checks that nothing follows them
 * and that the gzip stream ends there. */
static int inflate_data(IdxFile *f, size_t n_bytes, const char *what, uint8_t **out,
                        SnError *err)
{
    uint8_t *buf = NULL;
    size_t cap = 0, have = 0;
    for (;;) {
        size_t need = have < FIRST_CAPACITY / 2 ? FIRST_CAPACITY : 2 * have;
        if (need > n_bytes || have > n_bytes / 2)
            need = n_bytes;
        if (buf_grow((void **)&buf, &cap, need, 1) != 0) {
            free(buf);
            return sn_error(err, SN_E_NOMEM, "%s: out of memory for %zu bytes of %s", f->path,
                            need, what);
        }
        size_t room = cap < n_bytes ? cap : n_bytes, got;
        int rc = read_upto(f, buf + have, room - have, &got, err);
        if (rc < 0) {
            free(buf);
            return rc;
        }
        have += got;
        if (have < room || room == n_bytes)
            break; /* the data ended, or all of it is in */
    }
    uint8_t extra;
    size_t got = 0;
    int rc = SN_OK;
    if (have < n_bytes)
        rc = sn_error(err, SN_E_FORMAT, "%s: truncated: expected %zu bytes of %s, got %zu",
                      f->path, n_bytes, what, have);
    else /* one more byte: there must be none, and inflate then checks the stream's trailer */
        rc = read_upto(f, &extra, 1, &got, err);
    if (rc == SN_OK && got != 0)
        rc = sn_error(err, SN_E_FORMAT, "%s: unexpected data after the %zu bytes of %s",
                      f->path, n_bytes, what);
    else if (rc == SN_OK && gzip_cut(f))
        rc = sn_error(err, SN_E_FORMAT,
                      "%s: truncated gzip stream: all %zu bytes of %s arrived but not the end "
                      "of the stream and its checksum",
                      f->path, n_bytes, what);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    *out = buf;
    return SN_OK;
}

/* Opens path, reads the header of an ndim-dimensional unsigned-byte file and all its data. */
static int read_idx(const char *path, int ndim, const char *item, const char *what,
                    uint32_t dims[MAX_NDIM], uint8_t **out, SnError *err)
{
    IdxFile f;
    int rc = idx_open(&f, path, err);
    if (rc < 0)
        return rc;
    rc = read_header(&f, ndim, item, dims, err);
    if (rc == SN_OK) {
        size_t n_bytes = 1;
        for (int d = 0; d < ndim; d++) {
            if (!mul_size(n_bytes, dims[d], &n_bytes)) {
                idx_close(&f);
                return sn_error(err, SN_E_LIMIT, "%s: data size overflows size_t", path);
            }
        }
        rc = f.gzip ? inflate_data(&f, n_bytes, what, out, err)
                    : take_raw(&f, n_bytes, what, out, err);
    }
    idx_close(&f);
    return rc;
}

size_t nn_idx_header(uint8_t *out, int ndim, const uint32_t *dims)
{
    out[0] = out[1] = 0; /* two zero bytes, the element type, the number of dimensions */
    out[2] = IDX_TYPE_UBYTE;
    out[3] = (uint8_t)ndim;
    for (int d = 0; d < ndim; d++) { /* big-endian: the most significant byte first */
        uint8_t *b = out + 4 + 4 * d;
        b[0] = (uint8_t)(dims[d] >> 24);
        b[1] = (uint8_t)(dims[d] >> 16);
        b[2] = (uint8_t)(dims[d] >> 8);
        b[3] = (uint8_t)dims[d];
    }
    return 4 + 4 * (size_t)ndim;
}

int nn_idx_read_images(const char *path, uint8_t **images, int *n, int *rows, int *cols,
                       SnError *err)
{
    if (!path || !images || !n || !rows || !cols)
        return sn_error(err, SN_E_ARG, "nn_idx_read_images: NULL argument");
    *images = NULL;
    *n = *rows = *cols = 0;
    uint32_t dims[MAX_NDIM];
    int rc = read_idx(path, 3, "images", "pixels", dims, images, err);
    if (rc < 0)
        return rc;
    /* the limits checked in read_header keep every dimension well inside int */
    *n = (int)dims[0];
    *rows = (int)dims[1];
    *cols = (int)dims[2];
    return SN_OK;
}

int nn_idx_read_labels(const char *path, uint8_t **labels, int *n, SnError *err)
{
    if (!path || !labels || !n)
        return sn_error(err, SN_E_ARG, "nn_idx_read_labels: NULL argument");
    *labels = NULL;
    *n = 0;
    uint32_t dims[MAX_NDIM];
    int rc = read_idx(path, 1, "labels", "labels", dims, labels, err);
    if (rc < 0)
        return rc;
    *n = (int)dims[0];
    return SN_OK;
}

int nn_dataset_file_name(char *buf, size_t n, const char *dir, const char *prefix, int labels,
                         int gz)
{
    return snprintf(buf, n, "%s/%s-%s%s", dir, prefix,
                    labels ? "labels-idx1-ubyte" : "images-idx3-ubyte", gz ? ".gz" : "");
}

/* Sets *out to a malloc'd name of the data-set file (nn_dataset_file_name), with ".gz" appended
 * when only that exists. Fails when neither exists. */
static int find_file(const char *dir, const char *prefix, int labels, char **out, SnError *err)
{
    size_t len = (size_t)nn_dataset_file_name(NULL, 0, dir, prefix, labels, 1) + 1;
    char *path = malloc(len);
    if (!path)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory building a file name", dir);
    nn_dataset_file_name(path, len, dir, prefix, labels, 0);
    size_t plain = strlen(path);
    if (access(path, F_OK) != 0) {
        strcpy(path + plain, ".gz");
        if (access(path, F_OK) != 0) {
            path[plain] = '\0';
            int rc = sn_error(err, SN_E_IO,
                              "%s: not found (nor %s.gz); run scripts/setup to fetch MNIST",
                              path, path);
            free(path);
            return rc;
        }
    }
    *out = path;
    return SN_OK;
}

int nn_dataset_load_mnist(const char *dir, const char *prefix, int n_classes, NnDataset *out,
                          SnError *err)
{
    if (!dir || !prefix || !out)
        return sn_error(err, SN_E_ARG, "nn_dataset_load_mnist: NULL argument");
    memset(out, 0, sizeof *out);
    if (n_classes < 1 || n_classes > 256)
        return sn_error(err, SN_E_ARG, "nn_dataset_load_mnist: n_classes %d is outside 1..256",
                        n_classes);
    char *img_path = NULL, *lab_path = NULL;
    int rc = find_file(dir, prefix, 0, &img_path, err);
    if (rc < 0)
        return rc;
    rc = find_file(dir, prefix, 1, &lab_path, err);
    if (rc < 0) {
        free(img_path);
        return rc;
    }
    NnDataset ds = {0};
    int n_labels = 0;
    rc = nn_idx_read_images(img_path, &ds.images, &ds.n, &ds.rows, &ds.cols, err);
    if (rc == SN_OK)
        rc = nn_idx_read_labels(lab_path, &ds.labels, &n_labels, err);
    if (rc == SN_OK && n_labels != ds.n)
        rc = sn_error(err, SN_E_FORMAT, "%s: holds %d labels but %s holds %d images", lab_path,
                      n_labels, img_path, ds.n);
    for (int i = 0; rc == SN_OK && i < ds.n; i++) {
        if (ds.labels[i] >= n_classes)
            rc = sn_error(err, SN_E_FORMAT, "%s: label %d of item %d is not below %d classes",
                          lab_path, ds.labels[i], i, n_classes);
    }
    free(img_path);
    free(lab_path);
    if (rc < 0) {
        nn_dataset_free(&ds);
        return rc;
    }
    *out = ds;
    return SN_OK;
}

void nn_dataset_free(NnDataset *ds)
{
    if (!ds)
        return;
    free(ds->images);
    free(ds->labels);
    memset(ds, 0, sizeof *ds);
}
