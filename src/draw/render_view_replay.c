/* render_view_replay.c - the replay's chart in the view area and its marks on the canvas
 * (app_replay.h). The chart: what the network read along the replay in one sentence ("First a
 * 1 ... now a 7"), then each class's probability (y, 0..100%) against the replay's time (x,
 * seconds, pauses shortened), a line per class in its own colour, the classes that were ever
 * the answer named at their line's end, a cursor at the moment shown; the note on the timing
 * under it. On the canvas, a tag with the class where the answer changed, at the last point
 * drawn then.
 */
#include "draw/render_views.h"

#include <stdio.h>

#include "draw/app_replay.h"

/* A colour per class for the chart's lines and the canvas's tags: ten that stay apart, light
 * ones on the dark theme's background and dark ones (each at least 4.5:1 on white) on the
 * light theme's; a model of more classes repeats them. */
static SDL_Color class_colour(int cls)
{
    static const SDL_Color on_dark[10] = {
        {78, 161, 255, 255},  {255, 196, 0, 255},   {236, 90, 90, 255},  {91, 214, 140, 255},
        {200, 120, 255, 255}, {255, 140, 40, 255},  {80, 220, 230, 255}, {255, 120, 200, 255},
        {190, 200, 90, 255},  {220, 220, 220, 255},
    };
    static const SDL_Color on_light[10] = {
        {0, 84, 190, 255},   {128, 90, 0, 255},   {190, 20, 20, 255}, {0, 120, 55, 255},
        {115, 40, 180, 255}, {170, 70, 0, 255},   {0, 110, 120, 255}, {170, 20, 110, 255},
        {90, 100, 0, 255},   {70, 70, 70, 255},
    };
    int i = (cls % 10 + 10) % 10;
    return render_theme == THEME_LIGHT ? on_light[i] : on_dark[i];
}

/* Where the chart's parts go in the body b: the sentence, the plot, the note. */
static void parts(const Layout *l, SDL_Rect b, SDL_Rect *story, SDL_Rect *plot, SDL_Rect *note)
{
    int big = iround(1.25f * (float)l->font_title), f = l->font_view;
    *story = box(b.x, b.y, b.w, iround(1.5f * (float)big));
    *note = box(b.x, b.y + b.h - iround(2.6f * (float)f), b.w, iround(2.6f * (float)f));
    int left = iround(3.2f * (float)f), right = iround(2.2f * (float)f);
    int top = story->y + story->h + f, bottom = note->y - iround(1.6f * (float)f);
    *plot = box(b.x + left, top, b.w - left - right, bottom - top);
}

void replay_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    (void)v;
    const AppReplay *r = app_replay_state(s);
    uint64_t k = key_int(KEY_START, r ? (long long)r->serial : -1);
    k = key_int(k, r ? r->state : 0);
    k = key_int(k, s->active);
    k = key_float(k, r && r->state == APP_REPLAY_PLAYING ? r->at_ms : -1.0f);
    render_item_whole(rd, sdl_rect(l->view_body), k);
}

/* The plot's x for replay time t (ms) and y for probability p. */
static int px_of(SDL_Rect p, float total, float t)
{
    return p.x + iround((float)p.w * (total > 0.0f ? t / total : 0.0f));
}
static int py_of(SDL_Rect p, float prob)
{
    return p.y + p.h - iround((float)p.h * prob);
}

/* The axes, their grid lines and numbers. */
static void draw_axes(Render *rd, const Layout *l, SDL_Rect p, float total)
{
    int f = l->font_view;
    for (int q = 0; q <= 4; q++) {
        int y = py_of(p, (float)q / 4.0f);
        render_fill(rd->r, box(p.x, y, p.w, l->line), q == 0 ? C_BORDER : C_TRACK);
        char t[16];
        snprintf(t, sizeof t, "%d%%", q * 25);
        text_draw(rd->text, t, f, TEXT_REGULAR, C_DIM, box(p.x - iround(3.1f * (float)f), y - f,
                                                           iround(2.9f * (float)f), 2 * f),
                  TEXT_RIGHT);
    }
    render_fill(rd->r, box(p.x, p.y, l->line, p.h), C_BORDER);
    float secs = total / 1000.0f;
    float step = secs <= 2.0f ? 0.5f : secs <= 6.0f ? 1.0f : secs <= 15.0f ? 2.0f : 5.0f;
    for (float t = 0.0f; t <= secs + 1e-3f; t += step) {
        int x = px_of(p, secs, t);
        render_fill(rd->r, box(x, p.y + p.h, l->line, f / 2), C_BORDER);
        char lab[16];
        snprintf(lab, sizeof lab, step < 1.0f ? "%.1f s" : "%.0f s", (double)t);
        text_draw(rd->text, lab, f, TEXT_REGULAR, C_DIM,
                  box(x - 2 * f, p.y + p.h + f / 2, 4 * f, iround(1.2f * (float)f)),
                  TEXT_CENTER);
    }
}

/* 1 if class c was ever the answer (it has a mark): its line is drawn thick and named. */
static int was_answer(const AppReplay *r, int c)
{
    for (int m = 0; m < r->n_marks; m++)
        if (r->marks[m].cls == c)
            return 1;
    return 0;
}

