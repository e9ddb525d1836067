/* app_controls.c - the on-screen controls: what each does (what its key does), when it is
 * enabled, the switches' state, and a press held by one pointer until it lifts.
 *
 * A press is held like a stroke (pen_pointer, pen_finger): the control shows pressed while its
 * pointer stays over it and acts only when the pointer lifts there, so a press that slides off
 * does nothing. No SDL, no printing.
 */
#include "draw/app_data.h"
#include "draw/app_internal.h"
#include "draw/app_finetune.h"
#include "draw/app_challenge.h"
#include "draw/app_replay.h"

#include <time.h>

#include "draw/train_session.h"

/* Each control's button text and key, in LayoutControl's order. */
static const struct {
    const char *label;
    const char *key;
} controls[LAYOUT_ALL_CONTROLS] = {
    [LAYOUT_CTL_CLEAR] = {"Clear", "C"},
    [LAYOUT_CTL_UNDO] = {"\xe2\x86\xb6 Undo", "Ctrl+Z"},
    [LAYOUT_CTL_REDO] = {"Redo \xe2\x86\xb7", "Ctrl+Y"},
    [LAYOUT_CTL_ERASER] = {"Eraser", "E"},
    [LAYOUT_CTL_BRUSH_SMALLER] = {"\xe2\x88\x92", "["},
    [LAYOUT_CTL_BRUSH_LARGER] = {"+", "]"},
    [LAYOUT_CTL_MODEL_PREV] = {"\xe2\x97\x80", "\xe2\x87\xa7Tab"}, /* Shift+Tab, short */
    [LAYOUT_CTL_MODEL_NEXT] = {"\xe2\x96\xb6", "Tab"},
    [LAYOUT_CTL_STEPS] = {"Steps", "S"},
    [LAYOUT_CTL_PREPROCESS] = {"Preprocessing", "P"},
    [LAYOUT_CTL_FLIP] = {"Flip it", "F"},
    [LAYOUT_CTL_THEME] = {"Light", "F10"},
    [LAYOUT_CTL_SIZE] = {"Size", "Ctrl+="},
    [LAYOUT_CTL_CHALLENGE] = {"Challenge", "Q"},
    [LAYOUT_CTL_HELP] = {"Help", "H"},
    [LAYOUT_CTL_REPLAY] = {"Replay", "R"},
    [LAYOUT_CTL_TEACH] = {"Teach", "U"},
    [LAYOUT_CTL_CH_YES] = {"\xe2\x9c\x93 Yes", "Y"},
    [LAYOUT_CTL_CH_NO] = {"\xe2\x9c\x97 No", "N"},
    [LAYOUT_CTL_CH_CLOSE] = {"Close", "Esc"},
    [LAYOUT_CTL_VIEWS] = {"Inside", "I"},
    [LAYOUT_CTL_VIEW_ACTS] = {"Layers", "L"},
    [LAYOUT_CTL_VIEW_WEIGHTS] = {"Weights", "W"},
    [LAYOUT_CTL_VIEW_SOFTMAX] = {"Softmax", "X"},
    [LAYOUT_CTL_VIEW_NEAREST] = {"Nearest", "N"},
    [LAYOUT_CTL_VIEW_COMPARE] = {"Compare", "M"},
    [LAYOUT_CTL_VIEW_TRAIN] = {"Train", "T"},
    [LAYOUT_CTL_VIEW_DATA] = {"Data", "D"},
    [LAYOUT_CTL_TEMP_DOWN] = {"\xe2\x88\x92", ","},
    [LAYOUT_CTL_TEMP_UP] = {"+", "."},
    [LAYOUT_CTL_TRAIN_SEED] = {"Seed", "1"},
    [LAYOUT_CTL_TRAIN_MLP] = {"MLP", "2"},
    [LAYOUT_CTL_TRAIN_CNN] = {"CNN", "3"},
    [LAYOUT_CTL_TRAIN_RUN] = {"Start", "Space"},
    [LAYOUT_CTL_TRAIN_STEP] = {"Step", "\xe2\x86\x92"},                 /* the Right arrow */
    [LAYOUT_CTL_TRAIN_SPEED] = {"Speed", "V"},
    [LAYOUT_CTL_TRAIN_LR_DOWN] = {"Rate \xe2\x88\x92", "\xe2\x86\x93"}, /* Down */
    [LAYOUT_CTL_TRAIN_LR_UP] = {"Rate +", "\xe2\x86\x91"},               /* Up */
    [LAYOUT_CTL_TRAIN_BATCH_DOWN] = {"Batch \xe2\x88\x92", "PgDn"},
    [LAYOUT_CTL_TRAIN_BATCH_UP] = {"Batch +", "PgUp"},
    [LAYOUT_CTL_TRAIN_SAVE] = {"Save", "\xe2\x87\xa7S"}, /* Shift+S */
    [LAYOUT_CTL_VIEW_YOURS] = {"Yours", "Y"},
    [LAYOUT_CTL_YOURS_USE] = {"Put on canvas", "O"},
    [LAYOUT_CTL_YOURS_DELETE] = {"Delete", "Ctrl+Del"},
    [LAYOUT_CTL_DATA_PREV] = {"\xe2\x97\x80 Back", "\xe2\x86\x90"},   /* Left */
    [LAYOUT_CTL_DATA_NEXT] = {"Next \xe2\x96\xb6", "\xe2\x86\x92"},   /* Right */
    [LAYOUT_CTL_DATA_MISTAKES] = {"Mistakes", "\xe2\x86\x91 \xe2\x86\x93"}, /* Up, Down */
    [LAYOUT_CTL_DATA_EDIT] = {"Edit on canvas", "Enter"},
};

