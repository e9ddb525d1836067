/* render_bars.c - the probability bars and the two bottom lines of a frame
 * (render_internal.h). Each bar's row is an item, keyed by what it shows down to the bar's
 * length in pixels, so a row draws again only when its label, bar or percentage changes. When
 * the model refuses the answer ("not a digit") the bars stay, greyed, with no class lit. While
 * the saliency shows over the canvas, its class's row is outlined and tagged with the map's
 * colour scale at its bar's end, so the class asked about ("why not 7?") shows where it was
 * clicked.
 */
#include "draw/render_internal.h"

#include <stdio.h>

#include "draw/render_views.h"

/* ---- probability bars ---- */

/* Where the bars go, the same for every row. */
typedef struct Bars {
    int n;            /* rows (classes), 0 for none */
    SDL_Rect b;       /* the bars' rect */
    int row_h, size, pct_w, pad, label_w, track_x, track_w, bar_h;
    TextAlign align;
} Bars;

static Bars bars_geometry(Text *t, const AppState *s, const Layout *l)
{
    Bars g = {0};
    const NnModel *m = app_model(s);
    g.n = s->n_probs > 0 ? s->n_probs : m ? m->info.n_classes : 10;
    if (g.n < 1) {
        g.n = 0;
        return g;
    }
    g.b = sdl_rect(l->bars);
    int fn = l->font_normal;
    g.row_h = g.b.h / g.n;
    g.pct_w = iround(3.8f * (float)fn);
    g.pad = fn / 2;
    g.size = g.row_h < iround(1.3f * (float)fn) ? iround(0.75f * (float)g.row_h) : fn;
    /* digits sit centred in a narrow column; names ("Ankle boot") get the width of the longest,
     * right-aligned against their bars, up to 40 % of the panel */
    g.label_w = iround(1.8f * (float)fn);
    g.align = TEXT_CENTER;
    if (!app_reads_digits(s)) {
        int widest = 0;
        for (int i = 0; i < g.n; i++) {
            int w = 0, h = 0;
            text_measure(t, app_label(s, i), g.size, TEXT_BOLD, &w, &h);
            widest = w > widest ? w : widest;
        }
        g.label_w = SDL_min(SDL_max(g.label_w, widest + g.pad), g.b.w * 2 / 5);
        g.align = TEXT_RIGHT;
    }
    g.track_x = g.b.x + g.label_w + g.pad;
    g.track_w = g.b.w - g.label_w - g.pct_w - 2 * g.pad;
    g.bar_h = iround(0.62f * (float)g.row_h);
    return g;
}

/* Row i's probability (0..1) and the length of its bar, pixels. */
static float row_p(const AppState *s, const Bars *g, int i, int *fw)
{
    float p = s->probs[i] < 0.0f ? 0.0f : s->probs[i] > 1.0f ? 1.0f : s->probs[i];
    *fw = iround(p * (float)SDL_max(g->track_w, 0));
    return p;
}

void bars_items(Render *rd, const AppState *s, const Layout *l)
{
    Bars g = bars_geometry(rd->text, s, l);
    uint64_t common = key_bytes(KEY_START, &g, sizeof g);
    common = key_int(key_int(common, s->verdict == APP_REFUSED), s->verdict == APP_LEANING);
    char pct[32];
    for (int i = 0; i < g.n; i++) {
        uint64_t k = key_int(key_str(common, app_label(s, i)), s->n_probs > 0);
        if (s->n_probs > 0) {
            int fw;
            app_percent(row_p(s, &g, i, &fw), pct, sizeof pct);
            k = key_str(key_int(key_int(k, i == s->top), fw), pct);
        }
        k = key_int(k, i == app_bar_marked(s));
        render_item(rd, box(g.b.x, g.b.y + i * g.row_h, g.b.w, g.row_h), k);
    }
}

/* The row at y whose class the saliency shows: a frame inside the row, and at the end of its
 * track (track) a tag of the map's colour scale, framed in black so it stands out on the bar
 * and off it. */
static void mark_row(Render *rd, const Bars *g, int y, SDL_Rect track, int line)
{
    int t = SDL_max(2, 2 * line);
    render_border(rd->r, grow(box(g->b.x, y, g->b.w, g->row_h), -t), t, C_TEXT);
    int tw = SDL_min(2 * g->bar_h, track.w / 3);
    SDL_Rect tag = box(track.x + track.w - tw - t, track.y + t, tw, track.h - 2 * t);
    render_border(rd->r, tag, t, C_ON_ACCENT);
    render_ramp(rd->r, tag, view_ramp_canvas, 16);
}

void bars_draw(Render *rd, const AppState *s, const Layout *l)
{
    Text *t = rd->text;
    Bars g = bars_geometry(t, s, l);
    char pct[32];
    int refused = s->verdict == APP_REFUSED;
    SDL_Color named = s->verdict == APP_LEANING ? C_LEANING : C_ACCENT; /* the top class */
    for (int i = 0; i < g.n; i++) {
        int y = g.b.y + i * g.row_h;
        int top = s->n_probs > 0 && i == s->top && !refused;
        SDL_Rect track = box(g.track_x, y + (g.row_h - g.bar_h) / 2, g.track_w, g.bar_h);
        render_fill(rd->r, track, C_TRACK);
        text_draw(t, app_label(s, i), g.size, TEXT_BOLD,
                  top ? named : s->n_probs > 0 && !refused ? C_TEXT : C_DIM,
                  box(g.b.x, y, g.label_w, g.row_h), g.align);
        if (s->n_probs == 0)
            continue;
        int fw;
        float p = row_p(s, &g, i, &fw);
        render_fill(rd->r, box(track.x, track.y, fw, track.h),
                    top ? named : refused ? C_BAR_OFF : C_BAR);
        app_percent(p, pct, sizeof pct);
        text_draw(t, pct, g.size, top ? TEXT_BOLD : TEXT_REGULAR, top ? C_TEXT : C_DIM,
                  box(g.b.x + g.b.w - g.pct_w, y, g.pct_w, g.row_h), TEXT_RIGHT);
        if (i == app_bar_marked(s))
            mark_row(rd, &g, y, track, l->line);
    }
}

