/* strokes_file.c - a drawing's JSON form and its files (see ink.h): writing, reading with every
 * value checked before the new drawing is allocated (so a bad file leaves the old drawing
 * untouched), atomic saving, bounded loading. The optional "base" object holds the base image
 * under the strokes, 784 numbers in 0..1. A point is [x, y], or [x, y, t] with its time in ms
 * since the drawing began: optional point by point, non-decreasing over the drawing.
 */
#include "ink/ink.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomic.h"
#include "common/json.h"
#include "common/readfile.h"

#define MAX_CANVAS     1e5 /* largest canvas side or brush width accepted from a file */
#define MAX_COORD      1e9 /* largest |coordinate| accepted from a file (tablet units fit) */

static void ok(SnError *err)
{
    if (err) {
        err->code = SN_OK;
        err->msg[0] = '\0';
    }
}

int ink_is_json_name(const char *path)
{
    size_t len = strlen(path);
    return len > 5 && strcmp(path + len - 5, ".json") == 0;
}

/* ---- JSON writing ----------------------------------------------------------------------- */

/* Checks that a drawing can be written: finite canvas, widths and points, within limits. */
static int check_drawing(const InkDrawing *d, const char *where, SnError *err)
{
    if (!(d->width > 0.0f) || !isfinite(d->width) || !(d->height > 0.0f) || !isfinite(d->height))
        return sn_error(err, SN_E_ARG, "%s: canvas size %gx%g is not positive and finite", where,
                        (double)d->width, (double)d->height);
    if (d->n > INK_MAX_STROKES)
        return sn_error(err, SN_E_LIMIT, "%s: %d strokes, at most %d can be saved", where, d->n,
                        INK_MAX_STROKES);
    if (ink_drawing_points(d) > INK_MAX_POINTS)
        return sn_error(err, SN_E_LIMIT, "%s: %zu points, at most %d can be saved", where,
                        ink_drawing_points(d), INK_MAX_POINTS);
    float last_t = 0.0f; /* the time of the last timed point: times never decrease */
    for (int i = 0; i < d->n; i++) {
        const InkStroke *s = &d->strokes[i];
        if (!(s->width > 0.0f) || !isfinite(s->width))
            return sn_error(err, SN_E_ARG, "%s: strokes[%d].width: %g is not a positive number",
                            where, i, (double)s->width);
        for (int k = 0; k < s->n; k++) {
            InkPoint p = s->pts[k];
            if (!isfinite(p.x) || !isfinite(p.y))
                return sn_error(err, SN_E_ARG, "%s: strokes[%d].points[%d]: not a finite number",
                                where, i, k);
            if (p.t != INK_NO_TIME && !(p.t >= 0.0f && (double)p.t <= INK_MAX_TIME))
                return sn_error(err, SN_E_ARG,
                                "%s: strokes[%d].points[%d]: time %g is not a number 0..%g ms",
                                where, i, k, (double)p.t, INK_MAX_TIME);
            if (ink_point_timed(p) && p.t < last_t)
                return sn_error(err, SN_E_ARG,
                                "%s: strokes[%d].points[%d]: time %g is before the time %g of "
                                "the point before",
                                where, i, k, (double)p.t, (double)last_t);
            if (ink_point_timed(p))
                last_t = p.t;
        }
    }
    for (int k = 0; d->base && k < INK_BASE_PIXELS; k++)
        if (!(d->base[k] >= 0.0f && d->base[k] <= 1.0f))
            return sn_error(err, SN_E_ARG, "%s: base.pixels[%d]: %g is not a number 0..1", where,
                            k, (double)d->base[k]);
    return 0;
}

/* The double cJSON should print for a float: the shortest decimal (at most 9 significant
 * digits, always enough for a float) that reads back to the same float, as a double. cJSON
 * prints a double with 15 significant digits, which reproduces that short decimal, and the
 * reader's (float)strtod() then gives back the original bits: "0.1", not 0.10000000149011612. */
