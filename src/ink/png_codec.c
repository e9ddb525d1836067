/* png_codec.c - PNG reading into grey 0..1 and writing 8-bit grey / RGBA, with libpng.
 *
 * Reading asks libpng to expand every colour type to 8- or 16-bit RGBA (palette -> RGB,
 * grey -> RGB, 1/2/4-bit grey -> 8 bits, tRNS -> alpha, an opaque alpha added where there is
 * none; interlaced images deinterlaced), then takes
 *     grey = 0.2126 R + 0.7152 G + 0.0722 B,   value = alpha * grey + (1 - alpha) * background,
 * with the background chosen to contrast with the opaque pixels (see png_codec.h).
 * libpng reports errors by longjmp to the setjmp in the function that called it. Everything
 * such a function changes after its setjmp lives in a struct the caller owns (reached through
 * a pointer), never in that function's own locals, so nothing is indeterminate after the jump
 * (C11 7.13.2.1), and the caller frees whatever was allocated on either path. Error and
 * warning callbacks are ours: libpng never prints.
 */
#include "ink/png_codec.h"

#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomic.h"
#include "common/buf.h"

#define SIG_BYTES 8
#define MAX_CHUNK_BYTES (64u << 10) /* most libpng allocates for one chunk it keeps */

int ink_png_is_png(const unsigned char *data, size_t len)
{
    return len >= SIG_BYTES && png_sig_cmp(data, 0, SIG_BYTES) == 0;
}

/* ---- libpng callbacks shared by reading and writing ---- */

/* What the callbacks write to: the first error message, and the bytes being read or written. */
typedef struct Io {
    char msg[256];              /* libpng's error, or ours (a truncated file) */
    const unsigned char *in;    /* reading: the whole file */
    size_t in_len, in_pos;
    Bytes out;                  /* writing: the file so far (out.failed: out of memory) */
    int truncated;              /* reading: the file ended early */
} Io;

static void on_error(png_structp png, png_const_charp msg)
{
    Io *io = png_get_error_ptr(png);
    if (io && !io->msg[0])
        snprintf(io->msg, sizeof io->msg, "%s", msg ? msg : "unknown libpng error");
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png; /* warnings (a bad ancillary chunk, say) change nothing we read: keep quiet */
    (void)msg;
}

/* libpng's read callback: copies from memory; a short read is a truncated file. */
static void read_bytes(png_structp png, png_bytep dst, size_t n)
{
    Io *io = png_get_io_ptr(png);
    if (io->in_len - io->in_pos < n) {
        io->truncated = 1;
        png_error(png, "the file ends early");
    }
    memcpy(dst, io->in + io->in_pos, n);
    io->in_pos += n;
}

/* libpng's write callback: appends to the file being built. */
static void write_bytes(png_structp png, png_bytep src, size_t n)
{
    Io *io = png_get_io_ptr(png);
    bytes_add(&io->out, src, n);
    if (io->out.failed)
        png_error(png, "out of memory");
}

static void flush_bytes(png_structp png)
{
    (void)png; /* the bytes stay in memory until the whole file is written */
}

/* ---- reading ---- */

/* Walks the chunk headers (4-byte big-endian length, 4-byte type, data, 4-byte CRC) from the
 * signature to IEND and returns the offset of the first chunk whose declared length is more
 * than the bytes left after its header, or 0 if there is none. libpng takes a chunk's length
 * on trust: 1.6 allocates and zeroes a text chunk's declared length (up to 2 GB) before it
 * reads a byte of it, so this check makes every chunk fit in the file before libpng sees it.
 * A header cut short is left to libpng, which reports the file truncated. */
static size_t overlong_chunk(const unsigned char *data, size_t len)
{
    size_t at = SIG_BYTES;
    while (len - at >= 8) {
        uint32_t n = (uint32_t)data[at] << 24 | (uint32_t)data[at + 1] << 16 |
                     (uint32_t)data[at + 2] << 8 | data[at + 3];
        size_t left = len - at - 8;
        if (n > left)
            return at;
        if (memcmp(data + at + 4, "IEND", 4) == 0)
            return 0;
        at += 8 + (size_t)n;
        at += len - at < 4 ? len - at : 4; /* the CRC, if it is there */
    }
    return 0;
}

