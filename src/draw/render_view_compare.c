/* render_view_compare.c - the compare view (render_views.h): the active model's probabilities
 * beside a second model's for the drawing on the canvas, and their difference. A line per
 * model (a swatch of its colour, its name and its answer), then a row per class: the class, a
 * bar per model, and the difference as a bar from the middle (towards the active model's side
 * and colour where it is surer, the other's where the other is) with its value in percentage
 * points. The two colours are the palette's orange and blue (ink/palette.h), which people with
 * any common colour blindness tell apart; the difference's sign is its direction too.
 */
#include "draw/render_views.h"

#include <stdio.h>
#include <string.h>

/* Each model's colour: the palette's orange for the active one, its blue for the other. */
static SDL_Color model_colour(int k)
{
    return k == 0 ? view_ramp_dark(0.6f) : view_ramp_dark(-1.0f);
}

/* What the view says, made once for the items and the drawing. */
typedef struct CompareText {
    int has[2];               /* each model's probabilities are there */
    const float *p[2];        /* ... (n of them) */
    int n, top[2];
    char line[2][240];        /* each model's line: "mnist-cnn: 3 (100%)" */
    char name[2][64];         /* each model's name, "" for none */
    char hint[64];            /* right of the second line: how to compare another model */
    char note[800];
} CompareText;

static void note_text(const AppState *s, const CompareText *t, char *buf, size_t n)
{
    char skipped[400];
    app_compare_skipped(s, skipped, sizeof skipped);
    if (!app_model(s)) {
        snprintf(buf, n, "This model could not be loaded: there is nothing to compare.");
    } else if (s->compare.model < 0) {
        snprintf(buf, n, "No other loaded model reads the classes of %s%s%s. Open one (Ctrl+O) "
                 "to compare.", t->name[0], skipped[0] ? ": " : "", skipped);
    } else {
        int k = snprintf(buf, n, "Difference = %s \xe2\x88\x92 %s in percentage points: orange "
                         "to the right where %s is surer, blue to the left where %s is.",
                         t->name[0], t->name[1], t->name[0], t->name[1]);
        if (skipped[0] && k > 0 && (size_t)k < n)
            snprintf(buf + k, n - (size_t)k, " Not compared: %s.", skipped);
    }
}

static void compare_text(const AppState *s, CompareText *t)
{
    memset(t, 0, sizeof *t);
    const AppCompare *c = &s->compare;
    char v[160];
    t->n = s->n_probs;
    t->has[0] = s->n_probs > 0;
    t->p[0] = s->probs;
    t->top[0] = s->top;
    t->has[1] = c->model >= 0 && c->n_probs == s->n_probs && c->n_probs > 0;
    t->p[1] = c->probs;
    t->top[1] = c->top;
    if (s->active >= 0)
        snprintf(t->name[0], sizeof t->name[0], "%s", s->models[s->active].name);
    if (c->model >= 0)
        snprintf(t->name[1], sizeof t->name[1], "%s", s->models[c->model].name);
    app_verdict_text(s, v, sizeof v);
    snprintf(t->line[0], sizeof t->line[0], "%s: %s", t->name[0], v);
    if (c->model < 0) {
        snprintf(t->line[1], sizeof t->line[1], "No model to compare with");
    } else if (t->has[1] || c->verdict == APP_NO_ANSWER) {
        app_compare_verdict_text(s, v, sizeof v);
        snprintf(t->line[1], sizeof t->line[1], "%s: %s", t->name[1], v);
    } else {
        snprintf(t->line[1], sizeof t->line[1], "%s", t->name[1]);
    }
    if (app_compare_count(s) > 1)
        snprintf(t->hint, sizeof t->hint, "B or click: next model");
    note_text(s, t, t->note, sizeof t->note);
}

