/* main.c - scratchnet-draw: draw a digit, watch a trained network read it.
 *
 * Parses the command line (draw_args.h), finds the data folder (src/common/paths.h: SCRATCHNET_MODELS,
 * SCRATCHNET_ASSETS, SCRATCHNET_DATADIR, the source tree, next to the program, the prefix),
 * opens the fonts, loads the models, sets the character-type locale (UTF-8, for the window
 * title), opens the display the environment names (never SDL's invisible fallback), opens a
 * resizable HiDPI window and runs the event loop. The loop blocks in SDL_WaitEvent (with a
 * timeout only while a message is waiting to expire), handles every queued event, runs the
 * model once if the drawing changed (timed with SDL_GetPerformanceCounter) and draws a frame
 * only if something visible changed, and then only where (render.h), presenting only that
 * (frame.h).
 * It also does what needs the window: F11 full screen, and the F12 screenshot, read from the
 * picture after a frame is drawn and before it is presented (then the frame is drawn again,
 * with the message saying where the file went). With --bench-frames a scripted user draws
 * (bench_frames.h).
 *
 * main() is three steps: draw_init (arguments to the window on the screen), run (the loop) and
 * draw_quit, the one teardown, which undoes whatever draw_init got to.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "common/paths.h"
#include "draw/app.h"
#include "draw/app_challenge.h"
#include "draw/app_replay.h"
#include "draw/bench_frames.h"
#include "draw/draw_args.h"
#include "draw/events.h"
#include "draw/frame.h"
#include "draw/layout.h"
#include "draw/render.h"
#include "draw/settings.h"
#include "draw/text.h"
#include "draw/wm_title.h"

#define MESSAGE_MS 6000  /* how long a message stays up */
#define ERROR_MS 15000   /* ... and an error */

/* Recomputes the layout from the renderer's size in pixels and the window's in points, with
 * the view area open on `view`, at the user's size step. */
static void relayout(SDL_Window *win, SDL_Renderer *r, Layout *l, EventContext *ctx,
                     LayoutView view, int size_step)
{
    int pw = 0, ph = 0, ww = 0, wh = 0;
    SDL_GetWindowSize(win, &ww, &wh);
    if (SDL_GetRendererOutputSize(r, &pw, &ph) != 0 || pw <= 0 || ph <= 0) {
        pw = ww;
        ph = wh;
    }
    ctx->px_per_pt_x = ww > 0 ? (float)pw / (float)ww : 1.0f;
    ctx->px_per_pt_y = wh > 0 ? (float)ph / (float)wh : 1.0f;
    *l = layout_compute_size(pw, ph, ctx->px_per_pt_x, view, size_step);
    ctx->layout = l;
    ctx->resized = 0;
}

/* Reads the person's own digits from the user's data folder (ink/collection.h): a class's worth
 * takes a few milliseconds, before the first frame. Without a folder for them (no XDG_DATA_HOME
 * nor HOME) labelling says why. */
static void open_collection(AppState *s)
{
    char path[PATHS_MAX];
    SnError err = {0};
    if (ink_collection_default_path(path, &err) != 0) {
        snprintf(s->collect.error, sizeof s->collect.error, "%s", err.msg);
        return;
    }
    app_collect_open(s, path);
}

/* Loads the models and says what went wrong, if anything, in the message line. Files on the
 * command line are models, except images and drawings (app_file_opens_on_canvas), which open
 * on the canvas as Open opens them, once the models are in (the last one given wins). The best
 * of the models named there starts active, else the best of all; returns the index of the one
 * named there, or -1. */