/* The view each tab shows. */
static LayoutView tab_view(LayoutControl c)
{
    return c == LAYOUT_CTL_VIEW_ACTS      ? LAYOUT_VIEW_ACTS
           : c == LAYOUT_CTL_VIEW_WEIGHTS ? LAYOUT_VIEW_WEIGHTS
           : c == LAYOUT_CTL_VIEW_SOFTMAX ? LAYOUT_VIEW_SOFTMAX
           : c == LAYOUT_CTL_VIEW_NEAREST ? LAYOUT_VIEW_NEAREST
           : c == LAYOUT_CTL_VIEW_COMPARE ? LAYOUT_VIEW_COMPARE
           : c == LAYOUT_CTL_VIEW_TRAIN   ? LAYOUT_VIEW_TRAIN
           : c == LAYOUT_CTL_VIEW_YOURS   ? LAYOUT_VIEW_YOURS
           : c == LAYOUT_CTL_VIEW_DATA    ? LAYOUT_VIEW_DATA
                                          : LAYOUT_VIEW_NONE;
}

static int is_control(LayoutControl c)
{
    return c >= 0 && c < LAYOUT_ALL_CONTROLS;
}

const char *app_control_label(LayoutControl c)
{
    return is_control(c) ? controls[c].label : "";
}

const char *app_control_key(LayoutControl c)
{
    return is_control(c) ? controls[c].key : "";
}

const char *app_control_name(const AppState *s, LayoutControl c)
{
    const TrainStatus *st = app_train_status(s);
    if (c == LAYOUT_CTL_TRAIN_SPEED) /* the speed chosen: what the next press changes */
        return app_train_speed_title(app_train_speed(s));
    if (c != LAYOUT_CTL_TRAIN_RUN || !st || st->phase == TRAIN_FAILED ||
        st->phase == TRAIN_STOPPED || st->phase == TRAIN_DONE)
        return app_control_label(c);
    return st->phase == TRAIN_PAUSED ? "Resume" : "Pause";
}