/* A row's numbers: each model's percentage and the difference in points, signed. */
static void row_numbers(const CompareText *t, int i, char pct[2][32], char *diff, size_t n)
{
    for (int k = 0; k < 2; k++)
        if (t->has[k])
            app_percent(t->p[k][i], pct[k], 32);
        else
            pct[k][0] = '\0';
    diff[0] = '\0';
    if (!t->has[0] || !t->has[1])
        return;
    float d = 100.0f * (t->p[0][i] - t->p[1][i]);
    if (fabsf(d) < 0.05f) /* shows as 0.0: no sign */
        snprintf(diff, n, "0.0");
    else
        snprintf(diff, n, "%s%.1f", d > 0.0f ? "+" : "\xe2\x88\x92", (double)fabsf(d));
}

/* Where a row's parts go. */
typedef struct RowBoxes {
    int font;
    SDL_Rect label;
    SDL_Rect track[2], pct[2]; /* each model's bar track and percentage */
    SDL_Rect diff, diff_num;   /* the difference's track (its middle is 0) and value */
} RowBoxes;

static RowBoxes row_boxes(const ViewLayout *v, LayoutRect r)
{
    RowBoxes b;
    int pad = v->font / 3;
    b.font = SDL_min(iround(1.1f * (float)v->font), r.h * 3 / 5);
    int bh = r.h * 3 / 5, by = r.y + (r.h - bh) / 2, num_w = iround(3.9f * (float)b.font);
    b.label = box(v->col_x[0] + pad, r.y, v->col_x[1] - v->col_x[0] - 2 * pad, r.h);
    for (int k = 0; k < 2; k++) {
        int x = v->col_x[k + 1] + pad, w = v->col_x[k + 2] - v->col_x[k + 1] - 2 * pad;
        b.pct[k] = box(x + w - num_w, r.y, num_w, r.h);
        b.track[k] = box(x, by, w - num_w - b.font / 3, bh);
    }
    int x = v->col_x[3] + pad, w = v->col_x[4] - v->col_x[3] - 2 * pad;
    b.diff_num = box(x + w - num_w, r.y, num_w, r.h);
    b.diff = box(x, by, w - num_w - b.font / 3, bh);
    return b;
}

/* The bars' lengths in pixels: each model's, and the difference's (signed, from the middle). */
static void bar_lengths(const CompareText *t, const RowBoxes *b, int i, int len[3])
{
    for (int k = 0; k < 2; k++) {
        float p = t->has[k] ? t->p[k][i] : 0.0f;
        len[k] = iround((p < 0.0f ? 0.0f : p > 1.0f ? 1.0f : p) * (float)b->track[k].w);
    }
    len[2] = t->has[0] && t->has[1]
                 ? iround((t->p[0][i] - t->p[1][i]) * (float)(b->diff.w / 2))
                 : 0;
}

void compare_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    CompareText t;
    compare_text(s, &t);
    render_item(rd, sdl_rect(v->pair[0]), key_str(KEY_START, t.line[0]));
    render_item(rd, sdl_rect(v->pair[1]), key_str(key_str(KEY_START, t.line[1]), t.hint));
    render_item(rd, sdl_rect(v->head), key_str(key_str(KEY_START, t.name[0]), t.name[1]));
    for (int i = 0; i < v->n_rows; i++) {
        RowBoxes b = row_boxes(v, v->rows[i]);
        char pct[2][32], diff[32];
        int len[3];
        row_numbers(&t, i, pct, diff, sizeof diff);
        bar_lengths(&t, &b, i, len);
        uint64_t k = key_str(key_str(key_str(KEY_START, app_label(s, i)), pct[0]), pct[1]);
        k = key_str(key_int(key_int(key_int(k, len[0]), len[1]), len[2]), diff);
        k = key_int(key_int(k, t.has[0] && t.top[0] == i), t.has[1] && t.top[1] == i);
        render_item(rd, sdl_rect(v->rows[i]), k);
    }
    render_item(rd, sdl_rect(v->note), key_str(KEY_START, t.note));
    (void)l;
}