static int load_models(AppState *s, const char *dir, const char *given_by, char **files,
                       int n_files)
{
    app_add_models_dir(s, dir);
    app_add_user_models(s); /* models trained and saved in the window */
    struct stat st;
    if (given_by && stat(dir, &st) != 0)
        app_message(s, 1, "%s: no such directory (given by %s)", dir, given_by);
    const char *canvas = NULL;
    int *named = calloc((size_t)n_files + 1, sizeof *named), n_named = 0; /* NULL: none kept */
    for (int i = 0; i < n_files; i++) {
        if (app_file_opens_on_canvas(files[i])) {
            canvas = files[i];
            continue;
        }
        int k = app_add_model_file(s, files[i]);
        if (named && k >= 0)
            named[n_named++] = k;
    }
    app_select_best(s);
    int given = app_select_best_of(s, named, n_named);
    free(named);
    /* an image or drawing that cannot be opened keeps its error in the message line; one that
     * opened gives way to model errors */
    if (canvas && app_open_file(s, canvas) != 0)
        return given;

    int failed = 0, last = -1;
    for (int i = 0; i < s->n_models; i++)
        if (!s->models[i].model) {
            failed++;
            last = i;
        }
    if (failed == 1)
        app_message(s, 1, "%s", s->models[last].error);
    else if (failed > 1)
        app_message(s, 1, "%d models could not be loaded (marked in red; Tab selects one to see why)",
                    failed);
    return given;
}

/* What the program holds while the window is up: the fonts, the app, the window and its
 * renderer, and what the event loop keeps between turns. Zero-initialised; each step of
 * draw_init fills its part, and draw_quit undoes whatever is there. */
typedef struct {
    Text *text;
    AppState *s;
    SDL_Window *win;
    Frame fr;              /* the renderer and the picture kept between frames */
    Render rd;
    int ttf_started;       /* SDL_ttf was started */
    int sdl_started;       /* SDL's video was started */
    int shown;             /* the window is on the screen, taking text input */
    int fullscreen;        /* the window was last switched to full screen */
    SDL_Rect windowed;     /* the window's place and size before full screen */
    Layout layout;
    EventContext ctx;
    char title[256], shown_title[256];
    char err[PATHS_MAX + 600];
    unsigned seen_serial;  /* the message whose timer runs */
    Uint64 message_until;  /* when it goes, 0 for never */
    Uint64 freq;           /* of the performance counter */
    SettingsKeeper keep;   /* the settings file (none kept with --no-settings, --bench-frames) */
    Uint64 settings_due;   /* when a changed setting is to be saved, 0 for none */
    BenchFrames *bench;    /* --bench-frames: the scripted user, else NULL */
    int bench_w, bench_h;  /* --size, pixels (0: the whole screen) */
    int named_model;       /* the model named on the command line that started active, -1: none */
} Draw;


/* Starts SDL_ttf and opens the fonts into d->text; returns 0, or 1 after saying why. Fonts
 * first: without them the window could show nothing, so this
 * fails before opening it. */
static int open_fonts(Draw *d, const DataPaths *paths)
{
    if (!paths->assets[0]) {
        fprintf(stderr, PROG ": the fonts folder's path is too long (set SCRATCHNET_ASSETS)\n");
        return 1;
    }
    char regular[PATHS_MAX + 32], bold[PATHS_MAX + 32];
    snprintf(regular, sizeof regular, "%s/DejaVuSans.ttf", paths->assets);
    snprintf(bold, sizeof bold, "%s/DejaVuSans-Bold.ttf", paths->assets);
    if (TTF_Init() != 0) {
        fprintf(stderr, PROG ": cannot start SDL_ttf: %s\n", TTF_GetError());
        return 1;
    }
    d->ttf_started = 1;
    d->text = text_open(regular, bold, d->err, sizeof d->err);
    if (!d->text) {
        fprintf(stderr, PROG ": %s (the fonts folder came from %s; set SCRATCHNET_ASSETS to the "
                        "folder holding the fonts)\n",
                d->err, paths_origin_name(paths->assets_from, 1));
        return 1;
    }
    return 0;
}

/* The default window size, shrunk to fit smaller screens and grown on larger ones
 * (layout_window_size); the benchmark's is --size, else the whole screen. */
