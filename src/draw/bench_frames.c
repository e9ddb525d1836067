/* bench_frames.c - the scripted user of scratchnet-draw --bench-frames and the timing of its
 * moves (bench_frames.h).
 *
 * The script is a flat list of events in canvas cells: five digits (0, 7, 3, 4, 2), each a
 * stroke or two along a polyline sampled at equal distances, a C between them (first, the key of
 * the view asked for, if any). Pushed one at a
 * time, each is placed on the window through the layout of the moment, as the user's pointer
 * would be.
 */
#include "draw/bench_frames.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "draw/train_session.h"
#include "nn/knockout.h"

typedef enum BenchKind {
    BENCH_EXPOSE = 0, /* the first frame, drawn before anything is timed */
    BENCH_MOVE,       /* a pointer move: timed */
    BENCH_DOWN,       /* the left button pressed */
    BENCH_UP,         /* ... and released */
    BENCH_CLEAR,      /* the C key */
    BENCH_VIEW,       /* the key of the view opened for the whole script */
    BENCH_SPEED,      /* V in the train view: the next speed */
    BENCH_TRAIN,      /* Space in the train view: training starts */
} BenchKind;

/* The views --view names, with their keys ("unit": the layers with a unit up close). */
static const struct {
    const char *name;
    SDL_Keycode key;
} views[LAYOUT_VIEWS] = {
    [LAYOUT_VIEW_ACTS] = {"layers", SDLK_l},
    [LAYOUT_VIEW_WEIGHTS] = {"weights", SDLK_w},
    [LAYOUT_VIEW_SOFTMAX] = {"softmax", SDLK_x},
    [LAYOUT_VIEW_NEAREST] = {"nearest", SDLK_n},
    [LAYOUT_VIEW_COMPARE] = {"compare", SDLK_m},
    [LAYOUT_VIEW_TRAIN] = {"train", SDLK_t},
    [LAYOUT_VIEW_YOURS] = {"yours", SDLK_y},
};
#define BENCH_UNIT_NAME "unit"

typedef struct BenchEvent {
    BenchKind kind;
    float x, y; /* canvas cells (moves and presses) */
} BenchEvent;

struct BenchFrames {
    BenchEvent *ev;   /* (n) the script */
    int n;
    size_t cap;
    int next;         /* the next event to push */
    int n_moves;      /* moves in the script */
    double *ms;       /* (n_moves) a move's push time in counter ticks until timed, then ms */
    int pushed;       /* moves pushed */
    int timed;        /* moves timed (the first `timed` of ms are milliseconds) */
    int pressed;      /* the scripted left button is down */
    int last_x, last_y; /* the pointer's last position, window points */
    int failed;       /* a push failed: the script stopped */
    LayoutView view;  /* the view open, LAYOUT_VIEW_NONE for none */
    int closeup;      /* the layers view shows a unit up close */
    int saliency;     /* the saliency over the canvas is on */
    long train_from, train_to; /* samples trained when the first and the last move were pushed */
    double train_s;   /* seconds between the two */
    Uint64 train_t0;
    double to_90;     /* seconds from Space until the test accuracy reached 90 %, -1: not yet */
    float acc;        /* the last test accuracy measured */
};

/* A stroke: n points of a polyline in cells, sampled as `moves` moves at equal distances. */
typedef struct BenchStroke {
    int n;
    float pts[12][2];
    int moves;
} BenchStroke;

/* The digits, each ends with a clear; a stroke with n = 0 ends a digit. */
static const BenchStroke strokes[] = {
    {0, {{0}}, 150}, /* the 0: an ellipse, made in add_zero */
    {0, {{0}}, 0},
    {3, {{7, 6}, {21, 6}, {12, 23}}, 110},
    {0, {{0}}, 0},
    {9, {{8, 7}, {14, 5}, {20, 8}, {18, 13}, {13, 14}, {19, 16}, {20, 21}, {14, 24}, {8, 22}},
     130},
    {0, {{0}}, 0},
    {3, {{17, 5}, {8, 17}, {21, 17}}, 90},
    {2, {{17, 10}, {17, 24}}, 50},
    {0, {{0}}, 0},
    {7, {{8, 9}, {11, 6}, {16, 5}, {20, 8}, {19, 13}, {8, 23}, {21, 23}}, 120},
};

