/* help.h - the list of keys (H, F1) as data, and where its rows go in the window.
 *
 * The rows are grouped into titled sections. help_layout places them in two or three columns
 * as the window's width allows, all at one text size (the bottom lines' small size, which
 * follows the user's size step) and wraps a description that does not fit its column; what
 * does not fit the window goes on a further page (H again or PgDn), never smaller type.
 * Text widths are estimated from the characters (DejaVu Sans, a little generously), so the
 * real text wraps into no more lines than placed. No SDL here.
 */
#ifndef DRAW_HELP_H
#define DRAW_HELP_H

#include "draw/layout.h"

#include <stddef.h>

struct AppState;

typedef struct HelpRow {
    const char *keys; /* the keys, e.g. "Ctrl+Z"; NULL: a note across the whole column */
    const char *what; /* what they do */
} HelpRow;

typedef struct HelpSection {
    const char *title;
    const HelpRow *rows;
    int n;
} HelpSection;

/* The sections in their order; *n gets how many. */
const HelpSection *help_sections(int *n);

#define HELP_MAX_PLACES 160

/* One placed thing on the page: a section's title (row = -1) or a row of it. A row's keys and
 * description sit side by side (a note: its text in `what` across the column, `keys` empty). */
typedef struct HelpPlace {
    int section, row;
    const char *keys_text, *what_text;
    LayoutRect keys, what; /* a title: its text in `what` */
    int more;              /* a title: 1 where its section goes on from the column before */
} HelpPlace;

typedef struct HelpLayout {
    int size;          /* every row's text, pixels */
    int title_size;    /* the sections' titles and the heading */
    int line_h;        /* one line of rows' text */
    int columns;       /* 1 .. 3 */
    int pages, page;   /* how many, and the one placed (0-based) */
    LayoutRect panel;  /* the whole help */
    LayoutRect heading; /* "Keys" at the panel's top left */
    LayoutRect pager;  /* "page 1 of 2 ..." and how to close, at the panel's bottom */
    int n;
    HelpPlace places[HELP_MAX_PLACES];
} HelpLayout;

/* Places page `page` (clamped) of the help in window layout l. `note` (may be NULL or empty) is
 * one more paragraph at the end of the last section (the line on refusals, which follows the
 * model). */
HelpLayout help_layout(const Layout *l, int page, const char *note);

/* The keys of the rows where a tap does what the key does (keys without a button of their
 * own: Ctrl+S, Ctrl+O, F12, F11, Shift+K), drawn in the accent: 1 for such a row's keys. */
int help_tappable(const char *keys);
/* The keys of the tappable row at (px, py) pixels on the page hl places, or NULL. */
const char *help_key_at(const HelpLayout *hl, int px, int py);

/* The note at the help's end for state s: the answer's words and the line on refusals (both
 * follow the model). */
void help_note(const struct AppState *s, char *buf, size_t n);

/* The estimated width in pixels of s at `size` (bold: 1), never less than the real one in
 * DejaVu Sans for the help's text. */
int help_text_width(const char *s, int size, int bold);
/* Lines that s takes word-wrapped to `width` pixels at `size` (by help_text_width); 1 at
 * least. */
int help_wrap_lines(const char *s, int size, int bold, int width);

#endif