static double short_double(float f)
{
    char buf[32];
    for (int prec = 1; prec <= 9; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, (double)f);
        double v = strtod(buf, NULL);
        if ((float)v == f)
            return v;
    }
    return (double)f;
}

/* Adds a number to an array (key NULL) or an object; the item is freed if adding fails. */
static int add_number(cJSON *to, const char *key, double v)
{
    cJSON *item = cJSON_CreateNumber(v);
    if (!item)
        return 0;
    if (key ? cJSON_AddItemToObject(to, key, item) : cJSON_AddItemToArray(to, item))
        return 1;
    cJSON_Delete(item);
    return 0;
}

/* Adds a new empty array or object to an array; NULL (and nothing added) on failure. */
static cJSON *add_child(cJSON *array, cJSON *child)
{
    if (child && cJSON_AddItemToArray(array, child))
        return child;
    cJSON_Delete(child);
    return NULL;
}

/* Adds point p to the array pts as [x, y], or [x, y, t] when it has a time: the one way both
 * forms write a point. Returns 1, or 0 when out of memory. */
static int add_point(cJSON *pts, InkPoint p)
{
    cJSON *a = add_child(pts, cJSON_CreateArray());
    return a && add_number(a, NULL, short_double(p.x)) && add_number(a, NULL, short_double(p.y)) &&
           (!ink_point_timed(p) || add_number(a, NULL, short_double(p.t)));
}

/* Adds every point of stroke s to the array pts (add_point): the points of both forms of a
 * stroke. Returns 1, or 0 when out of memory. */
static int add_points(cJSON *pts, const InkStroke *s)
{
    for (int k = 0; k < s->n; k++)
        if (!add_point(pts, s->pts[k]))
            return 0;
    return 1;
}

/* Adds the "base" object of a drawing's base image to root; returns 1, or 0 when out of
 * memory. */
static int add_base(cJSON *root, const float *base)
{
    cJSON *jb = cJSON_AddObjectToObject(root, "base");
    cJSON *px = NULL;
    if (!jb || !add_number(jb, "width", INK_BASE_SIDE) ||
        !add_number(jb, "height", INK_BASE_SIDE) || !(px = cJSON_AddArrayToObject(jb, "pixels")))
        return 0;
    for (int k = 0; k < INK_BASE_PIXELS; k++)
        if (!add_number(px, NULL, short_double(base[k])))
            return 0;
    return 1;
}

/* The drawing's JSON text, with "label" after "format" when label is 0..9 (-1: none). */
static char *to_json(const InkDrawing *d, int label)
{
    if (check_drawing(d, "", NULL) < 0)
        return NULL;
    char *text = NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *strokes = NULL;
    if (!root || !cJSON_AddStringToObject(root, "format", "scratchnet-strokes") ||
        (label >= 0 && !add_number(root, "label", label)) ||
        !add_number(root, "version", 1.0) || !add_number(root, "width", short_double(d->width)) ||
        !add_number(root, "height", short_double(d->height)) ||
        (d->base && !add_base(root, d->base)) ||
        !(strokes = cJSON_AddArrayToObject(root, "strokes")))
        goto done;
    for (int i = 0; i < d->n; i++) {
        const InkStroke *s = &d->strokes[i];
        cJSON *js = add_child(strokes, cJSON_CreateObject());
        cJSON *pts = NULL;
        if (!js || !add_number(js, "width", short_double(s->width)) ||
            !cJSON_AddBoolToObject(js, "erase", s->erase) ||
            !(pts = cJSON_AddArrayToObject(js, "points")) || !add_points(pts, s))
            goto done;
    }
    text = cJSON_PrintUnformatted(root);
done:
    cJSON_Delete(root);
    return text;
}