static void window_size(const Draw *d, int *ww, int *wh)
{
    SDL_Rect screen;
    if (d->bench) {
        int whole = SDL_GetDisplayBounds(0, &screen) == 0 && screen.w > 0 && screen.h > 0;
        *ww = d->bench_w ? d->bench_w : whole ? screen.w : LAYOUT_WINDOW_W;
        *wh = d->bench_h ? d->bench_h : whole ? screen.h : LAYOUT_WINDOW_H;
        return;
    }
    SDL_Rect usable = {0, 0, 0, 0};
    if (SDL_GetDisplayUsableBounds(0, &usable) != 0)
        usable.w = usable.h = 0;
    layout_window_size(usable.w, usable.h, ww, wh);
    *ww = SDL_max(MIN_W, *ww);
    *wh = SDL_max(MIN_H, *wh);
}

/* Creates the hidden window and its renderer (accelerated, else software; the benchmark's is
 * software) and readies the drawing on it; returns 0, or 1 after saying why (draw_quit
 * destroys what it made). */
static int create_window(Draw *d)
{
    int ww, wh;
    window_size(d, &ww, &wh);
    app_title(d->s, d->title, sizeof d->title);
    d->win = SDL_CreateWindow(d->title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, ww, wh,
                              SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_HIDDEN);
    if (!d->win) {
        fprintf(stderr, PROG ": cannot create the window: %s\n", SDL_GetError());
        return 1;
    }
    SDL_SetWindowMinimumSize(d->win, MIN_W, MIN_H);
    if (frame_open(&d->fr, d->win, d->bench != NULL, d->err, sizeof d->err) != 0 ||
        render_init(&d->rd, d->fr.r, d->text, d->err, sizeof d->err) != 0) {
        fprintf(stderr, PROG ": cannot create the window: %s\n", d->err);
        return 1;
    }
    return 0;
}

/* Shows the window, starts text input and sets the loop's starting state. */
static void show_window(Draw *d)
{
    text_set_renderer(d->text, d->fr.r);
    /* shown only now: creating an OpenGL renderer may replace the window underneath */
    wm_title_set(d->win, d->title);
    SDL_ShowWindow(d->win);
    SDL_StartTextInput();
    d->shown = 1;
    relayout(d->win, d->fr.r, &d->layout, &d->ctx, d->s->view, d->s->size_step);
    snprintf(d->shown_title, sizeof d->shown_title, "%s", d->title);
    d->seen_serial = d->s->message_serial - 1; /* a startup message starts its timer too */
    d->message_until = 0;
    d->freq = SDL_GetPerformanceFrequency();
}

/* Waits for an event (only until the message expires while one is up, or a changed setting is
 * due to be saved) and handles every
 * queued one; returns 0, or -1 after saying why waiting failed. */
static int handle_events(Draw *d)
{
    SDL_Event e;
    int got;
    if (d->ctx.resized && d->s->needs_redraw) {
        got = SDL_PollEvent(&e); /* a frame is due: no waiting */
    } else if (d->message_until || d->settings_due || app_replay_playing(d->s) ||
               app_challenge_running(d->s)) {
        Uint64 now = SDL_GetTicks64(), until = d->message_until;
        if (d->settings_due && (!until || d->settings_due < until))
            until = d->settings_due; /* a changed setting is saved then */
        int wait = !until ? APP_REPLAY_TICK_MS : now >= until ? 0 : (int)(until - now);
        if (app_replay_playing(d->s) && wait > APP_REPLAY_TICK_MS)
            wait = APP_REPLAY_TICK_MS; /* the replay's next points */
        if (app_challenge_running(d->s) && wait > 250)
            wait = 250; /* the round's countdown, a second at a time */
        got = SDL_WaitEventTimeout(&e, wait);
    } else {
        got = SDL_WaitEvent(&e);
        if (!got) {
            fprintf(stderr, PROG ": waiting for events failed: %s\n", SDL_GetError());
            return -1;
        }
    }
    if (got) {
        events_handle(d->s, &d->ctx, &e);
        while (!d->s->quit && SDL_PollEvent(&e))
            events_handle(d->s, &d->ctx, &e);
    }
    return 0;
}