/* ---- bottom lines ---- */

static const char *const footer_hint = "Draw with a finger, a pen or the left button. The Eraser "
                                       "(E) or the right button rubs out. H: every key.";
/* ... and shorter, for a narrower line or larger type: the longest that fits is shown, at the
 * lines' size, rather than the first shrunk to fit */
static const char *const footer_hints[] = {
    footer_hint,
    "Draw with a finger, a pen or the mouse. E: Eraser. H: every key.",
    "Draw a digit. H: every key.",
};

/* The status line's left part: the model, its accuracy, the last update's time, the brush. */
static void status_info_short(const AppState *s, int shorter, char *info, size_t size);
static void status_info(const AppState *s, char *info, size_t size)
{
    status_info_short(s, 0, info, size);
}

/* The same, shorter for a narrow line or large type: 0 all of it, 1 the model and its
 * accuracy ("mnist-cnn \xc2\xb7 99.4%"), 2 the model's name alone. */
static void status_info_short(const AppState *s, int shorter, char *info, size_t size)
{
    int n = 0;
    const NnModel *m = app_model(s);
    if (m) {
        n = snprintf(info, size, "%s", s->models[s->active].name);
        float acc = m->info.train.test_accuracy;
        if (acc >= 0.0f && n < (int)size && shorter < 2)
            n += snprintf(info + n, size - (size_t)n,
                          shorter ? " \xc2\xb7 %.1f%%" : " \xc2\xb7 test accuracy %.1f%%",
                          (double)(100.0f * acc));
        if (shorter)
            return;
        if (s->n_probs > 0 && n < (int)size)
            n += snprintf(info + n, size - (size_t)n, " \xc2\xb7 %.0f \xc2\xb5s", s->infer_us);
    } else if (s->active >= 0) {
        n = snprintf(info, size, "%s: not loaded", s->models[s->active].name);
    } else {
        n = snprintf(info, size, "no model");
    }
    if (n < (int)size && !shorter)
        snprintf(info + n, size - (size_t)n, " \xc2\xb7 brush %.1f", (double)s->brush);
}

void footer_items(Render *rd, const AppState *s, const Layout *l)
{
    render_item(rd, sdl_rect(l->message),
                key_int(key_str(KEY_START, s->message[0] ? s->message : footer_hint),
                        s->message_error));
    char info[400];
    status_info(s, info, sizeof info);
    /* a message too long for its line takes the status line's too */
    render_item(rd, sdl_rect(l->status), key_str(key_str(KEY_START, info), s->message));
}

void footer_draw(Render *rd, const AppState *s, const Layout *l)
{
    Text *t = rd->text;
    int fs = l->font_small;
    SDL_Rect msg = sdl_rect(l->message);
    if (s->message[0]) {
        SDL_Color c = s->message_error ? C_ERROR : C_OK;
        int mw, mh;
        text_measure(t, s->message, fs, TEXT_REGULAR, &mw, &mh);
        if (mw > msg.w) { /* too long for its line: on both lines, the status line's too */
            SDL_Rect both = sdl_rect(l->status);
            text_draw_wrapped(t, s->message, fs, TEXT_REGULAR, c,
                              box(msg.x, msg.y, msg.w, both.y + both.h - msg.y));
            return;
        }
        text_draw(t, s->message, fs, TEXT_REGULAR, c, msg, TEXT_LEFT);
    } else {
        size_t n = sizeof footer_hints / sizeof footer_hints[0], i = 0;
        for (int hw, hh; i + 1 < n; i++) {
            text_measure(t, footer_hints[i], fs, TEXT_REGULAR, &hw, &hh);
            if (hw <= msg.w)
                break;
        }
        text_draw(t, footer_hints[i], fs, TEXT_REGULAR, C_DIM, msg, TEXT_LEFT);
    }

    char info[400];
    status_info(s, info, sizeof info);
    /* the useful keys the toolbar does not show, fewer on narrow windows */
    static const char *keys[] = {
        ("Ctrl+O open \xc2\xb7 Ctrl+S save \xc2\xb7 F11 full screen \xc2\xb7 F12 "
         "screenshot"),
        "Ctrl+O open \xc2\xb7 Ctrl+S save \xc2\xb7 F11 full screen",
        "Ctrl+S save",
    };
    SDL_Rect st = sdl_rect(l->status);
    int iw, ih, kw = 0, kh;
    text_measure(t, info, fs, TEXT_REGULAR, &iw, &ih);
    for (int shorter = 1; shorter <= 2 && iw > st.w; shorter++) { /* rather than shrink it */
        status_info_short(s, shorter, info, sizeof info);
        text_measure(t, info, fs, TEXT_REGULAR, &iw, &ih);
    }
    const char *k = NULL;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        text_measure(t, keys[i], fs, TEXT_REGULAR, &kw, &kh);
        if (iw + 2 * fs + kw <= st.w) {
            k = keys[i];
            break;
        }
    }
    text_draw(t, info, fs, TEXT_REGULAR, C_TEXT, k ? box(st.x, st.y, iw, st.h) : st, TEXT_LEFT);
    if (k)
        text_draw(t, k, fs, TEXT_REGULAR, C_DIM, st, TEXT_RIGHT);
}
