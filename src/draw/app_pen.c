/* app_pen.c - the pen and the history: strokes drawn with the pointer, the brush, undo, redo
 * and clear.
 *
 * History is a list of edits. Adding a stroke pushes an edit that carries nothing (the stroke is
 * the drawing's last one); undoing it moves the stroke into the redo edit. Replacing the drawing
 * (a clear, an opened image, an applied flip) moves the whole drawing, strokes and base image,
 * into the edit and puts the new one, empty or a base image alone, in its place; undo and redo
 * swap the two back and forth, each in one step. Strokes drawn over the new drawing lie above
 * its edit, so undo takes them first. No SDL, no printing: failures become the message line.
 */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "draw/app_internal.h"
#include "draw/app_challenge.h"
#include "draw/app_replay.h"

/* Makes an edit list hold at least need edits; returns 0 or -1. */
static int reserve_edits(AppEdit **list, size_t *cap, int need)
{
    return buf_grow((void **)list, cap, (size_t)need, sizeof **list);
}

static void free_edits(AppEdit *list, int *n)
{
    for (int i = 0; i < *n; i++)
        ink_drawing_free(&list[i].strokes);
    *n = 0;
}

void app_history_free(AppState *s)
{
    free_edits(s->undo, &s->n_undo);
    free_edits(s->redo, &s->n_redo);
    free(s->undo);
    free(s->redo);
    s->undo = s->redo = NULL;
    s->cap_undo = s->cap_redo = 0;
}

/* Says why a stroke could not start or go on (rc from ink_drawing_begin_stroke or
 * ink_drawing_add_point); what_now ends the message. */
static void refused(AppState *s, int rc, const char *what_now)
{
    if (rc == SN_E_LIMIT && s->drawing.n >= INK_MAX_STROKES)
        app_message(s, 1, "the drawing has %d strokes, the most it can hold: %s",
                    INK_MAX_STROKES, what_now);
    else if (rc == SN_E_LIMIT)
        app_message(s, 1, "the drawing has %d points, the most it can hold: %s", INK_MAX_POINTS,
                    what_now);
    else
        app_message(s, 1, "out of memory: %s", what_now);
}

void app_pen_time(AppState *s, double ms)
{
    s->pen_clock = ms;
    s->pen_clock_set = 1;
}

/* The time of a point drawn now (INK_NO_TIME before app_pen_time): pen_clock - ink_origin, the
 * origin moved at a new stroke so the drawing's first timed point is at 0 and no time is
 * before the drawing's last one (after a clear, an undo, an opened drawing). */
static float point_time(AppState *s, int new_stroke)
{
    if (!s->pen_clock_set)
        return INK_NO_TIME;
    float last = ink_drawing_last_time(&s->drawing);
    if (new_stroke && last < 0.0f)
        s->ink_origin = s->pen_clock; /* the drawing's first timed point */
    else if (new_stroke && s->pen_clock - s->ink_origin < (double)last)
        s->ink_origin = s->pen_clock - (double)last;
    double t = s->pen_clock - s->ink_origin;
    t = t < (double)last ? (double)last : t; /* a clock that went back: no earlier */
    t = t < 0.0 ? 0.0 : t > INK_MAX_TIME ? INK_MAX_TIME : t;
    return (float)t;
}

void app_pen_down(AppState *s, float x, float y, int erase)
{
    if (s->pen_down)
        app_pen_up(s);
    app_replay_close(s); /* its chart was of the drawing before this stroke */
    if (reserve_edits(&s->undo, &s->cap_undo, s->n_undo + 1) < 0) {
        app_message(s, 1, "out of memory: the stroke was not started");
        return;
    }
    int rc = ink_drawing_begin_stroke(&s->drawing, s->brush, erase);
    if (rc < 0) {
        refused(s, rc, "the stroke was not started (undo or clear to draw more)");
        return;
    }
    rc = ink_drawing_add_point_at(&s->drawing, x, y, point_time(s, 1));
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
    app_changed(s);
}

void app_pen_move(AppState *s, float x, float y)
{
    if (!s->pen_down)
        return;
    int rc = ink_drawing_add_point_at(&s->drawing, x, y, point_time(s, 0));
    if (rc == 1)
        return; /* within INK_MIN_STEP of the last point: nothing changes */
    if (rc < 0) {
        refused(s, rc, "the stroke stops here");
        s->pen_down = 0;
        return;
    }
    app_changed(s);
}

void app_pen_up(AppState *s)
{
    if (s->pen_down && (s->overlay == APP_OVERLAY_FLIP || app_challenge_running(s)))
        app_changed(s); /* flip it and a challenge's round wait for the stroke's end */
    s->pen_down = 0;
}

int app_pointer_is(const AppState *s, AppPointer p, long long finger)
{
    return s->pen_pointer == p && (p != APP_POINTER_FINGER || s->pen_finger == finger);
}

/* 1 if the stroke in progress belongs to pointer p (finger: its id). */
static int owns_pen(const AppState *s, AppPointer p, long long finger)
{
    return s->pen_down && app_pointer_is(s, p, finger);
}

int app_pointer_down(AppState *s, AppPointer p, long long finger, float x, float y, int erase)
{
    if (s->pen_down || s->control_down != LAYOUT_CTL_NONE)
        return 0; /* another pointer (or this one, pressed twice) holds the pen or a control */
    app_pen_down(s, x, y, erase || s->eraser);
    s->pen_pointer = p;
    s->pen_finger = finger;
    return s->pen_down;
}

