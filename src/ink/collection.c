/* collection.c - a person's collected digits (collection.h): the JSONL of labelled drawings read
 * line by line through the strokes reader, each drawing rendered through ink_classify's MNIST
 * path into the IDX pair beside it, and every change written as whole files, atomically, the
 * JSONL first. The JSONL is the truth: the IDX pair is always what it gives, rebuilt when not.
 */
#include "ink/collection.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/readfile.h"
#include "ink/classify.h"
#include "nn/idx.h"

#define PIXELS (INK_SIDE * INK_SIDE)

static void ok(SnError *err)
{
    if (err) {
        err->code = SN_OK;
        err->msg[0] = '\0';
    }
}

int ink_collection_default_path(char *buf, SnError *err)
{
    return paths_user_dir_here(PATHS_USER_DATA, INK_COLLECTION_FILE, buf, err);
}

/* dst = the folder of path (with its '/') and name; 0, or SN_E_LIMIT when it does not fit. */
static int beside(char *dst, const char *path, const char *name, SnError *err)
{
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path + 1) : 0;
    int len = snprintf(dst, PATHS_MAX, "%.*s%s", dir, path, name);
    if (len < 0 || len >= PATHS_MAX)
        return sn_error(err, SN_E_LIMIT, "%s: the path is too long for the files beside it",
                        path);
    return 0;
}

int ink_collection_init(InkCollection *c, const char *path, SnError *err)
{
    memset(c, 0, sizeof *c);
    if (strlen(path) >= PATHS_MAX)
        return sn_error(err, SN_E_LIMIT, "%.200s...: the path is too long", path);
    snprintf(c->path, sizeof c->path, "%s", path);
    int rc = beside(c->images, path, INK_COLLECTION_IMAGES, err);
    if (rc == 0)
        rc = beside(c->labels, path, INK_COLLECTION_LABELS, err);
    return rc;
}

void ink_collection_free(InkCollection *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->n; i++)
        free(c->samples[i].json);
    free(c->samples);
    c->samples = NULL;
    c->n = 0;
    c->cap = 0;
    c->bytes = 0;
    memset(c->counts, 0, sizeof c->counts);
}

int ink_collection_render(const InkDrawing *d, uint8_t *image, SnError *err)
{
    InkAnswer a;
    InkInput in = {.drawing = d, .what = "the drawing", .prep = INK_PREP_MNIST};
    int rc = ink_classify(NULL, &in, &a, err); /* no model: only the input is prepared */
    if (rc < 0)
        return rc;
    for (int k = 0; k < PIXELS; k++) {
        float v = a.grid[k] < 0.0f ? 0.0f : a.grid[k] > 1.0f ? 1.0f : a.grid[k];
        image[k] = (uint8_t)lrintf(255.0f * v);
    }
    return a.too_little;
}

/* Reads one line (text, NUL-terminated, `where` naming it) into sample s: its drawing must read
 * and have a label 0..9; its image rendered when render is set (else left as it is). Returns 0,
 * 1 (read, but too little ink to read: its image is all zero) or a negative code (s->json then
 * NULL). */
static int read_sample(const char *text, const char *where, int render, InkSample *s,
                       SnError *err)
{
    InkDrawing d;
    ink_drawing_init(&d, INK_SIDE, INK_SIDE);
    int label = -1;
    int rc = ink_drawing_from_json(text, where, &d, &label, INK_DEFAULT_WIDTH, err);
    if (rc == 0 && (label < 0 || label >= INK_COLLECTION_CLASSES))
        rc = sn_error(err, SN_E_FORMAT, "%s: label: expected a digit 0-9 (every collected "
                      "drawing has one), got %s", where, label == INK_NO_CLASS ? "null" : "none");
    if (rc == 0 && render)
        rc = ink_collection_render(&d, s->image, err);
    ink_drawing_free(&d);
    if (rc < 0)
        return rc;
    s->label = label;
    s->json = strdup(text);
    if (!s->json)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory", where);
    return rc; /* 1: too little ink to read */
}

/* The JSONL's text from c's lines, each ending in a newline (*len its length); NULL when out
 * of memory (or empty: then *len is 0 and the text is ""). skip: a line left out (-1: none). */
static char *jsonl_text(const InkCollection *c, int skip, size_t *len)
{
    size_t total = 0;
    for (int i = 0; i < c->n; i++)
        if (i != skip)
            total += strlen(c->samples[i].json) + 1;
    char *text = malloc(total + 1), *p = text;
    if (!text)
        return NULL;
    for (int i = 0; i < c->n; i++) {
        if (i == skip)
            continue;
        size_t l = strlen(c->samples[i].json);
        memcpy(p, c->samples[i].json, l);
        p[l] = '\n';
        p += l + 1;
    }
    *p = '\0';
    *len = total;
    return text;
}

/* The IDX files c's samples give (skip left out): images (header, then each 28 x 28 image) when
 * labels is 0, else the labels. NULL when out of memory. */