/* Starts the timer of a new message and clears the message when its time is up. */
static void expire_message(Draw *d)
{
    AppState *s = d->s;
    if (s->message_serial != d->seen_serial) {
        d->seen_serial = s->message_serial;
        d->message_until = s->message[0]
                               ? SDL_GetTicks64() + (s->message_error ? ERROR_MS : MESSAGE_MS)
                               : 0;
    }
    if (d->message_until && SDL_GetTicks64() >= d->message_until) {
        app_clear_message(s);
        d->message_until = 0;
    }
}

/* Follows a resized window, the view area opened, closed or switched, the size of type and
 * bars changed, and a reset renderer
 * (the picture, and with it the textures, are made again, and the window laid out again), and
 * an exposed one (drawn whole); returns 0, or -1 after saying why the drawing could not be
 * readied again. */
static int follow_window(Draw *d)
{
    if (d->ctx.exposed)
        render_invalidate(&d->rd);
    d->ctx.exposed = 0;
    d->ctx.resized |= d->layout.view != d->s->view || d->layout.size_step != d->s->size_step;
    if (!d->ctx.resized && !d->ctx.renderer_reset)
        return 0;
    render_free(&d->rd);
    text_set_renderer(d->text, NULL);
    if (frame_reset(&d->fr, d->err, sizeof d->err) != 0) {
        fprintf(stderr, PROG ": %s\n", d->err);
        return -1;
    }
    text_set_renderer(d->text, d->fr.r);
    if (render_init(&d->rd, d->fr.r, d->text, d->err, sizeof d->err) != 0) {
        fprintf(stderr, PROG ": %s\n", d->err);
        return -1;
    }
    d->ctx.renderer_reset = 0;
    relayout(d->win, d->fr.r, &d->layout, &d->ctx, d->s->view, d->s->size_step);
    return 0;
}

/* Runs the model if the drawing changed, timing it, and brings the window's title up to
 * date. */
static void update_model(Draw *d)
{
    if (d->s->needs_update) {
        Uint64 t0 = SDL_GetPerformanceCounter();
        app_update(d->s);
        Uint64 t1 = SDL_GetPerformanceCounter();
        d->s->infer_us = (double)(t1 - t0) * 1e6 / (double)d->freq;
    }
    app_title(d->s, d->title, sizeof d->title);
    if (strcmp(d->title, d->shown_title) != 0) {
        wm_title_set(d->win, d->title);
        snprintf(d->shown_title, sizeof d->shown_title, "%s", d->title);
    }
}

/* Makes the window follow the state's full screen switch (F11 on or off, Esc off): desktop
 * full screen, laid out again from the window's real size (now, and again when the window
 * manager's resize arrives). If switching fails, the switch goes back, with the reason.
 * Returns 0, or -1 as follow_window. */
static int follow_fullscreen(Draw *d)
{
    int want = d->s->fullscreen;
    if (want == d->fullscreen)
        return 0;
    /* without a window manager nothing resizes the window for full screen: it covers the
     * display itself first, and gets its size and place back after */
    if (want) {
        SDL_Rect b;
        SDL_GetWindowPosition(d->win, &d->windowed.x, &d->windowed.y);
        SDL_GetWindowSize(d->win, &d->windowed.w, &d->windowed.h);
        if (SDL_GetDisplayBounds(SDL_GetWindowDisplayIndex(d->win), &b) == 0) {
            SDL_SetWindowPosition(d->win, b.x, b.y);
            SDL_SetWindowSize(d->win, b.w, b.h);
        }
    }
    int failed = SDL_SetWindowFullscreen(d->win, want ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) != 0;
    if (failed) {
        app_set_fullscreen(d->s, d->fullscreen);
        app_message(d->s, 1, "Full screen is not available: %s", SDL_GetError());
    } else {
        d->fullscreen = want;
    }
    if (!d->fullscreen && d->windowed.w > 0) {
        SDL_SetWindowSize(d->win, d->windowed.w, d->windowed.h);
        SDL_SetWindowPosition(d->win, d->windowed.x, d->windowed.y);
    }
    app_request_redraw(d->s);
    d->ctx.resized = 1;
    return follow_window(d);
}

