/* render_view_unit.c - one unit up close, in the activations view's place while it is picked
 * (render_views.h): its incoming weights as images (white-centred blue-orange, scaled to its
 * own largest |weight|), its weighted input written out with the numbers of the drawing now
 * (view_unit.h), and the button that knocks it out or puts it back. The row left for the
 * digits that excite it most (closeup.digits) is drawn by their view.
 */
#include "draw/render_views.h"

#include <stdio.h>
#include <stdlib.h>

#include "draw/view_unit.h"
#include "nn/knockout.h"

/* What the close-up shows now: its title, the sum's lines (0 of them before a drawing) and
 * whether the unit is knocked out. */
typedef struct Closeup {
    const NnModel *m;
    unsigned version;  /* the app's weights_version: the weights changed in place */
    const NnLayer *L;
    int layer, unit, off;
    const float *w;  /* its incoming weights (per of them) */
    int per;
    float scale;     /* their largest |value| */
    char title[160];
    int n_lines;
    char lines[VIEW_UNIT_LINES][VIEW_UNIT_LINE];
} Closeup;

/* The unit's input now: the previous layer's output, or the model's input made from what the
 * network sees (into x, m->n_in floats) for the first layer; NULL before a drawing. */
static const float *unit_input(const AppState *s, const NnModel *m, int layer, float *x)
{
    if (layer > 0)
        return app_view_output(s, layer - 1);
    if (!app_view_output(s, 0))
        return NULL;
    ink_classify_input(m, s->seen, x);
    return x;
}

static void closeup_now(const AppState *s, Closeup *c)
{
    c->m = app_model(s);
    c->version = s->weights_version;
    if (!app_closeup(s, &c->layer, &c->unit) || !c->m) {
        c->m = NULL;
        return;
    }
    c->L = &c->m->layers[c->layer];
    int conv = c->L->type == NN_LAYER_CONV2D;
    c->per = conv ? c->L->in.c * c->L->kernel * c->L->kernel : c->L->n_in;
    c->w = c->L->weight + (size_t)c->unit * (size_t)c->per;
    c->scale = view_max_abs(c->w, c->per);
    c->off = nn_knockout_is_set(c->m, c->layer, c->unit);
    int last = c->layer == c->m->n_layers - 1;
    char what[64];
    if (last)
        snprintf(what, sizeof what, "class %s", app_label(s, c->unit));
    else
        snprintf(what, sizeof what, "%s %d", conv ? "filter" : "unit", c->unit + 1);
    snprintf(c->title, sizeof c->title, "%s \xc2\xb7 layer %d (%s, %s)%s", what, c->layer + 1,
             nn_layer_type_name(c->L->type), nn_act_name(c->L->act),
             c->off ? " \xc2\xb7 KNOCKED OUT" : "");
    c->n_lines = 0;
    float *x = malloc((size_t)c->m->n_in * sizeof *x);
    const float *in = x ? unit_input(s, c->m, c->layer, x) : NULL;
    const float *out = app_view_output(s, c->layer);
    NnUnitSum u;
    if (in && out && nn_unit_sum(c->m, c->layer, c->unit, in, &u, NULL) == 0) {
        int o = conv ? c->unit * c->L->out.h * c->L->out.w + u.pos : c->unit;
        c->n_lines = view_unit_lines(c->m, c->layer, &u, out[o], c->off, c->lines);
    }
    free(x);
}

static uint64_t weights_key(const Closeup *c)
{
    uint64_t k = key_bytes(KEY_START, &c->m, sizeof c->m);
    k = key_int(k, (long long)c->version);
    return key_int(key_int(k, c->layer), c->unit);
}

static const char *knock_label(const Closeup *c)
{
    return c->off ? "Put it back (K)" : "Knock it out (K)";
}

void closeup_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    Closeup c;
    closeup_now(s, &c);
    const ViewCloseup *u = &v->closeup;
    if (!c.m)
        return;
    render_item(rd, sdl_rect(u->title), key_str(KEY_START, c.title));
    render_item(rd, grow(sdl_rect(u->weights.grid), l->line), weights_key(&c));
    uint64_t k = KEY_START;
    for (int i = 0; i < c.n_lines; i++)
        k = key_str(k, c.lines[i]);
    render_item(rd, sdl_rect(u->sum), k);
    render_item(rd, sdl_rect(u->knock),
                key_int(key_str(KEY_START, knock_label(&c)), app_knockouts(s)));
    render_item(rd, sdl_rect(v->legend), key_float(KEY_START, c.scale));
    render_item(rd, sdl_rect(v->readout), KEY_START);
    excited_items(rd, s, u->digits, v->font);
}