int app_pointer_move(AppState *s, AppPointer p, long long finger, float x, float y)
{
    if (!owns_pen(s, p, finger))
        return 0;
    app_pen_move(s, x, y);
    return 1;
}

int app_pointer_up(AppState *s, AppPointer p, long long finger)
{
    if (!owns_pen(s, p, finger))
        return 0;
    app_pen_up(s);
    return 1;
}

void app_hover(AppState *s, float x, float y, int inside)
{
    if (s->hover != inside || (inside && (s->hover_x != x || s->hover_y != y)))
        s->needs_redraw = 1;
    s->hover = inside;
    s->hover_x = x;
    s->hover_y = y;
}

/* Undoes or redoes replacement e: the drawing it carries and the canvas's change places. */
static void swap_drawing(AppState *s, AppEdit *e)
{
    InkDrawing other = e->strokes;
    e->strokes = s->drawing;
    s->drawing = other;
}

int app_undo(AppState *s)
{
    app_pen_up(s);
    app_replay_close(s);
    if (s->n_undo == 0 || reserve_edits(&s->redo, &s->cap_redo, s->n_redo + 1) < 0)
        return 0;
    AppEdit e = s->undo[--s->n_undo];
    if (e.kind == APP_EDIT_REPLACE) {
        /* the strokes drawn after it were undone first: the drawing it put goes, as one step */
        swap_drawing(s, &e);
    } else {
        InkStroke st;
        if (ink_drawing_pop_stroke(&s->drawing, &st) < 0)
            return 0;
        ink_drawing_init(&e.strokes, APP_SIDE, APP_SIDE);
        if (ink_drawing_push_stroke(&e.strokes, &st) < 0) {
            ink_stroke_free(&st); /* cannot be redone, but the undo still happens */
            app_changed(s);
            return 1;
        }
    }
    s->redo[s->n_redo++] = e;
    app_changed(s);
    return 1;
}

int app_redo(AppState *s)
{
    app_pen_up(s);
    app_replay_close(s);
    if (s->n_redo == 0 || reserve_edits(&s->undo, &s->cap_undo, s->n_undo + 1) < 0)
        return 0;
    AppEdit e = s->redo[s->n_redo - 1];
    if (e.kind == APP_EDIT_REPLACE) {
        swap_drawing(s, &e);
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
    app_changed(s);
    return 1;
}

/* Puts the canvas holding only base (NULL: an empty canvas) in place of the drawing, as one
 * undoable edit that keeps the drawing; the undo list has room for it. */
static void replace_drawing(AppState *s, float *base)
{
    AppEdit e = {.kind = APP_EDIT_REPLACE, .strokes = s->drawing};
    ink_drawing_init(&s->drawing, APP_SIDE, APP_SIDE);
    s->drawing.base = base;
    s->undo[s->n_undo++] = e;
}

int app_clear(AppState *s)
{
    app_pen_up(s);
    app_replay_close(s);
    if (ink_drawing_is_empty(&s->drawing) ||
        reserve_edits(&s->undo, &s->cap_undo, s->n_undo + 1) < 0)
        return 0;
    free_edits(s->redo, &s->n_redo);
    replace_drawing(s, NULL);
    app_changed(s);
    return 1;
}

int app_history_replace(AppState *s, InkDrawing *d, const char *path)
{
    app_pen_up(s);
    app_replay_close(s);
    if (reserve_edits(&s->undo, &s->cap_undo, s->n_undo + 1 + d->n) < 0) {
        app_message(s, 1, "%s: out of memory", path);
        ink_drawing_free(d);
        return -1;
    }
    free_edits(s->redo, &s->n_redo);
    /* the image (or an empty canvas) in place of what was there, as one step under the strokes:
     * undone after them, bringing back what was there */
    if (d->base || !ink_drawing_is_empty(&s->drawing))
        replace_drawing(s, d->base);
    d->base = NULL;
    int n = d->n, failed = 0;
    for (int i = 0; i < n; i++) {
        if (ink_drawing_push_stroke(&s->drawing, &d->strokes[i]) < 0) {
            for (int j = i; j < n; j++)
                ink_stroke_free(&d->strokes[j]);
            app_message(s, 1, "%s: out of memory after %d strokes", path, i);
            failed = 1;
            break;
        }
        memset(&s->undo[s->n_undo++], 0, sizeof s->undo[0]);
    }
    d->n = 0; /* the strokes' points now belong to the canvas (or were freed) */
    ink_drawing_free(d);
    app_changed(s);
    return failed;
}

void app_brush_step(AppState *s, int steps)
{
    float b = s->brush + (float)steps * APP_BRUSH_STEP;
    s->brush = b < APP_BRUSH_MIN ? APP_BRUSH_MIN : b > APP_BRUSH_MAX ? APP_BRUSH_MAX : b;
    app_message(s, 0, "Brush %.1f cells wide ([ smaller, ] bigger, %.1f to %.1f)",
                (double)s->brush, (double)APP_BRUSH_MIN, (double)APP_BRUSH_MAX);
}

void app_toggle_eraser(AppState *s)
{
    s->eraser = !s->eraser;
    if (s->eraser)
        app_message(s, 0, "Eraser on: drawing rubs ink out (E or Eraser again to draw)");
    else
        app_message(s, 0, "Eraser off: drawing adds ink");
    s->needs_redraw = 1;
}
