/* main.c - scratchnet-draw: draw a digit, watch a trained network read it.
 *
 * Parses the command line, finds the data folder (src/common/paths.h: SCRATCHNET_MODELS,
 * SCRATCHNET_ASSETS, SCRATCHNET_DATADIR, the source tree, next to the program, the prefix),
 * opens the fonts, loads the models, opens a resizable HiDPI window and
 * runs the event loop. The loop blocks in SDL_WaitEvent (with a timeout only while a message is
 * waiting to expire), handles every queued event, runs the model once if the drawing changed
 * (timed with SDL_GetPerformanceCounter) and redraws only if something visible changed.
 * It also does what needs the window: F11 full screen, and the F12 screenshot, read from the
 * renderer after a frame is drawn and before it is presented (then the frame is drawn again,
 * with the message saying where the file went).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "common/paths.h"
#include "draw/app.h"
#include "draw/events.h"
#include "draw/layout.h"
#include "draw/render.h"
#include "draw/text.h"

#ifndef SCRATCHNET_VERSION
#define SCRATCHNET_VERSION "unknown"
#endif

#define PROG "scratchnet-draw"
#define DEFAULT_W 1100   /* window size in points */
#define DEFAULT_H 700
#define MIN_W 320
#define MIN_H 240
#define MESSAGE_MS 6000  /* how long a message stays up */
#define ERROR_MS 15000   /* ... and an error */

static const char *usage_line = "usage: " PROG " [--models DIR] [MODEL.json | DRAWING.json ...]";

static void usage(const DataPaths *paths)
{
    printf("%s\n"
           "Draw a digit with the mouse and watch a trained network read it.\n"
           "\n"
           "  --models DIR   load every *.json model in DIR (default: the models folder below)\n"
           "  MODEL.json     also load these model files\n"
           "  DRAWING.json   open this drawing (strokes JSON, as Ctrl+S saves) on the canvas\n"
           "  --help         show this help and exit\n"
           "  --version      print the version and exit\n"
           "\n"
           "The model with the best recorded test accuracy starts active; Tab switches.\n"
           "In the window, press H to see every key.\n"
           "\n"
           "models: %s\n"
           "fonts: %s\n"
           "\n"
           "The folders come from $SCRATCHNET_MODELS and $SCRATCHNET_ASSETS, else from\n"
           "$SCRATCHNET_DATADIR (its models/ and assets/), else from the source tree when run\n"
           "from the build folder, else from the data folder installed with the program.\n",
           usage_line, paths->models[0] ? paths->models : "(unknown: path too long)",
           paths->assets[0] ? paths->assets : "(unknown: path too long)");
}

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, PROG ": ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s\n", usage_line);
    return 2;
}

/* Recomputes the layout from the renderer's size in pixels and the window's in points. */
static void relayout(SDL_Window *win, SDL_Renderer *r, Layout *l, EventContext *ctx)
{
    int pw = 0, ph = 0, ww = 0, wh = 0;
    SDL_GetWindowSize(win, &ww, &wh);
    if (SDL_GetRendererOutputSize(r, &pw, &ph) != 0 || pw <= 0 || ph <= 0) {
        pw = ww;
        ph = wh;
    }
    ctx->px_per_pt_x = ww > 0 ? (float)pw / (float)ww : 1.0f;
    ctx->px_per_pt_y = wh > 0 ? (float)ph / (float)wh : 1.0f;
    *l = layout_compute(pw, ph, ctx->px_per_pt_x);
    ctx->layout = l;
    ctx->resized = 0;
}

/* Loads the models and says what went wrong, if anything, in the message line. Files on the
 * command line are models, except drawings (app_file_is_drawing), which open on the canvas
 * once the models are in (the last one given wins). */
static void load_models(AppState *s, const char *dir, const char *given_by, char **files,
                        int n_files)
{
    app_add_models_dir(s, dir);
    struct stat st;
    if (given_by && stat(dir, &st) != 0)
        app_message(s, 1, "%s: no such directory (given by %s)", dir, given_by);
    const char *drawing = NULL;
    for (int i = 0; i < n_files; i++) {
        if (app_file_is_drawing(files[i]))
            drawing = files[i];
        else
            app_add_model_file(s, files[i]);
    }
    app_select_best(s);
    /* a drawing that cannot be opened keeps its error in the message line; one that opened
     * gives way to model errors */
    if (drawing && app_open_file(s, drawing) != 0)
        return;

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
}

/* F12: saves what the renderer holds now (a frame drawn, not yet presented) as a PNG in the
 * current folder, where Ctrl+S saves too. */
