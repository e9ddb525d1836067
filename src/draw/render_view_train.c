/* render_view_train.c - the Train view (render_views.h): a network learning from random weights
 * while the class watches. The state line (epoch, digits seen, digits a second, the last test
 * accuracy), where the digits come from, the network and its settings, then two curves side by
 * side: the training cost, falling, and the accuracy on the fixed test digits, rising towards the
 * dashed 90 % line, both against the digits seen on a logarithmic axis (view_train_axis). The buttons are controls, drawn with the toolbar (render_controls.c).
 */
#include "draw/render_views.h"

#include <stdio.h>
#include <string.h>

#include "common/paths.h"
#include "draw/view_train.h"

/* The words of the three lines, made once for the items and the drawing. */
typedef struct TrainText {
    char state[TRAIN_TEXT + 64];
    char data[2 * TRAIN_TEXT + 200];
    char recipe[400];
    char acc_title[96];  /* over the accuracy curve */
    int warn;
} TrainText;

static void train_text(const AppState *s, TrainText *t)
{
    const TrainStatus *st = app_train_status(s);
    char full[PATHS_MAX];
    view_train_state_text(st, t->state, sizeof t->state);
    view_train_data_text(st, paths_mnist_dir(full), t->data, sizeof t->data, &t->warn);
    char test[32];
    view_train_count(st && st->n_test > 0 ? st->n_test : 1000, test, sizeof test);
    snprintf(t->acc_title, sizeof t->acc_title, "Accuracy on %s test digits, by digits seen",
             test);
    int r = app_train_chosen(s);
    view_train_recipe_text(st && strcmp(st->recipe, app_train_recipe_name(r)) == 0 ? st : NULL,
                           app_train_recipe_title(r), app_train_recipe_about(r),
                           app_train_rate(s), app_train_batch_size(s), t->recipe,
                           sizeof t->recipe);
}

/* A curve's key: its points. */
static uint64_t curve_key(const long *at, const float *v, int n)
{
    uint64_t k = key_int(KEY_START, n);
    k = key_bytes(k, at, (size_t)n * sizeof *at);
    return key_bytes(k, v, (size_t)n * sizeof *v);
}

void train_items(Render *rd, const AppState *s, const Layout *l)
{
    ViewTrain v = view_train_layout(l);
    TrainText t;
    train_text(s, &t);
    const TrainStatus *st = app_train_status(s);
    render_item(rd, sdl_rect(v.state), key_str(KEY_START, t.state));
    render_item(rd, sdl_rect(v.data), key_int(key_str(KEY_START, t.data), t.warn));
    render_item(rd, sdl_rect(v.recipe), key_str(KEY_START, t.recipe));
    for (int i = 0; i < 2; i++) {
        render_item(rd, sdl_rect(v.plot_title[i]), key_str(KEY_START, i ? t.acc_title : ""));
        uint64_t k = st ? (i == 0 ? curve_key(st->cost_at, st->cost_curve, st->n_cost)
                                  : curve_key(st->acc_at, st->acc_curve, st->n_acc))
                        : KEY_START;
        k = key_int(k, st ? st->samples : 0);
        render_item_whole(rd, sdl_rect(v.plot[i]), k);
    }
}

/* A line from (x0, y0) to (x1, y1), w pixels thick. */
static void thick_line(SDL_Renderer *r, int x0, int y0, int x1, int y1, int w)
{
    for (int d = -(w / 2); d < w - w / 2; d++) {
        SDL_RenderDrawLine(r, x0, y0 + d, x1, y1 + d);
        SDL_RenderDrawLine(r, x0 + d, y0, x1 + d, y1);
    }
}

/* One curve in r: its points (at[i] digits seen, v[i]) on the logarithmic axis of digits seen
 * (view_train_axis) whose right end is `end`, with its ticks labelled, lo to hi up; the top and
 * bottom values (as top, bottom say) and the last value, written where the curve is not: low
 * for a curve that rose (the accuracy, with its 90 % line), high for one that fell (the cost). */
