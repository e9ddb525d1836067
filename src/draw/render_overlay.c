/* render_overlay.c - what covers the window (render_internal.h): the list of keys (H) and the
 * Open prompt (Ctrl+O). Each dims the whole window, an item that changes only when the overlay
 * opens or closes; the prompt's panel is an item of its own, keyed by what was typed. The list
 * takes two columns when one would make its text too small, and the rows of keys without a
 * button of their own are drawn in the accent: a tap there does what the key does (events.c,
 * through render_help_key_at).
 */
#include "draw/render_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- help ---- */

void help_items(Render *rd, const AppState *s, const Layout *l)
{
    if (!s->show_help)
        return;
    char refusal[240];
    app_refusal_help(s, refusal, sizeof refusal); /* the line on refusals follows the model */
    render_item(rd, box(0, 0, l->w, l->h), key_str(KEY_START, refusal));
}

/* The list of keys, a key (or what to do) and what it does on each row. */
static const char *const rows[][2] = {
    {"Left button, pen, finger", "draw (erase while the Eraser is on)"},
    {"Right button", "erase (always)"},
    {"E", "Eraser on / off, for a pen or a finger"},
    {"Buttons at the bottom", "tap or click: each does what its key (on it) does"},
    {"[   ]", "smaller / bigger brush"},
    {"C, Delete, Backspace", "clear the canvas"},
    {"Ctrl+Z", "undo the last stroke"},
    {"Ctrl+Y, Ctrl+Shift+Z", "redo"},
    {"Tab, Shift+Tab", "next / previous model"},
    {"P", "preprocessing on / off"},
    {"S", "show the preprocessing steps"},
    {"I", "the view of the network's inside on / off"},
    {"L   W   X   N   M   T   D", "layers, weights, softmax, nearest, compare, train, data"},
    {"Space, \xe2\x86\x92, 1 2 3, V", "training: start / pause; one batch; recipe; speed"},
    {"\xe2\x86\x91\xe2\x86\x93, PgUp PgDn, \xe2\x87\xa7S",
     "training: learning rate, batch size; save"},
    {"\xe2\x86\x90 \xe2\x86\x92  PgUp PgDn  Home End", "data: step through the test images"},
    {"\xe2\x86\x91 \xe2\x86\x93, click a cell",
     "data: the mistakes only / all; that cell's images"},
    {",   .", "in the softmax view: lower / higher temperature"},
    {"B, Shift+B", "compare view: next / previous second model"},
    {"Click a cell, K", "a unit up close; K knocks it out / puts it back"},
    {"Shift+K", "put every knocked-out unit back"},
    {"G, click a bar", "saliency (F off): the top class, or that bar's"},
    {"F, click a bar", "flip it (G off): to the runner-up, or that bar's class"},
    {"Enter, A", "put the flip (data: Enter, the image shown) on the canvas"},
    {"R", "replay the drawing with what it read; Esc closes"},
    {"U", "teach the model your collected drawings (U stops)"},
    {"Q,  Y  N", "challenge: next round; the teacher's yes / no"},
    {"Ctrl+0 \xe2\x80\xa6 Ctrl+9, Label it", "keep the drawing as that digit in your collection"},
    {"Y", "your digits: \xe2\x86\x90 \xe2\x86\x92 pick, O on the canvas, Ctrl+Del delete"},
    {"Ctrl+S", "save the drawing: .json and 28x28 .png"},
    {"Ctrl+O", "open a model, drawing or image by its path"},
    {"Tab, Ctrl+A, V, U", "in that prompt: complete, select all, paste, clear"},
    {"Drop a file", "open a model, a drawing or a PNG or PGM image"},
    {"F12", "save a screenshot (.png)"},
    {"F11", "full screen on / off"},
    {"F10", "light / dark theme (the Light switch)"},
    {"Ctrl+=   Ctrl+-   F9", "larger / smaller type and bars, normal (the Size button)"},
    {"H, F1", "show / hide this help"},
    {"Esc", "leave full screen, close help or prompt, else quit"},
    {"Ctrl+Q", "quit at once (Esc asks first if there is a drawing)"},
};
#define HELP_ROWS ((int)(sizeof rows / sizeof rows[0]))

/* The rows a tap on the help does (their keys have no button of their own), drawn in the
 * accent. */
static int tappable(const char *key)
{
    static const char *const keys[] = {"Ctrl+S", "Ctrl+O", "F12", "F11", "Shift+K"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i]) == 0)
            return 1;
    return 0;
}

/* Where the help goes: its panel, its rows (in one column, or two when one would make the
 * text too small to read across a room), the text size. */
typedef struct HelpGeom {
    SDL_Rect p;      /* the panel */
    int row_h, size; /* a row's height and the text's size, pixels */
    int pad;         /* the margin inside the panel */
    int cols, per;   /* columns, and rows in each */
} HelpGeom;

