/* theme.h - the drawing app's colours, one table per theme (dark for a dim room, light for a
 * projector in a bright one), and the contrast of two colours by WCAG 2's formula.
 *
 * Every colour the window shows comes from the active theme's table (render_internal.h's C_*
 * names look it up), so a new theme is one more table. The pairs of colours the app draws text
 * with, on what, are listed here too (theme_text_pairs), so a test can hold every one of them to
 * 4.5:1 in every theme. The colour scales of the network's numbers (ink/palette.h) are not a
 * theme's: blue against, orange for, in both. No SDL here.
 */
#ifndef DRAW_THEME_H
#define DRAW_THEME_H

typedef enum ThemeId {
    THEME_DARK = 0, /* light text on near black, white ink on a black canvas (as MNIST) */
    THEME_LIGHT,    /* dark text on near white, dark ink on a white canvas (as paper) */
    THEMES          /* how many */
} ThemeId;

/* One colour: red, green, blue, alpha, 0..255 (alpha 255: opaque). */
typedef struct ThemeRgba {
    unsigned char r, g, b, a;
} ThemeRgba;

/* The colours of a theme, by what they colour. */
typedef enum ThemeColour {
    TC_BG = 0,        /* the window's background */
    TC_PANEL,         /* a box over the window (help, prompt, the canvas's bands) */
    TC_TEXT,          /* text */
    TC_DIM,           /* quieter text: captions, notes, keys */
    TC_ACCENT,        /* the answer and the active model; pressed buttons */
    TC_LEANING,       /* an answer the network only leans towards: the accent, greyed */
    TC_ON_ACCENT,     /* text on an accent fill */
    TC_BAR,           /* a probability bar */
    TC_BAR_OFF,       /* a refused answer's bars */
    TC_TRACK,         /* the empty part of a bar, a progress track */
    TC_ERROR,         /* an error message, the eraser's ring, the preview's centre cross */
    TC_WARN,          /* a warning, a knocked-out unit */
    TC_OK,            /* a message that something worked */
    TC_BORDER,        /* frames and edges */
    TC_GRID,          /* the faint grid over the canvas (translucent) */
    TC_HINT,          /* the "draw here" hint on the empty canvas */
    TC_SELECT,        /* the selection under text (the prompt's Ctrl+A) */
    TC_PAPER,         /* the canvas where there is no ink */
    TC_INK,           /* the canvas where the ink is full */
    TC_BUTTON,        /* a button's face */
    TC_BUTTON_HOVER,  /* a button's face under the mouse */
    TC_BUTTON_EDGE,   /* a button's border */
    TC_LIT,           /* a switch that is on: its face */
    TC_LIT_HOVER,     /* the same under the mouse */
    TC_OFF_EDGE,      /* a disabled button's border */
    TC_OFF_TEXT,      /* a disabled button's name */
    TC_SHADE,         /* the veil over the window behind the help (translucent) */
    TC_SHADE_LIGHT,   /* the lighter veil behind the Open prompt (translucent) */
    TC_FRAME,         /* the frame around a tag of a colour scale, a picked unit */
    THEME_COLOURS     /* how many */
} ThemeColour;

/* A colour of text on a background, and the least contrast it must have. */
typedef struct ThemePair {
    ThemeColour text, bg;
    double min;  /* 4.5 for text; 3 for a disabled button's name (which WCAG exempts) */
    const char *what; /* where the app draws it */
} ThemePair;

/* The pairs the app draws text with (theme_n_text_pairs of them). */
extern const ThemePair theme_text_pairs[];
extern const int theme_n_text_pairs;

/* The table of theme id (THEME_COLOURS entries, in ThemeColour's order); an id out of range
 * gives the dark theme's. Points into static data: do not free. */
const ThemeRgba *theme_table(ThemeId id);

/* The theme's name, "dark" or "light" ("dark" for an id out of range). */
const char *theme_name(ThemeId id);

/* The theme called name ("dark", "light"); returns 0, or -1 (id unchanged) for any other. */
int theme_parse(const char *name, ThemeId *id);

/* The next theme after id, in a cycle (what F10 does). */
ThemeId theme_next(ThemeId id);

/* fg laid over bg by fg's alpha (the result opaque when bg is). */
ThemeRgba theme_over(ThemeRgba fg, ThemeRgba bg);

/* WCAG 2's relative luminance of c's red, green and blue (alpha ignored), 0 (black) .. 1
 * (white): each channel v/255 made linear (v/12.92 up to 0.04045, else ((v+0.055)/1.055)^2.4),
 * then 0.2126 R + 0.7152 G + 0.0722 B. */
double theme_luminance(ThemeRgba c);

/* WCAG 2's contrast ratio of two colours, (L1 + 0.05) / (L2 + 0.05) with L1 the lighter's
 * luminance: 1 (the same) .. 21 (black and white). */
double theme_contrast(ThemeRgba a, ThemeRgba b);

/* The contrast of a pair of theme id's colours, each laid over the background it is drawn on
 * (a translucent panel over the window's background) first. */
double theme_pair_contrast(ThemeId id, ThemePair p);

#endif