static int add(BenchFrames *b, BenchKind kind, float x, float y)
{
    if (buf_grow((void **)&b->ev, &b->cap, (size_t)b->n + 1, sizeof *b->ev) != 0)
        return -1;
    b->ev[b->n++] = (BenchEvent){kind, x, y};
    if (kind == BENCH_MOVE)
        b->n_moves++;
    return 0;
}

/* A stroke along the polyline p (n points): a move to its start, the press, `moves` moves at
 * equal distances along it, the release. */
static int add_stroke(BenchFrames *b, const float (*p)[2], int n, int moves)
{
    float len = 0.0f;
    for (int i = 1; i < n; i++)
        len += hypotf(p[i][0] - p[i - 1][0], p[i][1] - p[i - 1][1]);
    int rc = add(b, BENCH_MOVE, p[0][0], p[0][1]) | add(b, BENCH_DOWN, p[0][0], p[0][1]);
    int seg = 1;
    float before = 0.0f; /* the length of the segments before seg */
    for (int k = 1; k <= moves; k++) {
        float at = len * (float)k / (float)moves;
        while (seg < n - 1 &&
               at > before + hypotf(p[seg][0] - p[seg - 1][0], p[seg][1] - p[seg - 1][1])) {
            before += hypotf(p[seg][0] - p[seg - 1][0], p[seg][1] - p[seg - 1][1]);
            seg++;
        }
        float sl = hypotf(p[seg][0] - p[seg - 1][0], p[seg][1] - p[seg - 1][1]);
        float t = sl > 0.0f ? fminf(1.0f, (at - before) / sl) : 1.0f;
        rc |= add(b, BENCH_MOVE, p[seg - 1][0] + t * (p[seg][0] - p[seg - 1][0]),
                  p[seg - 1][1] + t * (p[seg][1] - p[seg - 1][1]));
    }
    return rc | add(b, BENCH_UP, 0.0f, 0.0f);
}

int bench_frames_view(const char *name, LayoutView *view, int *closeup)
{
    *closeup = strcmp(name, BENCH_UNIT_NAME) == 0;
    if (*closeup) {
        *view = LAYOUT_VIEW_ACTS;
        return 0;
    }
    for (int v = LAYOUT_VIEW_NONE + 1; v < LAYOUT_VIEWS; v++)
        if (views[v].name && strcmp(name, views[v].name) == 0) {
            *view = (LayoutView)v;
            return 0;
        }
    return -1;
}

void bench_frames_saliency(BenchFrames *b)
{
    b->saliency = 1;
}

BenchFrames *bench_frames_new(LayoutView view, int closeup)
{
    BenchFrames *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->view = view;
    b->closeup = closeup && view == LAYOUT_VIEW_ACTS;
    int rc = add(b, BENCH_EXPOSE, 0.0f, 0.0f);
    if (view > LAYOUT_VIEW_NONE && view < LAYOUT_VIEWS)
        rc |= add(b, BENCH_VIEW, 0.0f, 0.0f);
    if (view == LAYOUT_VIEW_TRAIN) { /* at full speed, the heaviest load: V from Slow twice */
        for (int k = APP_TRAIN_SLOW; k < APP_TRAIN_FULL; k++)
            rc |= add(b, BENCH_SPEED, 0.0f, 0.0f);
        rc |= add(b, BENCH_TRAIN, 0.0f, 0.0f);
    }
    for (size_t i = 0; i < sizeof strokes / sizeof strokes[0]; i++) {
        const BenchStroke *st = &strokes[i];
        if (i == 0) {
            float ring[49][2]; /* the 0: an upright ellipse around the canvas's middle */
            for (int k = 0; k < 49; k++) {
                float a = (float)k * 6.2831853f / 48.0f;
                ring[k][0] = 14.0f - 6.0f * sinf(a);
                ring[k][1] = 5.0f + 9.0f * (1.0f - cosf(a));
            }
            rc |= add_stroke(b, (const float(*)[2])ring, 49, st->moves);
        } else if (st->n == 0) {
            rc |= add(b, BENCH_CLEAR, 0.0f, 0.0f);
        } else {
            rc |= add_stroke(b, st->pts, st->n, st->moves);
        }
    }
    b->to_90 = -1.0;
    b->ms = calloc((size_t)b->n_moves, sizeof *b->ms);
    if (rc != 0 || !b->ms) {
        bench_frames_free(b);
        return NULL;
    }
    return b;
}

