/* app.c - the drawing app's state machine: strokes, history, models, prediction.
 *
 * History is a list of edits. Adding a stroke pushes an edit that carries nothing (the stroke is
 * the drawing's last one); undoing it moves the stroke into the redo edit. Clearing moves the
 * whole drawing into the edit, so a clear can be undone too. The prediction runs the shared
 * pipeline (ink_drawing_to_input) and then the model:
 *     input = (pixel 0..1 * 255) * in_scale + in_offset,   probs = model(input).
 * No SDL, no printing: failures become the message line.
 */
#include "draw/app.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/readfile.h"
#include "ink/pipeline.h"
#include "ink/png_codec.h"
#include "ink/raster.h"
#include "nn/model_io.h"

#define EMPTY_INK 0.05f /* total ink below this counts as an empty canvas */

/* ---- small helpers ---- */

static void copy_str(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* The file name without directories and without a ".json" ending. */
static void base_name(const char *path, char *buf, size_t n)
{
    const char *slash = strrchr(path, '/');
    const char *b = slash ? slash + 1 : path;
    size_t len = strlen(b);
    if (len > 5 && strcmp(b + len - 5, ".json") == 0)
        len -= 5;
    snprintf(buf, n, "%.*s", (int)len, b);
}

static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return strcmp(a, b) == 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Grows an edit list so it holds at least `need` edits; returns 0 or -1. */
static int reserve_edits(AppEdit **list, int *cap, int need)
{
    if (need <= *cap)
        return 0;
    int ncap = *cap ? *cap * 2 : 32;
    while (ncap < need)
        ncap *= 2;
    AppEdit *p = realloc(*list, (size_t)ncap * sizeof *p);
    if (!p)
        return -1;
    *list = p;
    *cap = ncap;
    return 0;
}

static void free_edits(AppEdit *list, int *n)
{
    for (int i = 0; i < *n; i++)
        ink_drawing_free(&list[i].strokes);
    *n = 0;
}

static void changed(AppState *s)
{
    s->needs_update = 1;
    s->needs_redraw = 1;
}

/* ---- lifetime ---- */

void app_init(AppState *s)
{
    memset(s, 0, sizeof *s);
    ink_drawing_init(&s->drawing, APP_SIDE, APP_SIDE);
    s->brush = APP_BRUSH_DEFAULT;
    s->active = -1;
    s->preprocess = 1;
    s->top = s->second = -1;
    s->verdict = APP_NO_MODEL;
    changed(s);
}

void app_free(AppState *s)
{
    ink_drawing_free(&s->drawing);
    free_edits(s->undo, &s->n_undo);
    free_edits(s->redo, &s->n_redo);
    free(s->undo);
    free(s->redo);
    for (int i = 0; i < s->n_models; i++)
        nn_model_free(s->models[i].model);
    free(s->models);
    memset(s, 0, sizeof *s);
}

/* ---- models ---- */

/* Fills entry e from a loaded model or an error; checks the model fits a 28 x 28 canvas. */
static void set_entry(AppModel *e, NnModel *m, const char *path, const char *error)
{
    nn_model_free(e->model);
    memset(e, 0, sizeof *e);
    copy_str(e->path, sizeof e->path, path);
    const char *where = path && path[0] ? path : "model";
    if (m && m->n_in != APP_PIXELS) {
        snprintf(e->error, sizeof e->error,
                 "%s: the model reads %d inputs, the canvas gives %d (%d x %d)", where, m->n_in,
                 APP_PIXELS, APP_SIDE, APP_SIDE);
        nn_model_free(m);
        m = NULL;
    } else if (m && (m->n_out < 1 || m->n_out > NN_MAX_CLASSES || m->info.n_classes != m->n_out)) {
        snprintf(e->error, sizeof e->error,
                 "%s: the model has %d outputs but %d class labels", where, m->n_out,
                 m->info.n_classes);
        nn_model_free(m);
        m = NULL;
    } else if (!m) {
        copy_str(e->error, sizeof e->error,
                 error && error[0] ? error : "could not be loaded (no reason given)");
    }
    e->model = m;
    if (m && m->info.name[0])
        copy_str(e->name, sizeof e->name, m->info.name);
    else if (path && path[0])
        base_name(path, e->name, sizeof e->name);
    else
        copy_str(e->name, sizeof e->name, "model");
}

int app_add_model(AppState *s, NnModel *m, const char *path, const char *error)
{
    if (s->n_models == s->cap_models) {
        int ncap = s->cap_models ? s->cap_models * 2 : 8;
        AppModel *p = realloc(s->models, (size_t)ncap * sizeof *p);
        if (!p) {
            nn_model_free(m);
            app_message(s, 1, "out of memory while adding %s", path ? path : "a model");
            return -1;
        }
        s->models = p;
        s->cap_models = ncap;
    }
    AppModel *e = &s->models[s->n_models];
    memset(e, 0, sizeof *e);
    set_entry(e, m, path, error);
    s->needs_redraw = 1;
    return s->n_models++;
}

static int find_model_file(const AppState *s, const char *path)
{
    for (int i = 0; i < s->n_models; i++)
        if (s->models[i].path[0] && same_file(s->models[i].path, path))
            return i;
    return -1;
}

int app_add_model_file(AppState *s, const char *path)
{
    int i = find_model_file(s, path);
    if (i >= 0)
        return i;
    NnError err = {0};
    NnModel *m = nn_model_load(path, &err);
    if (m)
        nn_model_freeze(m, NULL); /* faster single-image passes; without it they still work */
    return app_add_model(s, m, path, m ? NULL : err.msg);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int app_add_models_dir(AppState *s, const char *dir)
{
    copy_str(s->models_dir, sizeof s->models_dir, dir);
    DIR *d = opendir(dir);
    if (!d) {
        if (errno != ENOENT)
            app_message(s, 1, "%s: cannot read the models directory: %s", dir, strerror(errno));
        return 0;
    }
    char **names = NULL;
    int n = 0, cap = 0, found = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.' || !ink_is_json_name(ent->d_name))
            continue;
        if (n == cap) {
            int ncap = cap ? cap * 2 : 16;
            char **p = realloc(names, (size_t)ncap * sizeof *p);
            if (!p)
                break;
            names = p;
            cap = ncap;
        }
        size_t len = strlen(dir) + 1 + strlen(ent->d_name) + 1;
        names[n] = malloc(len);
        if (!names[n])
            break;
        snprintf(names[n], len, "%s/%s", dir, ent->d_name);
        n++;
    }
    closedir(d);
    if (n > 0)
        qsort(names, (size_t)n, sizeof *names, cmp_names);
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            app_add_model_file(s, names[i]);
            found++;
        }
        free(names[i]);
    }
    free(names);
    return found;
}