/* 1 while a training session is reading its digits or saving: its buttons wait. */
static int train_busy(const AppState *s)
{
    const TrainStatus *st = app_train_status(s);
    return st && (st->phase == TRAIN_LOADING || st->phase == TRAIN_SAVING);
}

int app_control_enabled(const AppState *s, LayoutControl c)
{
    switch (c) {
    case LAYOUT_CTL_CLEAR:
        return !ink_drawing_is_empty(&s->drawing); /* strokes or an image */
    case LAYOUT_CTL_UNDO:
        return s->n_undo > 0;
    case LAYOUT_CTL_REDO:
        return s->n_redo > 0;
    case LAYOUT_CTL_BRUSH_SMALLER:
        return s->brush > APP_BRUSH_MIN;
    case LAYOUT_CTL_BRUSH_LARGER:
        return s->brush < APP_BRUSH_MAX;
    case LAYOUT_CTL_MODEL_PREV:
    case LAYOUT_CTL_MODEL_NEXT:
        return s->n_models > 1;
    case LAYOUT_CTL_STEPS:
        return s->preprocess;
    case LAYOUT_CTL_TEMP_DOWN:
    case LAYOUT_CTL_TEMP_UP: {
        float t = app_temperature(s), ends[] = APP_TEMPS;
        float end = c == LAYOUT_CTL_TEMP_UP ? ends[sizeof ends / sizeof ends[0] - 1] : ends[0];
        return s->view == LAYOUT_VIEW_SOFTMAX && t != end;
    }
    case LAYOUT_CTL_REPLAY:
        return ink_drawing_points(&s->drawing) > 0 || app_replay_playing(s);
    case LAYOUT_CTL_TRAIN_SEED:
    case LAYOUT_CTL_TRAIN_MLP:
    case LAYOUT_CTL_TRAIN_CNN:
    case LAYOUT_CTL_TRAIN_RUN:
    case LAYOUT_CTL_TRAIN_SPEED:
        return s->view == LAYOUT_VIEW_TRAIN;
    case LAYOUT_CTL_TRAIN_STEP:
        return s->view == LAYOUT_VIEW_TRAIN && !train_busy(s);
    case LAYOUT_CTL_TRAIN_LR_DOWN:
    case LAYOUT_CTL_TRAIN_LR_UP:
        return s->view == LAYOUT_VIEW_TRAIN &&
               train_lr_step(app_train_rate(s), c == LAYOUT_CTL_TRAIN_LR_UP ? 1 : -1) !=
                   app_train_rate(s);
    case LAYOUT_CTL_TRAIN_BATCH_DOWN:
    case LAYOUT_CTL_TRAIN_BATCH_UP:
        return s->view == LAYOUT_VIEW_TRAIN &&
               train_batch_step(app_train_batch_size(s),
                                c == LAYOUT_CTL_TRAIN_BATCH_UP ? 1 : -1) != app_train_batch_size(s);
    case LAYOUT_CTL_TRAIN_SAVE: {
        const TrainStatus *st = app_train_status(s);
        return s->view == LAYOUT_VIEW_TRAIN && st && st->weights_serial > 0 &&
               st->phase != TRAIN_FAILED && st->phase != TRAIN_STOPPED && !train_busy(s);
    }
    case LAYOUT_CTL_TEACH: /* a digit model to teach, or the teaching to stop */
        return app_finetune_busy(s) || (app_model(s) && ink_reads_digits(app_model(s)));
        break;
    case LAYOUT_CTL_CH_YES:
    case LAYOUT_CTL_CH_NO:
        return s->view == LAYOUT_VIEW_CHALLENGE && s->challenge &&
               s->challenge->state == APP_CH_CONFIRM;
    case LAYOUT_CTL_CH_CLOSE:
        return s->view == LAYOUT_VIEW_CHALLENGE;
    case LAYOUT_CTL_YOURS_USE:
    case LAYOUT_CTL_YOURS_DELETE:
        return s->view == LAYOUT_VIEW_YOURS && s->collect.selected >= 0;
    case LAYOUT_CTL_DATA_PREV:
    case LAYOUT_CTL_DATA_NEXT:
    case LAYOUT_CTL_DATA_MISTAKES:
    case LAYOUT_CTL_DATA_EDIT: {
        const Browse *b = s->view == LAYOUT_VIEW_DATA ? app_data_browse(s) : NULL;
        return b && (c == LAYOUT_CTL_DATA_MISTAKES ||
                     (c == LAYOUT_CTL_DATA_PREV ? b->pos > 0
                      : c == LAYOUT_CTL_DATA_NEXT ? b->pos + 1 < b->n_shown
                                                  : b->n_shown > 0));
    }
    case LAYOUT_CTL_ERASER:
    case LAYOUT_CTL_PREPROCESS:
    case LAYOUT_CTL_FLIP:
    case LAYOUT_CTL_THEME:
    case LAYOUT_CTL_SIZE:
    case LAYOUT_CTL_HELP:
    case LAYOUT_CTL_VIEWS:
    case LAYOUT_CTL_VIEW_ACTS:
    case LAYOUT_CTL_VIEW_WEIGHTS:
    case LAYOUT_CTL_VIEW_SOFTMAX:
    case LAYOUT_CTL_VIEW_NEAREST:
    case LAYOUT_CTL_VIEW_COMPARE:
    case LAYOUT_CTL_VIEW_TRAIN:
    case LAYOUT_CTL_CHALLENGE:
    case LAYOUT_CTL_VIEW_YOURS:
    case LAYOUT_CTL_VIEW_DATA:
        return 1;
    default:
        return 0;
    }
}

