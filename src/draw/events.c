/* events.c - SDL_Event -> app_* calls: pointer, fingers, keys, dropped files, window changes.
 *
 * Mouse events SDL synthesises from touches are ignored (the finger events draw instead), so a
 * touch never draws twice. [ and ] arrive as text input, which follows the keyboard layout.
 * While the Open prompt is up, text input goes into it and keys only edit it.
 */
#include "draw/events.h"

#include <limits.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static void to_cells(const EventContext *c, float x_pt, float y_pt, float *cx, float *cy,
                     int *inside)
{
    *inside = layout_to_cells(c->layout, x_pt * c->px_per_pt_x, y_pt * c->px_per_pt_y, cx, cy);
}

/* The same for a press: 1 if it starts a stroke (on the canvas or just off its edge). */
static int press_cells(const EventContext *c, float x_pt, float y_pt, float *cx, float *cy)
{
    return layout_press_cells(c->layout, x_pt * c->px_per_pt_x, y_pt * c->px_per_pt_y, cx, cy);
}

static void save(AppState *s)
{
    char dir[PATH_MAX];
    if (!getcwd(dir, sizeof dir)) {
        app_message(s, 1, "cannot save: the current folder is unknown");
        return;
    }
    app_save_drawing(s, dir, time(NULL));
}

/* Keys while the Open prompt is up: they edit it and do nothing else (Ctrl+Q still quits;
 * Esc closes it and leaves full screen). */
static void prompt_key(AppState *s, SDL_Keycode sym, int ctrl)
{
    switch (sym) {
    case SDLK_ESCAPE:
        app_escape(s);
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        app_prompt_submit(s);
        break;
    case SDLK_BACKSPACE:
        app_prompt_backspace(s);
        break;
    case SDLK_TAB:
        app_prompt_complete(s);
        break;
    case SDLK_v:
        if (ctrl && SDL_HasClipboardText()) {
            char *clip = SDL_GetClipboardText();
            if (clip) {
                app_prompt_type(s, clip);
                SDL_free(clip);
            }
        }
        break;
    case SDLK_q:
        if (ctrl)
            app_quit(s);
        break;
    default:
        break;
    }
}

static void key(AppState *s, EventContext *c, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    int ctrl = (k->keysym.mod & (KMOD_CTRL | KMOD_GUI)) != 0;
    int shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    if (k->keysym.scancode >= SDL_SCANCODE_LCTRL && k->keysym.scancode <= SDL_SCANCODE_RGUI)
        return; /* Ctrl, Shift, Alt, Super alone: the key they go with counts */
    /* while the quit question is up, Enter and Ctrl+Q quit, any other key but Esc keeps the
     * drawing and does nothing else */
    int quits = sym == SDLK_RETURN || sym == SDLK_KP_ENTER || (ctrl && sym == SDLK_q);
    if (sym != SDLK_ESCAPE && app_quit_answer(s, quits))
        return;
    if (s->prompt_open) {
        prompt_key(s, sym, ctrl);
        return;
    }
    switch (sym) {
    case SDLK_ESCAPE:
        app_escape(s);
        break;
    case SDLK_o:
        if (ctrl)
            app_prompt_open(s);
        break;
    case SDLK_F11:
        app_set_fullscreen(s, !s->fullscreen);
        break;
    case SDLK_F12:
        c->screenshot = 1;
        app_request_redraw(s);
        break;
    case SDLK_q:
        if (ctrl)
            app_quit(s);
        break;
    case SDLK_z:
        if (ctrl && shift)
            app_redo(s);
        else if (ctrl)
            app_undo(s);
        break;
    case SDLK_y:
        if (ctrl)
            app_redo(s);
        break;
    case SDLK_s:
        if (ctrl)
            save(s);
        else
            app_toggle_steps(s);
        break;
    case SDLK_c:
        if (!ctrl)
            app_clear(s);
        break;
    case SDLK_DELETE:
    case SDLK_BACKSPACE:
        app_clear(s);
        break;
    case SDLK_TAB:
        app_cycle_model(s, shift ? -1 : 1);
        break;
    case SDLK_h:
    case SDLK_F1:
        if (!ctrl)
            app_toggle_help(s);
        break;
    case SDLK_p:
        if (!ctrl)
            app_toggle_preprocess(s);
        break;
    default:
        break;
    }
}