static void save_screenshot(SDL_Renderer *r, AppState *s)
{
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(r, &w, &h) != 0 || w <= 0 || h <= 0) {
        app_message(s, 1, "Screenshot not saved: the window size is unknown: %s", SDL_GetError());
        return;
    }
    char dir[PATH_MAX];
    if (!getcwd(dir, sizeof dir)) {
        app_message(s, 1, "Screenshot not saved: the current folder is unknown");
        return;
    }
    unsigned char *px = malloc((size_t)w * (size_t)h * 4);
    if (!px) {
        app_message(s, 1, "Screenshot not saved: out of memory for %d x %d pixels", w, h);
        return;
    }
    /* RGBA32 is R, G, B, A in memory on any byte order: the layout the PNG writer takes */
    if (SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_RGBA32, px, w * 4) != 0) {
        app_message(s, 1, "Screenshot not saved: cannot read the window: %s", SDL_GetError());
    } else {
        for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
            px[4 * i + 3] = 255; /* the window is opaque, whatever its alpha channel says */
        app_save_screenshot(s, dir, time(NULL), px, w, h);
    }
    free(px);
}

int main(int argc, char **argv)
{
    DataPaths paths;
    paths_resolve_here(&paths); /* on failure both are empty: reported below */
    const char *models_dir = NULL;
    char **files = calloc((size_t)argc, sizeof *files);
    int n_files = 0, options = 1;
    if (!files) {
        fprintf(stderr, PROG ": out of memory\n");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options && strcmp(a, "--") == 0) {
            options = 0;
        } else if (options && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            usage(&paths);
            free(files);
            return 0;
        } else if (options && strcmp(a, "--version") == 0) {
            printf(PROG " %s\n", SCRATCHNET_VERSION);
            free(files);
            return 0;
        } else if (options && strcmp(a, "--models") == 0) {
            if (i + 1 >= argc) {
                free(files);
                return bad_usage("%s needs a directory", a);
            }
            models_dir = argv[++i];
        } else if (options && strncmp(a, "--models=", 9) == 0) {
            models_dir = a + 9;
        } else if (options && a[0] == '-' && a[1] != '\0') {
            free(files);
            return bad_usage("unknown option '%s'", a);
        } else {
            files[n_files++] = argv[i];
        }
    }
    /* a folder someone named must exist; the default one may be missing (the app says so) */
    const char *models_given_by = models_dir ? "--models" : NULL;
    if (!models_dir) {
        models_dir = paths.models;
        if (paths.models_from == PATHS_FROM_ENV || paths.models_from == PATHS_FROM_ENV_DATADIR)
            models_given_by = paths_origin_name(paths.models_from, 0);
    }

    /* Fonts first: without them the window could show nothing, so fail before opening it. */
    if (!paths.assets[0]) {
        fprintf(stderr, PROG ": the fonts folder's path is too long (set SCRATCHNET_ASSETS)\n");
        free(files);
        return 1;
    }
    char regular[PATHS_MAX + 32], bold[PATHS_MAX + 32], err[PATHS_MAX + 600];
    snprintf(regular, sizeof regular, "%s/DejaVuSans.ttf", paths.assets);
    snprintf(bold, sizeof bold, "%s/DejaVuSans-Bold.ttf", paths.assets);
    if (TTF_Init() != 0) {
        fprintf(stderr, PROG ": cannot start SDL_ttf: %s\n", TTF_GetError());
        free(files);
        return 1;
    }
    Text *text = text_open(regular, bold, err, sizeof err);
    if (!text) {
        fprintf(stderr, PROG ": %s (the fonts folder came from %s; set SCRATCHNET_ASSETS to the "
                        "folder holding the fonts)\n", err, paths_origin_name(paths.assets_from, 1));
        TTF_Quit();
        free(files);
        return 1;
    }

    AppState *s = malloc(sizeof *s);
    if (!s) {
        fprintf(stderr, PROG ": out of memory\n");
        text_close(text);
        TTF_Quit();
        free(files);
        return 1;
    }
    app_init(s);
    load_models(s, models_dir, models_given_by, files, n_files);
    free(files);

    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, PROG ": cannot open the display: %s (is DISPLAY or WAYLAND_DISPLAY set?)\n",
                SDL_GetError());
        text_close(text);
        TTF_Quit();
        app_free(s);
        free(s);
        return 1;
    }

    /* The default size, shrunk to fit smaller screens. */
    int ww = DEFAULT_W, wh = DEFAULT_H;
    SDL_Rect usable;
    if (SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w > 0 && usable.h > 0) {
        if (ww > usable.w * 9 / 10 || wh > usable.h * 9 / 10) {
            float k = SDL_min((float)usable.w * 0.9f / (float)ww, (float)usable.h * 0.9f / (float)wh);
            ww = SDL_max(MIN_W, (int)((float)ww * k));
            wh = SDL_max(MIN_H, (int)((float)wh * k));
        }
    }
    char title[256];
    app_title(s, title, sizeof title);
    SDL_Window *win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, ww,
                                       wh,
                                       SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI |
                                           SDL_WINDOW_HIDDEN);
    SDL_Renderer *r = NULL;
    if (win) {
        SDL_SetWindowMinimumSize(win, MIN_W, MIN_H);
        r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED);
        if (!r)
            r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    }
    Render rd = {0};
    if (!win || !r || render_init(&rd, r, text, err, sizeof err) != 0) {
        fprintf(stderr, PROG ": cannot create the window: %s\n", !win || !r ? SDL_GetError() : err);
        if (r)
            SDL_DestroyRenderer(r);
        if (win)
            SDL_DestroyWindow(win);
        text_close(text);
        TTF_Quit();
        SDL_Quit();
        app_free(s);
        free(s);
        return 1;
    }
    text_set_renderer(text, r);
    /* shown only now: creating an OpenGL renderer may replace the window underneath */
    SDL_ShowWindow(win);
    SDL_StartTextInput();

    Layout layout;
    EventContext ctx = {0};
    relayout(win, r, &layout, &ctx);

    char shown_title[256];
    snprintf(shown_title, sizeof shown_title, "%s", title);
    unsigned seen_serial = s->message_serial - 1; /* a startup message starts its timer too */
    Uint64 message_until = 0;
    Uint64 freq = SDL_GetPerformanceFrequency();
    int status = 0;

    while (!s->quit) {
        SDL_Event e;
        int got;
        if (message_until) {
            Uint64 now = SDL_GetTicks64();
            got = SDL_WaitEventTimeout(&e, now >= message_until ? 0 : (int)(message_until - now));
        } else {
            got = SDL_WaitEvent(&e);
            if (!got) {
                fprintf(stderr, PROG ": waiting for events failed: %s\n", SDL_GetError());
                status = 1;
                break;
            }
        }
        if (got) {
            events_handle(s, &ctx, &e);
            while (!s->quit && SDL_PollEvent(&e))
                events_handle(s, &ctx, &e);
        }

        if (s->message_serial != seen_serial) {
            seen_serial = s->message_serial;
            message_until = s->message[0]
                                ? SDL_GetTicks64() + (s->message_error ? ERROR_MS : MESSAGE_MS)
                                : 0;
        }
        if (message_until && SDL_GetTicks64() >= message_until) {
            app_clear_message(s);
            message_until = 0;
        }
        if (ctx.resized)
            relayout(win, r, &layout, &ctx);
        if (ctx.renderer_reset) {
            render_free(&rd);
            text_set_renderer(text, r);
            if (render_init(&rd, r, text, err, sizeof err) != 0) {
                fprintf(stderr, PROG ": %s\n", err);
                status = 1;
                break;
            }
            ctx.renderer_reset = 0;
        }
        if (s->needs_update) {
            Uint64 t0 = SDL_GetPerformanceCounter();
            app_update(s);
            Uint64 t1 = SDL_GetPerformanceCounter();
            s->infer_us = (double)(t1 - t0) * 1e6 / (double)freq;
        }
        app_title(s, title, sizeof title);
        if (strcmp(title, shown_title) != 0) {
            SDL_SetWindowTitle(win, title);
            snprintf(shown_title, sizeof shown_title, "%s", title);
        }
        if (ctx.fullscreen) {
            ctx.fullscreen = 0;
            int full = (SDL_GetWindowFlags(win) & SDL_WINDOW_FULLSCREEN) != 0;
            if (SDL_SetWindowFullscreen(win, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP) != 0)
                app_message(s, 1, "Full screen is not available: %s", SDL_GetError());
            relayout(win, r, &layout, &ctx);
            s->needs_redraw = 1;
        }
        if (s->needs_redraw || ctx.screenshot) {
            render_frame(&rd, s, &layout);
            if (ctx.screenshot) {
                ctx.screenshot = 0;
                save_screenshot(r, s);
                render_frame(&rd, s, &layout); /* again, with the message */
                seen_serial = s->message_serial;
                message_until = SDL_GetTicks64() + (s->message_error ? ERROR_MS : MESSAGE_MS);
            }
            SDL_RenderPresent(r);
            text_frame_end(text);
            s->needs_redraw = 0;
        }
    }

    SDL_StopTextInput();
    /* SDL 2.26 on X11 wakes SDL_WaitEvent with a message sent to this window through a second
     * X connection. If the window is destroyed before the server has handled the last such
     * message, Xlib reports BadWindow when SDL_Quit closes that connection and exits with 1
     * (1 quit in 6 under Xvfb). Hiding the window and giving the server 100 ms first avoids
     * it; the window is already gone from the screen, so quitting still feels instant. */
    SDL_HideWindow(win);
    SDL_Delay(100);
    render_free(&rd);
    text_close(text);
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(win);
    TTF_Quit();
    SDL_Quit();
    app_free(s);
    free(s);
    return status;
}