static float recorded_accuracy(const NnModel *m)
{
    float a = m->info.train.test_accuracy;
    return a >= 0.0f && a <= 1.0f ? a : -1.0f;
}

void app_select_best(AppState *s)
{
    int best = -1;
    for (int i = 0; i < s->n_models; i++) {
        const NnModel *m = s->models[i].model;
        if (!m)
            continue;
        if (best < 0 || recorded_accuracy(m) > recorded_accuracy(s->models[best].model))
            best = i;
    }
    if (best < 0 && s->n_models > 0)
        best = 0; /* nothing loaded: show the first one's error */
    if (best >= 0)
        app_select_model(s, best);
}

void app_select_model(AppState *s, int i)
{
    if (i < 0 || i >= s->n_models)
        return;
    s->active = i;
    NnModel *m = s->models[i].model;
    s->preprocess = m ? nn_model_mnist_preprocessing(m) : 1;
    changed(s);
}

void app_cycle_model(AppState *s, int step)
{
    if (s->n_models == 0)
        return;
    int i = ((s->active + step) % s->n_models + s->n_models) % s->n_models;
    app_select_model(s, i);
}

NnModel *app_model(const AppState *s)
{
    if (s->active < 0 || s->active >= s->n_models)
        return NULL;
    return s->models[s->active].model;
}

int app_preprocess_mismatch(const AppState *s)
{
    const NnModel *m = app_model(s);
    return m && (s->preprocess != 0) != (nn_model_mnist_preprocessing(m) != 0);
}

/* ---- drawing and history ---- */

/* Says why a stroke could not start or go on (rc from ink_drawing_begin_stroke or
 * ink_drawing_add_point); what_now ends the message. */