/* A finger touching, moving on or leaving the screen (type): a finger down on the canvas (or
 * just off its edge) draws until it lifts, unless another pointer holds the pen (app_pointer_*). */
static void finger(AppState *s, const EventContext *c, const SDL_TouchFingerEvent *f, Uint32 type)
{
    /* finger positions are 0..1 across the window: straight to pixels */
    float cx, cy;
    float px = f->x * (float)c->layout->w, py = f->y * (float)c->layout->h;
    if (type == SDL_FINGERDOWN) {
        app_quit_answer(s, 0); /* a touch keeps the drawing too */
        if (s->show_help)
            app_toggle_help(s);
        else if (layout_press_cells(c->layout, px, py, &cx, &cy))
            app_pointer_down(s, APP_POINTER_FINGER, (long long)f->fingerId, cx, cy, 0);
    } else if (type == SDL_FINGERMOTION) {
        layout_to_cells(c->layout, px, py, &cx, &cy);
        app_pointer_move(s, APP_POINTER_FINGER, (long long)f->fingerId, cx, cy);
    } else {
        app_pointer_up(s, APP_POINTER_FINGER, (long long)f->fingerId);
    }
}

void events_handle(AppState *s, EventContext *c, const SDL_Event *e)
{
    float cx, cy;
    int inside;
    switch (e->type) {
    case SDL_QUIT:
        app_quit(s);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.which == SDL_TOUCH_MOUSEID)
            break;
        app_quit_answer(s, 0); /* a click keeps the drawing too */
        if (s->show_help) {
            app_toggle_help(s); /* a click anywhere closes the help */
            break;
        }
        if ((e->button.button == SDL_BUTTON_LEFT || e->button.button == SDL_BUTTON_RIGHT) &&
            press_cells(c, (float)e->button.x, (float)e->button.y, &cx, &cy))
            app_pointer_down(s, APP_POINTER_MOUSE, 0, cx, cy,
                             e->button.button == SDL_BUTTON_RIGHT);
        break;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID)
            break;
        to_cells(c, (float)e->motion.x, (float)e->motion.y, &cx, &cy, &inside);
        app_hover(s, cx, cy, inside);
        app_pointer_move(s, APP_POINTER_MOUSE, 0, cx, cy);
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.which != SDL_TOUCH_MOUSEID)
            app_pointer_up(s, APP_POINTER_MOUSE, 0);
        break;
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
    case SDL_FINGERUP:
        finger(s, c, &e->tfinger, e->type);
        break;
    case SDL_KEYDOWN:
        key(s, c, &e->key);
        break;
    case SDL_TEXTINPUT:
        if (s->prompt_open) {
            app_prompt_type(s, e->text.text);
            break;
        }
        for (const char *p = e->text.text; *p; p++) {
            if (*p == '[' || *p == '-')
                app_brush_step(s, -1);
            else if (*p == ']' || *p == '+')
                app_brush_step(s, +1);
        }
        break;
    case SDL_DROPFILE:
        if (e->drop.file) {
            if (s->prompt_open)
                app_prompt_cancel(s); /* a dropped file answers the prompt */
            app_open_file(s, e->drop.file);
            SDL_free(e->drop.file);
        }
        break;
    case SDL_WINDOWEVENT:
        switch (e->window.event) {
        case SDL_WINDOWEVENT_SIZE_CHANGED:
        case SDL_WINDOWEVENT_RESIZED:
        case SDL_WINDOWEVENT_DISPLAY_CHANGED:
            c->resized = 1;
            app_request_redraw(s);
            break;
        case SDL_WINDOWEVENT_LEAVE:
            app_hover(s, 0.0f, 0.0f, 0);
            break;
        case SDL_WINDOWEVENT_FOCUS_LOST:
            app_pen_up(s);
            break;
        case SDL_WINDOWEVENT_EXPOSED:
        case SDL_WINDOWEVENT_SHOWN:
        case SDL_WINDOWEVENT_RESTORED:
        case SDL_WINDOWEVENT_MAXIMIZED:
            c->exposed = 1; /* what the screen showed of the window may be gone */
            app_request_redraw(s);
            break;
        default:
            app_request_redraw(s); /* exposed, shown, restored...: paint again */
            break;
        }
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        c->renderer_reset = 1;
        app_request_redraw(s);
        break;
    default:
        break;
    }
}