char *ink_drawing_to_labelled_json(const InkDrawing *d, int label)
{
    if (check_drawing(d, "", NULL) < 0 || d->base || (label != INK_NO_CLASS && (label < 0 ||
                                                                            label > 9)))
        return NULL;
    char *text = NULL;
    cJSON *root = cJSON_CreateObject();
    cJSON *strokes = NULL;
    if (!root ||
        !(label == INK_NO_CLASS ? cJSON_AddNullToObject(root, "label") != NULL
                                : add_number(root, "label", label)) ||
        !(strokes = cJSON_AddArrayToObject(root, "strokes")))
        goto done;
    for (int i = 0; i < d->n; i++) {
        const InkStroke *s = &d->strokes[i];
        cJSON *pts = add_child(strokes, cJSON_CreateArray());
        if (!pts || s->erase || !add_points(pts, s))
            goto done;
    }
    text = cJSON_PrintUnformatted(root);
done:
    cJSON_Delete(root);
    return text;
}

char *ink_drawing_to_json(const InkDrawing *d)
{
    return to_json(d, -1);
}

char *ink_labelled_to_json(const InkDrawing *d, int label)
{
    return label >= 0 && label <= 9 ? to_json(d, label) : NULL;
}

/* ---- JSON reading ----------------------------------------------------------------------- */

/* Line and column (1-based) of byte `pos` of text, for parse errors. */
static void line_col(const char *text, size_t pos, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < pos && text[i]; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

/* Refuses any of the n keys this reader looks up that obj gives twice (json_member, as the
 * model reader does). `path` names obj in the message: "" at the top, "strokes[2]: ". */
static int refuse_repeated_keys(const cJSON *obj, const char *const *keys, int n, const char *where,
                                const char *path, SnError *err)
{
    for (int i = 0; i < n; i++) {
        int twice;
        json_member(obj, keys[i], &twice);
        if (twice)
            return sn_error(err, SN_E_FORMAT, "%s: %skey \"%s\" appears twice", where, path,
                            keys[i]);
    }
    return 0;
}

static int is_finite_number(const cJSON *v)
{
    return cJSON_IsNumber(v) && isfinite(v->valuedouble);
}

/* A checked [x, y] or [x, y, t] point as floats (t INK_NO_TIME when it has none). */
static InkPoint point_of(const cJSON *p)
{
    const cJSON *t = p->child->next->next;
    return (InkPoint){(float)p->child->valuedouble, (float)p->child->next->valuedouble,
                      t ? (float)t->valuedouble : INK_NO_TIME};
}

/* Checks point k's optional time t (its JSON number, or NULL): a finite number
 * 0..INK_MAX_TIME, not before *last_t, the time of the last timed point before it in the
 * drawing (INK_NO_TIME: none yet), which it then becomes. */
static int check_time(const cJSON *t, double *last_t, const char *where, const char *path,
                      int k, SnError *err)
{
    if (!t)
        return 0;
    if (!isfinite(t->valuedouble) || !(t->valuedouble >= 0.0) || t->valuedouble > INK_MAX_TIME)
        return sn_error(err, SN_E_FORMAT, "%s: %s[%d]: time %g is not a number 0..%g ms", where,
                        path, k, t->valuedouble, INK_MAX_TIME);
    double v = (double)(float)t->valuedouble; /* as it is kept */
    if (v < *last_t)
        return sn_error(err, SN_E_FORMAT,
                        "%s: %s[%d]: time %g is before the time %g of the point before", where,
                        path, k, t->valuedouble, *last_t);
    *last_t = v;
    return 0;
}

/* Checks a list of [x, y] or [x, y, t] points (check_time, with *last_t the time of the last
 * timed point before them); `path` is its JSON path ("strokes[2].points"). Adds the
 * number of points kept (those not within INK_MIN_STEP of the last one kept, as take_points
 * keeps them) to *total and fails past INK_MAX_POINTS; adds every point to *raw and fails past
 * INK_MAX_FILE_POINTS. */
static int check_points(const cJSON *arr, const char *where, const char *path, size_t *total,
                        size_t *raw, double *last_t, SnError *err)
{
    if (!cJSON_IsArray(arr))
        return sn_error(err, SN_E_FORMAT, "%s: %s: expected an array of [x, y] points", where,
                        path);
    int rc;
    int k = 0;
    const cJSON *p;
    InkPoint last_pt = {0.0f, 0.0f, INK_NO_TIME};
    InkStroke last = {&last_pt, 0, 1, 0.0f, 0}; /* the last point kept, for ink_stroke_near_last */
    cJSON_ArrayForEach(p, arr)
    {
        if (cJSON_IsNull(p))
            return sn_error(err, SN_E_FORMAT,
                            "%s: %s[%d]: expected [x, y] numbers, got null (a NaN or infinity "
                            "saved as null?)",
                            where, path, k);
        int n = cJSON_IsArray(p) ? cJSON_GetArraySize(p) : 0;
        if ((n != 2 && n != 3) || !cJSON_IsNumber(p->child) || !cJSON_IsNumber(p->child->next) ||
            (n == 3 && !cJSON_IsNumber(p->child->next->next)))
            return sn_error(err, SN_E_FORMAT,
                            "%s: %s[%d]: expected [x, y] numbers (or [x, y, time in ms])", where,
                            path, k);
        for (const cJSON *c = p->child; c != p->child->next->next; c = c->next)
            if (!isfinite(c->valuedouble) || fabs(c->valuedouble) > MAX_COORD)
                return sn_error(err, SN_E_FORMAT,
                                "%s: %s[%d]: coordinate %g is not a finite number within +-%g",
                                where, path, k, c->valuedouble, MAX_COORD);
        if ((rc = check_time(p->child->next->next, last_t, where, path, k, err)) < 0)
            return rc;
        if (++*raw > INK_MAX_FILE_POINTS)
            return sn_error(err, SN_E_LIMIT,
                            "%s: %s[%d]: more than %ld points in the file (before those within "
                            "%g of the point before are dropped)",
                            where, path, k, INK_MAX_FILE_POINTS, (double)INK_MIN_STEP);
        InkPoint q = point_of(p);
        if (!ink_stroke_near_last(&last, q.x, q.y)) {
            if (*total >= INK_MAX_POINTS)
                return sn_error(err, SN_E_LIMIT,
                                "%s: %s[%d]: more than %d points in the drawing (not counting "
                                "those within %g of the point before)",
                                where, path, k, INK_MAX_POINTS, (double)INK_MIN_STEP);
            (*total)++;
            last_pt = q;
            last.n = 1;
        }
        k++;
    }
    return 0;
}

/* Checks an optional positive number field (canvas side, brush width). */
static int check_positive(const cJSON *obj, const char *key, const char *where, const char *path,
                          int required, SnError *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v && !required)
        return 0;
    if (!v)
        return sn_error(err, SN_E_FORMAT, "%s: %s%s: missing (expected a positive number)", where,
                        path, key);
    if (!is_finite_number(v) || !(v->valuedouble > 0.0) || v->valuedouble > MAX_CANVAS)
        return sn_error(err, SN_E_FORMAT, "%s: %s%s: expected a positive number up to %g", where,
                        path, key, MAX_CANVAS);
    return 0;
}

