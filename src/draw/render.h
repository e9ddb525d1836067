/* render.h - draws one frame of the drawing app from the state and the layout.
 *
 * Reads AppState and Layout, never changes them. Owns only the small streaming textures the
 * 28 x 28 images are uploaded into.
 */
#ifndef DRAW_RENDER_H
#define DRAW_RENDER_H

#include <stddef.h>

#include <SDL.h>

#include "draw/app.h"
#include "draw/layout.h"
#include "draw/text.h"

typedef struct Render {
    SDL_Renderer *r;                    /* not owned */
    Text *text;                         /* not owned */
    SDL_Texture *canvas;                /* (28, 28) the rasterised drawing */
    SDL_Texture *img[LAYOUT_STEPS];     /* (28, 28) each preview image */
} Render;

/* Creates the textures; returns 0, or -1 with one line in err. Free with render_free(). */
int render_init(Render *rd, SDL_Renderer *r, Text *text, char *err, size_t n);
/* Destroys the textures; accepts a zeroed Render. */
void render_free(Render *rd);
/* Draws the whole window (without presenting it). */
void render_frame(Render *rd, const AppState *s, const Layout *l);

#endif
