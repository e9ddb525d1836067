/* render_controls.c - the toolbar: a button per on-screen control, with its name and, under it,
 * its key, and the brush's size and the model's number between their buttons.
 *
 * A button is a filled box with a border, lighter under the mouse; pressed (its pointer over
 * it) it turns amber; a switch that is on is lit (amber border and name) and says "on", one
 * that is off says "off"; a disabled button is an outline with dim text. Only reads AppState
 * and Layout.
 */
#include "draw/render_controls.h"

#include <math.h>
#include <stdio.h>

#include "draw/render_internal.h"

/* the buttons' colours, the theme's (theme.h) */
#define B_FACE C_BUTTON
#define B_HOVER C_BUTTON_HOVER /* under the mouse */
#define B_EDGE C_BUTTON_EDGE
#define B_TEXT C_TEXT
#define B_KEY C_DIM
#define B_PRESSED C_ACCENT /* the app's accent */
#define B_ON_PRESSED C_ON_ACCENT
#define B_LIT C_LIT
#define B_LIT_HOVER C_LIT_HOVER
#define B_OFF_EDGE C_OFF_EDGE
#define B_OFF_TEXT C_OFF_TEXT

/* A border of thickness t just inside rc. */
static void edge(SDL_Renderer *r, SDL_Rect rc, int t, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    for (int i = 0; i < t && 2 * i < rc.w && 2 * i < rc.h; i++) {
        SDL_Rect in = {rc.x + i, rc.y + i, rc.w - 2 * i, rc.h - 2 * i};
        SDL_RenderDrawRect(r, &in);
    }
}

/* Control c's name size and side padding in rc: a view tab's names and the train view's
 * buttons' share one size and keep less padding (layout.h's font_tab), the other buttons' the
 * buttons' size. */
static int name_size(const Layout *l, LayoutControl c, SDL_Rect rc, int *pad)
{
    int tab = (c >= LAYOUT_CTL_VIEW_ACTS && c < LAYOUT_CTL_VIEW_ACTS + LAYOUT_VIEW_TABS) ||
              (c >= LAYOUT_CTL_TRAIN_SEED && c <= LAYOUT_CTL_TRAIN_SAVE);
    *pad = rc.w / (tab ? LAYOUT_TAB_PAD : 12);
    return tab ? l->font_tab : l->font_control;
}

/* Where two lines go in rc, a name (size) over a smaller note (*note_size): their boxes, pad
 * taken off each side. Returns 0, with only *top set (all of rc), when rc is too low for
 * both. */
static int line_boxes(SDL_Rect rc, int size, int pad, SDL_Rect *top, SDL_Rect *bottom,
                      int *note_size)
{
    *note_size = (int)lroundf(0.72f * (float)size);
    if (rc.h < size + *note_size + size / 2) {
        *top = box(rc.x + pad, rc.y, rc.w - 2 * pad, rc.h);
        *bottom = box(rc.x + pad, rc.y + rc.h, 0, 0);
        return 0;
    }
    int name_h = (int)lroundf(1.25f * (float)size);
    int note_h = (int)lroundf(1.2f * (float)*note_size);
    int y = rc.y + (rc.h - name_h - note_h) / 2;
    *top = box(rc.x + pad, y, rc.w - 2 * pad, name_h);
    *bottom = box(rc.x + pad, y + name_h, rc.w - 2 * pad, note_h);
    return 1;
}

/* Two lines in rc, a name over a smaller note, both centred; only the name when rc is too low
 * for both. */
static void two_lines(Text *t, SDL_Rect rc, int size, int pad, const char *name,
                      SDL_Color name_c, TextFace face, const char *note, SDL_Color note_c)
{
    SDL_Rect top, bottom;
    int note_size;
    int both = line_boxes(rc, size, pad, &top, &bottom, &note_size);
    text_draw(t, name, size, face, name_c, top, TEXT_CENTER);
    if (both)
        text_draw(t, note, note_size, TEXT_REGULAR, note_c, bottom, TEXT_CENTER);
}