static void refused(AppState *s, int rc, const char *what_now)
{
    if (rc == INK_E_LIMIT && s->drawing.n >= INK_MAX_STROKES)
        app_message(s, 1, "the drawing has %d strokes, the most it can hold: %s",
                    INK_MAX_STROKES, what_now);
    else if (rc == INK_E_LIMIT)
        app_message(s, 1, "the drawing has %d points, the most it can hold: %s", INK_MAX_POINTS,
                    what_now);
    else
        app_message(s, 1, "out of memory: %s", what_now);
}

void app_pen_down(AppState *s, float x, float y, int erase)
{
    if (s->pen_down)
        app_pen_up(s);
    if (reserve_edits(&s->undo, &s->cap_undo, s->n_undo + 1) < 0) {
        app_message(s, 1, "out of memory: the stroke was not started");
        return;
    }
    int rc = ink_drawing_begin_stroke(&s->drawing, s->brush, erase);
    if (rc < 0) {
        refused(s, rc, "the stroke was not started (undo or clear to draw more)");
        return;
    }
    rc = ink_drawing_add_point(&s->drawing, x, y);
    if (rc < 0) {
        InkStroke dropped;
        if (ink_drawing_pop_stroke(&s->drawing, &dropped) == 0)
            ink_stroke_free(&dropped);
        refused(s, rc, "the stroke was not started (undo or clear to draw more)");
        return;
    }
    free_edits(s->redo, &s->n_redo); /* a new stroke ends the redo chain */
    memset(&s->undo[s->n_undo], 0, sizeof s->undo[0]);
    s->n_undo++;
    s->pen_down = 1;
    changed(s);
}

void app_pen_move(AppState *s, float x, float y)
{
    if (!s->pen_down)
        return;
    int rc = ink_drawing_add_point(&s->drawing, x, y);
    if (rc == 1)
        return; /* within INK_MIN_STEP of the last point: nothing changes */
    if (rc < 0) {
        refused(s, rc, "the stroke stops here");
        s->pen_down = 0;
        return;
    }
    changed(s);
}

void app_pen_up(AppState *s)
{
    s->pen_down = 0;
}

void app_hover(AppState *s, float x, float y, int inside)
{
    if (s->hover != inside || (inside && (s->hover_x != x || s->hover_y != y)))
        s->needs_redraw = 1;
    s->hover = inside;
    s->hover_x = x;
    s->hover_y = y;
}

int app_undo(AppState *s)
{
    app_pen_up(s);
    if (s->n_undo == 0 || reserve_edits(&s->redo, &s->cap_redo, s->n_redo + 1) < 0)
        return 0;
    AppEdit e = s->undo[--s->n_undo];
    if (e.clear) {
        /* nothing was drawn after the clear (it would have been undone first): swap back */
        ink_drawing_free(&s->drawing);
        s->drawing = e.strokes;
        memset(&e.strokes, 0, sizeof e.strokes);
    } else {
        InkStroke st;
        if (ink_drawing_pop_stroke(&s->drawing, &st) < 0)
            return 0;
        ink_drawing_init(&e.strokes, APP_SIDE, APP_SIDE);
        if (ink_drawing_push_stroke(&e.strokes, &st) < 0) {
            ink_stroke_free(&st); /* cannot be redone, but the undo still happens */
            changed(s);
            return 1;
        }
    }
    s->redo[s->n_redo++] = e;
    changed(s);
    return 1;
}

int app_redo(AppState *s)
{
    app_pen_up(s);
    if (s->n_redo == 0 || reserve_edits(&s->undo, &s->cap_undo, s->n_undo + 1) < 0)
        return 0;
    AppEdit e = s->redo[s->n_redo - 1];
    if (e.clear) {
        e.strokes = s->drawing;
        ink_drawing_init(&s->drawing, APP_SIDE, APP_SIDE);
    } else {
        InkStroke st;
        if (ink_drawing_pop_stroke(&e.strokes, &st) < 0)
            return 0;
        if (ink_drawing_push_stroke(&s->drawing, &st) < 0) {
            ink_drawing_push_stroke(&e.strokes, &st); /* put it back; stays redoable */
            return 0;
        }
        ink_drawing_free(&e.strokes);
    }
    s->n_redo--;
    s->undo[s->n_undo++] = e;
    changed(s);
    return 1;
}