int app_control_on(const AppState *s, LayoutControl c)
{
    switch (c) {
    case LAYOUT_CTL_ERASER:
        return s->eraser;
    case LAYOUT_CTL_STEPS:
        return s->show_steps && s->preprocess;
    case LAYOUT_CTL_PREPROCESS:
        return s->preprocess;
    case LAYOUT_CTL_FLIP:
        return s->overlay == APP_OVERLAY_FLIP;
    case LAYOUT_CTL_THEME:
        return s->theme == THEME_LIGHT;
    case LAYOUT_CTL_HELP:
        return s->show_help;
    case LAYOUT_CTL_REPLAY:
        return s->view == LAYOUT_VIEW_REPLAY;
    case LAYOUT_CTL_TEACH:
        return app_finetune_busy(s);
    case LAYOUT_CTL_VIEWS:
        return s->view != LAYOUT_VIEW_NONE;
    case LAYOUT_CTL_VIEW_ACTS:
    case LAYOUT_CTL_VIEW_WEIGHTS:
    case LAYOUT_CTL_VIEW_SOFTMAX:
    case LAYOUT_CTL_VIEW_NEAREST:
    case LAYOUT_CTL_VIEW_COMPARE:
    case LAYOUT_CTL_VIEW_TRAIN:
    case LAYOUT_CTL_VIEW_YOURS:
        return s->view == tab_view(c);
    case LAYOUT_CTL_CHALLENGE:
        return s->view == LAYOUT_VIEW_CHALLENGE;
    case LAYOUT_CTL_TRAIN_SEED:
    case LAYOUT_CTL_TRAIN_MLP:
    case LAYOUT_CTL_TRAIN_CNN:
        return app_train_chosen(s) == (int)(c - LAYOUT_CTL_TRAIN_SEED);
    case LAYOUT_CTL_VIEW_DATA:
        return s->view == tab_view(c);
    case LAYOUT_CTL_DATA_MISTAKES:
        return app_data_mistakes_on(s);
    default:
        return 0;
    }
}

/* The steps of app_control_act, one per group of controls: each acts on c and returns 1 if
 * c is one of its group's, else 0 (doing nothing). */