/* The sum's lines: the formula dim (over two lines of r's, wrapped), the terms plain, z bold,
 * the output in the accent colour (a knocked-out one in the warning colour). */
static void draw_lines(Render *rd, const Closeup *c, LayoutRect r, int font)
{
    if (c->n_lines == 0) {
        text_draw_wrapped(rd->text, "Draw on the canvas to see this unit's sum with the "
                          "numbers of your drawing.", font, TEXT_REGULAR, C_DIM, sdl_rect(r));
        return;
    }
    int lh = r.h / (VIEW_UNIT_LINES + 1), fs = SDL_min(font * 6 / 5, lh * 5 / 6);
    for (int i = 1; i < c->n_lines; i++) { /* one size for the sum: its widest line fits */
        int w, h;
        text_measure(rd->text, c->lines[i], fs, TEXT_BOLD, &w, &h);
        if (w > r.w && w > 0)
            fs = SDL_max(1, fs * r.w / w);
    }
    text_draw_wrapped(rd->text, c->lines[0], SDL_min(fs, font), TEXT_REGULAR, C_DIM,
                      box(r.x, r.y, r.w, 2 * lh));
    for (int i = 1; i < c->n_lines; i++) {
        int z = i == c->n_lines - 2, last = i == c->n_lines - 1;
        SDL_Color col = last ? (c->off ? C_WARN : C_ACCENT) : C_TEXT;
        text_draw(rd->text, c->lines[i], fs, z || last ? TEXT_BOLD : TEXT_REGULAR, col,
                  box(r.x, r.y + (i + 1) * lh, r.w, lh), TEXT_LEFT);
    }
}

static void draw_knock(Render *rd, const AppState *s, const Closeup *c, LayoutRect r, int font,
                       int line)
{
    SDL_Rect b = sdl_rect(r);
    if (c->layer == c->m->n_layers - 1) { /* the classes cannot be knocked out */
        text_draw(rd->text, "The output layer's units are the classes: none to knock out",
                  font, TEXT_REGULAR, C_DIM, box(b.x, b.y, 3 * b.w, b.h), TEXT_LEFT);
        return;
    }
    render_fill(rd->r, b, c->off ? C_WARN : C_TRACK);
    render_border(rd->r, b, SDL_max(1, line), C_BORDER);
    text_draw(rd->text, knock_label(c), font, TEXT_BOLD, c->off ? C_ON_ACCENT : C_TEXT, b,
              TEXT_CENTER);
    int n = app_knockouts(s);
    char note[96];
    if (n > 0) {
        snprintf(note, sizeof note, "%d knocked out \xc2\xb7 Shift+K: all back", n);
        text_draw(rd->text, note, font, TEXT_REGULAR, C_DIM,
                  box(b.x + b.w + font, b.y, 3 * b.w, b.h), TEXT_LEFT);
    }
}

void closeup_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    Closeup c;
    closeup_now(s, &c);
    const ViewCloseup *u = &v->closeup;
    if (!c.m)
        return;
    text_draw(rd->text, c.title, v->font, TEXT_BOLD, c.off ? C_WARN : C_TEXT, sdl_rect(u->title),
              TEXT_LEFT);
    view_draw_tiles(rd, 0, &u->weights, c.w, c.scale > 0.0f ? c.scale : 1.0f, view_ramp_light,
                    weights_key(&c));
    draw_lines(rd, &c, u->sum, v->font);
    /* the button's width fits its longer label */
    draw_knock(rd, s, &c, u->knock, v->font, l->line);
    char note[160];
    snprintf(note, sizeof note, "its incoming weights, scaled to the largest |weight| %.2g: "
             "orange raises z where the input is on, blue lowers it", (double)c.scale);
    view_draw_legend(rd, v->legend, v->font, view_ramp_light, "\xe2\x88\x92largest", "0",
                     "+largest", note);
    text_draw(rd->text, "Click the title above or press L: every layer again.",
              v->font, TEXT_REGULAR, C_DIM, sdl_rect(v->readout), TEXT_LEFT);
    excited_draw(rd, s, u->digits, v->font);
}