void bench_frames_free(BenchFrames *b)
{
    if (!b)
        return;
    free(b->ev);
    free(b->ms);
    free(b);
}

/* The SDL event for e, at window points (x, y). */
static SDL_Event sdl_event(BenchFrames *b, const BenchEvent *e, Uint32 win, int x, int y)
{
    SDL_Event o;
    memset(&o, 0, sizeof o);
    switch (e->kind) {
    case BENCH_EXPOSE:
        o.type = SDL_WINDOWEVENT;
        o.window.windowID = win;
        o.window.event = SDL_WINDOWEVENT_EXPOSED;
        break;
    case BENCH_MOVE:
        o.type = SDL_MOUSEMOTION;
        o.motion.windowID = win;
        o.motion.state = b->pressed ? SDL_BUTTON_LMASK : 0;
        o.motion.x = x;
        o.motion.y = y;
        o.motion.xrel = x - b->last_x;
        o.motion.yrel = y - b->last_y;
        b->last_x = x;
        b->last_y = y;
        break;
    case BENCH_DOWN:
    case BENCH_UP:
        b->pressed = e->kind == BENCH_DOWN;
        o.type = b->pressed ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
        o.button.windowID = win;
        o.button.button = SDL_BUTTON_LEFT;
        o.button.state = b->pressed ? SDL_PRESSED : SDL_RELEASED;
        o.button.clicks = 1;
        o.button.x = b->last_x;
        o.button.y = b->last_y;
        break;
    case BENCH_CLEAR:
    case BENCH_VIEW:
    case BENCH_SPEED:
    case BENCH_TRAIN:
        o.type = SDL_KEYDOWN;
        o.key.windowID = win;
        o.key.state = SDL_PRESSED;
        o.key.keysym.sym = e->kind == BENCH_CLEAR  ? SDLK_c
                           : e->kind == BENCH_TRAIN ? SDLK_SPACE
                           : e->kind == BENCH_SPEED ? SDLK_v
                                                    : views[b->view].key;
        o.key.keysym.scancode = SDL_GetScancodeFromKey(o.key.keysym.sym);
        break;
    }
    return o;
}

/* The last layer of m with units to knock out (a dense layer's or a convolution's), or 0. */
static int bench_unit_layer(const NnModel *m)
{
    int layer = 0;
    for (int l = 0; m && l < m->n_layers; l++)
        layer = nn_knockout_units(m, l) > 0 ? l : layer;
    return layer;
}

