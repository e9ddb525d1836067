/* events.c - SDL_Event -> app_* calls: pointer, fingers, keys, dropped files, window changes.
 *
 * The mouse and each finger are pointers alike: a press on an on-screen control (layout_hit)
 * holds it until the lift, one on the canvas draws (app_control_*, app_pointer_*). Mouse
 * events SDL synthesises from touches are ignored (the finger events act instead), so a touch
 * never acts twice. [ and ], and the softmax view's , and . arrive as text input, which follows
 * the keyboard layout. The mouse over a view reads the value under it; a click there keeps it
 * (in the compare view, a click on the second model's line compares another model; in the Data
 * view, a click on a cell of the confusion matrix shows its images). While the Data view is
 * open the arrows, PageUp / PageDown and Home / End step through its images, and Enter puts
 * the one shown on the canvas (unless a flip is shown: Enter applies that).
 * A click on a bar picks the class of flip it or the saliency; one on the Apply tag over the
 * canvas applies the flip shown instead of drawing. While the Open prompt is up, text input
 * goes into it and keys only edit it.
 */
#include "draw/events.h"

#include "draw/app_data.h"
#include "draw/app_flip.h"
#include "draw/app_finetune.h"
#include "draw/app_challenge.h"
#include "draw/app_replay.h"
#include "draw/render.h"
#include "draw/view_yours.h"
#include "draw/help.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A press at (px, py) pixels on what labels the drawing: while the digit buttons show, one of
 * them keeps the drawing as that digit (a press elsewhere closes them and does its usual job);
 * the "Label it" tag opens them. Returns 1 if the press was theirs. */
static int collect_press(AppState *s, const EventContext *c, float px, float py)
{
    if (app_collect_picker_shown(s)) {
        PickerLayout p = view_picker_layout(c->layout);
        int d = view_picker_hit(&p, (int)px, (int)py);
        if (d >= 0) {
            app_collect_add(s, d);
            return 1;
        }
        app_collect_picker(s, 0);
        return layout_contains(p.band, (int)px, (int)py); /* its words: nothing else */
    }
    if (!ink_drawing_is_empty(&s->drawing) &&
        layout_contains(view_label_tag(c->layout), (int)px, (int)py)) {
        app_collect_picker(s, 1);
        return 1;
    }
    return 0;
}

static void save(AppState *s);

/* A tap on the help's row of key k does what the key does, for the keys without a button of
 * their own (render_overlay.c draws them in the accent). */
static void help_key(AppState *s, EventContext *c, const char *k)
{
    if (strcmp(k, "Ctrl+S") == 0) {
        save(s);
    } else if (strcmp(k, "Ctrl+O") == 0) {
        app_prompt_open(s);
    } else if (strcmp(k, "F12") == 0) {
        c->screenshot = 1;
        app_request_redraw(s);
    } else if (strcmp(k, "F11") == 0) {
        app_set_fullscreen(s, !s->fullscreen);
    } else if (strcmp(k, "Shift+K") == 0) {
        app_knockout_clear(s);
    }
}

/* A press of pointer p (finger: its id) at (px, py) pixels. It keeps the drawing if the quit
 * question is up, drops the Open prompt's selection, and closes the help if it is open (and
 * does nothing else then); otherwise a press on an on-screen control holds it, one on the Apply
 * tag of a flip shown applies it, one on (or just off) the canvas starts a stroke (erase = 1:
 * the right button, which always erases; 0 draws, or erases while the Eraser is on).
 * erase = -1 is a button that neither draws nor presses. */
