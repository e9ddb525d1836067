/* test_ink.h - what the drawing pipeline's tests share (test_ink.c, test_strokes.c,
 * test_strokes_base.c, test_pipeline.c): small drawings, a rejected strokes file, sums and
 * centres of grids, a scratch folder. */
#ifndef SCRATCHNET_TEST_INK_H
#define SCRATCHNET_TEST_INK_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ink/ink.h"
#include "test.h"

#define N28 (28 * 28)
#define PI 3.14159265358979323846

/* A drawing with one stroke through the given points. */
static inline void one_stroke(InkDrawing *d, float width, int erase, const float *xy, int n)
{
    CHECK(ink_drawing_begin_stroke(d, width, erase) == 0);
    for (int i = 0; i < n; i++)
        CHECK(ink_drawing_add_point(d, xy[2 * i], xy[2 * i + 1]) == 0);
}

/* Parses text as a strokes file named "bad.json" into a drawing holding one stroke, expecting
 * failure with code and a message starting "bad.json: " that holds `part`; the drawing must keep
 * its one old stroke and gain no base image. */
static inline void expect_rejected(const char *text, int code, const char *part)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    const float a[] = {1, 1};
    one_stroke(&d, 2.5f, 0, a, 1);
    SnError err = {0, ""};
    int rc = ink_drawing_from_json(text, "bad.json", &d, NULL, 2.5f, &err);
    if (rc != code || err.code != code || strncmp(err.msg, "bad.json: ", 10) != 0 ||
        !strstr(err.msg, part)) {
        printf("  input %.200s\n  gave %d \"%s\", expected %d with \"%s\"\n", text, rc, err.msg,
               code, part);
        CHECK(0);
    }
    CHECK(d.n == 1 && d.strokes[0].n == 1 && d.strokes[0].pts[0].x == 1.0f && d.base == NULL);
    ink_drawing_free(&d);
}

static inline double grid_sum(const float *g, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += (double)g[i];
    return s;
}

/* Centre of mass in cell indices, as preprocess.h defines it. */
static inline void grid_com(const float *g, double *cx, double *cy)
{
    double m = 0.0, mx = 0.0, my = 0.0;
    for (int i = 0; i < 28; i++)
        for (int j = 0; j < 28; j++) {
            m += (double)g[i * 28 + j];
            mx += (double)g[i * 28 + j] * j;
            my += (double)g[i * 28 + j] * i;
        }
    *cx = mx / m;
    *cy = my / m;
}

/* Bounding box of cells above 0.05 in a 28 x 28 grid; returns 0 if none. */
static inline int grid_bbox(const float *g, int *w, int *h)
{
    int x0 = 28, y0 = 28, x1 = -1, y1 = -1;
    for (int i = 0; i < 28; i++)
        for (int j = 0; j < 28; j++)
            if (g[i * 28 + j] > 0.05f) {
                x0 = j < x0 ? j : x0;
                x1 = j > x1 ? j : x1;
                y0 = i < y0 ? i : y0;
                y1 = i > y1 ? i : y1;
            }
    *w = x1 - x0 + 1;
    *h = y1 - y0 + 1;
    return x1 >= 0;
}

static inline int all_in_unit_range(const float *g, int n)
{
    for (int i = 0; i < n; i++)
        if (!(g[i] >= 0.0f && g[i] <= 1.0f))
            return 0;
    return 1;
}

/* A small deterministic generator for scribbles (xorshift32). */
static inline float scribble_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return (float)(*s >> 8) / 16777216.0f;
}

static char tmp_dir[256];

/* A fresh temporary directory for file tests (removed at the end of main). */
static inline const char *tmp_path(const char *name)
{
    static char path[512];
    if (!tmp_dir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmp_dir, sizeof tmp_dir, "%s/test_ink.XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmp_dir)) {
            printf("cannot create a temporary directory: %s\n", strerror(errno));
            exit(1);
        }
    }
    snprintf(path, sizeof path, "%s/%s", tmp_dir, name);
    return path;
}

static inline void write_text(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(fwrite(text, 1, len, f) == len);
    fclose(f);
}

#endif