void bench_frames_push(BenchFrames *b, AppState *s, const Layout *l, float px_per_pt,
                       SDL_Window *win)
{
    if (b->next >= b->n || b->failed) {
        app_quit(s);
        return;
    }
    if (b->saliency && s->overlay != APP_OVERLAY_SALIENCY)
        app_toggle_saliency(s);
    const TrainStatus *st = app_train_status(s);
    if (b->view == LAYOUT_VIEW_TRAIN && b->ev[b->next].kind == BENCH_MOVE) {
        /* the moves are timed while it trains: not before its digits are read and it runs */
        if (!st || st->phase != TRAIN_RUNNING || st->samples == 0)
            return;
        if (b->pushed == 0) {
            b->train_from = st->samples;
            b->train_t0 = SDL_GetPerformanceCounter();
        }
        b->train_to = st->samples;
        b->to_90 = st->seconds_to_90;
        b->acc = st->test_acc;
        b->train_s = (double)(SDL_GetPerformanceCounter() - b->train_t0) /
                     (double)SDL_GetPerformanceFrequency();
    }
    const BenchEvent *e = &b->ev[b->next++];
    float cell = (float)l->canvas.w / (float)LAYOUT_CELLS;
    float k = px_per_pt > 0.0f ? px_per_pt : 1.0f;
    int x = (int)lroundf(((float)l->canvas.x + e->x * cell) / k);
    int y = (int)lroundf(((float)l->canvas.y + e->y * cell) / k);
    SDL_Event o = sdl_event(b, e, SDL_GetWindowID(win), x, y);
    if (e->kind == BENCH_MOVE)
        b->ms[b->pushed] = (double)SDL_GetPerformanceCounter();
    if (SDL_PushEvent(&o) != 1) {
        b->failed = 1;
        app_quit(s);
        return;
    }
    if (e->kind == BENCH_MOVE)
        b->pushed++;
    if (e->kind == BENCH_VIEW && b->closeup) /* the last hidden layer's first unit, picked */
        app_view_pick(s, bench_unit_layer(app_model(s)), 0);
}

void bench_frames_presented(BenchFrames *b)
{
    double now = (double)SDL_GetPerformanceCounter();
    double per_ms = (double)SDL_GetPerformanceFrequency() / 1000.0;
    for (; b->timed < b->pushed; b->timed++)
        b->ms[b->timed] = (now - b->ms[b->timed]) / per_ms;
}

int bench_frames_done(const BenchFrames *b)
{
    return !b->failed && b->next >= b->n && b->timed == b->n_moves;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int bench_frames_report(const BenchFrames *b, FILE *out, int w, int h, const char *renderer)
{
    int n = b->timed;
    double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (!v)
        return -1;
    memcpy(v, b->ms, (size_t)n * sizeof *v);
    qsort(v, (size_t)n, sizeof *v, by_value);
    double median = n == 0 ? 0.0 : n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    int rank95 = (int)ceil(0.95 * (double)n); /* nearest rank */
    double p95 = n == 0 ? 0.0 : v[rank95 > 0 ? rank95 - 1 : 0];
    double max = n == 0 ? 0.0 : v[n - 1];
    free(v);
    fprintf(out,
            "window: %d x %d pixels\n"
            "renderer: %s\n"
            "model: " BENCH_FRAMES_MODEL " (%s%s%s%s)\n"
            "measured: frame time, from pushing each pointer move into the event queue to the "
            "return of the present (SDL_RenderPresent, or with the software renderer "
            "SDL_UpdateWindowSurfaceRects) of the frame that shows it\n"
            "moves: %d\n"
            "median: %.2f ms\n"
            "p95: %.2f ms\n"
            "max: %.2f ms\n",
            w, h, renderer, b->view ? "view open: " : "default views",
            b->view ? views[b->view].name : "", b->closeup ? ", a unit up close" : "",
            b->saliency ? ", saliency on" : "", n, median, p95, max);
    if (b->view == LAYOUT_VIEW_TRAIN) {
        fprintf(out, "training: the seed network, the active model, trained %ld samples while "
                "the moves were timed (%.0f a second)\n",
                b->train_to - b->train_from,
                b->train_s > 0.0 ? (double)(b->train_to - b->train_from) / b->train_s : 0.0);
        if (b->to_90 >= 0.0)
            fprintf(out,
                    "90%% test accuracy: %.2f s after Space (test accuracy at the end %.1f%%)\n",
                    b->to_90, 100.0 * (double)b->acc);
        else
            fprintf(out, "90%% test accuracy: not reached (test accuracy at the end %.1f%%)\n",
                    100.0 * (double)b->acc);
    }
    return 0;
}
