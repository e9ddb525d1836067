/* frame.h - where the drawing app's picture is kept between frames, and how a frame reaches
 * the screen.
 *
 * With SDL's software renderer the picture is the window's own surface: the renderer draws
 * into it (SDL_CreateSoftwareRenderer) and the present puts only the damage on the screen
 * (SDL_UpdateWindowSurfaceRects). With an accelerated renderer it is a target texture, copied
 * whole to the window for each present (SDL_RenderPresent); without target textures nothing is
 * kept and every frame is drawn whole. Either way the renderer's target holds the whole
 * picture between a frame and its present: what the F12 screenshot reads.
 */
#ifndef DRAW_FRAME_H
#define DRAW_FRAME_H

#include <stddef.h>

#include <SDL.h>

#include "draw/app.h"
#include "draw/damage.h"

typedef struct Frame {
    SDL_Window *win;      /* not owned */
    SDL_Renderer *r;      /* owned */
    SDL_Texture *target;  /* accelerated: the picture, or NULL */
    int surface;          /* software: r draws into the window's surface */
} Frame;

/* Creates the renderer for win: accelerated, else (or with software = 1) software. Returns 0,
 * or -1 with one line in err. Close with frame_close(). */
int frame_open(Frame *f, SDL_Window *win, int software, char *err, size_t n);
/* 1 if an OpenGL renderer string (glGetString(GL_RENDERER)) names a rasteriser that runs on the
 * processor (Mesa's llvmpipe, softpipe, swrast and SWR; Windows' basic render driver): frame_open
 * then draws with SDL's software renderer, which puts only what changed on the screen, instead
 * of copying the whole window through it for every frame. 0 for NULL. */
int frame_gl_is_software(const char *gl_renderer);
/* Follows a new window size or a reset renderer: the picture is made again, and with the
 * software renderer the renderer too (for the window's new surface): free every texture of
 * f->r before, and make them again after. Returns 0, or -1 with one line in err. */
int frame_reset(Frame *f, char *err, size_t n);
/* 1 if the picture of the last frame is still there to draw on (else draw everything). */
int frame_keeps(const Frame *f);
/* Puts the frame on the screen: the damage d with the software renderer, else the whole
 * picture; the renderer then draws into the picture again. Returns 0, or -1 when the window's
 * surface is gone (its size changed): frame_reset, then draw everything. */
int frame_present(Frame *f, const Damage *d);
/* F12: saves the picture (a frame drawn, not yet presented) as a PNG in the current folder,
 * where Ctrl+S saves too; the message line says where, or why not. */
void frame_screenshot(Frame *f, AppState *s);
/* Destroys the picture and the renderer (with every texture left on it); accepts a zeroed
 * Frame. */
void frame_close(Frame *f);

#endif