static HelpGeom help_geometry(const Layout *l)
{
    HelpGeom g;
    int fn = l->font_normal > l->font_small ? l->font_normal : l->font_small;
    int avail_h = l->h - 2 * l->gap, avail_w = l->w - 2 * l->gap;
    g.cols = 1;
    g.per = HELP_ROWS;
    g.row_h = iround(1.55f * (float)fn);
    if ((g.per + 6) * g.row_h > avail_h) {
        int one = avail_h / (HELP_ROWS + 6), two = avail_h / ((HELP_ROWS + 1) / 2 + 6);
        two = two < g.row_h ? two : g.row_h;
        /* two columns when they give larger text and each still has room for it */
        if (two > one && avail_w >= 2 * 30 * (two * 10 / 16)) {
            g.cols = 2;
            g.per = (HELP_ROWS + 1) / 2;
            g.row_h = two;
        } else {
            g.row_h = one;
        }
    }
    g.size = g.row_h * 10 / 16;
    int w = avail_w < 40 * g.cols * g.size ? avail_w : 40 * g.cols * g.size;
    int h = (g.per + 6) * g.row_h; /* title, the rows, the three notes, margins */
    g.p = box((l->w - w) / 2, (l->h - h) / 2, w, h);
    g.pad = g.row_h / 2;
    return g;
}

/* Row i's box: its key's part and its words' part. */
static void help_row(const HelpGeom *g, int i, SDL_Rect *key, SDL_Rect *words)
{
    int cw = (g->p.w - 2 * g->pad) / g->cols, col = i / g->per, row = i % g->per;
    int x = g->p.x + g->pad + col * cw, y = g->p.y + g->pad + (row + 1) * g->row_h + g->pad / 2;
    int key_w = cw * 2 / 5;
    *key = box(x, y, key_w - g->pad, g->row_h);
    *words = box(x + key_w, y, cw - key_w - (g->cols > 1 ? g->pad : 0), g->row_h);
}

const char *render_help_key_at(const Layout *l, int px, int py)
{
    HelpGeom g = help_geometry(l);
    for (int i = 0; i < HELP_ROWS; i++) {
        SDL_Rect k, w;
        help_row(&g, i, &k, &w);
        SDL_Rect all = box(k.x, k.y, w.x + w.w - k.x, k.h);
        SDL_Point pt = {px, py};
        if (SDL_PointInRect(&pt, &all))
            return rows[i][0];
    }
    return NULL;
}

void help_draw(Render *rd, const AppState *s, const Layout *l)
{
    if (!s->show_help)
        return;
    SDL_Renderer *r = rd->r;
    render_fill(r, box(0, 0, l->w, l->h), C_SHADE);
    HelpGeom g = help_geometry(l);
    SDL_Rect p = g.p;
    int pad = g.pad, size = g.size, row_h = g.row_h, n = g.per;
    render_fill(r, p, C_PANEL);
    render_border(r, p, l->line, C_ACCENT);
    text_draw(rd->text, "Keys (tap a key in this colour to do it)", iround(1.3f * (float)size),
              TEXT_BOLD, C_ACCENT,
              box(p.x + pad, p.y + pad / 2, p.w - 2 * pad, row_h + pad / 2), TEXT_LEFT);
    for (int i = 0; i < HELP_ROWS; i++) {
        SDL_Rect k, w;
        help_row(&g, i, &k, &w);
        text_draw(rd->text, rows[i][0], size, TEXT_BOLD, tappable(rows[i][0]) ? C_ACCENT : C_TEXT,
                  k, TEXT_LEFT);
        text_draw(rd->text, rows[i][1], size, TEXT_REGULAR, C_DIM, w, TEXT_LEFT);
    }
    text_draw(rd->text, "Ctrl+S and F12 save into the folder the app was started from.",
              size * 9 / 10, TEXT_REGULAR, C_DIM,
              box(p.x + pad, p.y + pad + (n + 1) * row_h + pad / 2, p.w - 2 * pad, row_h),
              TEXT_LEFT);
    char words[160];
    snprintf(words, sizeof words,
             "The answer: confident from %d%%, leaning towards from %d%%, else not sure.",
             (int)lroundf(100.0f * INK_CONFIDENT_FROM), (int)lroundf(100.0f * INK_UNSURE_BELOW));
    text_draw(rd->text, words, size * 9 / 10, TEXT_REGULAR, C_DIM,
              box(p.x + pad, p.y + pad + (n + 2) * row_h + pad / 2, p.w - 2 * pad, row_h),
              TEXT_LEFT);
    char refusal[240], sentence[248];
    app_refusal_help(s, refusal, sizeof refusal);
    snprintf(sentence, sizeof sentence, "%s.", refusal);
    text_draw(rd->text, sentence, size * 9 / 10, TEXT_REGULAR, C_DIM,
              box(p.x + pad, p.y + pad + (n + 3) * row_h + pad / 2, p.w - 2 * pad, row_h),
              TEXT_LEFT);
}

