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
 */
#include "common/readfile.h"
#include "nn/idx.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define IDX_TYPE_UBYTE 0x08
#define MAX_NDIM 3
/* Bytes read from the file at a time. */
#define IN_SIZE ((size_t)1 << 17)
/* inflateInit2's window bits: 15 (a 32 KB window, the most gzip uses) + 16 (gzip wrapper). */
#define GZIP_WINDOW_BITS (15 + 16)
/* When the data length is not known from the file size (gzip, pipes), the buffer starts at
 * this size and doubles, so a header that lies about the count cannot make us allocate far
 * more than the file really holds. */
#define FIRST_CAPACITY ((size_t)1 << 20)

/* An open IDX file. */
typedef struct IdxFile {
    const char *path;      /* for messages; not owned */
    int fd;                /* -1 once closed */
    long long size;        /* on-disk size in bytes for a regular file, -1 otherwise */
    int gzip;              /* 1 when the file starts with the gzip magic */
    int stream_ended;      /* gzip: inflate reached the end of the stream and checked it */
    int later_member;      /* gzip: inflating what follows the first member */
    int in_eof;            /* the file has no more bytes to read */
    uint8_t *in;           /* (IN_SIZE) bytes read from the file, malloc'd */
    size_t in_pos, in_len; /* in[in_pos .. in_len) are not used yet */
    z_stream zs;           /* gzip: the inflate state */
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

/* Makes sure some unused input is in f->in: 1 if there is, 0 at the end of the file, or a
 * negative code on a read error. */
static int fill(IdxFile *f, NnError *err)
{
    if (f->in_pos < f->in_len)
        return 1;
    if (f->in_eof)
        return 0;
    ssize_t n;
    do
        n = read(f->fd, f->in, IN_SIZE);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return nn_error(err, NN_E_IO, "%s: read error: %s", f->path, strerror(errno));
    f->in_pos = 0;
    f->in_len = (size_t)n;
    f->in_eof = n == 0;
    return n > 0;
}

static void idx_close(IdxFile *f)
{
    if (f->gzip)
        inflateEnd(&f->zs);
    f->gzip = 0;
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
    free(f->in);
    f->in = NULL;
}

static int idx_open(IdxFile *f, const char *path, NnError *err)
{
    memset(f, 0, sizeof *f);
    f->path = path;
    f->size = -1;
    SnError e;
    f->fd = readfile_open(path, &e); /* a regular file only, a FIFO not waited on */
    if (f->fd < 0) {
        int code = f->fd == SN_E_NOMEM ? NN_E_NOMEM : NN_E_IO;
        f->fd = -1;
        return nn_error(err, code, "%s", e.msg);
    }
    struct stat st;
    int rc = NN_OK;
    if (fstat(f->fd, &st) != 0)
        rc = nn_error(err, NN_E_IO, "%s: cannot stat: %s", path, strerror(errno));
    else if (!(f->in = malloc(IN_SIZE)))
        rc = nn_error(err, NN_E_NOMEM, "%s: out of memory opening the file", path);
    if (rc < 0) {
        idx_close(f);
        return rc;
    }
    if (S_ISREG(st.st_mode))
        f->size = (long long)st.st_size;
    /* the first two bytes tell gzip from raw (a pipe may give them one at a time) */
    while (f->in_len < 2 && !f->in_eof) {
        ssize_t n = read(f->fd, f->in + f->in_len, IN_SIZE - f->in_len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = nn_error(err, NN_E_IO, "%s: read error: %s", path, strerror(errno));
            idx_close(f);
            return rc;
        }
        f->in_len += (size_t)n;
        f->in_eof = n == 0;
    }
    if (f->in_len >= 2 && f->in[0] == 0x1f && f->in[1] == 0x8b) {
        int zrc = inflateInit2(&f->zs, GZIP_WINDOW_BITS);
        if (zrc != Z_OK) {
            idx_close(f);
            return nn_error(err, zrc == Z_MEM_ERROR ? NN_E_NOMEM : NN_E_FORMAT,
                            "%s: cannot start inflating: %s", path,
                            zrc == Z_MEM_ERROR ? "out of memory" : "zlib refused");
        }
        f->gzip = 1;
    }
    return NN_OK;
}

/* 1 when a gzip file has ended before its stream did: the file was cut. */
static int gzip_cut(const IdxFile *f)
{
    return f->gzip && !f->stream_ended;
}

/* Reads until len bytes have arrived or the data ends; *got says how many did. The end of
 * the data is not an error here (the caller names what was short, and asks gzip_cut whether
 * a gzip stream was cut); a failed read or corrupt gzip data is. */
static int read_upto(IdxFile *f, uint8_t *buf, size_t len, size_t *got, NnError *err)
{
    *got = 0;
    while (*got < len) {
        int more = fill(f, err);
        if (more <= 0)
            return more; /* 0: the end of the file */
        size_t avail = f->in_len - f->in_pos, want = len - *got;
        if (!f->gzip) {
            size_t n = want < avail ? want : avail;
            memcpy(buf + *got, f->in + f->in_pos, n);
            f->in_pos += n;
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
        f->zs.next_in = f->in + f->in_pos;
        f->zs.avail_in = (uInt)avail; /* at most IN_SIZE */
        f->zs.next_out = buf + *got;
        f->zs.avail_out = (uInt)want;
        int zrc = inflate(&f->zs, Z_NO_FLUSH);
        *got += want - f->zs.avail_out;
        f->in_pos = f->in_len - f->zs.avail_in;
        if (zrc == Z_STREAM_END)
            f->stream_ended = 1; /* the CRC-32 and length matched */
        else if (zrc == Z_MEM_ERROR)
            return nn_error(err, NN_E_NOMEM, "%s: out of memory inflating gzip data", f->path);
        else if (zrc != Z_OK && zrc != Z_BUF_ERROR && f->later_member && f->zs.total_out == 0)
            return nn_error(err, NN_E_FORMAT,
                            "%s: unexpected bytes after the end of the gzip stream (%s)", f->path,
                            f->zs.msg ? f->zs.msg : "not a gzip member");
        else if (zrc != Z_OK && zrc != Z_BUF_ERROR)
            return nn_error(err, NN_E_FORMAT, "%s: corrupt gzip data: %s", f->path,
                            f->zs.msg ? f->zs.msg : "zlib gave no reason");
    }
    return NN_OK;
}

/* Reads and checks the header of an unsigned-byte IDX file of ndim dimensions; fills dims.
 * Every dimension must be at least 1: the first at most NN_IDX_MAX_COUNT, the others at
 * most NN_IDX_MAX_SIDE. */
static int read_header(IdxFile *f, int ndim, const char *item, uint32_t dims[MAX_NDIM],
                       NnError *err)
{
    uint8_t head[4 + 4 * MAX_NDIM];
    size_t head_len = 4 + 4 * (size_t)ndim;
    size_t got;
    int rc = read_upto(f, head, 4, &got, err);
    if (rc < 0)
        return rc;
    if (got == 0 && gzip_cut(f))
        return nn_error(err, NN_E_FORMAT, "%s: truncated gzip stream: it ends before the IDX "
                                          "header", f->path);
    if (got == 0)
        return nn_error(err, NN_E_FORMAT, "%s: empty file, expected an IDX header", f->path);
    if (got < 4)
        return nn_error(err, NN_E_FORMAT,
                        "%s: truncated: expected a %zu-byte IDX header, got %zu bytes",
                        f->path, head_len, got);
    if (head[0] != 0 || head[1] != 0)
        return nn_error(err, NN_E_FORMAT,
                        "%s: not an IDX file: starts with %02x %02x, expected 00 00", f->path,
                        head[0], head[1]);
    if (head[2] != IDX_TYPE_UBYTE) {
        const char *name = type_name(head[2]);
        if (name)
            return nn_error(err, NN_E_FORMAT,
                            "%s: element type 0x%02x (%s) is not supported, expected 0x08 "
                            "(unsigned byte)",
                            f->path, head[2], name);
        return nn_error(err, NN_E_FORMAT, "%s: unknown IDX element type byte 0x%02x",
                        f->path, head[2]);
    }
    if (head[3] != ndim)
        return nn_error(err, NN_E_FORMAT,
                        "%s: has %d dimension%s, expected %d (an idx%d %s file)", f->path,
                        head[3], head[3] == 1 ? "" : "s", ndim, ndim,
                        ndim == 3 ? "image" : "label");
    rc = read_upto(f, head + 4, head_len - 4, &got, err);
    if (rc < 0)
        return rc;
    if (got < head_len - 4)
        return nn_error(err, NN_E_FORMAT,
                        "%s: truncated: expected a %zu-byte IDX header, got %zu bytes",
                        f->path, head_len, 4 + got);
    for (int d = 0; d < ndim; d++) {
        const uint8_t *b = head + 4 + 4 * d;
        /* big-endian: the first byte is the most significant */
        dims[d] = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    }
    if (dims[0] == 0)
        return nn_error(err, NN_E_FORMAT, "%s: holds 0 %s", f->path, item);
    if (dims[0] > NN_IDX_MAX_COUNT)
        return nn_error(err, NN_E_LIMIT, "%s: %lu %s exceeds the limit of %u", f->path,
                        (unsigned long)dims[0], item, NN_IDX_MAX_COUNT);
    for (int d = 1; d < ndim; d++) {
        if (dims[d] == 0 || dims[d] > NN_IDX_MAX_SIDE)
            return nn_error(err, dims[d] ? NN_E_LIMIT : NN_E_FORMAT,
                            "%s: image side of %lu pixels is outside 1..%u", f->path,
                            (unsigned long)dims[d], NN_IDX_MAX_SIDE);
    }
    return NN_OK;
}

/* Reads exactly n_bytes of data after a header of head_len bytes into a new buffer, and
 * checks that nothing follows them. what names the data in messages ("pixels"). */
static int read_data(IdxFile *f, size_t head_len, size_t n_bytes, const char *what,
                     uint8_t **out, NnError *err)
{
    size_t cap = n_bytes;
    /* A raw regular file's length is known: check it before allocating anything. */
    int raw_known = f->size >= 0 && !f->gzip;
    if (raw_known) {
        long long after_head = f->size - (long long)head_len;
        unsigned long long data_len = after_head > 0 ? (unsigned long long)after_head : 0;
        if (data_len < n_bytes)
            return nn_error(err, NN_E_FORMAT, "%s: truncated: expected %zu bytes of %s, got %llu",
                            f->path, n_bytes, what, data_len);
        if (data_len > n_bytes)
            return nn_error(err, NN_E_FORMAT,
                            "%s: %llu unexpected bytes after the %zu bytes of %s", f->path,
                            data_len - n_bytes, n_bytes, what);
    } else if (cap > FIRST_CAPACITY) {
        cap = FIRST_CAPACITY;
    }
    uint8_t *buf = malloc(cap);
    if (!buf)
        return nn_error(err, NN_E_NOMEM, "%s: out of memory for %zu bytes of %s", f->path, cap,
                        what);
    size_t have = 0;
    for (;;) {
        size_t got;
        int rc = read_upto(f, buf + have, cap - have, &got, err);
        if (rc < 0) {
            free(buf);
            return rc;
        }
        have += got;
        if (have < cap || cap == n_bytes)
            break; /* the data ended, or all of it is in */
        size_t grown = cap > n_bytes / 2 ? n_bytes : 2 * cap;
        uint8_t *bigger = realloc(buf, grown);
        if (!bigger) {
            free(buf);
            return nn_error(err, NN_E_NOMEM, "%s: out of memory for %zu bytes of %s", f->path,
                            grown, what);
        }
        buf = bigger;
        cap = grown;
    }
    if (have < n_bytes) {
        free(buf);
        return nn_error(err, NN_E_FORMAT, "%s: truncated: expected %zu bytes of %s, got %zu",
                        f->path, n_bytes, what, have);
    }
    /* Try one more byte: there must be none. For gzip this also makes inflate reach the
     * stream's trailer and verify its CRC-32 and length. */
    uint8_t extra;
    size_t got;
    int rc = read_upto(f, &extra, 1, &got, err);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    if (got != 0) {
        free(buf);
        return nn_error(err, NN_E_FORMAT, "%s: unexpected data after the %zu bytes of %s",
                        f->path, n_bytes, what);
    }
    if (gzip_cut(f)) {
        free(buf);
        return nn_error(err, NN_E_FORMAT,
                        "%s: truncated gzip stream: all %zu bytes of %s arrived but not the "
                        "end of the stream and its checksum",
                        f->path, n_bytes, what);
    }
    *out = buf;
    return NN_OK;
}

/* Opens path, reads the header of an ndim-dimensional unsigned-byte file and all its data. */
static int read_idx(const char *path, int ndim, const char *item, const char *what,
                    uint32_t dims[MAX_NDIM], uint8_t **out, NnError *err)
{
    IdxFile f;
    int rc = idx_open(&f, path, err);
    if (rc < 0)
        return rc;
    rc = read_header(&f, ndim, item, dims, err);
    if (rc == NN_OK) {
        size_t n_bytes = 1;
        for (int d = 0; d < ndim; d++) {
            if (!mul_size(n_bytes, dims[d], &n_bytes)) {
                idx_close(&f);
                return nn_error(err, NN_E_LIMIT, "%s: data size overflows size_t", path);
            }
        }
        rc = read_data(&f, 4 + 4 * (size_t)ndim, n_bytes, what, out, err);
    }
    idx_close(&f);
    return rc;
}

int nn_idx_read_images(const char *path, uint8_t **images, int *n, int *rows, int *cols,
                       NnError *err)
{
    if (!path || !images || !n || !rows || !cols)
        return nn_error(err, NN_E_ARG, "nn_idx_read_images: NULL argument");
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
    return NN_OK;
}

int nn_idx_read_labels(const char *path, uint8_t **labels, int *n, NnError *err)
{
    if (!path || !labels || !n)
        return nn_error(err, NN_E_ARG, "nn_idx_read_labels: NULL argument");
    *labels = NULL;
    *n = 0;
    uint32_t dims[MAX_NDIM];
    int rc = read_idx(path, 1, "labels", "labels", dims, labels, err);
    if (rc < 0)
        return rc;
    *n = (int)dims[0];
    return NN_OK;
}

int nn_dataset_file_name(char *buf, size_t n, const char *dir, const char *prefix, int labels,
                         int gz)
{
    return snprintf(buf, n, "%s/%s-%s%s", dir, prefix,
                    labels ? "labels-idx1-ubyte" : "images-idx3-ubyte", gz ? ".gz" : "");
}

/* Sets *out to a malloc'd name of the data-set file (nn_dataset_file_name), with ".gz" appended
 * when only that exists. Fails when neither exists. */
static int find_file(const char *dir, const char *prefix, int labels, char **out, NnError *err)
{
    size_t len = (size_t)nn_dataset_file_name(NULL, 0, dir, prefix, labels, 1) + 1;
    char *path = malloc(len);
    if (!path)
        return nn_error(err, NN_E_NOMEM, "%s: out of memory building a file name", dir);
    nn_dataset_file_name(path, len, dir, prefix, labels, 0);
    size_t plain = strlen(path);
    if (access(path, F_OK) != 0) {
        strcpy(path + plain, ".gz");
        if (access(path, F_OK) != 0) {
            path[plain] = '\0';
            int rc = nn_error(err, NN_E_IO,
                              "%s: not found (nor %s.gz); run scripts/setup to fetch MNIST",
                              path, path);
            free(path);
            return rc;
        }
    }
    *out = path;
    return NN_OK;
}

int nn_dataset_load_mnist(const char *dir, const char *prefix, int n_classes, NnDataset *out,
                          NnError *err)
{
    if (!dir || !prefix || !out)
        return nn_error(err, NN_E_ARG, "nn_dataset_load_mnist: NULL argument");
    memset(out, 0, sizeof *out);
    if (n_classes < 1 || n_classes > 256)
        return nn_error(err, NN_E_ARG, "nn_dataset_load_mnist: n_classes %d is outside 1..256",
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
    if (rc == NN_OK)
        rc = nn_idx_read_labels(lab_path, &ds.labels, &n_labels, err);
    if (rc == NN_OK && n_labels != ds.n)
        rc = nn_error(err, NN_E_FORMAT, "%s: holds %d labels but %s holds %d images", lab_path,
                      n_labels, img_path, ds.n);
    for (int i = 0; rc == NN_OK && i < ds.n; i++) {
        if (ds.labels[i] >= n_classes)
            rc = nn_error(err, NN_E_FORMAT, "%s: label %d of item %d is not below %d classes",
                          lab_path, ds.labels[i], i, n_classes);
    }
    free(img_path);
    free(lab_path);
    if (rc < 0) {
        nn_dataset_free(&ds);
        return rc;
    }
    *out = ds;
    return NN_OK;
}

void nn_dataset_free(NnDataset *ds)
{
    if (!ds)
        return;
    free(ds->images);
    free(ds->labels);
    memset(ds, 0, sizeof *ds);
}