/* Model k's line: a swatch of its colour, its name and answer; the second's hint at its right. */
static void draw_pair(Render *rd, const ViewLayout *v, const CompareText *t, int k)
{
    LayoutRect r = v->pair[k];
    int fs = iround(1.15f * (float)v->font), sw = fs * 4 / 5, hint_w = 0, hint_h = 0;
    render_fill(rd->r, box(r.x, r.y + (r.h - sw) / 2, sw, sw), model_colour(k));
    if (k == 1 && t->hint[0]) {
        text_measure(rd->text, t->hint, v->font, TEXT_REGULAR, &hint_w, &hint_h);
        hint_w = SDL_min(hint_w, r.w / 3);
        text_draw(rd->text, t->hint, v->font, TEXT_REGULAR, C_DIM,
                  box(r.x + r.w - hint_w, r.y, hint_w, r.h), TEXT_RIGHT);
    }
    int x = r.x + sw + fs / 2;
    text_draw(rd->text, t->line[k], fs, TEXT_BOLD, t->name[k][0] ? C_TEXT : C_DIM,
              box(x, r.y, r.x + r.w - x - hint_w - fs / 2, r.h), TEXT_LEFT);
}

/* Row i: the class, each model's bar and percentage, the difference from the middle. */
static void draw_row(Render *rd, const AppState *s, const ViewLayout *v, const CompareText *t,
                     int i)
{
    RowBoxes b = row_boxes(v, v->rows[i]);
    char pct[2][32], diff[32];
    int len[3];
    row_numbers(t, i, pct, diff, sizeof diff);
    bar_lengths(t, &b, i, len);
    text_draw(rd->text, app_label(s, i), b.font, TEXT_BOLD, t->has[0] ? C_TEXT : C_DIM, b.label,
              TEXT_CENTER);
    for (int k = 0; k < 2; k++) {
        int top = t->has[k] && t->top[k] == i;
        render_fill(rd->r, b.track[k], C_TRACK);
        render_fill(rd->r, box(b.track[k].x, b.track[k].y, len[k], b.track[k].h),
                    model_colour(k));
        text_draw(rd->text, pct[k], b.font, top ? TEXT_BOLD : TEXT_REGULAR, top ? C_TEXT : C_DIM,
                  b.pct[k], TEXT_RIGHT);
    }
    render_fill(rd->r, b.diff, C_TRACK);
    int mid = b.diff.x + b.diff.w / 2;
    if (len[2] > 0)
        render_fill(rd->r, box(mid, b.diff.y, len[2], b.diff.h), model_colour(0));
    else if (len[2] < 0)
        render_fill(rd->r, box(mid + len[2], b.diff.y, -len[2], b.diff.h), model_colour(1));
    render_fill(rd->r, box(mid, b.diff.y - b.diff.h / 5, SDL_max(1, v->font / 10),
                           b.diff.h + 2 * (b.diff.h / 5)), C_BORDER);
    text_draw(rd->text, diff, b.font, TEXT_REGULAR, C_TEXT, b.diff_num, TEXT_RIGHT);
}

void compare_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    CompareText t;
    compare_text(s, &t);
    for (int k = 0; k < 2; k++)
        draw_pair(rd, v, &t, k);
    /* the columns' names: the models' in their colours */
    LayoutRect h = v->head;
    int pad = v->font / 3;
    static const char *const words[VIEW_COMPARE_COLS] = {"class", NULL, NULL, "difference"};
    for (int c = 0; c < VIEW_COMPARE_COLS; c++) {
        const char *word = words[c] ? words[c] : t.name[c - 1];
        SDL_Color colour = words[c] ? C_DIM : model_colour(c - 1);
        text_draw(rd->text, word, v->font, TEXT_BOLD, colour,
                  box(v->col_x[c] + pad, h.y, v->col_x[c + 1] - v->col_x[c] - 2 * pad, h.h),
                  c == 0 ? TEXT_CENTER : TEXT_LEFT);
    }
    for (int i = 0; i < v->n_rows; i++)
        draw_row(rd, s, v, &t, i);
    text_draw_wrapped(rd->text, t.note, iround(0.9f * (float)v->font), TEXT_REGULAR, C_DIM,
                      sdl_rect(v->note));
    (void)l;
}