/* The toolbar's controls and the switches at the bottom right (but Inside). */
static int act_toolbar(AppState *s, LayoutControl c)
{
    switch (c) {
    case LAYOUT_CTL_CLEAR:
        app_clear(s);
        break;
    case LAYOUT_CTL_UNDO:
        app_undo(s);
        break;
    case LAYOUT_CTL_REDO:
        app_redo(s);
        break;
    case LAYOUT_CTL_ERASER:
        app_toggle_eraser(s);
        break;
    case LAYOUT_CTL_BRUSH_SMALLER:
        app_brush_step(s, -1);
        break;
    case LAYOUT_CTL_BRUSH_LARGER:
        app_brush_step(s, +1);
        break;
    case LAYOUT_CTL_MODEL_PREV:
        app_cycle_model(s, -1);
        break;
    case LAYOUT_CTL_MODEL_NEXT:
        app_cycle_model(s, +1);
        break;
    case LAYOUT_CTL_STEPS:
        app_toggle_steps(s);
        break;
    case LAYOUT_CTL_PREPROCESS:
        app_toggle_preprocess(s);
        break;
    case LAYOUT_CTL_FLIP:
        app_toggle_flip(s);
        break;
    case LAYOUT_CTL_THEME:
        app_next_theme(s);
        break;
    case LAYOUT_CTL_SIZE: /* Ctrl+=, and from the largest back to normal */
        if (s->size_step >= LAYOUT_SIZE_STEPS - 1)
            app_size_reset(s);
        else
            app_size_step(s, +1);
        break;
    case LAYOUT_CTL_HELP:
        app_toggle_help(s);
        break;
    case LAYOUT_CTL_REPLAY: /* at the time of the press's event, as R at the key's */
        app_replay_toggle(s, s->pen_clock);
        break;
    case LAYOUT_CTL_TEACH:
        app_finetune_toggle(s);
        break;
    default:
        return 0;
    }
    return 1;
}

/* Inside, the view area's tabs and the softmax view's temperature buttons. */
static int act_view_tabs(AppState *s, LayoutControl c)
{
    switch (c) {
    case LAYOUT_CTL_VIEWS:
        app_toggle_views(s);
        break;
    case LAYOUT_CTL_VIEW_ACTS:
    case LAYOUT_CTL_VIEW_WEIGHTS:
    case LAYOUT_CTL_VIEW_SOFTMAX:
    case LAYOUT_CTL_VIEW_NEAREST:
    case LAYOUT_CTL_VIEW_COMPARE:
    case LAYOUT_CTL_VIEW_TRAIN:
    case LAYOUT_CTL_VIEW_YOURS:
    case LAYOUT_CTL_VIEW_DATA:
        app_show_view(s, tab_view(c));
        break;
    case LAYOUT_CTL_TEMP_DOWN:
    case LAYOUT_CTL_TEMP_UP:
        app_temperature_step(s, c == LAYOUT_CTL_TEMP_UP ? 1 : -1);
        break;
    default:
        return 0;
    }
    return 1;
}

/* The train view's buttons. */
static int act_train(AppState *s, LayoutControl c)
{
    switch (c) {
    case LAYOUT_CTL_TRAIN_SEED:
    case LAYOUT_CTL_TRAIN_MLP:
    case LAYOUT_CTL_TRAIN_CNN:
        app_train_recipe(s, (int)(c - LAYOUT_CTL_TRAIN_SEED));
        break;
    case LAYOUT_CTL_TRAIN_RUN:
        app_train_run(s);
        break;
    case LAYOUT_CTL_TRAIN_STEP:
        app_train_step(s);
        break;
    case LAYOUT_CTL_TRAIN_SPEED:
        app_train_speed_next(s);
        break;
    case LAYOUT_CTL_TRAIN_LR_DOWN:
    case LAYOUT_CTL_TRAIN_LR_UP:
        app_train_lr(s, c == LAYOUT_CTL_TRAIN_LR_UP ? 1 : -1);
        break;
    case LAYOUT_CTL_TRAIN_BATCH_DOWN:
    case LAYOUT_CTL_TRAIN_BATCH_UP:
        app_train_batch(s, c == LAYOUT_CTL_TRAIN_BATCH_UP ? 1 : -1);
        break;
    case LAYOUT_CTL_TRAIN_SAVE:
        app_train_save(s, time(NULL));
        break;
    default:
        return 0;
    }
    return 1;
}