/* Fills one stroke from a checked point list, dropping the points within INK_MIN_STEP of the
 * last one kept (the same rule as ink_drawing_add_point, counted by check_points). Returns 0 or
 * SN_E_NOMEM. */
static int take_points(InkStroke *s, const cJSON *arr)
{
    s->n = s->cap = 0;
    s->pts = NULL;
    InkPoint last_pt = {0.0f, 0.0f, INK_NO_TIME};
    InkStroke last = {&last_pt, 0, 1, 0.0f, 0};
    int kept = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, arr)
    {
        InkPoint q = point_of(p);
        if (!ink_stroke_near_last(&last, q.x, q.y)) {
            kept++;
            last_pt = q;
            last.n = 1;
        }
    }
    if (kept == 0)
        return 0;
    s->pts = malloc((size_t)kept * sizeof *s->pts);
    if (!s->pts)
        return SN_E_NOMEM;
    s->cap = kept;
    cJSON_ArrayForEach(p, arr)
    {
        InkPoint q = point_of(p);
        if (!ink_stroke_near_last(s, q.x, q.y))
            s->pts[s->n++] = q;
    }
    return 0;
}

/* The keys a drawing file's top level defines. */
static const char *const root_keys[] = {"format", "version", "width", "height",
                                        "base",   "strokes", "label"};
