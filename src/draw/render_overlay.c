/* render_overlay.c - what covers the window (render_internal.h): the list of keys (H) and the
 * Open prompt (Ctrl+O). Each dims the whole window, an item that changes only when the overlay
 * opens or closes; the prompt's panel is an item of its own, keyed by what was typed.
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

void help_draw(Render *rd, const AppState *s, const Layout *l)
{
    static const char *rows[][2] = {
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
    if (!s->show_help)
        return;
    int n = (int)(sizeof rows / sizeof rows[0]);
    SDL_Renderer *r = rd->r;
    render_fill(r, box(0, 0, l->w, l->h), C_SHADE);

    int fn = l->font_normal > l->font_small ? l->font_normal : l->font_small;
    int row_h = iround(1.55f * (float)fn);
    int avail_h = l->h - 2 * l->gap;
    if ((n + 6) * row_h > avail_h)
        row_h = avail_h / (n + 6);
    int size = row_h * 10 / 16;
    int w = l->w - 2 * l->gap;
    if (w > 40 * size)
        w = 40 * size;
    int h = (n + 6) * row_h; /* title, the rows, the three notes, margins */
    SDL_Rect p = box((l->w - w) / 2, (l->h - h) / 2, w, h);
    render_fill(r, p, C_PANEL);
    render_border(r, p, l->line, C_ACCENT);
    int pad = row_h / 2;
    text_draw(rd->text, "Keys", iround(1.3f * (float)size), TEXT_BOLD, C_ACCENT,
              box(p.x + pad, p.y + pad / 2, p.w - 2 * pad, row_h + pad / 2), TEXT_LEFT);
    int key_w = (p.w - 2 * pad) * 2 / 5;
    for (int i = 0; i < n; i++) {
        int y = p.y + pad + (i + 1) * row_h + pad / 2;
        text_draw(rd->text, rows[i][0], size, TEXT_BOLD, C_TEXT,
                  box(p.x + pad, y, key_w - pad, row_h), TEXT_LEFT);
        text_draw(rd->text, rows[i][1], size, TEXT_REGULAR, C_DIM,
                  box(p.x + pad + key_w, y, p.w - 2 * pad - key_w, row_h), TEXT_LEFT);
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
