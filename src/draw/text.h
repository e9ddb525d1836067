/* text.h - TrueType text for the drawing app, with a cache of rendered textures.
 *
 * A string is rendered once per (string, size, face, wrap width) and kept as a texture while
 * frames keep using it; text_frame_end() frees what the last frames did not use. Text is
 * rendered white and tinted at draw time, so colour changes cost nothing. Sizes are pixels.
 */
#ifndef DRAW_TEXT_H
#define DRAW_TEXT_H

#include <stddef.h>

#include <SDL.h>

typedef struct Text Text;

typedef enum TextFace { TEXT_REGULAR = 0, TEXT_BOLD = 1 } TextFace;
typedef enum TextAlign { TEXT_LEFT = 0, TEXT_CENTER, TEXT_RIGHT } TextAlign;

#define TEXT_MIN_SIZE 6 /* text shrunk to fit never goes below this many pixels */

/* Opens the two font files (TTF_Init must have succeeded). Returns NULL and writes one line
 * naming the file that failed into err. Free with text_close(). */
Text *text_open(const char *regular_path, const char *bold_path, char *err, size_t n);
/* Frees every texture and both fonts; accepts NULL. Call before destroying the renderer. */
void text_close(Text *t);
/* Sets the renderer textures are made for; drops every cached texture (also after a renderer
 * reset). */
void text_set_renderer(Text *t, SDL_Renderer *r);

/* Size of s rendered at `size` pixels (0 x 0 for an empty string). */
void text_measure(Text *t, const char *s, int size, TextFace face, int *w, int *h);
/* Draws one line of s inside box: centred vertically, aligned horizontally, shrunk (never
 * grown) so it fits the box. Returns the rectangle actually covered. */
SDL_Rect text_draw(Text *t, const char *s, int size, TextFace face, SDL_Color c, SDL_Rect box,
                   TextAlign align);
/* Draws s word-wrapped to box.w from the top of box, shrunk until it fits box.h. Returns the
 * height used. */
int text_draw_wrapped(Text *t, const char *s, int size, TextFace face, SDL_Color c, SDL_Rect box);
/* Ends a frame: frees the textures the last frames did not use. */
void text_frame_end(Text *t);

#endif