int app_clear(AppState *s)
{
    app_pen_up(s);
    if (s->drawing.n == 0 || reserve_edits(&s->undo, &s->cap_undo, s->n_undo + 1) < 0)
        return 0;
    free_edits(s->redo, &s->n_redo);
    AppEdit e = {.clear = 1, .strokes = s->drawing};
    ink_drawing_init(&s->drawing, APP_SIDE, APP_SIDE);
    s->undo[s->n_undo++] = e;
    changed(s);
    return 1;
}

void app_brush_step(AppState *s, int steps)
{
    float b = s->brush + (float)steps * APP_BRUSH_STEP;
    s->brush = b < APP_BRUSH_MIN ? APP_BRUSH_MIN : b > APP_BRUSH_MAX ? APP_BRUSH_MAX : b;
    app_message(s, 0, "Brush %.1f cells wide ([ smaller, ] bigger, %.1f to %.1f)",
                (double)s->brush, (double)APP_BRUSH_MIN, (double)APP_BRUSH_MAX);
}

void app_toggle_preprocess(AppState *s)
{
    s->preprocess = !s->preprocess;
    changed(s);
}

void app_toggle_steps(AppState *s)
{
    s->show_steps = !s->show_steps;
    s->needs_redraw = 1;
}

void app_toggle_help(AppState *s)
{
    s->show_help = !s->show_help;
    s->needs_redraw = 1;
}

/* ---- the Open prompt ---- */

void app_prompt_cancel(AppState *s)
{
    s->prompt_open = 0;
    s->prompt[0] = '\0';
    s->prompt_len = 0;
    s->needs_redraw = 1;
}

void app_prompt_open(AppState *s)
{
    app_prompt_cancel(s); /* an empty field */
    s->prompt_open = 1;
    s->show_help = 0;
    app_pen_up(s);
}