#define N_ROOT_KEYS ((int)(sizeof root_keys / sizeof root_keys[0]))

/* Counts the values of a drawing's JSON text against the limits, then parses it into *root. */
static int parse_drawing_text(const char *text, const char *where, cJSON **root, SnError *err)
{
    char key[48];
    int over = json_count_values(text, root_keys, N_ROOT_KEYS, INK_MAX_VALUES,
                                 INK_MAX_EXTRA_VALUES, key, sizeof key);
    if (over == JSON_COUNT_EXTRA)
        return sn_error(err, SN_E_LIMIT,
                        "%s: %s: more than %ld values under a key this format "
                        "does not define",
                        where, key, INK_MAX_EXTRA_VALUES);
    if (over == JSON_COUNT_TOTAL)
        return sn_error(err, SN_E_LIMIT,
                        "%s: more than %ld JSON values, more than a drawing "
                        "file of at most %d strokes and %ld points holds",
                        where, INK_MAX_VALUES, INK_MAX_STROKES, INK_MAX_FILE_POINTS);
    const char *end = NULL;
    int status = 0;
    *root = json_parse(text, &end, &status);
    if (status == SN_E_NOMEM)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory parsing the JSON text", where);
    if (!*root) {
        int line, col;
        line_col(text, (size_t)(end - text), &line, &col);
        return sn_error(err, SN_E_FORMAT, "%s: not valid JSON (line %d, column %d)", where, line,
                        col);
    }
    return 0;
}

/* Checks the top level: its keys, the label, and either a labelled drawing's brush against d's
 * canvas or the format, version and canvas of a strokes file; then that strokes is an array
 * of at most INK_MAX_STROKES. */
static int check_header(const cJSON *root, const char *where, const InkDrawing *d,
                        float default_width, SnError *err)
{
    if (!cJSON_IsObject(root))
        return sn_error(err, SN_E_FORMAT, "%s: expected a JSON object at the top level", where);
    int rc = refuse_repeated_keys(root, root_keys, N_ROOT_KEYS, where, "", err);
    if (rc < 0)
        return rc;
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    const cJSON *strokes = cJSON_GetObjectItemCaseSensitive(root, "strokes");
    const cJSON *jlabel = cJSON_GetObjectItemCaseSensitive(root, "label");
    if (jlabel && !cJSON_IsNull(jlabel) &&
        (!is_finite_number(jlabel) || jlabel->valuedouble < 0.0 || jlabel->valuedouble > 9.0 ||
         jlabel->valuedouble != floor(jlabel->valuedouble)))
        return sn_error(err, SN_E_FORMAT, "%s: label: expected an integer 0-9 or null", where);
    if (!format) { /* a labelled drawing */
        if (!strokes)
            return sn_error(err, SN_E_FORMAT,
                            "%s: expected \"format\": \"scratchnet-strokes\" or a labelled "
                            "drawing with \"strokes\"",
                            where);
        if (default_width > ink_widest_brush(d)) /* its strokes are drawn on d's canvas */
            return sn_error(err, SN_E_ARG,
                            "%s: default brush width %g is wider than a quarter of the canvas "
                            "(%g cells)",
                            where, (double)default_width, (double)ink_widest_brush(d));
    } else {
        if (!cJSON_IsString(format) || strcmp(format->valuestring, "scratchnet-strokes") != 0)
            return sn_error(err, SN_E_FORMAT, "%s: format: expected \"scratchnet-strokes\"", where);
        const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
        if (!is_finite_number(version))
            return sn_error(err, SN_E_FORMAT, "%s: version: expected the number 1", where);
        if (version->valuedouble != 1.0)
            return sn_error(err, SN_E_FORMAT,
                            "%s: version: %g is not supported (this build reads 1)", where,
                            version->valuedouble);
        if ((rc = check_positive(root, "width", where, "", 1, err)) < 0 ||
            (rc = check_positive(root, "height", where, "", 1, err)) < 0)
            return rc;
    }
    if (!cJSON_IsArray(strokes))
        return sn_error(err, SN_E_FORMAT, "%s: strokes: expected an array", where);
    int n_strokes = cJSON_GetArraySize(strokes);
    if (n_strokes > INK_MAX_STROKES)
        return sn_error(err, SN_E_LIMIT, "%s: strokes: %d strokes, at most %d allowed", where,
                        n_strokes, INK_MAX_STROKES);
    return 0;
}

