/* render_overlay.c - what covers the window (render_internal.h): the list of keys (H) and the
 * Open prompt (Ctrl+O). Each dims the whole window, an item that changes only when the overlay
 * opens or closes; the prompt's panel is an item of its own, keyed by what was typed. The
 * help's rows and their places are help.h's; the rows of keys without a button of their own are
 * drawn in the accent: a tap there does what the key does (events.c, help_key_at).
 */
#include "draw/render_internal.h"

#include "draw/help.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- help ---- */

void help_items(Render *rd, const AppState *s, const Layout *l)
{
    if (!s->show_help)
        return;
    char note[400];
    help_note(s, note, sizeof note); /* the note follows the model */
    render_item(rd, box(0, 0, l->w, l->h), key_int(key_str(KEY_START, note), s->help_page));
}

/* The help's rows, data and places: help.h. Every row at one size; a description wraps. */
void help_draw(Render *rd, const AppState *s, const Layout *l)
{
    if (!s->show_help)
        return;
    char note[400];
    help_note(s, note, sizeof note);
    HelpLayout h = help_layout(l, s->help_page, note);
    SDL_Renderer *r = rd->r;
    Text *t = rd->text;
    render_fill(r, box(0, 0, l->w, l->h), C_SHADE);
    SDL_Rect p = sdl_rect(h.panel);
    render_fill(r, p, C_PANEL);
    render_border(r, p, l->line, C_ACCENT);
    text_draw(t, "Keys", h.title_size * 5 / 4, TEXT_BOLD, C_ACCENT, sdl_rect(h.heading),
              TEXT_LEFT);
    char pager[160];
    if (h.pages > 1)
        snprintf(pager, sizeof pager,
                 "page %d of %d \xc2\xb7 H or PgDn: next page \xc2\xb7 PgUp: back \xc2\xb7 "
                 "Esc or a click closes",
                 h.page + 1, h.pages);
    else
        snprintf(pager, sizeof pager, "H, Esc or a click closes this help");
    text_draw(t, pager, h.size, TEXT_BOLD, C_ACCENT, sdl_rect(h.pager), TEXT_LEFT);
    if (h.pages > 1) { /* also at the top, beside the heading */
        snprintf(pager, sizeof pager, "page %d of %d", h.page + 1, h.pages);
        text_draw(t, pager, h.title_size, TEXT_BOLD, C_ACCENT, sdl_rect(h.heading), TEXT_RIGHT);
    }
    int sections;
    const HelpSection *sec = help_sections(&sections);
    for (int i = 0; i < h.n; i++) {
        const HelpPlace *q = &h.places[i];
        if (q->row < 0) { /* a section's title, underlined */
            SDL_Rect tr = sdl_rect(q->what);
            char title[120];
            snprintf(title, sizeof title, "%s (continued)", sec[q->section].title);
            if (!q->more || help_text_width(title, h.title_size, 1) > tr.w)
                snprintf(title, sizeof title, "%s", sec[q->section].title);
            text_draw(t, title, h.title_size, TEXT_BOLD, C_ACCENT, tr, TEXT_LEFT);
            render_fill(r, box(tr.x, tr.y + tr.h - l->line, tr.w, l->line), C_BORDER);
            continue;
        }
        if (q->keys_text) /* a key without a button of its own: a tap does it, in the accent */
            text_draw_wrapped(t, q->keys_text, h.size, TEXT_BOLD,
                              help_tappable(q->keys_text) ? C_ACCENT : C_TEXT, sdl_rect(q->keys));
        text_draw_wrapped(t, q->what_text, h.size, TEXT_REGULAR,
                          q->keys_text ? C_TEXT : C_DIM, sdl_rect(q->what));
    }
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
        text_draw(t, "a model (.json, .onnx), a drawing or an image, e.g. models/mnist-cnn.json",
                  fn, TEXT_REGULAR, C_DIM, text_box, TEXT_LEFT);
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