/* Bytes in the UTF-8 sequence that starts with byte c (1 for stray continuation bytes). */
static int utf8_length(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

int app_prompt_type(AppState *s, const char *utf8)
{
    if (!s->prompt_open || !utf8)
        return 0;
    int added = 0;
    const unsigned char *p = (const unsigned char *)utf8;
    while (*p) {
        if (*p < 0x20 || *p == 0x7F) { /* control characters, newlines included */
            p++;
            continue;
        }
        int k = utf8_length(*p);
        for (int i = 1; i < k; i++)
            if ((p[i] & 0xC0) != 0x80)
                k = i; /* a cut sequence: take what there is */
        if (s->prompt_len + k > APP_PROMPT_MAX) {
            app_message(s, 1, "The path is too long (at most %d bytes)", APP_PROMPT_MAX);
            break;
        }
        memcpy(s->prompt + s->prompt_len, p, (size_t)k);
        s->prompt_len += k;
        added += k;
        p += k;
    }
    s->prompt[s->prompt_len] = '\0';
    if (added)
        s->needs_redraw = 1;
    return added;
}

void app_prompt_backspace(AppState *s)
{
    if (!s->prompt_open || s->prompt_len == 0)
        return;
    int i = s->prompt_len - 1;
    while (i > 0 && ((unsigned char)s->prompt[i] & 0xC0) == 0x80)
        i--; /* back over continuation bytes to the character's first byte */
    s->prompt_len = i;
    s->prompt[i] = '\0';
    s->needs_redraw = 1;
}

int app_prompt_submit(AppState *s)
{
    if (!s->prompt_open)
        return -1;
    char typed[APP_PROMPT_MAX + 1];
    const char *a = s->prompt;
    const char *b = s->prompt + s->prompt_len;
    while (a < b && isspace((unsigned char)*a))
        a++;
    while (b > a && isspace((unsigned char)b[-1]))
        b--;
    if (b - a >= 2 && (*a == '"' || *a == '\'') && b[-1] == *a) {
        a++; /* a pasted path in quotes */
        b--;
    }
    snprintf(typed, sizeof typed, "%.*s", (int)(b - a), a);
    app_prompt_cancel(s);
    if (!typed[0]) {
        app_message(s, 0, "Nothing typed, nothing opened");
        return -1;
    }
    const char *home = getenv("HOME");
    if (typed[0] == '~' && typed[1] == '/' && home && home[0]) {
        char path[2 * APP_PROMPT_MAX + 2];
        snprintf(path, sizeof path, "%s%s", home, typed + 1);
        return app_open_file(s, path);
    }
    return app_open_file(s, typed);
}

/* ---- prediction ---- */

AppVerdict app_classify(const float *probs, int n, int *top, int *second)
{
    int t = 0, u = -1;
    for (int i = 1; i < n; i++)
        if (probs[i] > probs[t])
            t = i;
    for (int i = 0; i < n; i++)
        if (i != t && (u < 0 || probs[i] > probs[u]))
            u = i;
    *top = t;
    *second = u;
    return probs[t] >= APP_UNSURE_BELOW ? APP_SURE : APP_UNSURE;
}

void app_update(AppState *s)
{
    s->needs_update = 0;
    s->needs_redraw = 1;
    s->n_probs = 0;
    s->top = s->second = -1;

    if (ink_raster(&s->drawing, s->grid, APP_SIDE, APP_SIDE) < 0)
        app_message(s, 1, "out of memory while drawing the canvas");
    float total = 0.0f;
    for (int i = 0; i < APP_PIXELS; i++)
        total += s->grid[i];

    memset(&s->steps, 0, sizeof s->steps);
    /* with preprocessing the drawing is rendered anew at 4x; without it, the network reads the
     * canvas just rasterised (what ink_drawing_to_input would render again) */
    int r = s->preprocess
                ? ink_drawing_to_input(&s->drawing, 1, s->seen, &s->steps)
                : ink_image_to_input(s->grid, APP_SIDE, APP_SIDE, 0, s->seen, &s->steps);
    if (r < 0) {
        memset(s->seen, 0, sizeof s->seen);
        app_message(s, 1, "out of memory while preparing the drawing");
    }

    NnModel *m = app_model(s);
    if (s->n_models == 0) {
        s->verdict = APP_NO_MODEL;
        return;
    }
    if (!m) {
        s->verdict = APP_BAD_MODEL;
        return;
    }
    if (total < EMPTY_INK) {
        s->verdict = APP_EMPTY;
        return;
    }
    if (r != 0) { /* 1: too little ink to read (the pipeline's rule), -1: out of memory */
        s->verdict = APP_TOO_LITTLE;
        return;
    }

    float x[APP_PIXELS];
    float out[NN_MAX_CLASSES];
    nn_model_scale_input(&m->info, s->seen, x, APP_PIXELS);
    int top = nn_model_predict(m, x, out);
    if (top < 0) {
        app_message(s, 1, "%s: %s", s->models[s->active].name, nn_model_predict_failure(top));
        s->verdict = APP_NO_ANSWER;
        return;
    }
    s->n_probs = m->n_out;
    nn_model_probabilities(m, out, s->probs);
    s->verdict = app_classify(s->probs, s->n_probs, &s->top, &s->second);
}

const char *app_label(const AppState *s, int i)
{
    const NnModel *m = app_model(s);
    /* a class without a name is called by its number */
    static char numbers[NN_MAX_CLASSES][4];
    if (i < 0 || i >= NN_MAX_CLASSES || (m && i >= m->info.n_classes))
        return "?";
    if (m && m->info.labels[i][0])
        return m->info.labels[i];
    if (!numbers[i][0])
        snprintf(numbers[i], sizeof numbers[i], "%d", i);
    return numbers[i];
}

int app_reads_digits(const AppState *s)
{
    const NnModel *m = app_model(s);
    if (!m)
        return 1;
    for (int i = 0; i < m->info.n_classes; i++) {
        const char *l = m->info.labels[i];
        if (!(l[0] >= '0' && l[0] <= '9' && l[1] == '\0'))
            return 0;
    }
    return 1;
}

void app_percent(float p, char *buf, size_t n)
{
    snprintf(buf, n, "%.1f%%", (double)(100.0f * p));
}

void app_verdict_text(const AppState *s, char *buf, size_t n)
{
    switch (s->verdict) {
    case APP_NO_MODEL:
        snprintf(buf, n, "No model loaded");
        break;
    case APP_BAD_MODEL:
        snprintf(buf, n, "This model could not be loaded");
        break;
    case APP_EMPTY:
        snprintf(buf, n, app_reads_digits(s) ? "Draw a digit" : "Draw something");
        break;
    case APP_TOO_LITTLE:
        snprintf(buf, n, "Too little ink: keep drawing");
        break;
    case APP_NO_ANSWER:
        snprintf(buf, n, "No answer from this model");
        break;
    case APP_SURE:
        /* the whole part of the one-decimal percentage: 99.96 shows as 100.0% and 100% */
        snprintf(buf, n, "%s (%d%%)", app_label(s, s->top),
                 (int)(floorf(1000.0f * s->probs[s->top] + 0.5f) / 10.0f));
        break;
    case APP_UNSURE:
        snprintf(buf, n, "Not sure: %s or %s?", app_label(s, s->top), app_label(s, s->second));
        break;
    }
}

void app_title(const AppState *s, char *buf, size_t n)
{
    char v[160];
    app_verdict_text(s, v, sizeof v);
    if (s->verdict != APP_SURE && v[0] >= 'A' && v[0] <= 'Z')
        v[0] = (char)(v[0] - 'A' + 'a');
    snprintf(buf, n, "scratchnet-draw \xe2\x80\x94 %s", v);
}

/* ---- messages and files ---- */

void app_message(AppState *s, int is_error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->message, sizeof s->message, fmt, ap);
    va_end(ap);
    s->message_error = is_error;
    s->message_serial++;
    s->needs_redraw = 1;
}