int render_control_caption(const AppState *s, const Layout *l, LayoutControl c, char *buf,
                           size_t n, int *size, SDL_Rect *where)
{
    const char *key = app_control_key(c);
    int is_switch = c == LAYOUT_CTL_ERASER || c == LAYOUT_CTL_STEPS ||
                    c == LAYOUT_CTL_PREPROCESS || c == LAYOUT_CTL_FLIP || c == LAYOUT_CTL_HELP ||
                    c == LAYOUT_CTL_VIEWS || c == LAYOUT_CTL_THEME || c == LAYOUT_CTL_REPLAY ||
                    c == LAYOUT_CTL_TEACH || c == LAYOUT_CTL_CHALLENGE;
    if (is_switch)
        snprintf(buf, n, "%s \xc2\xb7 %s", app_control_on(s, c) ? "on" : "off", key);
    else if (c == LAYOUT_CTL_SIZE) /* the size it shows, and its key */
        snprintf(buf, n, "%d%% \xc2\xb7 %s",
                 (int)lroundf(100.0f * layout_size_factor(s->size_step)), key);
    else if (c == LAYOUT_CTL_TRAIN_SPEED) /* its name is the speed: the note says what of */
        snprintf(buf, n, "speed \xc2\xb7 %s", key);
    else
        snprintf(buf, n, "%s", key);
    SDL_Rect top, rc = sdl_rect(l->controls[c]);
    int pad, name = name_size(l, c, rc, &pad);
    return line_boxes(rc, name, pad, &top, where, size);
}

static void button(Render *rd, const AppState *s, const Layout *l, LayoutControl c)
{
    SDL_Rect rc = sdl_rect(l->controls[c]);
    if (rc.w < 1 || rc.h < 1)
        return;
    int enabled = app_control_enabled(s, c);
    int pressed = s->control_down == c && s->control_armed;
    int on = app_control_on(s, c);
    int t = l->line > 1 ? l->line : 1;

    SDL_Color face = B_FACE, border = B_EDGE, name_c = B_TEXT, key_c = B_KEY;
    if (!enabled) {
        face = (SDL_Color){0, 0, 0, 0};
        border = B_OFF_EDGE;
        name_c = key_c = B_OFF_TEXT;
    } else if (pressed) {
        face = border = B_PRESSED;
        name_c = key_c = B_ON_PRESSED;
    } else if (on) {
        face = B_LIT;
        border = name_c = B_PRESSED;
    }
    if (enabled && !pressed && s->control_hover == c && s->control_down == LAYOUT_CTL_NONE)
        face = on ? B_LIT_HOVER : B_HOVER;
    if (face.a)
        render_fill(rd->r, rc, face);
    edge(rd->r, rc, on && !pressed ? 2 * t : t, border);

    char note[64];
    SDL_Rect where;
    int note_size;
    render_control_caption(s, l, c, note, sizeof note, &note_size, &where);
    if (pressed) /* the content sinks a little under the finger */
        rc.y += t;
    int pad, size = name_size(l, c, rc, &pad);
    two_lines(rd->text, rc, size, pad, app_control_name(s, c), name_c, TEXT_BOLD, note, key_c);
}

void render_controls_items(Render *rd, const AppState *s, const Layout *l)
{
    int t = l->line > 1 ? l->line : 1;
    for (int c = 0; c < LAYOUT_ALL_CONTROLS; c++) {
        if (l->controls[c].w < 1)
            continue; /* the view area's, while it is closed */
        uint64_t k = key_int(KEY_START, app_control_enabled(s, (LayoutControl)c));
        k = key_int(k, s->control_down == c && s->control_armed);
        k = key_int(k, app_control_on(s, (LayoutControl)c));
        k = key_int(k, s->control_hover == c && s->control_down == LAYOUT_CTL_NONE);
        k = key_str(k, app_control_name(s, (LayoutControl)c)); /* Start, Pause, Resume */
        /* a pressed button's content sinks by t: its box may reach that far below */
        render_item(rd, grow(sdl_rect(l->controls[c]), t), k);
    }
    render_item(rd, sdl_rect(l->brush_size), key_float(KEY_START, s->brush));
    render_item(rd, sdl_rect(l->model_label),
                key_int(key_int(KEY_START, s->n_models), s->active));
}

void render_controls(Render *rd, const AppState *s, const Layout *l)
{
    for (int c = 0; c < LAYOUT_ALL_CONTROLS; c++)
        button(rd, s, l, (LayoutControl)c);

    char size[32], which[32];
    snprintf(size, sizeof size, "%.1f", (double)s->brush);
    SDL_Rect brush = sdl_rect(l->brush_size), model = sdl_rect(l->model_label);
    two_lines(rd->text, brush, l->font_control, brush.w / 12, size, B_TEXT, TEXT_BOLD, "brush",
              B_KEY);
    if (s->n_models > 0)
        snprintf(which, sizeof which, "%d of %d", s->active + 1, s->n_models);
    else
        snprintf(which, sizeof which, "none");
    two_lines(rd->text, model, l->font_control, model.w / 12, which,
              s->n_models > 1 ? B_TEXT : B_OFF_TEXT, TEXT_BOLD, "model", B_KEY);
}