/* Draws and presents a frame if something visible changed or a screenshot was asked for
 * (taken before presenting, then the frame is drawn again with the message). */
static void redraw(Draw *d)
{
    AppState *s = d->s;
    if (!s->needs_redraw && !d->ctx.screenshot)
        return;
    if (!frame_keeps(&d->fr))
        render_invalidate(&d->rd);
    render_frame(&d->rd, s, &d->layout);
    if (d->ctx.screenshot) {
        d->ctx.screenshot = 0;
        frame_screenshot(&d->fr, s);
        render_frame(&d->rd, s, &d->layout); /* again, with the message */
        d->seen_serial = s->message_serial;
        d->message_until = SDL_GetTicks64() + (s->message_error ? ERROR_MS : MESSAGE_MS);
    }
    if (frame_present(&d->fr, &d->rd.damage) != 0) {
        /* the window's surface went with a new size: make it again and draw it whole */
        d->ctx.resized = 1;
        app_request_redraw(s);
        damage_clear(&d->rd.damage);
        return;
    }
    damage_clear(&d->rd.damage);
    if (d->bench)
        bench_frames_presented(d->bench);
    text_frame_end(d->text);
    s->needs_redraw = 0;
}

/* After --bench-frames: prints the frame times; returns the exit status (1 if the script was
 * cut short, by a closed window or a failed push). */
static int bench_result(Draw *d)
{
    SDL_RendererInfo info;
    int w = 0, h = 0;
    if (SDL_GetRendererInfo(d->fr.r, &info) != 0)
        info.name = "unknown";
    if (SDL_GetRendererOutputSize(d->fr.r, &w, &h) != 0)
        SDL_GetWindowSize(d->win, &w, &h);
    if (bench_frames_report(d->bench, stdout, w, h, info.name) != 0) {
        fprintf(stderr, PROG ": out of memory\n");
        return 1;
    }
    if (!bench_frames_done(d->bench)) {
        fprintf(stderr, PROG ": the benchmark stopped before the end of its script: %s\n",
                SDL_GetError()[0] ? SDL_GetError() : "the window was closed");
        return 1;
    }
    return 0;
}

/* Runs the event loop until the app quits; returns the exit status. */
static int run(Draw *d)
{
    while (!d->s->quit) {
        /* the benchmark times drawing, not the background work a view starts: it waits */
        if (d->bench && !app_work_busy(d->s))
            bench_frames_push(d->bench, d->s, &d->layout, d->ctx.px_per_pt_x, d->win);
        if (d->s->quit)
            break;
        if (handle_events(d) < 0)
            return 1;
        app_replay_tick(d->s, (double)SDL_GetTicks64()); /* the points whose time has come */
        app_challenge_tick(d->s, (double)SDL_GetTicks64()); /* the round's clock */
        expire_message(d);
        if (follow_window(d) < 0)
            return 1;
        update_model(d);
        if (follow_fullscreen(d) < 0)
            return 1;
        long long due = settings_keeper_tick(&d->keep, d->s, SDL_GetTicks64(), 0, NULL);
        d->settings_due = due > 0 ? (Uint64)due : 0;
        redraw(d);
    }
    if (d->bench)
        return bench_result(d);
    SnError err = {0}; /* the last changes, kept at quit */
    if (settings_keeper_tick(&d->keep, d->s, SDL_GetTicks64(), 1, &err) < 0)
        fprintf(stderr, PROG ": %s (the settings were not saved)\n", err.msg);
    return 0;
}