void app_clear_message(AppState *s)
{
    if (s->message[0])
        s->needs_redraw = 1;
    s->message[0] = '\0';
    s->message_error = 0;
}

void app_dated_name(const char *prefix, time_t now, char *buf, size_t n)
{
    struct tm tm;
    char stamp[32];
    if (localtime_r(&now, &tm) && strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm) > 0)
        snprintf(buf, n, "%s-%s", prefix, stamp);
    else
        snprintf(buf, n, "%s", prefix);
}

/* Fills base (n bytes) with dir/stem, or dir/stem-2, dir/stem-3... so that no file base + ext
 * exists yet for any of the n_ext endings (leaving room in base for the longest ending).
 * Returns 0; -1 with a message when the folder's path is too long or 999 names are taken. */
static int unique_stem(AppState *s, const char *dir, const char *stem, const char *const *exts,
                       int n_ext, char *base, size_t n)
{
    struct stat st;
    size_t longest = 0;
    for (int i = 0; i < n_ext; i++)
        longest = strlen(exts[i]) > longest ? strlen(exts[i]) : longest;
    for (int k = 1; k < 1000; k++) {
        int len = k == 1 ? snprintf(base, n, "%s/%s", dir, stem)
                         : snprintf(base, n, "%s/%s-%d", dir, stem, k);
        if (len < 0 || (size_t)len + longest >= n) {
            app_message(s, 1, "Not saved: the folder's path is too long (%zu characters): %s",
                        strlen(dir), dir);
            return -1;
        }
        int taken = 0;
        for (int i = 0; i < n_ext && !taken; i++) {
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s%s", base, exts[i]);
            taken = stat(path, &st) == 0;
        }
        if (!taken)
            return 0;
    }
    app_message(s, 1, "Not saved: %s/%s and 998 numbered names after it are all taken", dir, stem);
    return -1;
}