/* One decode: libpng's state, the decoded RGBA rows and what went wrong. Owned by
 * ink_png_parse, changed by decode() (which holds the setjmp). */
typedef struct Decode {
    Io io;
    png_structp png;
    png_infop info;
    png_uint_32 w, h;
    int too_big;                /* w or h or w * h over the limits */
    int bytes_per_sample;       /* 1 or 2 after the transforms */
    unsigned char *pixels;      /* (h, w, 4 samples), malloc'd; turned into the result */
    png_bytep *rows;            /* (h) pointers into pixels, malloc'd */
} Decode;

/* Reads the header, sets up the transforms and reads every row into d->pixels. Returns 0, or -1
 * with d->msg set (libpng's error) or d->too_big. Whatever it allocated is in d. */
static int decode(Decode *d)
{
    if (setjmp(png_jmpbuf(d->png)))
        return -1;
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
    /* fuzzing: mutated inputs rarely keep valid checksums; read past them to reach the rest */
    png_set_crc_action(d->png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
#ifdef PNG_IGNORE_ADLER32
    png_set_option(d->png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
#endif
    /* our own limits are checked below with a clearer message; libpng's only guard the rest */
    png_set_user_limits(d->png, 0x7fffffffu, 0x7fffffffu);
    /* Only IHDR, PLTE, tRNS, IDAT and IEND matter here: every other chunk (text, colour
     * profiles, EXIF, ...) is skipped unread, so none is allocated, decompressed or stored.
     * The chunks still read into memory are small (a PLTE is at most 768 bytes); IDAT is
     * streamed. */
    png_set_keep_unknown_chunks(d->png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
    png_set_chunk_malloc_max(d->png, MAX_CHUNK_BYTES);
    png_read_info(d->png, d->info);
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(d->png, d->info, &d->w, &d->h, &bit_depth, &color_type, &interlace, NULL, NULL);
    if (d->w < 1 || d->h < 1 || d->w > INK_PNG_MAX_SIDE || d->h > INK_PNG_MAX_SIDE ||
        (uint64_t)d->w * d->h > (uint64_t)INK_PNG_MAX_PIXELS) {
        d->too_big = 1;
        return -1;
    }

    png_set_expand(d->png); /* palette -> RGB, grey < 8 bits -> 8 bits, tRNS -> alpha */
    if (!(color_type & PNG_COLOR_MASK_COLOR))
        png_set_gray_to_rgb(d->png);
    if (!(color_type & PNG_COLOR_MASK_ALPHA) && !png_get_valid(d->png, d->info, PNG_INFO_tRNS))
        png_set_add_alpha(d->png, 0xffff, PNG_FILLER_AFTER); /* opaque; libpng scales 0xffff */
    png_set_interlace_handling(d->png);
    png_read_update_info(d->png, d->info);

    d->bytes_per_sample = png_get_bit_depth(d->png, d->info) == 16 ? 2 : 1;
    size_t row_bytes = png_get_rowbytes(d->png, d->info);
    if (png_get_channels(d->png, d->info) != 4 ||
        row_bytes != (size_t)d->w * 4 * (size_t)d->bytes_per_sample)
        png_error(d->png, "unexpected layout after expanding to RGBA");
    d->pixels = malloc(row_bytes * d->h);
    d->rows = malloc(sizeof *d->rows * d->h);
    if (!d->pixels || !d->rows)
        png_error(d->png, "out of memory for the pixels");
    for (png_uint_32 y = 0; y < d->h; y++)
        d->rows[y] = d->pixels + (size_t)y * row_bytes;
    png_read_image(d->png, d->rows);
    png_read_end(d->png, NULL);
    return 0;
}

/* Sample i (0..3) of pixel p as 0..1. */
static float sample(const Decode *d, size_t p, int i)
{
    const unsigned char *s = d->pixels + (p * 4 + (size_t)i) * (size_t)d->bytes_per_sample;
    if (d->bytes_per_sample == 1)
        return (float)s[0] / 255.0f;
    return (float)((unsigned)s[0] << 8 | s[1]) / 65535.0f; /* PNG stores 16 bits big-endian */
}

/* Pixel p's grey in 0..1: exact for grey pixels (the same floats as the PGM reader gives),
 * Rec. 709 luminance for colour. */
static float grey_of(const Decode *d, size_t p)
{
    float r = sample(d, p, 0), g = sample(d, p, 1), b = sample(d, p, 2);
    if (r == g && g == b)
        return r;
    float y = 0.2126f * r + 0.7152f * g + 0.0722f * b;
    return y < 0.0f ? 0.0f : y > 1.0f ? 1.0f : y; /* the weights sum to 1; guard rounding */
}

int ink_png_parse(const unsigned char *data, size_t len, const char *where, float **px, int *w,
                  int *h, SnError *err)
{
    *px = NULL;
    if (!ink_png_is_png(data, len))
        return sn_error(err, SN_E_FORMAT, "%s: not a PNG image (no PNG signature)", where);
    size_t bad = overlong_chunk(data, len);
    if (bad) {
        char type[5];
        for (int i = 0; i < 4; i++) {
            unsigned char c = data[bad + 4 + (size_t)i];
            type[i] = (char)((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ? c : '?');
        }
        type[4] = '\0';
        unsigned long declared = (unsigned long)data[bad] << 24 |
                                 (unsigned long)data[bad + 1] << 16 |
                                 (unsigned long)data[bad + 2] << 8 | data[bad + 3];
        return sn_error(err, SN_E_FORMAT,
                        "%s: truncated PNG: chunk %s at byte %zu declares %lu bytes, more than "
                        "the %zu left in the file",
                        where, type, bad, declared, len - bad - 8);
    }
    Decode d;
    memset(&d, 0, sizeof d);
    d.io.in = data;
    d.io.in_len = len;
    d.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &d.io, on_error, on_warning);
    if (d.png)
        d.info = png_create_info_struct(d.png);
    if (!d.png || !d.info) {
        png_destroy_read_struct(d.png ? &d.png : NULL, NULL, NULL);
        return sn_error(err, SN_E_NOMEM, "%s: out of memory starting the PNG reader", where);
    }
    png_set_read_fn(d.png, &d.io, read_bytes);

    int rc = 0;
    if (decode(&d) < 0) {
        if (d.too_big && (d.w > INK_PNG_MAX_SIDE || d.h > INK_PNG_MAX_SIDE))
            rc = sn_error(err, SN_E_LIMIT,
                          "%s: PNG image is %lux%lu pixels, wider or taller than the %d pixels "
                          "this reader takes",
                          where, (unsigned long)d.w, (unsigned long)d.h, INK_PNG_MAX_SIDE);
        else if (d.too_big)
            rc = sn_error(err, SN_E_LIMIT,
                          "%s: PNG image is %lux%lu pixels, more than the %ld pixels in all this "
                          "reader takes",
                          where, (unsigned long)d.w, (unsigned long)d.h, (long)INK_PNG_MAX_PIXELS);
        else if (d.io.truncated)
            rc = sn_error(err, SN_E_FORMAT,
                          "%s: truncated PNG: the file ends before the image does", where);
        else if (strstr(d.io.msg, "out of memory"))
            rc = sn_error(err, SN_E_NOMEM, "%s: PNG: %s", where, d.io.msg);
        else
            rc = sn_error(err, SN_E_FORMAT, "%s: corrupt PNG: %s", where,
                          d.io.msg[0] ? d.io.msg : "libpng gave no reason");
        goto out;
    }

    /* Pass 1: the opaque pixels' mean grey (weighted by alpha) picks the background. */
    size_t n = (size_t)d.w * d.h;
    double sum_ag = 0.0, sum_a = 0.0;
    int any_transparent = 0;
    for (size_t p = 0; p < n; p++) {
        float a = sample(&d, p, 3);
        sum_ag += (double)a * (double)grey_of(&d, p);
        sum_a += (double)a;
        any_transparent |= a < 1.0f;
    }
    float bg = any_transparent && sum_a > 0.0 && sum_ag / sum_a < 0.5 ? 1.0f : 0.0f;
    /* Pass 2, in place: float p (bytes 4p..4p+3) never overwrites a pixel not yet read (pixel
     * q >= p starts at byte 4q or 8q), so the decoded buffer becomes the result and the peak
     * memory is the decoded image alone. */
    for (size_t p = 0; p < n; p++) {
        float a = sample(&d, p, 3);
        float v = a * grey_of(&d, p) + (1.0f - a) * bg;
        memcpy(d.pixels + p * sizeof v, &v, sizeof v);
    }
    float *out = (float *)(void *)d.pixels;
    if (d.bytes_per_sample == 2) {
        void *smaller = realloc(d.pixels, n * sizeof *out);
        if (smaller)
            out = smaller; /* else keep the larger block: still valid */
    }
    d.pixels = NULL; /* now *px */
    *px = out;
    *w = (int)d.w;
    *h = (int)d.h;
    sn_error(err, SN_OK, "%s", "");
out:
    png_destroy_read_struct(&d.png, &d.info, NULL);
    free(d.rows);
    free(d.pixels);
    return rc;
}

/* ---- writing ---- */

typedef struct Encode {
    Io io;
    png_structp png;
    png_infop info;
    png_bytep *rows;            /* (h) pointers into the caller's pixels, malloc'd */
} Encode;

/* Writes the whole image into e->io.out; 0, or -1 with e->io.msg set. Holds the setjmp. */
static int encode(Encode *e, const unsigned char *pixels, int w, int h, int channels)
{
    if (setjmp(png_jmpbuf(e->png)))
        return -1;
    png_set_write_fn(e->png, &e->io, write_bytes, flush_bytes);
    png_set_IHDR(e->png, e->info, (png_uint_32)w, (png_uint_32)h, 8,
                 channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB_ALPHA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    e->rows = malloc(sizeof *e->rows * (size_t)h);
    if (!e->rows)
        png_error(e->png, "out of memory");
    size_t stride = (size_t)w * (size_t)channels;
    for (int y = 0; y < h; y++)
        e->rows[y] = (png_bytep)(uintptr_t)(pixels + (size_t)y * stride); /* libpng only reads */
    png_write_info(e->png, e->info);
    png_write_image(e->png, e->rows);
    png_write_end(e->png, NULL);
    return 0;
}

int ink_png_encode(const unsigned char *pixels, int w, int h, int channels, const char *where,
                   unsigned char **out, size_t *out_len, SnError *err)
{
    *out = NULL;
    *out_len = 0;
    if (channels != 1 && channels != 4)
        return sn_error(err, SN_E_ARG,
                        "%s: PNG writer takes 1 (grey) or 4 (RGBA) channels, "
                        "not %d",
                        where, channels);
    if (w < 1 || h < 1 || w > INK_PNG_MAX_SIDE || h > INK_PNG_MAX_SIDE || !pixels)
        return sn_error(err, SN_E_ARG, "%s: cannot write a %dx%d PNG (sides 1 to %d)", where, w, h,
                        INK_PNG_MAX_SIDE);
    Encode e;
    memset(&e, 0, sizeof e);
    e.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &e.io, on_error, on_warning);
    if (e.png)
        e.info = png_create_info_struct(e.png);
    if (!e.png || !e.info) {
        png_destroy_write_struct(e.png ? &e.png : NULL, NULL);
        return sn_error(err, SN_E_NOMEM, "%s: out of memory starting the PNG writer", where);
    }
    int rc = 0;
    if (encode(&e, pixels, w, h, channels) < 0) {
        rc = sn_error(err, e.io.out.failed ? SN_E_NOMEM : SN_E_IO, "%s: cannot encode the PNG: %s",
                      where, e.io.msg[0] ? e.io.msg : "libpng gave no reason");
        free(e.io.out.p);
    } else {
        *out = (unsigned char *)e.io.out.p;
        *out_len = e.io.out.len;
        sn_error(err, SN_OK, "%s", "");
    }
    png_destroy_write_struct(&e.png, &e.info);
    free(e.rows);
    return rc;
}

int ink_png_save(const char *path, const unsigned char *pixels, int w, int h, int channels,
                 SnError *err)
{
    unsigned char *bytes = NULL;
    size_t len = 0;
    int rc = ink_png_encode(pixels, w, h, channels, path, &bytes, &len, err);
    if (rc < 0)
        return rc;
    rc = atomic_write_file(path, bytes, len, err);
    free(bytes);
    return rc;
}