/* Checks stroke i of a strokes file (an object with an optional width within a quarter of the
 * root's canvas, an optional erase flag, and its points), counting its points as check_points
 * does. */
static int check_stroke(const cJSON *js, int i, const cJSON *root, const char *where, size_t *total,
                        size_t *raw, double *last_t, SnError *err)
{
    static const char *const stroke_keys[] = {"width", "erase", "points"};
    char path[64];
    int rc;
    if (!cJSON_IsObject(js))
        return sn_error(err, SN_E_FORMAT, "%s: strokes[%d]: expected an object", where, i);
    snprintf(path, sizeof path, "strokes[%d]: ", i);
    if ((rc = refuse_repeated_keys(js, stroke_keys, 3, where, path, err)) < 0)
        return rc;
    snprintf(path, sizeof path, "strokes[%d].", i);
    if ((rc = check_positive(js, "width", where, path, 0, err)) < 0)
        return rc;
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(js, "width");
    InkDrawing canvas;
    ink_drawing_init(&canvas, (float)cJSON_GetObjectItemCaseSensitive(root, "width")->valuedouble,
                     (float)cJSON_GetObjectItemCaseSensitive(root, "height")->valuedouble);
    if (w && (float)w->valuedouble > ink_widest_brush(&canvas))
        return sn_error(err, SN_E_FORMAT,
                        "%s: strokes[%d].width: %g is wider than a quarter of the canvas (%g "
                        "cells)",
                        where, i, w->valuedouble, (double)ink_widest_brush(&canvas));
    const cJSON *erase = cJSON_GetObjectItemCaseSensitive(js, "erase");
    if (erase && !cJSON_IsBool(erase))
        return sn_error(err, SN_E_FORMAT, "%s: strokes[%d].erase: expected true or false", where,
                        i);
    snprintf(path, sizeof path, "strokes[%d].points", i);
    const cJSON *pts = cJSON_GetObjectItemCaseSensitive(js, "points");
    if (!pts)
        return sn_error(err, SN_E_FORMAT, "%s: %s: missing", where, path);
    return check_points(pts, where, path, total, raw, last_t, err);
}

/* Checks every stroke (a labelled drawing's are bare point lists), adding the points kept to
 * *total. */
static int check_strokes(const cJSON *root, int labelled, const char *where, size_t *total,
                         SnError *err)
{
    const cJSON *strokes = cJSON_GetObjectItemCaseSensitive(root, "strokes");
    size_t raw = 0;          /* all points in the file */
    double last_t = -1.0;    /* the time of the last timed point so far (none yet) */
    char path[64];
    int i = 0, rc;
    const cJSON *js;
    cJSON_ArrayForEach(js, strokes)
    {
        if (labelled) {
            snprintf(path, sizeof path, "strokes[%d]", i);
            rc = check_points(js, where, path, total, &raw, &last_t, err);
        } else {
            rc = check_stroke(js, i, root, where, total, &raw, &last_t, err);
        }
        if (rc < 0)
            return rc;
        i++;
    }
    return 0;
}

/* Checks the optional "base": only in a strokes file, an object whose width and height are 28
 * and whose pixels are 784 numbers in 0..1. */
