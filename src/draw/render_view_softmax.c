/* render_view_softmax.c - the softmax view (render_views.h): the seed's softmax written out
 * with the real numbers of the drawing on the canvas. A row per class: its logit z (the last
 * layer's value before the softmax), z / T - m, its exponential, and the probability that
 * exponential over their sum gives, with a bar; the sum and m under them; the temperature T
 * between its buttons. T changes only this view: the bars keep the model's own softmax (T = 1).
 */
#include "draw/render_views.h"

#include <stdio.h>

#include "draw/view_softmax.h"

/* The numbers now, or 0 when there are none (no drawing, no model). */
static int numbers(const AppState *s, ViewSoftmax *o)
{
    const float *z = app_view_logits(s);
    if (!z || s->n_probs < 1)
        return 0;
    view_softmax(z, s->n_probs, app_temperature(s), o);
    return 1;
}

/* Row i's texts, one per column. */
static void row_texts(const AppState *s, const ViewSoftmax *o, int i, char t[][32])
{
    snprintf(t[0], 32, "%s", app_label(s, i));
    snprintf(t[1], 32, "%.3f", (double)o->z[i]);
    snprintf(t[2], 32, "%.3f", (double)(o->scaled[i] - o->max));
    snprintf(t[3], 32, o->e[i] >= 0.001f ? "%.4f" : "%.1e", (double)o->e[i]);
    app_percent(o->p[i], t[4], 32);
}

static void sum_text(const ViewSoftmax *o, char *buf, size_t n)
{
    snprintf(buf, n,
             "\xce\xa3 e = %.4f    m = largest z / T = %.3f, taken off every exponent so that "
             "none overflows",
             (double)o->sum, (double)o->max);
}

static void temp_text(const AppState *s, char *buf, size_t n)
{
    float t = app_temperature(s);
    snprintf(buf, n, "T = %.2g: %s", (double)t,
             t < 1.0f   ? "sharper than the model (only here, not the bars)"
             : t > 1.0f ? "flatter than the model (only here, not the bars)"
                        : "the model's own softmax");
}

static const char *formula = "p = e^(z / T) \xc3\xb7 \xce\xa3 e^(z / T): every probability "
                             "positive, all of them summing to 1";

void softmax_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    ViewSoftmax o;
    int has = numbers(s, &o);
    char t[VIEW_SOFTMAX_COLS][32], line[200];
    render_item(rd, sdl_rect(v->formula), KEY_START);
    render_item(rd, sdl_rect(v->head), key_int(KEY_START, has));
    for (int i = 0; i < v->n_rows; i++) {
        uint64_t k = key_int(KEY_START, has);
        if (has) {
            row_texts(s, &o, i, t);
            for (int c = 0; c < VIEW_SOFTMAX_COLS; c++)
                k = key_str(k, t[c]);
            k = key_int(key_int(k, nn_top_class(o.p, o.n, NULL) == i),
                        iround(o.p[i] * (float)v->rows[i].w));
        }
        render_item(rd, sdl_rect(v->rows[i]), key_str(k, app_label(s, i)));
    }
    if (has)
        sum_text(&o, line, sizeof line);
    render_item(rd, sdl_rect(v->sum), key_str(KEY_START, has ? line : ""));
    temp_text(s, line, sizeof line);
    render_item(rd, sdl_rect(v->temp), key_str(KEY_START, line));
    (void)l;
}

/* Cell c of a row r: its box, a little padding on each side. */
static SDL_Rect cell(const ViewLayout *v, LayoutRect r, int c)
{
    int pad = v->font / 3;
    return box(v->col_x[c] + pad, r.y, v->col_x[c + 1] - v->col_x[c] - 2 * pad, r.h);
}

/* The text size of row r: a little larger than the view's where the rows are tall. */
static int row_font(const ViewLayout *v, LayoutRect r)
{
    return SDL_min(iround(1.2f * (float)v->font), r.h * 3 / 5);
}

/* Row i: the class, its numbers, and a bar for its probability. */
static void draw_row(Render *rd, const AppState *s, const ViewLayout *v, const ViewSoftmax *o,
                     int i, int top)
{
    char t[VIEW_SOFTMAX_COLS][32];
    row_texts(s, o, i, t);
    LayoutRect r = v->rows[i];
    int fs = row_font(v, r);
    SDL_Color c = i == top ? C_ACCENT : C_TEXT;
    text_draw(rd->text, t[0], fs, TEXT_BOLD, c, cell(v, r, 0), TEXT_CENTER);
    for (int k = 1; k < 4; k++)
        text_draw(rd->text, t[k], fs, TEXT_REGULAR, k == 3 ? C_TEXT : C_DIM, cell(v, r, k),
                  TEXT_RIGHT);
    SDL_Rect p = cell(v, r, 4);
    int pct_w = iround(3.8f * (float)fs), track_w = p.w - pct_w - fs / 2, bh = r.h * 3 / 5;
    SDL_Rect track = box(p.x, p.y + (r.h - bh) / 2, track_w, bh);
    render_fill(rd->r, track, C_TRACK);
    render_fill(rd->r, box(track.x, track.y, iround(o->p[i] * (float)track.w), bh),
                i == top ? C_ACCENT : C_BAR);
    text_draw(rd->text, t[4], fs, i == top ? TEXT_BOLD : TEXT_REGULAR, c,
              box(p.x + p.w - pct_w, r.y, pct_w, r.h), TEXT_RIGHT);
}

void softmax_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    ViewSoftmax o;
    int has = numbers(s, &o);
    char line[200];
    text_draw_wrapped(rd->text, formula, v->font, TEXT_BOLD, C_TEXT, sdl_rect(v->formula));
    static const char *head[VIEW_SOFTMAX_COLS] = {"class", "z", "z / T \xe2\x88\x92 m",
                                                  "e^(z/T\xe2\x88\x92m)", "p = e \xc3\xb7 \xce\xa3 e"};
    for (int c = 0; c < VIEW_SOFTMAX_COLS; c++)
        text_draw(rd->text, head[c], v->font, TEXT_BOLD, C_DIM, cell(v, v->head, c),
                  c == 0 ? TEXT_CENTER : c == 4 ? TEXT_LEFT : TEXT_RIGHT);
    int top = has ? nn_top_class(o.p, o.n, NULL) : -1;
    for (int i = 0; i < v->n_rows; i++) {
        if (has) {
            draw_row(rd, s, v, &o, i, top);
        } else {
            text_draw(rd->text, app_label(s, i), row_font(v, v->rows[i]), TEXT_BOLD, C_DIM, cell(v, v->rows[i], 0),
                      TEXT_CENTER);
        }
    }
    if (has) {
        sum_text(&o, line, sizeof line);
        text_draw_wrapped(rd->text, line, v->font, TEXT_REGULAR, C_TEXT, sdl_rect(v->sum));
    } else {
        text_draw(rd->text, app_reads_digits(s) ? "Draw a digit to see the numbers."
                                                : "Draw something to see the numbers.",
                  v->font, TEXT_REGULAR, C_DIM, sdl_rect(v->sum), TEXT_LEFT);
    }
    temp_text(s, line, sizeof line);
    text_draw(rd->text, line, v->font, TEXT_BOLD, C_TEXT, sdl_rect(v->temp), TEXT_CENTER);
    (void)l;
}