/* Class c's line through the samples, t thick. */
static void draw_line(Render *rd, const AppReplay *r, SDL_Rect p, float total, int c, int t)
{
    SDL_Color col = class_colour(c);
    if (!was_answer(r, c))
        col.a = 150;
    SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(rd->r, col.r, col.g, col.b, col.a);
    for (int i = 1; i < r->n_samples; i++) {
        const AppReplaySample *a = &r->samples[i - 1], *b = &r->samples[i];
        int x0 = px_of(p, total, a->at_ms), x1 = px_of(p, total, b->at_ms);
        int y0 = py_of(p, a->probs[c]), y1 = py_of(p, b->probs[c]);
        for (int d = 0; d < t; d++)
            SDL_RenderDrawLine(rd->r, x0, y0 - t / 2 + d, x1, y1 - t / 2 + d);
    }
}

void replay_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    (void)v;
    const AppReplay *r = app_replay_state(s);
    if (!r)
        return;
    SDL_Rect story, p, note;
    parts(l, sdl_rect(l->view_body), &story, &p, &note);
    char text[240];
    app_replay_story(s, text, sizeof text);
    text_draw(rd->text, text, iround(1.25f * (float)l->font_title), TEXT_BOLD, C_ACCENT, story,
              TEXT_LEFT);
    float total = r->total_ms > 0.0f ? r->total_ms : 1.0f;
    draw_axes(rd, l, p, total);
    int thin = SDL_max(1, l->line), thick = SDL_max(3, iround((float)l->font_view / 6.0f));
    for (int c = 0; c < r->n_classes; c++) /* the others first, the answers over them */
        if (!was_answer(r, c))
            draw_line(rd, r, p, total, c, thin);
    for (int c = 0; c < r->n_classes; c++)
        if (was_answer(r, c))
            draw_line(rd, r, p, total, c, thick);
    /* the answers' names at their lines' ends */
    if (r->n_samples > 0) {
        const AppReplaySample *last = &r->samples[r->n_samples - 1];
        int x = px_of(p, total, last->at_ms) + l->font_view / 3;
        for (int c = 0; c < r->n_classes; c++)
            if (was_answer(r, c)) {
                int y = py_of(p, last->probs[c]);
                text_draw(rd->text, app_label(s, c), l->font_title, TEXT_BOLD, class_colour(c),
                          box(x, y - l->font_title, 4 * l->font_title, 2 * l->font_title),
                          TEXT_LEFT);
            }
        /* the moment shown */
        if (r->state == APP_REPLAY_PLAYING)
            render_fill(rd->r, box(px_of(p, total, r->at_ms), p.y, l->line, p.h), C_TEXT);
    }
    char timing[160];
    app_replay_note(s, timing, sizeof timing);
    snprintf(text, sizeof text, "%s. %s", timing,
             r->state == APP_REPLAY_PLAYING ? "Any key or click stops it."
                                            : "R replays it, Esc closes this chart.");
    text_draw_wrapped(rd->text, text, l->font_view, TEXT_REGULAR, C_DIM, note);
}

/* The tag of mark m on the canvas c: a box around its class's name, above its point. */
static SDL_Rect mark_box(const Layout *l, SDL_Rect c, const AppReplayMark *m)
{
    float cell = (float)c.w / (float)APP_SIDE;
    int f = l->font_normal, w = iround(1.6f * (float)f), h = iround(1.5f * (float)f);
    int x = c.x + iround(m->x * cell) - w / 2, y = c.y + iround(m->y * cell) - h - f / 2;
    x = SDL_min(SDL_max(x, c.x), c.x + c.w - w);
    y = SDL_min(SDL_max(y, c.y), c.y + c.h - h);
    return box(x, y, w, h);
}

/* The marks shown: while the chart is up, every mark read so far. */
static int marks_shown(const AppState *s)
{
    const AppReplay *r = app_replay_state(s);
    return r && s->view == LAYOUT_VIEW_REPLAY ? r->n_marks : 0;
}

void replay_marks_items(Render *rd, const AppState *s, const Layout *l)
{
    const AppReplay *r = app_replay_state(s);
    uint64_t k = KEY_START;
    for (int m = 0; m < marks_shown(s); m++)
        k = key_bytes(k, &r->marks[m], sizeof r->marks[m]);
    render_item(rd, marks_shown(s) ? grow(sdl_rect(l->canvas), l->line) : box(0, 0, 0, 0), k);
}

void replay_marks_draw(Render *rd, const AppState *s, const Layout *l)
{
    const AppReplay *r = app_replay_state(s);
    SDL_Rect c = sdl_rect(l->canvas);
    for (int m = 0; m < marks_shown(s); m++) {
        SDL_Rect b = mark_box(l, c, &r->marks[m]);
        SDL_Color col = class_colour(r->marks[m].cls);
        render_fill(rd->r, b, C_PANEL);
        render_border(rd->r, b, SDL_max(2, l->line * 2), col);
        text_draw(rd->text, app_label(s, r->marks[m].cls), l->font_normal, TEXT_BOLD, col, b,
                  TEXT_CENTER);
    }
}
