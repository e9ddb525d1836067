/* image.c - PGM reading, and the loader that sends PNG files to png_codec.c. The format: "P5" (binary) or "P2" (ASCII), whitespace, width, height,
 * maxval (1..65535), then w*h samples (one byte each in P5 when maxval < 256, else two bytes
 * big-endian). '#' starts a comment up to the end of the line in the header. Every number is
 * range-checked and the data length must match before anything is allocated. */
#include "common/readfile.h"
#include "ink/image.h"
#include "ink/png_codec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

#define MAX_HEADER_NUMBER 1000000 /* larger header numbers are refused as they are read */
#define NOT_A_NUMBER (-1)           /* read_number found no digits */
#define TOO_LARGE (-2)              /* read_number's digits make more than MAX_HEADER_NUMBER */

/* Skips whitespace and comments, then reads a decimal number: its value, NOT_A_NUMBER or
 * TOO_LARGE (then all its digits are skipped). */
static long read_number(const unsigned char *d, size_t len, size_t *pos)
{
    for (;;) {
        while (*pos < len && is_space(d[*pos]))
            (*pos)++;
        if (*pos < len && d[*pos] == '#') {
            while (*pos < len && d[*pos] != '\n')
                (*pos)++;
            continue;
        }
        break;
    }
    if (*pos >= len || d[*pos] < '0' || d[*pos] > '9')
        return NOT_A_NUMBER;
    long v = 0;
    while (*pos < len && d[*pos] >= '0' && d[*pos] <= '9') {
        if (v <= MAX_HEADER_NUMBER)
            v = v * 10 + (d[*pos] - '0');
        (*pos)++;
    }
    return v > MAX_HEADER_NUMBER ? TOO_LARGE : v;
}

/* Reads the header number called `name`; on failure fills err with what is wrong. */
static int header_number(const unsigned char *d, size_t len, size_t *pos, const char *name,
                         const char *where, long *out, SnError *err)
{
    *out = read_number(d, len, pos);
    if (*out == NOT_A_NUMBER)
        return sn_error(err, SN_E_FORMAT, "%s: PGM header: the %s is missing or not a number",
                        where, name);
    if (*out == TOO_LARGE)
        return sn_error(err, SN_E_FORMAT, "%s: PGM header: the %s is more than %d", where, name,
                        MAX_HEADER_NUMBER);
    return 0;
}

int ink_image_parse_pgm(const unsigned char *d, size_t len, const char *where, float **px, int *w,
                        int *h, SnError *err)
{
    *px = NULL;
    if (len < 2 || d[0] != 'P' || (d[1] != '5' && d[1] != '2'))
        return sn_error(err, SN_E_FORMAT, "%s: not a PGM image (expected P5 or P2 header)", where);
    int ascii = d[1] == '2';
    size_t pos = 2;
    long width, height, maxval;
    int rc;
    if ((rc = header_number(d, len, &pos, "width", where, &width, err)) < 0 ||
        (rc = header_number(d, len, &pos, "height", where, &height, err)) < 0 ||
        (rc = header_number(d, len, &pos, "maxval", where, &maxval, err)) < 0)
        return rc;
    if (width < 1 || height < 1 || width > INK_IMAGE_MAX_SIDE || height > INK_IMAGE_MAX_SIDE)
        return sn_error(err, SN_E_FORMAT, "%s: image size %ldx%ld is not between 1 and %d", where,
                        width, height, INK_IMAGE_MAX_SIDE);
    if (maxval < 1 || maxval > 65535)
        return sn_error(err, SN_E_FORMAT, "%s: maxval %ld is not between 1 and 65535", where,
                        maxval);
    size_t n = (size_t)width * (size_t)height;
    size_t bps = maxval < 256 ? 1 : 2;
    if (!ascii) {
        /* exactly one whitespace byte separates the header from the samples */
        if (pos >= len || !is_space(d[pos]))
            return sn_error(err, SN_E_FORMAT, "%s: malformed PGM header", where);
        pos++;
        if (len - pos < n * bps)
            return sn_error(err, SN_E_FORMAT,
                            "%s: truncated: expected %zu bytes of pixels, got %zu", where, n * bps,
                            len - pos);
    }
    float *out = malloc(n * sizeof *out);
    if (!out)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory for a %ldx%ld image", where, width,
                        height);
    for (size_t i = 0; i < n; i++) {
        long v;
        if (ascii) {
            v = read_number(d, len, &pos);
            if (v < 0) {
                free(out);
                return sn_error(err, SN_E_FORMAT,
                                "%s: truncated or malformed: pixel %zu of %zu is missing", where, i,
                                n);
            }
        } else if (bps == 1) {
            v = d[pos + i];
        } else {
            v = (long)d[pos + 2 * i] << 8 | d[pos + 2 * i + 1];
        }
        if (v > maxval) {
            free(out);
            return sn_error(err, SN_E_FORMAT, "%s: pixel %zu is %ld, above maxval %ld", where, i, v,
                            maxval);
        }
        out[i] = (float)v / (float)maxval;
    }
    *px = out;
    *w = (int)width;
    *h = (int)height;
    return 0;
}

int ink_image_parse(const unsigned char *data, size_t len, const char *where, float **px, int *w,
                    int *h, SnError *err)
{
    if (ink_png_is_png(data, len))
        return ink_png_parse(data, len, where, px, w, h, err);
    if (len >= 2 && data[0] == 'P' && (data[1] == '5' || data[1] == '2'))
        return ink_image_parse_pgm(data, len, where, px, w, h, err);
    *px = NULL;
    return sn_error(err, SN_E_FORMAT,
                    "%s: not an image this reads (expected a PNG, or a PGM starting P5 or P2)",
                    where);
}

int ink_image_load(const char *path, float **px, int *w, int *h, SnError *err)
{
    *px = NULL;
    char *buf = NULL;
    size_t len = 0;
    int rc = readfile_all(path, INK_IMAGE_MAX_FILE, 0, &buf, &len, err);
    if (rc == SN_E_LIMIT)
        return sn_error(err, SN_E_LIMIT, "%s: larger than %ld MB, refusing to read it", path,
                        INK_IMAGE_MAX_FILE >> 20);
    if (rc != 0)
        return rc;
    rc = ink_image_parse((const unsigned char *)buf, len, path, px, w, h, err);
    free(buf);
    return rc;
}

int ink_image_normalise_polarity(float *px, int w, int h)
{
    double sum = 0.0;
    long count = 0;
    for (int x = 0; x < w; x++) {
        sum += (double)px[x] + (double)px[(size_t)(h - 1) * w + x];
        count += 2;
    }
    for (int y = 1; y < h - 1; y++) {
        sum += (double)px[(size_t)y * w] + (double)px[(size_t)y * w + w - 1];
        count += 2;
    }
    if (sum / (double)count <= 0.5)
        return 0;
    for (size_t i = 0; i < (size_t)w * h; i++)
        px[i] = 1.0f - px[i];
    return 1;
}