static uint8_t *idx_bytes(const InkCollection *c, int skip, int labels, size_t *len)
{
    int n = c->n - (skip >= 0 && skip < c->n);
    uint32_t dims[3] = {(uint32_t)n, INK_SIDE, INK_SIDE};
    size_t item = labels ? 1 : PIXELS;
    uint8_t *b = malloc(NN_IDX_HEADER_MAX + (size_t)n * item);
    if (!b)
        return NULL;
    size_t at = nn_idx_header(b, labels ? 1 : 3, dims);
    for (int i = 0; i < c->n; i++) {
        if (i == skip)
            continue;
        if (labels)
            b[at] = (uint8_t)c->samples[i].label;
        else
            memcpy(b + at, c->samples[i].image, PIXELS);
        at += item;
    }
    *len = at;
    return b;
}

/* 1 if the file at path holds exactly the len bytes of want, else 0 (missing, another size,
 * other bytes, unreadable). */
static int file_holds(const char *path, const uint8_t *want, size_t len)
{
    char *have = NULL;
    size_t got = 0;
    int same = readfile_all(path, len, 0, &have, &got, NULL) == 0 && got == len &&
               memcmp(have, want, len) == 0;
    free(have);
    return same;
}

/* Writes the IDX pair of c's samples (skip left out), images then labels. */
static int write_idx(const InkCollection *c, int skip, SnError *err)
{
    const char *paths[2] = {c->images, c->labels};
    for (int labels = 0; labels < 2; labels++) {
        size_t len = 0;
        uint8_t *b = idx_bytes(c, skip, labels, &len);
        if (!b)
            return sn_error(err, SN_E_NOMEM, "%s: out of memory", paths[labels]);
        int rc = atomic_write_file(paths[labels], b, len, err);
        free(b);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Takes the images of c's samples from its IDX pair when the pair matches the JSONL just read:
 * the labels file holds exactly the labels it gives, and the images file an IDX header of
 * c->n images of 28 x 28 and their bytes. Returns 1 if it took them, 0 if the pair does not
 * match (missing, another count, other labels, cut short) and must be rebuilt. */
static int take_images(InkCollection *c)
{
    size_t want = 0;
    uint8_t *labels = idx_bytes(c, -1, 1, &want);
    int same = labels && file_holds(c->labels, labels, want);
    free(labels);
    if (!same)
        return 0;
    uint32_t dims[3] = {(uint32_t)c->n, INK_SIDE, INK_SIDE};
    uint8_t head[NN_IDX_HEADER_MAX];
    size_t hl = nn_idx_header(head, 3, dims), len = 0;
    char *bytes = NULL;
    same = readfile_all(c->images, hl + (size_t)c->n * PIXELS, 0, &bytes, &len, NULL) == 0 &&
           len == hl + (size_t)c->n * PIXELS && memcmp(bytes, head, hl) == 0;
    for (int i = 0; same && i < c->n; i++)
        memcpy(c->samples[i].image, bytes + hl + (size_t)i * PIXELS, PIXELS);
    free(bytes);
    return same;
}

/* Appends sample s to c (taking its json) and counts it. */
static int push(InkCollection *c, InkSample *s)
{
    if (buf_grow((void **)&c->samples, &c->cap, (size_t)c->n + 1, sizeof *c->samples) != 0)
        return SN_E_NOMEM;
    c->samples[c->n++] = *s;
    c->counts[s->label]++;
    c->bytes += strlen(s->json) + 1;
    s->json = NULL;
    return 0;
}

/* Reads the JSONL's text (len bytes, NUL-terminated; modified: line ends become NULs) into
 * c, line by line. */
static int read_lines(InkCollection *c, char *text, size_t len, SnError *err)
{
    char where[PATHS_MAX + 32];
    int line = 0;
    for (char *p = text; p < text + len;) {
        char *end = memchr(p, '\n', (size_t)(text + len - p));
        char *next = end ? end + 1 : text + len;
        if (!end)
            end = text + len;
        line++;
        if (end > p && end[-1] == '\r')
            end--;
        *end = '\0';
        if (p[strspn(p, " \t")] == '\0') { /* a blank line */
            p = next;
            continue;
        }
        snprintf(where, sizeof where, "%s:%d", c->path, line);
        if (c->n >= INK_COLLECTION_MAX)
            return sn_error(err, SN_E_LIMIT, "%s: more than %d drawings, the most a collection "
                            "holds", where, INK_COLLECTION_MAX);
        InkSample s = {0};
        int rc = read_sample(p, where, 0, &s, err); /* the images: take_images */
        if (rc >= 0 && push(c, &s) != 0)
            rc = sn_error(err, SN_E_NOMEM, "%s: out of memory", where);
        free(s.json);
        if (rc < 0)
            return rc;
        p = next;
    }
    return 0;
}

int ink_collection_load(InkCollection *c, int *rebuilt, SnError *err)
{
    ink_collection_free(c);
    if (rebuilt)
        *rebuilt = 0;
    struct stat st;
    if (stat(c->path, &st) != 0 && errno == ENOENT) { /* nothing collected yet */
        ok(err);
        return 0;
    }
    char *text = NULL;
    size_t len = 0;
    int rc = readfile_all(c->path, INK_COLLECTION_MAX_BYTES, 1, &text, &len, err);
    if (rc == SN_E_LIMIT)
        return sn_error(err, SN_E_LIMIT, "%s: more than %ld bytes, the largest collection this "
                        "program reads (at most %d drawings)", c->path, INK_COLLECTION_MAX_BYTES,
                        INK_COLLECTION_MAX);
    if (rc == SN_E_FORMAT)
        return sn_error(err, SN_E_FORMAT, "%s: byte %zu: a NUL byte, not a text file of JSON "
                        "lines", c->path, len);
    if (rc < 0)
        return rc;
    rc = read_lines(c, text, len, err);
    free(text);
    if (rc < 0) {
        ink_collection_free(c);
        return rc;
    }
    if (take_images(c)) { /* the pair matches: rendering every drawing again is not needed */
        ok(err);
        return 0;
    }
    for (int i = 0; i < c->n; i++) {
        InkSample *s = &c->samples[i];
        InkDrawing d;
        ink_drawing_init(&d, INK_SIDE, INK_SIDE);
        rc = ink_drawing_from_json(s->json, c->path, &d, NULL, INK_DEFAULT_WIDTH, err);
        if (rc == 0)
            rc = ink_collection_render(&d, s->image, err);
        ink_drawing_free(&d);
        if (rc < 0) { /* out of memory: it read a moment ago */
            ink_collection_free(c);
            return rc;
        }
    }
    rc = write_idx(c, -1, err);
    if (rebuilt)
        *rebuilt = 1;
    if (rc < 0)
        return 1;
    ok(err);
    return 0;
}

/* Writes the JSONL of c's samples (skip left out) and then its IDX pair; returns as
 * ink_collection_add. */
static int write_all(const InkCollection *c, int skip, SnError *err)
{
    size_t len = 0;
    char *text = jsonl_text(c, skip, &len);
    if (!text)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory", c->path);
    int rc = atomic_write_file(c->path, text, len, err);
    free(text);
    if (rc < 0)
        return rc;
    return write_idx(c, skip, err) < 0 ? 1 : 0;
}

int ink_collection_add(InkCollection *c, const InkDrawing *d, int label, SnError *err)
{
    if (label < 0 || label >= INK_COLLECTION_CLASSES)
        return sn_error(err, SN_E_ARG, "%s: label %d is not a digit 0-9", c->path, label);
    if (c->n >= INK_COLLECTION_MAX)
        return sn_error(err, SN_E_LIMIT, "%s: the collection is full (%d drawings, the most "
                        "it holds): delete some first", c->path, INK_COLLECTION_MAX);
    char *json = ink_labelled_to_json(d, label);
    if (!json)
        return sn_error(err, SN_E_NOMEM, "%s: the drawing could not be written (out of "
                        "memory, or a point that is not a number)", c->path);
    InkSample s = {0};
    int rc = 0;
    if (c->bytes + strlen(json) + 1 > (size_t)INK_COLLECTION_MAX_BYTES)
        rc = sn_error(err, SN_E_LIMIT, "%s: the collection would pass %ld bytes, the most it "
                      "holds: delete some first", c->path, INK_COLLECTION_MAX_BYTES);
    else /* read back, as a reload will: the image is the one the file gives */
        rc = read_sample(json, c->path, 1, &s, err);
    free(json);
    if (rc == 1)
        rc = sn_error(err, SN_E_ARG, "too little ink to read: draw the whole digit first");
    if (rc == 0 && push(c, &s) != 0)
        rc = sn_error(err, SN_E_NOMEM, "%s: out of memory", c->path);
    free(s.json);
    if (rc < 0)
        return rc;
    rc = write_all(c, -1, err);
    if (rc < 0) { /* not in the file: not in the collection */
        InkSample *last = &c->samples[--c->n];
        c->counts[last->label]--;
        c->bytes -= strlen(last->json) + 1;
        free(last->json);
        return rc;
    }
    if (rc == 0)
        ok(err);
    return rc;
}

int ink_collection_delete(InkCollection *c, int i, SnError *err)
{
    if (i < 0 || i >= c->n)
        return sn_error(err, SN_E_ARG, "%s: no drawing %d (it holds %d)", c->path, i, c->n);
    int rc = write_all(c, i, err);
    if (rc < 0)
        return rc;
    InkSample gone = c->samples[i];
    memmove(&c->samples[i], &c->samples[i + 1], (size_t)(c->n - i - 1) * sizeof *c->samples);
    c->n--;
    c->counts[gone.label]--;
    c->bytes -= strlen(gone.json) + 1;
    free(gone.json);
    if (rc == 0)
        ok(err);
    return rc;
}

int ink_collection_drawing(const InkCollection *c, int i, InkDrawing *d, SnError *err)
{
    if (i < 0 || i >= c->n)
        return sn_error(err, SN_E_ARG, "%s: no drawing %d (it holds %d)", c->path, i, c->n);
    return ink_drawing_from_json(c->samples[i].json, c->path, d, NULL, INK_DEFAULT_WIDTH, err);
}