static int check_base(const cJSON *root, int labelled, const char *where, SnError *err)
{
    static const char *const base_keys[] = {"width", "height", "pixels"};
    const cJSON *base = cJSON_GetObjectItemCaseSensitive(root, "base");
    if (!base)
        return 0;
    if (labelled)
        return sn_error(err, SN_E_FORMAT,
                        "%s: base: only a strokes file (\"format\": \"scratchnet-strokes\") has "
                        "a base image",
                        where);
    if (!cJSON_IsObject(base))
        return sn_error(err, SN_E_FORMAT,
                        "%s: base: expected an object {\"width\":%d,\"height\":%d,\"pixels\":"
                        "[...]}",
                        where, INK_BASE_SIDE, INK_BASE_SIDE);
    int rc = refuse_repeated_keys(base, base_keys, 3, where, "base: ", err);
    if (rc < 0)
        return rc;
    for (int i = 0; i < 2; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(base, base_keys[i]);
        if (!is_finite_number(v) || v->valuedouble != (double)INK_BASE_SIDE)
            return sn_error(err, SN_E_FORMAT,
                            "%s: base.%s: expected %d (a base image is %d x %d pixels)", where,
                            base_keys[i], INK_BASE_SIDE, INK_BASE_SIDE, INK_BASE_SIDE);
    }
    const cJSON *px = cJSON_GetObjectItemCaseSensitive(base, "pixels");
    if (!cJSON_IsArray(px))
        return sn_error(err, SN_E_FORMAT, "%s: base.pixels: expected an array of %d numbers 0..1",
                        where, INK_BASE_PIXELS);
    int n = cJSON_GetArraySize(px), k = 0;
    if (n != INK_BASE_PIXELS)
        return sn_error(err, SN_E_FORMAT, "%s: base.pixels: %d values, expected %d (%d x %d, row "
                        "by row)", where, n, INK_BASE_PIXELS, INK_BASE_SIDE, INK_BASE_SIDE);
    const cJSON *v;
    cJSON_ArrayForEach(v, px)
    {
        if (cJSON_IsNull(v))
            return sn_error(err, SN_E_FORMAT,
                            "%s: base.pixels[%d]: expected a number 0..1, got null", where, k);
        if (!is_finite_number(v))
            return sn_error(err, SN_E_FORMAT, "%s: base.pixels[%d]: expected a number 0..1",
                            where, k);
        if (!(v->valuedouble >= 0.0 && v->valuedouble <= 1.0))
            return sn_error(err, SN_E_FORMAT, "%s: base.pixels[%d]: %g is not a number 0..1",
                            where, k, v->valuedouble);
        k++;
    }
    return 0;
}

/* Builds *nd from the checked root: the canvas of a strokes file and its base image, then each
 * stroke with its width, erase flag and kept points. */
static int build_drawing(InkDrawing *nd, const cJSON *root, int labelled, float default_width,
                         size_t total, const char *where, SnError *err)
{
    const cJSON *strokes = cJSON_GetObjectItemCaseSensitive(root, "strokes");
    int n_strokes = cJSON_GetArraySize(strokes);
    if (!labelled) {
        nd->width = (float)cJSON_GetObjectItemCaseSensitive(root, "width")->valuedouble;
        nd->height = (float)cJSON_GetObjectItemCaseSensitive(root, "height")->valuedouble;
    }
    const cJSON *base = cJSON_GetObjectItemCaseSensitive(root, "base");
    if (base) {
        nd->base = malloc(INK_BASE_PIXELS * sizeof *nd->base);
        if (!nd->base)
            return sn_error(err, SN_E_NOMEM, "%s: out of memory for the base image", where);
        int k = 0;
        const cJSON *v;
        cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(base, "pixels"))
            nd->base[k++] = (float)v->valuedouble;
    }
    if (n_strokes > 0) {
        nd->strokes = calloc((size_t)n_strokes, sizeof *nd->strokes);
        if (!nd->strokes)
            return sn_error(err, SN_E_NOMEM, "%s: out of memory for %d strokes", where, n_strokes);
        nd->cap = n_strokes;
    }
    const cJSON *js;
    cJSON_ArrayForEach(js, strokes)
    {
        InkStroke *s = &nd->strokes[nd->n];
        const cJSON *pts = js;
        s->width = default_width;
        s->erase = 0;
        if (!labelled) {
            const cJSON *w = cJSON_GetObjectItemCaseSensitive(js, "width");
            if (w)
                s->width = (float)w->valuedouble;
            s->erase = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(js, "erase"));
            pts = cJSON_GetObjectItemCaseSensitive(js, "points");
        }
        nd->n++;
        if (take_points(s, pts) < 0)
            return sn_error(err, SN_E_NOMEM, "%s: out of memory for %zu points", where, total);
    }
    return 0;
}