/* The challenge's buttons, the yours view's and the data view's. */
static int act_challenge_yours_data(AppState *s, LayoutControl c)
{
    switch (c) {
    case LAYOUT_CTL_CHALLENGE: /* the press's time seeds the prompts, as Q's does */
        app_challenge_next(s, s->pen_clock, (uint64_t)s->pen_clock);
        break;
    case LAYOUT_CTL_CH_YES:
    case LAYOUT_CTL_CH_NO:
        app_challenge_confirm(s, c == LAYOUT_CTL_CH_YES);
        break;
    case LAYOUT_CTL_CH_CLOSE:
        app_challenge_close(s);
        break;
    case LAYOUT_CTL_YOURS_USE:
        app_collect_use(s);
        break;
    case LAYOUT_CTL_YOURS_DELETE:
        app_collect_delete(s);
        break;
    case LAYOUT_CTL_DATA_PREV:
    case LAYOUT_CTL_DATA_NEXT:
        app_data_step(s, c == LAYOUT_CTL_DATA_NEXT ? 1 : -1);
        break;
    case LAYOUT_CTL_DATA_MISTAKES:
        app_data_mistakes(s);
        break;
    case LAYOUT_CTL_DATA_EDIT:
        app_data_edit(s);
        break;
    default:
        return 0;
    }
    return 1;
}

int app_control_act(AppState *s, LayoutControl c)
{
    if (!app_control_enabled(s, c))
        return 0;
    return act_toolbar(s, c) || act_view_tabs(s, c) || act_train(s, c)
           || act_challenge_yours_data(s, c);
}

/* 1 if pointer p (finger: its id) holds the pressed control. */
static int owns_control(const AppState *s, AppPointer p, long long finger)
{
    return s->control_down != LAYOUT_CTL_NONE && app_pointer_is(s, p, finger);
}

/* Shows the held control pressed or not: pressed while its pointer is over it. */
static void arm(AppState *s, int over)
{
    int armed = over && app_control_enabled(s, s->control_down);
    if (armed != s->control_armed)
        s->needs_redraw = 1;
    s->control_armed = armed;
}

int app_control_down(AppState *s, AppPointer p, long long finger, LayoutControl c)
{
    if (s->pen_down || s->control_down != LAYOUT_CTL_NONE || !is_control(c))
        return 0; /* a pointer holds the pen or a control already */
    s->control_down = c;
    s->pen_pointer = p;
    s->pen_finger = finger;
    arm(s, 1);
    return 1;
}

int app_control_move(AppState *s, AppPointer p, long long finger, LayoutControl under)
{
    if (!owns_control(s, p, finger))
        return 0;
    arm(s, under == s->control_down);
    return 1;
}

int app_control_up(AppState *s, AppPointer p, long long finger, LayoutControl under)
{
    if (!owns_control(s, p, finger))
        return 0;
    LayoutControl c = s->control_down;
    app_control_cancel(s);
    return under == c && app_control_act(s, c);
}

void app_control_hover(AppState *s, LayoutControl under)
{
    if (under != s->control_hover)
        s->needs_redraw = 1;
    s->control_hover = under;
}

void app_control_cancel(AppState *s)
{
    if (s->control_down != LAYOUT_CTL_NONE)
        s->needs_redraw = 1;
    s->control_down = LAYOUT_CTL_NONE;
    s->control_armed = 0;
}