static void press(AppState *s, EventContext *c, AppPointer p, long long finger, float px,
                  float py, int erase)
{
    app_quit_answer(s, 0);
    app_prompt_deselect(s);
    if (s->show_help) {
        char note[400];
        help_note(s, note, sizeof note);
        HelpLayout hl = help_layout(c->layout, s->help_page, note);
        const char *k = help_key_at(&hl, (int)px, (int)py);
        app_toggle_help(s); /* a click or a touch anywhere closes the help */
        if (erase == 0 && k)
            help_key(s, c, k);
        return;
    }
    if (erase < 0)
        return;
    float cx, cy;
    LayoutControl hit = layout_hit(c->layout, (int)px, (int)py);
    if (!erase && collect_press(s, c, px, py))
        return;
    if (hit != LAYOUT_CTL_NONE) {
        if (!erase)
            app_control_down(s, p, finger, hit);
    } else if (!erase && app_flip_shown(s) &&
               layout_contains(layout_flip_apply(c->layout), (int)px, (int)py)) {
        app_flip_apply(s); /* the Apply tag over the canvas */
    } else if (layout_press_cells(c->layout, px, py, &cx, &cy)) {
        app_pointer_down(s, p, finger, cx, cy, erase);
    } else if (!erase && s->n_probs > 0 && layout_contains(c->layout->bars, (int)px, (int)py)) {
        LayoutRect b = c->layout->bars; /* a bar: flip it's class ("make it a 7") while it is
                                           on, else the saliency's ("why not 7?") */
        int row = ((int)py - b.y) / SDL_max(1, b.h / s->n_probs);
        app_bar_pick(s, SDL_min(row, s->n_probs - 1));
    } else if (!erase && s->view == LAYOUT_VIEW_YOURS &&
               layout_contains(c->layout->view_body, (int)px, (int)py)) {
        YoursLayout y = view_yours_layout(c->layout, s->collect.files.counts);
        int digit, rank; /* a click on one of your drawings picks it */
        if (view_yours_hit(&y, (int)px, (int)py, &digit, &rank))
            app_collect_select(s, app_collect_index(s, digit, rank));
    } else if (!erase && layout_contains(c->layout->view_body, (int)px, (int)py)) {
        int layer = 0, unit = -1; /* a click on a value keeps it shown, elsewhere lets go */
        ViewLayout v = view_layout(c->layout, app_model(s), app_closeup_layer(s));
        int row, col;
        if (v.view == LAYOUT_VIEW_DATA) { /* a cell of the confusion matrix */
            if (view_data_hit(&v, (int)px, (int)py, &row, &col))
                app_data_cell(s, row, col);
            return;
        }
        if (layout_contains(v.pair[1], (int)px, (int)py)) { /* the second model's name */
            app_compare_step(s, +1);
            return;
        }
        if (layout_contains(v.closeup.area, (int)px, (int)py)) { /* the close-up stays open */
            if (layout_contains(v.closeup.knock, (int)px, (int)py))
                app_knockout_toggle(s);
            else if (layout_contains(v.closeup.title, (int)px, (int)py))
                app_view_pick(s, 0, -1); /* back to every layer */
            return;
        }
        view_layout_hit(&v, (int)px, (int)py, &layer, &unit);
        app_view_pick(s, layer, unit);
    }
}

/* The mouse at (px, py) pixels: the value of the view under it, if any. */
static void view_hover(AppState *s, const EventContext *c, float px, float py)
{
    int layer = 0, unit = -1;
    if (c->layout->view && layout_contains(c->layout->view_body, (int)px, (int)py)) {
        ViewLayout v = view_layout(c->layout, app_model(s), app_closeup_layer(s));
        view_layout_hit(&v, (int)px, (int)py, &layer, &unit);
    }
    app_view_hover(s, layer, unit);
}

/* Pointer p moved to (px, py) pixels: its stroke goes on, its control shows pressed or not; the
 * mouse also moves the brush outline and lights the control under it. */
static void move(AppState *s, const EventContext *c, AppPointer p, long long finger, float px,
                 float py)
{
    float cx, cy;
    int inside = layout_to_cells(c->layout, px, py, &cx, &cy);
    LayoutControl under = layout_hit(c->layout, (int)px, (int)py);
    if (p == APP_POINTER_MOUSE) {
        app_hover(s, cx, cy, inside);
        app_control_hover(s, under);
        view_hover(s, c, px, py);
    }
    app_pointer_move(s, p, finger, cx, cy);
    app_control_move(s, p, finger, under);
}