int ink_drawing_from_json(const char *text, const char *where, InkDrawing *d, int *label,
                          float default_width, SnError *err)
{
    if (!where)
        where = "(drawing)";
    if (!text)
        return sn_error(err, SN_E_ARG, "%s: no text to parse", where);
    if (!(default_width > 0.0f) || !isfinite(default_width))
        return sn_error(err, SN_E_ARG, "%s: default brush width %g is not positive", where,
                        (double)default_width);
    cJSON *root = NULL;
    int rc = parse_drawing_text(text, where, &root, err);
    if (rc < 0)
        return rc;
    InkDrawing nd;
    ink_drawing_init(&nd, d->width, d->height);
    size_t total = 0; /* points kept */
    int labelled = cJSON_GetObjectItemCaseSensitive(root, "format") == NULL;
    /* Check everything first, so that a refused file leaves *d as it was. */
    if ((rc = check_header(root, where, d, default_width, err)) < 0 ||
        (rc = check_base(root, labelled, where, err)) < 0 ||
        (rc = check_strokes(root, labelled, where, &total, err)) < 0 ||
        (rc = build_drawing(&nd, root, labelled, default_width, total, where, err)) < 0)
        goto out;
    ink_drawing_free(d);
    *d = nd;
    ink_drawing_init(&nd, 0.0f, 0.0f);
    if (label) {
        const cJSON *jlabel = cJSON_GetObjectItemCaseSensitive(root, "label");
        *label = !jlabel ? -1 : cJSON_IsNull(jlabel) ? INK_NO_CLASS : (int)jlabel->valuedouble;
    }
    ok(err);
out:
    ink_drawing_free(&nd);
    cJSON_Delete(root);
    return rc;
}

/* ---- files ------------------------------------------------------------------------------ */

int ink_drawing_save(const char *path, const InkDrawing *d, SnError *err)
{
    int rc = check_drawing(d, path, err);
    if (rc < 0)
        return rc;
    char *json = ink_drawing_to_json(d);
    size_t len = json ? strlen(json) : 0;
    char *text = json ? realloc(json, len + 2) : NULL;
    if (!text) {
        free(json);
        return sn_error(err, SN_E_NOMEM, "%s: out of memory while writing the drawing", path);
    }
    text[len] = '\n'; /* the file ends with a newline */
    text[len + 1] = '\0';
    rc = atomic_write_file(path, text, len + 1, err);
    free(text);
    if (rc == 0)
        ok(err);
    return rc;
}

int ink_drawing_load(const char *path, InkDrawing *d, SnError *err)
{
    char *buf = NULL;
    size_t len = 0;
    int rc = readfile_all(path, INK_MAX_FILE_BYTES, 1, &buf, &len, err);
    if (rc == SN_E_LIMIT)
        return sn_error(err, SN_E_LIMIT,
                        "%s: more than %ld bytes, the largest strokes file "
                        "this program reads",
                        path, INK_MAX_FILE_BYTES);
    if (rc == SN_E_FORMAT)
        return sn_error(err, SN_E_FORMAT, "%s: contains a NUL byte, not a JSON text file", path);
    if (rc != 0)
        return rc;
    if (len == 0)
        rc = sn_error(err, SN_E_FORMAT, "%s: empty file, expected strokes JSON", path);
    else
        rc = ink_drawing_from_json(buf, path, d, NULL, INK_DEFAULT_WIDTH, err);
    free(buf);
    return rc;
}
