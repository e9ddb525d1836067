/* frame.c - the picture kept between frames, the present, and the screenshot read from the
 * picture (frame.h). */
#include "draw/frame.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Software: a renderer drawing into the window's surface, which keeps the picture. On X11 the
 * surface is then the driver's own shared-memory image, which puts only the rectangles asked
 * for on the screen; left to itself SDL would pass it through a texture of an accelerated
 * renderer, uploading and drawing the whole window for every present. */
static int open_surface(Frame *f, char *err, size_t n)
{
    const char *driver = SDL_GetCurrentVideoDriver();
    if (driver && strcmp(driver, "x11") == 0)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0"); /* the environment still wins */
    SDL_Surface *surf = SDL_GetWindowSurface(f->win);
    f->r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    if (!f->r) {
        snprintf(err, n, "cannot draw into the window: %s", SDL_GetError());
        return -1;
    }
    f->surface = 1;
    return 0;
}

/* Accelerated: a target texture the size of the renderer's output holds the picture; without
 * one (not supported, out of memory) frames are drawn whole. */
static void make_target(Frame *f)
{
    int w = 0, h = 0;
    SDL_RendererInfo info;
    if (f->target) {
        SDL_SetRenderTarget(f->r, NULL);
        SDL_DestroyTexture(f->target);
        f->target = NULL;
    }
    if (SDL_GetRendererInfo(f->r, &info) != 0 || !(info.flags & SDL_RENDERER_TARGETTEXTURE) ||
        SDL_GetRendererOutputSize(f->r, &w, &h) != 0 || w <= 0 || h <= 0)
        return;
    f->target = SDL_CreateTexture(f->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
    if (!f->target)
        return;
    SDL_SetTextureBlendMode(f->target, SDL_BLENDMODE_NONE);
    if (SDL_SetRenderTarget(f->r, f->target) != 0) {
        SDL_DestroyTexture(f->target);
        f->target = NULL;
    }
}

int frame_gl_is_software(const char *gl_renderer)
{
    static const char *const names[] = {"llvmpipe", "softpipe", "swrast", "Software Rasterizer",
                                         "SWR ", "Microsoft Basic Render Driver"};
    if (!gl_renderer)
        return 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strstr(gl_renderer, names[i]))
            return 1;
    return 0;
}

/* 1 if r is an OpenGL renderer whose rasteriser runs on the processor (frame_gl_is_software).
 * SDL's OpenGL renderers leave their context current, so glGetString reads its name. */
static int drawn_by_processor(SDL_Renderer *r)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r, &info) != 0 || strncmp(info.name, "opengl", 6) != 0 ||
        !SDL_GL_GetCurrentContext())
        return 0;
    typedef const unsigned char *(*GetString)(unsigned int);
    GetString get = (GetString)(uintptr_t)SDL_GL_GetProcAddress("glGetString");
    const unsigned GL_RENDERER_NAME = 0x1F01; /* GL_RENDERER, the same in OpenGL and GLES */
    return get && frame_gl_is_software((const char *)get(GL_RENDERER_NAME));
}

int frame_open(Frame *f, SDL_Window *win, int software, char *err, size_t n)
{
    memset(f, 0, sizeof *f);
    f->win = win;
    const char *asked = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    if (asked && SDL_strcasecmp(asked, "software") == 0)
        software = 1;
    if (!software)
        f->r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED);
    if (f->r && !asked && drawn_by_processor(f->r)) {
        SDL_DestroyRenderer(f->r); /* the software renderer draws less for the same pictures */
        f->r = NULL;
    }
    if (!f->r)
        return open_surface(f, err, n);
    make_target(f);
    return 0;
}

int frame_reset(Frame *f, char *err, size_t n)
{
    if (!f->surface) {
        make_target(f);
        return 0;
    }
    SDL_DestroyRenderer(f->r);
    f->r = NULL;
    return open_surface(f, err, n);
}

int frame_keeps(const Frame *f)
{
    return f->surface || f->target;
}

int frame_present(Frame *f, const Damage *d)
{
    if (f->surface) {
        SDL_Rect rects[DAMAGE_MAX];
        for (int i = 0; i < d->n; i++)
            rects[i] = (SDL_Rect){d->r[i].x, d->r[i].y, d->r[i].w, d->r[i].h};
        SDL_RenderFlush(f->r);
        return d->n > 0 ? SDL_UpdateWindowSurfaceRects(f->win, rects, d->n) : 0;
    }
    if (f->target) {
        SDL_SetRenderTarget(f->r, NULL);
        SDL_RenderCopy(f->r, f->target, NULL, NULL);
    }
    SDL_RenderPresent(f->r);
    if (f->target)
        SDL_SetRenderTarget(f->r, f->target);
    return 0;
}

void frame_close(Frame *f)
{
    if (f->target)
        SDL_DestroyTexture(f->target);
    if (f->r)
        SDL_DestroyRenderer(f->r);
    f->target = NULL;
    f->r = NULL;
    f->surface = 0;
}

void frame_screenshot(Frame *f, AppState *s)
{
    SDL_Renderer *r = f->r;
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