/* Pointer p lifted at (px, py) pixels: its stroke ends, its control acts if it is there. */
static void release(AppState *s, const EventContext *c, AppPointer p, long long finger, float px,
                    float py)
{
    app_pointer_up(s, p, finger);
    app_control_up(s, p, finger, layout_hit(c->layout, (int)px, (int)py));
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
 * Esc closes it and leaves full screen). The caret stays at the end of the line, so the arrows,
 * Home and End only drop the selection. */
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
    case SDLK_DELETE:
        app_prompt_delete(s);
        break;
    case SDLK_TAB:
        app_prompt_complete(s);
        break;
    case SDLK_LEFT:
    case SDLK_RIGHT:
    case SDLK_HOME:
    case SDLK_END:
        app_prompt_deselect(s);
        break;
    case SDLK_a:
        if (ctrl)
            app_prompt_select_all(s);
        break;
    case SDLK_u:
        if (ctrl)
            app_prompt_clear(s);
        break;
    case SDLK_v:
        if (ctrl && SDL_HasClipboardText()) {
            char *clip = SDL_GetClipboardText();
            app_prompt_paste(s, clip);
            SDL_free(clip);
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

/* The Data view's keys, while it is open: step through its images, change its filter. */
static void data_key(AppState *s, SDL_Keycode sym)
{
    switch (sym) {
    case SDLK_LEFT:
    case SDLK_RIGHT:
        app_data_step(s, sym == SDLK_RIGHT ? 1 : -1);
        break;
    case SDLK_PAGEUP:
    case SDLK_PAGEDOWN:
        app_data_step(s, sym == SDLK_PAGEDOWN ? BROWSE_PAGE : -BROWSE_PAGE);
        break;
    case SDLK_HOME:
    case SDLK_END:
        app_data_go(s, sym == SDLK_END ? INT_MAX : 0);
        break;
    default: /* Up, Down */
        app_data_mistakes(s);
        break;
    }
}

/* The keys of the network's inside, without Ctrl: the view area and its views, the
 * saliency, flip it and knock-outs. */
static void inside_key(AppState *s, SDL_Keycode sym, int shift)
{
    switch (sym) {
    case SDLK_i:
        app_toggle_views(s);
        break;
    case SDLK_g:
        app_toggle_saliency(s);
        break;
    case SDLK_f:
        app_toggle_flip(s);
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        if (s->view == LAYOUT_VIEW_DATA && !app_flip_shown(s))
            app_data_edit(s); /* the Data view's image onto the canvas */
        else
            app_flip_apply(s);
        break;
    case SDLK_a:
        app_flip_apply(s);
        break;
    case SDLK_k:
        if (shift)
            app_knockout_clear(s);
        else
            app_knockout_toggle(s);
        break;
    case SDLK_b:
        if (s->view == LAYOUT_VIEW_COMPARE) /* the compare view's second model */
            app_compare_step(s, shift ? -1 : +1);
        break;
    case SDLK_l:
    case SDLK_w:
    case SDLK_x:
    case SDLK_n:
    case SDLK_m:
    case SDLK_t:
    case SDLK_d:
        app_show_view(s, sym == SDLK_l   ? LAYOUT_VIEW_ACTS
                         : sym == SDLK_w ? LAYOUT_VIEW_WEIGHTS
                         : sym == SDLK_x ? LAYOUT_VIEW_SOFTMAX
                         : sym == SDLK_n ? LAYOUT_VIEW_NEAREST
                         : sym == SDLK_t ? LAYOUT_VIEW_TRAIN
                         : sym == SDLK_d ? LAYOUT_VIEW_DATA
                                         : LAYOUT_VIEW_COMPARE);
        break;
    case SDLK_LEFT:
    case SDLK_RIGHT:
    case SDLK_PAGEUP:
    case SDLK_PAGEDOWN:
    case SDLK_HOME:
    case SDLK_END:
    case SDLK_UP:
    case SDLK_DOWN:
        if (s->view == LAYOUT_VIEW_DATA)
            data_key(s, sym);
        break;
    default:
        break;
    }
}

/* The train view's own keys, while it is open (without Ctrl): Space starts, pauses and resumes,
 * Right steps one batch, Up and Down change the learning rate, PageUp and PageDown the batch
 * size, 1 2 3 choose the recipe, V the next speed, Shift+S saves. Returns 1 if the key was one
 * of them. */
static int train_key(AppState *s, SDL_Keycode sym, int shift)
{
    switch (sym) {
    case SDLK_SPACE:
        app_train_run(s);
        return 1;
    case SDLK_RIGHT:
        app_train_step(s);
        return 1;
    case SDLK_UP:
    case SDLK_DOWN:
        app_train_lr(s, sym == SDLK_UP ? 1 : -1);
        return 1;
    case SDLK_PAGEUP:
    case SDLK_PAGEDOWN:
        app_train_batch(s, sym == SDLK_PAGEUP ? 1 : -1);
        return 1;
    case SDLK_1:
    case SDLK_2:
    case SDLK_3:
        app_train_recipe(s, (int)(sym - SDLK_1));
        return 1;
    case SDLK_v:
        app_train_speed_next(s);
        return 1;
    case SDLK_s:
        if (shift)
            app_train_save(s, time(NULL));
        return shift;
    default:
        return 0;
    }
}

/* The keys of the person's own digits: Ctrl+0 .. Ctrl+9 (the keypad's too) label the drawing;
 * while the Yours view is open, the arrows step through the drawings, O puts the picked one on
 * the canvas and Ctrl+Delete deletes it; Esc closes the digit buttons. Returns 1 if the key was
 * theirs. */
static int collect_key(AppState *s, SDL_Keycode sym, int ctrl)
{
    int digit = sym >= SDLK_0 && sym <= SDLK_9       ? (int)(sym - SDLK_0)
                : sym >= SDLK_KP_1 && sym <= SDLK_KP_9 ? (int)(sym - SDLK_KP_1) + 1
                : sym == SDLK_KP_0                     ? 0
                                                       : -1;
    if (ctrl && digit >= 0) {
        app_collect_add(s, digit);
        return 1;
    }
    if (sym == SDLK_ESCAPE && app_collect_picker_shown(s)) {
        app_collect_picker(s, 0);
        return 1;
    }
    if (s->view != LAYOUT_VIEW_YOURS)
        return 0;
    if (ctrl && (sym == SDLK_DELETE || sym == SDLK_BACKSPACE))
        app_collect_delete(s);
    else if (!ctrl && (sym == SDLK_RIGHT || sym == SDLK_DOWN || sym == SDLK_LEFT || sym == SDLK_UP))
        app_collect_step(s, sym == SDLK_RIGHT || sym == SDLK_DOWN ? 1 : -1);
    else if (!ctrl && sym == SDLK_o)
        app_collect_use(s);
    else
        return 0;
    return 1;
}

/* while the quit question is up, Enter and Ctrl+Q quit, any other key but Esc keeps the
 * drawing and does nothing else; 1 when the key was taken */
static int quit_answer_key(AppState *s, SDL_Keycode sym, int ctrl)
{
    int quits = sym == SDLK_RETURN || sym == SDLK_KP_ENTER || (ctrl && sym == SDLK_q);
    return sym != SDLK_ESCAPE && app_quit_answer(s, quits);
}

/* with the help open, H and F1 turn to its next page (closing it after the last), Page Down
 * and Page Up page through it; 1 when the key was taken */
static int help_page_key(AppState *s, EventContext *c, SDL_Keycode sym, int ctrl)
{
    if (!s->show_help || ctrl ||
        (sym != SDLK_h && sym != SDLK_F1 && sym != SDLK_PAGEDOWN && sym != SDLK_PAGEUP))
        return 0;
    char note[400];
    help_note(s, note, sizeof note);
    int pages = help_layout(c->layout, s->help_page, note).pages;
    if (sym == SDLK_h || sym == SDLK_F1)
        app_help_next(s, pages); /* its next page, or closing it after the last */
    else
        app_help_page(s, sym == SDLK_PAGEDOWN ? 1 : -1, pages);
    return 1;
}

/* keys that act the same with or without Ctrl; 1 when the key was one of them */
static int any_mod_key(AppState *s, EventContext *c, SDL_Keycode sym, int shift)
{
    switch (sym) {
    case SDLK_ESCAPE: /* the replay's chart or challenge mode first */
        if ((s->view != LAYOUT_VIEW_REPLAY || !app_replay_close(s)) && !app_challenge_close(s))
            app_escape(s);
        return 1;
    case SDLK_F11:
        app_set_fullscreen(s, !s->fullscreen);
        return 1;
    case SDLK_F10:
        app_next_theme(s);
        return 1;
    case SDLK_F9:
        app_size_reset(s);
        return 1;
    case SDLK_F12:
        c->screenshot = 1;
        app_request_redraw(s);
        return 1;
    case SDLK_DELETE:
    case SDLK_BACKSPACE:
        app_clear(s);
        return 1;
    case SDLK_TAB:
        app_cycle_model(s, shift ? -1 : 1);
        return 1;
    default:
        return 0;
    }
}

/* Ctrl (or Cmd) combinations; any other key with Ctrl does nothing */
static void ctrl_key(AppState *s, SDL_Keycode sym, int shift)
{
    switch (sym) {
    case SDLK_o:
        app_prompt_open(s);
        break;
    case SDLK_y:
        app_redo(s);
        break;
    case SDLK_EQUALS: /* Ctrl+= and Ctrl+Plus (Shift+=), and the keypad's: larger type */
    case SDLK_PLUS:
    case SDLK_KP_PLUS:
        app_size_step(s, +1);
        break;
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
        app_size_step(s, -1);
        break;
    case SDLK_q:
        app_quit(s);
        break;
    case SDLK_z:
        if (shift)
            app_redo(s);
        else
            app_undo(s);
        break;
    case SDLK_s:
        save(s);
        break;
    default:
        break;
    }
}

/* keys pressed alone (Shift aside); what is left goes to the open view (inside_key) */
static void plain_key(AppState *s, SDL_Keycode sym, int shift)
{
    switch (sym) {
    case SDLK_o: /* Ctrl-only keys do nothing alone */
    case SDLK_EQUALS:
    case SDLK_PLUS:
    case SDLK_KP_PLUS:
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
    case SDLK_z:
        break;
    case SDLK_r:
        app_replay_toggle(s, (double)SDL_GetTicks64());
        break;
    case SDLK_y: /* while a round waits for the teacher: yes (else your own digits) */
        if (!app_challenge_confirm(s, 1))
            app_show_view(s, LAYOUT_VIEW_YOURS);
        break;
    case SDLK_q: /* challenge mode, the next round; the clock seeds its prompts */
        app_challenge_next(s, (double)SDL_GetTicks64(),
                           (uint64_t)time(NULL) ^ SDL_GetPerformanceCounter());
        break;
    case SDLK_s:
        app_toggle_steps(s);
        break;
    case SDLK_c:
        app_clear(s);
        break;
    case SDLK_h:
    case SDLK_F1:
        app_toggle_help(s);
        break;
    case SDLK_p:
        app_toggle_preprocess(s);
        break;
    case SDLK_e:
        app_toggle_eraser(s);
        break;
    case SDLK_u:
        app_finetune_toggle(s);
        break;
    case SDLK_n: /* while a round waits for the teacher: no (else the nearest view) */
        if (!app_challenge_confirm(s, 0))
            inside_key(s, sym, shift);
        break;
    default:
        inside_key(s, sym, shift);
        break;
    }
}

/* routes a key, first taker wins: the quit question, the open prompt, the help's pages,
 * collecting, the training view, keys alike with or without Ctrl, Ctrl combinations, and
 * last the keys pressed alone */
static void key(AppState *s, EventContext *c, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    int ctrl = (k->keysym.mod & (KMOD_CTRL | KMOD_GUI)) != 0;
    int shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    if (k->keysym.scancode >= SDL_SCANCODE_LCTRL && k->keysym.scancode <= SDL_SCANCODE_RGUI)
        return; /* Ctrl, Shift, Alt, Super alone: the key they go with counts */
    if (quit_answer_key(s, sym, ctrl))
        return;
    if (s->prompt_open) {
        prompt_key(s, sym, ctrl);
        return;
    }
    if (help_page_key(s, c, sym, ctrl) || collect_key(s, sym, ctrl))
        return;
    if (s->view == LAYOUT_VIEW_TRAIN && !ctrl && train_key(s, sym, shift))
        return;
    if (any_mod_key(s, c, sym, shift))
        return;
    if (ctrl)
        ctrl_key(s, sym, shift);
    else
        plain_key(s, sym, shift);
}



void events_wake(void *ctx)
{
    (void)ctx;
    SDL_Event e = {.type = SDL_USEREVENT};
    SDL_PushEvent(&e);
}

/* 1 if e stops a replay in progress and does nothing else: any press of a pointer, any key
 * but F12 (a screenshot of the replay) and Ctrl, Shift, Alt or Super alone. */
static int stops_replay(AppState *s, const SDL_Event *e)
{
    if (!app_replay_playing(s))
        return 0;
    int stops = 0;
    if (e->type == SDL_MOUSEBUTTONDOWN)
        stops = e->button.which != SDL_TOUCH_MOUSEID;
    else if (e->type == SDL_FINGERDOWN || e->type == SDL_DROPFILE)
        stops = 1;
    else if (e->type == SDL_KEYDOWN)
        stops = e->key.keysym.sym != SDLK_F12 &&
                !(e->key.keysym.scancode >= SDL_SCANCODE_LCTRL &&
                  e->key.keysym.scancode <= SDL_SCANCODE_RGUI);
    if (stops)
        app_replay_stop(s);
    return stops && e->type != SDL_DROPFILE; /* a dropped file still opens */
}

void events_handle(AppState *s, EventContext *c, const SDL_Event *e)
{
    if (e->type == SDL_MOUSEBUTTONDOWN || e->type == SDL_MOUSEBUTTONUP ||
        e->type == SDL_MOUSEMOTION || e->type == SDL_FINGERDOWN || e->type == SDL_FINGERUP ||
        e->type == SDL_FINGERMOTION)
        app_pen_time(s, (double)e->common.timestamp); /* each point's time */
    if (stops_replay(s, e))
        return;
    switch (e->type) {
    case SDL_QUIT:
        app_quit(s);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.which != SDL_TOUCH_MOUSEID)
            press(s, c, APP_POINTER_MOUSE, 0, (float)e->button.x * c->px_per_pt_x,
                  (float)e->button.y * c->px_per_pt_y,
                  e->button.button == SDL_BUTTON_LEFT    ? 0
                  : e->button.button == SDL_BUTTON_RIGHT ? 1
                                                         : -1);
        break;
    case SDL_MOUSEMOTION:
        if (e->motion.which != SDL_TOUCH_MOUSEID)
            move(s, c, APP_POINTER_MOUSE, 0, (float)e->motion.x * c->px_per_pt_x,
                 (float)e->motion.y * c->px_per_pt_y);
        break;
    case SDL_MOUSEBUTTONUP:
        if (e->button.which != SDL_TOUCH_MOUSEID)
            release(s, c, APP_POINTER_MOUSE, 0, (float)e->button.x * c->px_per_pt_x,
                    (float)e->button.y * c->px_per_pt_y);
        break;
    /* finger positions are 0..1 across the window: straight to pixels */
    case SDL_FINGERDOWN:
        press(s, c, APP_POINTER_FINGER, (long long)e->tfinger.fingerId,
              e->tfinger.x * (float)c->layout->w, e->tfinger.y * (float)c->layout->h, 0);
        break;
    case SDL_FINGERMOTION:
        move(s, c, APP_POINTER_FINGER, (long long)e->tfinger.fingerId,
             e->tfinger.x * (float)c->layout->w, e->tfinger.y * (float)c->layout->h);
        break;
    case SDL_FINGERUP:
        release(s, c, APP_POINTER_FINGER, (long long)e->tfinger.fingerId,
                e->tfinger.x * (float)c->layout->w, e->tfinger.y * (float)c->layout->h);
        break;
    case SDL_KEYDOWN:
        key(s, c, &e->key);
        break;
    case SDL_TEXTINPUT:
        if (s->prompt_open) {
            app_prompt_type(s, e->text.text);
            break;
        }
        if (SDL_GetModState() & (KMOD_CTRL | KMOD_GUI))
            break; /* Ctrl+- and Ctrl+Plus size the type: not the brush too */
        for (const char *p = e->text.text; *p; p++) {
            if (*p == '[' || *p == '-')
                app_brush_step(s, -1);
            else if (*p == ']' || *p == '+')
                app_brush_step(s, +1);
            else if ((*p == ',' || *p == '<' || *p == '.' || *p == '>') &&
                     s->view == LAYOUT_VIEW_SOFTMAX) /* the softmax view's temperature */
                app_temperature_step(s, *p == ',' || *p == '<' ? -1 : +1);
        }
        break;
    case SDL_USEREVENT: /* the background thread's work moved on */
        app_work_poll(s);
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
            app_control_hover(s, LAYOUT_CTL_NONE);
            break;
        case SDL_WINDOWEVENT_FOCUS_LOST:
            app_pen_up(s);
            app_control_cancel(s);
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