/* ---- the Open prompt ---- */

/* The prompt's panel and the height of its rows. */
static SDL_Rect prompt_panel(const Layout *l, int *row_h, int *pad)
{
    int fn = l->font_normal > l->font_small ? l->font_normal : l->font_small;
    *row_h = iround(1.6f * (float)fn);
    *pad = *row_h / 3 > 2 ? *row_h / 3 : 2;
    int w = l->w - 2 * l->gap;
    if (w > 50 * fn)
        w = 50 * fn;
    int h = 2 * *row_h + 3 * *pad;
    return box((l->w - w) / 2, (l->h - h) / 3, w, h);
}

void prompt_items(Render *rd, const AppState *s, const Layout *l)
{
    if (!s->prompt_open)
        return;
    int row_h, pad;
    render_item(rd, box(0, 0, l->w, l->h), KEY_START);
    render_item(rd, grow(prompt_panel(l, &row_h, &pad), l->line),
                key_int(key_str(KEY_START, s->prompt), s->prompt_selected));
}

/* The end of s that fits `width` pixels at `size`, whole UTF-8 characters: s itself if it fits,
 * else the longest suffix that does (the caller puts an ellipsis before it). Binary search over
 * the characters' first bytes, since each measurement renders the string. */
static const char *tail_that_fits(Text *t, const char *s, int size, int width)
{
    int starts[APP_PROMPT_MAX + 1], n = 0;
    for (int i = 0; s[i] && n < APP_PROMPT_MAX + 1; i++)
        if ((s[i] & 0xC0) != 0x80)
            starts[n++] = i;
    int lo = 0, hi = n; /* the answer is in [lo, hi]; hi = n is the empty suffix */
    while (lo < hi) {
        int mid = (lo + hi) / 2, w, h;
        text_measure(t, s + starts[mid], size, TEXT_REGULAR, &w, &h);
        if (w <= width)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo < n ? s + starts[lo] : s + strlen(s);
}

void prompt_draw(Render *rd, const AppState *s, const Layout *l)
{
    if (!s->prompt_open)
        return;
    SDL_Renderer *r = rd->r;
    Text *t = rd->text;
    render_fill(r, box(0, 0, l->w, l->h), C_SHADE_LIGHT);
    int fn = l->font_normal > l->font_small ? l->font_normal : l->font_small;
    int row_h, pad;
    SDL_Rect p = prompt_panel(l, &row_h, &pad);
    render_fill(r, p, C_PANEL);
    render_border(r, p, l->line, C_ACCENT);
    text_draw(t, "Open: Enter opens, Esc cancels, Tab completes, Ctrl+A selects all, Ctrl+V pastes",
              fn, TEXT_BOLD, C_ACCENT,
              box(p.x + pad, p.y + pad, p.w - 2 * pad, row_h), TEXT_LEFT);

    SDL_Rect field = box(p.x + pad, p.y + 2 * pad + row_h, p.w - 2 * pad, row_h);
    render_fill(r, field, C_BG);
    render_border(r, field, l->line, C_BORDER);
    int inner = field.w - 2 * pad - 2 * l->line; /* room for the caret */
    SDL_Rect text_box = box(field.x + pad, field.y, inner, field.h);
    int caret_x = text_box.x;
    if (s->prompt_len == 0) {
        text_draw(t, "a model or a drawing (.json), e.g. models/mnist-cnn.json", fn, TEXT_REGULAR,
                  C_DIM, text_box, TEXT_LEFT);
    } else {
        int ew, eh;
        const char *ellipsis = "\xe2\x80\xa6";
        text_measure(t, ellipsis, fn, TEXT_REGULAR, &ew, &eh);
        const char *shown = tail_that_fits(t, s->prompt, fn, inner);
        if (shown != s->prompt) {
            shown = tail_that_fits(t, s->prompt, fn, inner - ew);
            text_draw(t, ellipsis, fn, TEXT_REGULAR, C_DIM, box(text_box.x, field.y, ew, field.h),
                      TEXT_LEFT);
            text_box.x += ew;
            text_box.w -= ew;
        }
        if (s->prompt_selected) { /* all of it (Ctrl+A): on the selection's colour */
            int sw, sh;
            text_measure(t, shown, fn, TEXT_REGULAR, &sw, &sh);
            render_fill(r, box(text_box.x, field.y + row_h / 8, sw, row_h - row_h / 4), C_SELECT);
        }
        SDL_Rect used = text_draw(t, shown, fn, TEXT_REGULAR, C_TEXT, text_box, TEXT_LEFT);
        caret_x = used.x + used.w;
    }
    int caret_w = l->line > 1 ? l->line : 2;
    render_fill(r, box(caret_x + 1, field.y + row_h / 6, caret_w, row_h - row_h / 3), C_ACCENT);
}