static void plot(Render *rd, const Layout *l, SDL_Rect r, const long *at, const float *v, int n,
                 long end, float lo, float hi, const char *top, const char *bottom,
                 const char *last, SDL_Color c, int ninety)
{
    SDL_Renderer *ren = rd->r;
    int font = l->font_view, lw = SDL_max(2, 2 * l->line);
    int num_w = iround(3.6f * (float)font), bot_h = iround(1.3f * (float)font);
    SDL_Rect area =
        box(r.x + num_w, r.y + font / 2, r.w - num_w - font, r.h - bot_h - font / 2);
    render_fill(ren, area, C_TRACK);
    int y90 = area.y + area.h - iround((0.9f - lo) / (hi - lo) * (float)area.h);
    if (!ninety || y90 - area.y >= font + font / 4) /* a low plot: the 90 % label says enough */
        text_draw(rd->text, top, font, TEXT_REGULAR, C_DIM,
                  box(r.x, area.y - font / 2, num_w - font / 3, font + font / 2), TEXT_RIGHT);
    text_draw(rd->text, bottom, font, TEXT_REGULAR, C_DIM,
              box(r.x, area.y + area.h - font, num_w - font / 3, font + font / 2), TEXT_RIGHT);
    if (area.w < 4 || area.h < 4)
        return;
    /* the ticks: a faint line up from each power of ten, its words under the axis */
    long ticks[12];
    int nt = view_train_axis_ticks(end, ticks, 12);
    for (int i = 0; i < nt; i++) {
        int x = area.x + iround((float)view_train_axis(ticks[i], end) * (float)(area.w - 1));
        SDL_SetRenderDrawColor(ren, C_BORDER.r, C_BORDER.g, C_BORDER.b, 255);
        SDL_RenderDrawLine(ren, x, area.y, x, area.y + area.h - 1);
        char w[16];
        view_train_tick_text(ticks[i], w, sizeof w);
        text_draw(rd->text, w, font, TEXT_REGULAR, C_DIM,
                  box(x - 2 * font, area.y + area.h, 4 * font, bot_h), TEXT_CENTER);
    }
    if (ninety) { /* the target: a dashed line at 90 % */
        int y = y90;
        SDL_SetRenderDrawColor(ren, C_DIM.r, C_DIM.g, C_DIM.b, 255);
        for (int x = area.x; x < area.x + area.w; x += 2 * font / 2 + 1)
            SDL_RenderDrawLine(ren, x, y, SDL_min(x + font / 2, area.x + area.w - 1), y);
        text_draw(rd->text, "90 %", font, TEXT_REGULAR, C_DIM,
                  box(r.x, y - font / 2 - font / 4, num_w - font / 3, font + font / 2), TEXT_RIGHT);
    }
    if (n < 1)
        return;
    SDL_SetRenderDrawColor(ren, c.r, c.g, c.b, 255);
    int px = -1, py = 0;
    for (int i = 0; i < n; i++) {
        float f = (v[i] - lo) / (hi - lo);
        f = f < 0.0f ? 0.0f : f > 1.0f ? 1.0f : f;
        int x = area.x + (int)(view_train_axis(at[i], end) * (double)(area.w - 1));
        int y = area.y + area.h - 1 - iround(f * (float)(area.h - 1));
        if (px >= 0)
            thick_line(ren, px, py, x, y, lw);
        else if (n == 1)
            render_fill(ren, box(x - lw, y - lw, 2 * lw, 2 * lw), c);
        px = x, py = y;
    }
    int lh = iround(1.4f * (float)font);
    int ly = ninety ? area.y + area.h - lh - font / 4 : area.y + font / 4;
    text_draw(rd->text, last, iround(1.15f * (float)font), TEXT_BOLD, C_TEXT,
              box(area.x + font / 2, ly, area.w - font, lh), TEXT_RIGHT);
}

void train_draw(Render *rd, const AppState *s, const Layout *l)
{
    ViewTrain v = view_train_layout(l);
    TrainText t;
    train_text(s, &t);
    const TrainStatus *st = app_train_status(s);
    text_draw_wrapped(rd->text, t.state, v.font_state, TEXT_BOLD,
                      st && st->phase == TRAIN_FAILED ? C_ERROR : C_TEXT, sdl_rect(v.state));
    text_draw_wrapped(rd->text, t.data, v.font, TEXT_REGULAR, t.warn ? C_WARN : C_DIM,
                      sdl_rect(v.data));
    text_draw_wrapped(rd->text, t.recipe, v.font, TEXT_REGULAR, C_DIM, sdl_rect(v.recipe));
    text_draw(rd->text, "Cost on the training batches, by digits seen", v.font, TEXT_BOLD, C_TEXT,
              sdl_rect(v.plot_title[0]), TEXT_LEFT);
    text_draw(rd->text, t.acc_title, v.font, TEXT_BOLD, C_TEXT, sdl_rect(v.plot_title[1]),
              TEXT_LEFT);
    /* the cost from 0 to the largest point; the accuracy from 0 to 100 % */
    float top = 0.0f;
    for (int i = 0; st && i < st->n_cost; i++)
        top = st->cost_curve[i] > top ? st->cost_curve[i] : top;
    top = top > 0.0f ? top * 1.05f : 1.0f;
    char top_s[32], last_c[32] = "", last_a[32] = "";
    snprintf(top_s, sizeof top_s, "%.2g", (double)top);
    if (st && st->n_cost > 0)
        snprintf(last_c, sizeof last_c, "%.3f", (double)st->cost_curve[st->n_cost - 1]);
    if (st && st->n_acc > 0)
        snprintf(last_a, sizeof last_a, "%.1f %%", 100.0 * (double)st->acc_curve[st->n_acc - 1]);
    SDL_Color cost_c = C_TEXT, acc_c = C_ACCENT; /* the theme's, as are the labels' */
    long end = st ? st->samples : 0; /* both curves end at the digits seen so far */
    plot(rd, l, sdl_rect(v.plot[0]), st ? st->cost_at : NULL, st ? st->cost_curve : NULL,
         st ? st->n_cost : 0, end, 0.0f, top, top_s, "0", last_c, cost_c, 0);
    plot(rd, l, sdl_rect(v.plot[1]), st ? st->acc_at : NULL, st ? st->acc_curve : NULL,
         st ? st->n_acc : 0, end, 0.0f, 1.0f, "100 %", "0 %", last_a, acc_c, 1);
}