int app_save_drawing(AppState *s, const char *dir, time_t now)
{
    if (s->drawing.n == 0) {
        app_message(s, 0, "Nothing to save: the canvas is empty");
        return -1;
    }
    char name[64], base[PATH_MAX], json[PATH_MAX + 8], png[PATH_MAX + 8];
    app_dated_name("drawing", now, name, sizeof name);
    static const char *const exts[] = {".json", ".png"};
    if (unique_stem(s, dir, name, exts, 2, base, sizeof base) != 0)
        return -1;
    snprintf(json, sizeof json, "%s.json", base); /* unique_stem left room for the ending */
    snprintf(png, sizeof png, "%s.png", base);
    InkError err = {0};
    if (ink_drawing_save(json, &s->drawing, &err) < 0) {
        app_message(s, 1, "%s", err.msg[0] ? err.msg : "the drawing could not be saved");
        return -1;
    }
    /* the canvas as the network's 28 x 28 input before preprocessing: white ink on black */
    float grid[APP_PIXELS];
    unsigned char grey[APP_PIXELS];
    if (ink_raster(&s->drawing, grid, APP_SIDE, APP_SIDE) < 0) {
        app_message(s, 1, "Saved %s, but not the image: out of memory", json);
        return -1;
    }
    for (int i = 0; i < APP_PIXELS; i++) {
        float v = grid[i] < 0.0f ? 0.0f : grid[i] > 1.0f ? 1.0f : grid[i];
        grey[i] = (unsigned char)lroundf(v * 255.0f);
    }
    if (ink_png_save(png, grey, APP_SIDE, APP_SIDE, 1, &err) < 0) {
        app_message(s, 1, "Saved %s, but not the image: %s", json, err.msg);
        return -1;
    }
    const char *slash = strrchr(png, '/');
    app_message(s, 0, "Saved the drawing to %s and %s", json, slash ? slash + 1 : png);
    return 0;
}

int app_save_screenshot(AppState *s, const char *dir, time_t now, const unsigned char *rgba,
                        int w, int h)
{
    char name[64], base[PATH_MAX], path[PATH_MAX + 8];
    app_dated_name("scratchnet-draw", now, name, sizeof name);
    static const char *const exts[] = {".png"};
    if (unique_stem(s, dir, name, exts, 1, base, sizeof base) != 0)
        return -1;
    snprintf(path, sizeof path, "%s.png", base); /* unique_stem left room for the ending */
    InkError err = {0};
    if (ink_png_save(path, rgba, w, h, 4, &err) < 0) {
        app_message(s, 1, "Screenshot not saved: %s", err.msg);
        return -1;
    }
    app_message(s, 0, "Saved a screenshot (%d x %d) to %s", w, h, path);
    return 0;
}

/* Reads a whole file into a NUL-terminated buffer (caller frees); NULL with a message. Only a
 * regular file of at most NN_MODEL_MAX_FILE bytes without a NUL byte is read (readfile.h). */
static char *read_text(AppState *s, const char *path, size_t *len)
{
    char *text = NULL;
    SnError err;
    int rc = readfile_all(path, NN_MODEL_MAX_FILE, 1, &text, len, &err);
    if (rc == SN_E_LIMIT)
        app_message(s, 1, "%s: too large (the limit is %ld bytes)", path, (long)NN_MODEL_MAX_FILE);
    else if (rc == SN_E_FORMAT)
        app_message(s, 1, "%s: contains a NUL byte, not a JSON text file", path);
    else if (rc != 0)
        app_message(s, 1, "%s", err.msg);
    return text;
}

/* The value of a key of the outermost JSON object: a pointer to its first character after the
 * colon and spaces, or NULL if the key is not there. A scan, not a parse (the loaders parse):
 * it follows strings (with their escapes) and nesting depth, and looks only at keys of the
 * outermost object. */
static const char *top_level_value(const char *p, const char *key)
{
    size_t klen = strlen(key);
    int depth = 0;
    for (; *p; p++) {
        if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            depth--;
        } else if (*p == '"') {
            const char *start = ++p;
            while (*p && *p != '"')
                p += (*p == '\\' && p[1]) ? 2 : 1;
            if (!*p)
                return NULL;
            const char *q = p + 1;
            while (isspace((unsigned char)*q))
                q++;
            if (depth == 1 && *q == ':' && (size_t)(p - start) == klen &&
                memcmp(start, key, klen) == 0) {
                q++;
                while (isspace((unsigned char)*q))
                    q++;
                return q;
            }
        }
    }
    return NULL;
}

/* 1 if the top-level object of a JSON text has "format": "scratchnet-model". */
static int is_model_json(const char *p)
{
    static const char want[] = "\"" NN_MODEL_FORMAT "\"";
    const char *v = top_level_value(p, "format");
    return v && strncmp(v, want, sizeof want - 1) == 0;
}