/* --bench-frames: selects the benchmark's model and readies its script; returns 0, or 1 after
 * saying why not. */
static int start_bench(Draw *d, const Args *a, const char *models_dir)
{
    AppState *s = d->s;
    int found = -1;
    for (int i = 0; i < s->n_models && found < 0; i++)
        if (s->models[i].model && strcmp(s->models[i].name, BENCH_FRAMES_MODEL) == 0)
            found = i;
    if (found < 0) {
        fprintf(stderr, PROG ": --bench-frames needs the model " BENCH_FRAMES_MODEL
                             " (" BENCH_FRAMES_MODEL ".json), not found in %s\n", models_dir);
        return 1;
    }
    app_select_model(s, found);
    d->bench = bench_frames_new(a->view, a->closeup);
    if (d->bench && a->saliency)
        bench_frames_saliency(d->bench);
    if (!d->bench) {
        fprintf(stderr, PROG ": out of memory\n");
        return 1;
    }
    d->bench_w = a->w;
    d->bench_h = a->h;
    return 0;
}

/* Reads the settings file into the app (unless --no-settings), then a model named on the
 * command line and --theme: the settings the app starts with. A folder for it that cannot be
 * named (no HOME) keeps no settings. After the window is up: a view the settings open may start
 * the background worker, which wakes the loop through SDL. */
static void start_settings(Draw *d, const Args *a)
{
    char path[PATHS_MAX];
    SnError err = {0};
    int have = !a->no_settings &&
               paths_user_dir_here(PATHS_USER_CONFIG, SETTINGS_FILE, path, &err) == 0;
    settings_keeper_start(&d->keep, d->s, have ? path : NULL, SDL_GetTicks64());
    if (d->named_model >= 0 && d->s->active != d->named_model) {
        app_select_model(d->s, d->named_model); /* a model named on the command line wins */
        settings_keeper_adopt(&d->keep, d->s, SDL_GetTicks64());
    }
    if (a->theme >= 0) {
        d->s->theme = (ThemeId)a->theme;
        settings_keeper_adopt(&d->keep, d->s, SDL_GetTicks64());
    }
}

/* Opens the fonts, then starts the app and loads the models and the files given; returns -1
 * to go on, else the exit status after saying why. */
static int open_app(Draw *d, const DataPaths *paths, const Args *a)
{
    const char *models_dir = a->models_dir;
    const char *models_given_by = draw_models_dir(paths, &models_dir);
    if (open_fonts(d, paths) != 0)
        return 1;
    d->s = malloc(sizeof *d->s);
    if (!d->s) {
        fprintf(stderr, PROG ": out of memory\n");
        return 1;
    }
    app_init(d->s);
    d->s->wake = events_wake;
    d->named_model = load_models(d->s, models_dir, models_given_by, a->files, a->n_files);
    open_collection(d->s);
    if (a->bench && start_bench(d, a, models_dir) != 0)
        return 1;
    return -1;
}



/* Only the character type follows the user's locale, and it is UTF-8 (C.UTF-8 when the user's is
 * not): then Xlib sets the window title (with its em dash) as UTF-8 in _NET_WM_NAME and as text a
 * window manager decodes right in WM_NAME. Numbers keep the "C" locale, as model files and
 * strokes files are written and read with '.' decimals. */
