/* wm_title.h - the window's title, as every window manager reads it.
 *
 * SDL sets _NET_WM_NAME as UTF-8, but WM_NAME in the locale's own encoding ("UTF-8" under a
 * UTF-8 locale), which only readers in a UTF-8 locale decode. On X11 the title is also set, after
 * SDL, as WM_NAME in COMPOUND_TEXT, the encoding the ICCCM gives for text, so title bars that
 * read WM_NAME show the em dash too. Needs the program's LC_CTYPE to be UTF-8 (main.c sets it).
 */
#ifndef DRAW_WM_TITLE_H
#define DRAW_WM_TITLE_H

#include <SDL.h>

/* Sets the window's title to the UTF-8 text title. */
void wm_title_set(SDL_Window *win, const char *title);

#endif