static int open_model(AppState *s, const char *text, const char *path)
{
    NnError err = {0};
    NnModel *m = nn_model_from_json(text, path, &err);
    if (!m) {
        app_message(s, 1, "%s", err.msg[0] ? err.msg : "the model could not be loaded");
        return -1;
    }
    int i = find_model_file(s, path);
    if (i >= 0)
        set_entry(&s->models[i], m, path, NULL); /* the same file again: reload it */
    else if ((i = app_add_model(s, m, path, NULL)) < 0)
        return -1;
    if (!s->models[i].model) {
        app_message(s, 1, "%s", s->models[i].error);
        app_select_model(s, i);
        return -1;
    }
    app_select_model(s, i);
    app_message(s, 0, "Loaded model %s from %s", s->models[i].name, path);
    return 0;
}

static int open_drawing(AppState *s, const char *text, const char *path)
{
    InkDrawing d;
    InkError err = {0};
    int label = -1;
    ink_drawing_init(&d, APP_SIDE, APP_SIDE);
    if (ink_drawing_from_json(text, path, &d, &label, s->brush, &err) < 0) {
        app_message(s, 1, "%s", err.msg[0] ? err.msg : "the drawing could not be read");
        ink_drawing_free(&d);
        return -1;
    }
    if (label >= 0) {
        /* a labelled drawing's points are in its own units: place it as a person would */
        d.width = d.height = APP_SIDE;
        ink_drawing_fit(&d, INK_BOX);
    } else if (d.width != APP_SIDE || d.height != APP_SIDE) {
        /* drawn on another canvas size: scale it onto ours, aspect kept */
        float side = fmaxf(d.width, d.height);
        float k = side > 0.0f ? (float)APP_SIDE / side : 1.0f;
        for (int i = 0; i < d.n; i++) {
            for (int j = 0; j < d.strokes[i].n; j++) {
                d.strokes[i].pts[j].x *= k;
                d.strokes[i].pts[j].y *= k;
            }
            d.strokes[i].width *= k;
        }
        d.width = d.height = APP_SIDE;
    }
    if (reserve_edits(&s->undo, &s->cap_undo, s->n_undo + 1 + d.n) < 0) {
        app_message(s, 1, "%s: out of memory", path);
        ink_drawing_free(&d);
        return -1;
    }
    app_clear(s); /* undoable: Ctrl+Z brings back what was there */
    int n = d.n, failed = 0;
    for (int i = 0; i < n; i++) {
        if (ink_drawing_push_stroke(&s->drawing, &d.strokes[i]) < 0) {
            for (int j = i; j < n; j++)
                ink_stroke_free(&d.strokes[j]);
            app_message(s, 1, "%s: out of memory after %d strokes", path, i);
            failed = 1;
            break;
        }
        memset(&s->undo[s->n_undo++], 0, sizeof s->undo[0]);
    }
    d.n = 0; /* the strokes' points now belong to the canvas (or were freed) */
    ink_drawing_free(&d);
    changed(s);
    if (!failed) {
        if (label >= 0)
            app_message(s, 0, "Opened drawing %s (labelled %d, %d strokes)", path, label, n);
        else
            app_message(s, 0, "Opened drawing %s (%d strokes)", path, n);
    }
    return 0;
}

int app_open_file(AppState *s, const char *path)
{
    if (!ink_is_json_name(path)) {
        app_message(s, 1, "%s: not a .json file (open a model or a drawing)", path);
        return -1;
    }
    size_t len = 0;
    char *text = read_text(s, path, &len);
    if (!text)
        return -1;
    int r = is_model_json(text) ? open_model(s, text, path) : open_drawing(s, text, path);
    free(text);
    return r;
}

int app_file_is_drawing(const char *path)
{
    if (!ink_is_json_name(path))
        return 0;
    int fd = readfile_open(path, NULL); /* a FIFO is not waited on */
    if (fd < 0)
        return 0;
    /* the keys come first in files we write; a model's "format" too. Read the start only. */
    char head[65537];
    size_t len = 0;
    for (ssize_t got = 1; got > 0 && len < sizeof head - 1; len += got > 0 ? (size_t)got : 0)
        got = read(fd, head + len, sizeof head - 1 - len);
    close(fd);
    head[len] = '\0';
    const char *format = top_level_value(head, "format");
    if (format)
        return strncmp(format, "\"scratchnet-strokes\"", 20) == 0;
    return top_level_value(head, "strokes") != NULL;
}