static void set_text_locale(void)
{
    if (!setlocale(LC_CTYPE, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
}

/* Starts SDL's video on the display the environment names. Left to itself, SDL falls back to its
 * invisible "offscreen" driver when no display opens, and the app would run unseen until killed;
 * so unless SDL_VIDEODRIVER names the drivers, only X11 (DISPLAY) and Wayland (WAYLAND_DISPLAY)
 * are tried, in SDL's order, and only those whose variable is set. Returns 0, or 1 after one
 * line: that no display is set, or which one did not open and SDL's reason. */
static int open_display(void)
{
    const char *asked = getenv("SDL_VIDEODRIVER");
    const char *x11 = getenv("DISPLAY"), *wayland = getenv("WAYLAND_DISPLAY");
    int has_x11 = x11 && *x11, has_wayland = wayland && *wayland;
    if (!(asked && *asked)) {
        if (!has_x11 && !has_wayland) {
            fprintf(stderr, PROG ": no display: neither DISPLAY nor WAYLAND_DISPLAY is set\n");
            return 1;
        }
        SDL_SetHint(SDL_HINT_VIDEODRIVER,
                    has_x11 && has_wayland ? "x11,wayland" : has_x11 ? "x11" : "wayland");
    }
    if (SDL_Init(SDL_INIT_VIDEO) == 0)
        return 0;
    if (has_x11 || has_wayland)
        fprintf(stderr, PROG ": cannot open the display \"%s\": %s\n", has_x11 ? x11 : wayland,
                SDL_GetError());
    else
        fprintf(stderr, PROG ": cannot open the display: %s\n", SDL_GetError());
    SDL_Quit(); /* frees the hint */
    return 1;
}

/* Everything from the command line to the window on the screen: the arguments, the fonts, the
 * app and its models, SDL, the window. Returns -1 when the event loop can run, else the exit
 * status (after --help or --version, or after saying what failed). What it made is in d for
 * draw_quit, whether it succeeded or not. */
static int draw_init(Draw *d, int argc, char **argv)
{
    DataPaths paths;
    paths_resolve_here(&paths); /* on failure both are empty: reported where they are used */
    Args a = {.files = calloc((size_t)argc, sizeof *a.files), .theme = -1};
    if (!a.files) {
        fprintf(stderr, PROG ": out of memory\n");
        return 1;
    }
    int rc = draw_parse_args(argc, argv, &paths, &a);
    if (rc < 0)
        rc = open_app(d, &paths, &a);
    free(a.files);
    if (rc >= 0)
        return rc;
    set_text_locale();
    if (open_display() != 0)
        return 1;
    d->sdl_started = 1;
    if (create_window(d) != 0)
        return 1;
    show_window(d);
    if (!d->bench)
        start_settings(d, &a);
    return -1;
}

/* The one teardown, after a run or a failed start: hides and destroys the window, closes the
 * fonts and SDL, frees the app; each only if it was made. */
static void draw_quit(Draw *d)
{
    if (d->shown) {
        SDL_StopTextInput();
        /* SDL 2.26 on X11 wakes SDL_WaitEvent with a message sent to this window through a
         * second X connection. If the window is destroyed before the server has handled the
         * last such message, Xlib reports BadWindow when SDL_Quit closes that connection and
         * exits with 1 (1 quit in 6 under Xvfb). Hiding the window and giving the server 100 ms
         * first avoids it; the window is already gone from the screen, so quitting still feels
         * instant. */
        SDL_HideWindow(d->win);
        SDL_Delay(100);
    }
    if (d->s)
        app_work_stop(d->s); /* before SDL goes: the thread wakes the loop through it */
    render_free(&d->rd);
    text_close(d->text);
    frame_close(&d->fr);
    if (d->win)
        SDL_DestroyWindow(d->win);
    if (d->ttf_started)
        TTF_Quit();
    if (d->sdl_started)
        SDL_Quit();
    bench_frames_free(d->bench);
    if (d->s) {
        app_free(d->s);
        free(d->s);
    }
}

int main(int argc, char **argv)
{
    Draw d = {0};
    int status = draw_init(&d, argc, argv);
    if (status < 0)
        status = run(&d);
    draw_quit(&d);
    return status;
}
