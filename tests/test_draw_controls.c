/* test_draw_controls.c - the on-screen controls in the pure state: each one does what its key
 * does, disabled ones do nothing, switches show their state, and a press belongs to the pointer
 * that made it: it acts on release over the control only, never starts a stroke, and no other
 * pointer draws or presses while it is held.
 */
#include <string.h>

#include "draw/layout.h"
#include "draw_test.h"
#include "draw/app_finetune.h"
#include "draw/app_challenge.h"
#include "draw/app_replay.h"

/* A state with three models, two strokes (one undone) and preprocessing on. */
static int busy_state(AppState *s)
{
    app_init(s);
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "m%d", i);
        NnModel *m = flat_model(name, 0.9f);
        if (!m || app_add_model(s, m, "", NULL) < 0)
            return 0;
    }
    app_select_model(s, 0);
    draw_bar(s, 10.0f);
    draw_bar(s, 14.0f);
    draw_bar(s, 18.0f);
    app_undo(s);
    return 1;
}

/* What a control or key may change, side by side. */
static int same_effect(const AppState *a, const AppState *b)
{
    return a->drawing.n == b->drawing.n && a->n_undo == b->n_undo && a->n_redo == b->n_redo &&
           a->brush == b->brush && a->active == b->active && a->show_steps == b->show_steps &&
           a->preprocess == b->preprocess && a->show_help == b->show_help &&
           a->eraser == b->eraser && a->view == b->view && a->temp_step == b->temp_step &&
           a->overlay == b->overlay && a->theme == b->theme && a->size_step == b->size_step &&
           app_train_chosen(a) == app_train_chosen(b) && app_train_rate(a) == app_train_rate(b) &&
           app_train_batch_size(a) == app_train_batch_size(b) &&
           (app_train_status(a) != NULL) == (app_train_status(b) != NULL) &&
           app_finetune_busy(a) == app_finetune_busy(b) && strcmp(a->message, b->message) == 0 &&
           (a->challenge ? (int)a->challenge->state : -1) ==
               (b->challenge ? (int)b->challenge->state : -1);
}

/* The app_* call each control's key makes (events.c). */
static void press_key(AppState *s, LayoutControl c)
{
    switch (c) {
    case LAYOUT_CTL_CLEAR: app_clear(s); break;
    case LAYOUT_CTL_UNDO: app_undo(s); break;
    case LAYOUT_CTL_REDO: app_redo(s); break;
    case LAYOUT_CTL_ERASER: app_toggle_eraser(s); break;
    case LAYOUT_CTL_BRUSH_SMALLER: app_brush_step(s, -1); break;
    case LAYOUT_CTL_BRUSH_LARGER: app_brush_step(s, +1); break;
    case LAYOUT_CTL_MODEL_PREV: app_cycle_model(s, -1); break;
    case LAYOUT_CTL_MODEL_NEXT: app_cycle_model(s, +1); break;
    case LAYOUT_CTL_STEPS: app_toggle_steps(s); break;
    case LAYOUT_CTL_PREPROCESS: app_toggle_preprocess(s); break;
    case LAYOUT_CTL_FLIP: app_toggle_flip(s); break;
    case LAYOUT_CTL_THEME: app_next_theme(s); break;
    case LAYOUT_CTL_SIZE: app_size_step(s, +1); break;
    case LAYOUT_CTL_HELP: app_toggle_help(s); break;
    case LAYOUT_CTL_REPLAY: app_replay_toggle(s, s->pen_clock); break;
    case LAYOUT_CTL_TEACH: app_finetune_toggle(s); break;
    case LAYOUT_CTL_CHALLENGE: app_challenge_next(s, s->pen_clock, (uint64_t)s->pen_clock); break;
    case LAYOUT_CTL_CH_YES: app_challenge_confirm(s, 1); break;
    case LAYOUT_CTL_CH_NO: app_challenge_confirm(s, 0); break;
    case LAYOUT_CTL_CH_CLOSE: app_challenge_close(s); break;
    case LAYOUT_CTL_VIEWS: app_toggle_views(s); break;
    case LAYOUT_CTL_VIEW_ACTS: app_show_view(s, LAYOUT_VIEW_ACTS); break;
    case LAYOUT_CTL_VIEW_WEIGHTS: app_show_view(s, LAYOUT_VIEW_WEIGHTS); break;
    case LAYOUT_CTL_VIEW_SOFTMAX: app_show_view(s, LAYOUT_VIEW_SOFTMAX); break;
    case LAYOUT_CTL_VIEW_NEAREST: app_show_view(s, LAYOUT_VIEW_NEAREST); break;
    case LAYOUT_CTL_VIEW_COMPARE: app_show_view(s, LAYOUT_VIEW_COMPARE); break;
    case LAYOUT_CTL_VIEW_YOURS: app_show_view(s, LAYOUT_VIEW_YOURS); break;
    case LAYOUT_CTL_YOURS_USE: app_collect_use(s); break;
    case LAYOUT_CTL_YOURS_DELETE: app_collect_delete(s); break;
    case LAYOUT_CTL_VIEW_DATA: app_show_view(s, LAYOUT_VIEW_DATA); break;
    case LAYOUT_CTL_TEMP_DOWN: app_temperature_step(s, -1); break;
    case LAYOUT_CTL_TEMP_UP: app_temperature_step(s, +1); break;
    case LAYOUT_CTL_VIEW_TRAIN: app_show_view(s, LAYOUT_VIEW_TRAIN); break;
    case LAYOUT_CTL_TRAIN_SEED: app_train_recipe(s, APP_TRAIN_SEED); break;
    case LAYOUT_CTL_TRAIN_MLP: app_train_recipe(s, APP_TRAIN_MLP); break;
    case LAYOUT_CTL_TRAIN_CNN: app_train_recipe(s, APP_TRAIN_CNN); break;
    case LAYOUT_CTL_TRAIN_RUN: app_train_run(s); break;
    case LAYOUT_CTL_TRAIN_STEP: app_train_step(s); break;
    case LAYOUT_CTL_TRAIN_SPEED: app_train_speed_next(s); break;
    case LAYOUT_CTL_TRAIN_LR_DOWN: app_train_lr(s, -1); break;
    case LAYOUT_CTL_TRAIN_LR_UP: app_train_lr(s, +1); break;
    case LAYOUT_CTL_TRAIN_BATCH_DOWN: app_train_batch(s, -1); break;
    case LAYOUT_CTL_TRAIN_BATCH_UP: app_train_batch(s, +1); break;
    default: break;
    }
}

TEST(each_control_does_what_its_key_does_and_names_its_key)
{
    for (int c = 0; c < LAYOUT_CONTROLS; c++) {
        AppState by_key, by_control;
        if (!busy_state(&by_key) || !busy_state(&by_control)) {
            CHECK(0);
            return;
        }
        CHECK(app_control_enabled(&by_control, (LayoutControl)c));
        press_key(&by_key, (LayoutControl)c);
        CHECK(!same_effect(&by_key, &by_control)); /* the key changes something... */
        CHECK(app_control_act(&by_control, (LayoutControl)c) == 1);
        if (!same_effect(&by_key, &by_control))
            printf("  control %d (%s) differs from its key %s\n", c,
                   app_control_label((LayoutControl)c), app_control_key((LayoutControl)c));
        CHECK(same_effect(&by_key, &by_control)); /* ...and the control the same */
        CHECK(by_control.needs_redraw);
        CHECK(app_control_label((LayoutControl)c)[0] != '\0');
        CHECK(app_control_key((LayoutControl)c)[0] != '\0');
        app_free(&by_key);
        app_free(&by_control);
    }
    CHECK(strcmp(app_control_key(LAYOUT_CTL_CLEAR), "C") == 0);
    CHECK(strcmp(app_control_key(LAYOUT_CTL_UNDO), "Ctrl+Z") == 0);
    CHECK(strcmp(app_control_key(LAYOUT_CTL_MODEL_NEXT), "Tab") == 0);
    CHECK(strcmp(app_control_key(LAYOUT_CTL_HELP), "H") == 0);
    CHECK(strcmp(app_control_key(LAYOUT_CTL_ERASER), "E") == 0);
}

/* The view area's controls (its tabs, the temperature buttons with the softmax view shown, the
 * train view's buttons with it shown, a recipe other than the chosen one, before training;
 * challenge mode's with a round waiting for the teacher for yes and no): each does what its
 * key does. (Save, which needs a network trained: test_draw_train; the Data view's buttons:
 * test_draw_browse.) */
TEST(each_view_control_does_what_its_key_does)
{
    for (int c = LAYOUT_CONTROLS; c < LAYOUT_ALL_CONTROLS; c++) {
        if (c == LAYOUT_CTL_YOURS_USE || c == LAYOUT_CTL_YOURS_DELETE)
            continue; /* they need a collection: test_draw_collect */
        if (c >= LAYOUT_CTL_DATA_PREV && c <= LAYOUT_CTL_DATA_EDIT)
            continue; /* they need the test set's answers: test_draw_browse */
        AppState by_key, by_control;
        if (c == LAYOUT_CTL_TRAIN_SAVE)
            continue;
        if (!busy_state(&by_key) || !busy_state(&by_control)) {
            CHECK(0);
            return;
        }
        if (c >= LAYOUT_CTL_CH_YES) {
            AppState *both[2] = {&by_key, &by_control};
            for (int k = 0; k < 2; k++) {
                app_challenge_next(both[k], 0.0, 7);
                if (c != LAYOUT_CTL_CH_CLOSE) /* the network called it what was asked */
                    both[k]->challenge->state = APP_CH_CONFIRM;
            }
        }
        LayoutView v = c >= LAYOUT_CTL_TRAIN_SEED ? LAYOUT_VIEW_TRAIN : LAYOUT_VIEW_SOFTMAX;
        if (c < LAYOUT_CTL_CH_YES) {
            app_show_view(&by_key, v);
            app_show_view(&by_control, v);
        }
        if (c == LAYOUT_CTL_TRAIN_SEED) { /* choosing the seed again would change nothing */
            app_train_recipe(&by_key, APP_TRAIN_MLP);
            app_train_recipe(&by_control, APP_TRAIN_MLP);
        }
        CHECK(app_control_enabled(&by_control, (LayoutControl)c));
        press_key(&by_key, (LayoutControl)c);
        CHECK(!same_effect(&by_key, &by_control));
        CHECK(app_control_act(&by_control, (LayoutControl)c) == 1);
        CHECK(same_effect(&by_key, &by_control));
        CHECK(app_control_label((LayoutControl)c)[0] != '\0');
        CHECK(app_control_key((LayoutControl)c)[0] != '\0');
        app_free(&by_key);
        app_free(&by_control);
    }
}

TEST(controls_with_nothing_to_do_are_disabled_and_do_nothing)
{
    AppState s;
    NnModel *m = flat_model("only", 0.9f);
    app_with_model(&s, m);
    /* an empty canvas, no history, one model */
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_CLEAR));
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_UNDO));
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_REDO));
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_MODEL_PREV));
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_MODEL_NEXT));
    CHECK(app_control_enabled(&s, LAYOUT_CTL_HELP));
    CHECK(app_control_enabled(&s, LAYOUT_CTL_PREPROCESS));
    CHECK(app_control_act(&s, LAYOUT_CTL_UNDO) == 0);
    CHECK(app_control_act(&s, LAYOUT_CTL_MODEL_NEXT) == 0);
    CHECK(s.active == 0);
    /* the brush at either end */
    app_brush_step(&s, -100);
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_BRUSH_SMALLER));
    CHECK(app_control_enabled(&s, LAYOUT_CTL_BRUSH_LARGER));
    app_brush_step(&s, +100);
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_BRUSH_LARGER));
    CHECK(app_control_act(&s, LAYOUT_CTL_BRUSH_LARGER) == 0);
    CHECK(s.brush == APP_BRUSH_MAX);
    /* the steps are steps of the preprocessing: without it there is nothing to show */
    app_toggle_preprocess(&s);
    CHECK(!app_control_enabled(&s, LAYOUT_CTL_STEPS));
    CHECK(app_control_act(&s, LAYOUT_CTL_STEPS) == 0);
    CHECK(s.show_steps == 0);
    /* a stroke enables clear and undo */
    draw_bar(&s, 14.0f);
    CHECK(app_control_enabled(&s, LAYOUT_CTL_CLEAR));
    CHECK(app_control_enabled(&s, LAYOUT_CTL_UNDO));
    /* so does an image on the canvas without a stroke over it */
    CHECK(app_clear(&s) == 1 && !app_control_enabled(&s, LAYOUT_CTL_CLEAR));
    const char *dir = getenv("SCRATCHNET_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/mnist-test-0-seven.png", dir ? dir : "tests/data");
    CHECK(app_open_file(&s, path) == 0 && s.drawing.n == 0);
    CHECK(app_control_enabled(&s, LAYOUT_CTL_CLEAR));
    CHECK(app_control_act(&s, LAYOUT_CTL_CLEAR) == 1 && ink_drawing_is_empty(&s.drawing));
    app_free(&s);
}

TEST(switches_show_their_state)
{
    AppState s;
    app_init(&s);
    CHECK(app_control_on(&s, LAYOUT_CTL_PREPROCESS) == 1); /* on from the start */
    CHECK(app_control_on(&s, LAYOUT_CTL_STEPS) == 0);
    CHECK(app_control_on(&s, LAYOUT_CTL_HELP) == 0);
    CHECK(app_control_on(&s, LAYOUT_CTL_ERASER) == 0); /* off from the start */
    CHECK(app_control_enabled(&s, LAYOUT_CTL_ERASER));
    app_toggle_eraser(&s);
    CHECK(app_control_on(&s, LAYOUT_CTL_ERASER) == 1);
    app_toggle_eraser(&s);
    CHECK(app_control_on(&s, LAYOUT_CTL_ERASER) == 0);
    app_toggle_steps(&s);
    app_toggle_help(&s);
    app_toggle_preprocess(&s);
    CHECK(app_control_on(&s, LAYOUT_CTL_PREPROCESS) == 0);
    CHECK(app_control_on(&s, LAYOUT_CTL_STEPS) == 0); /* no steps without preprocessing */
    CHECK(app_control_on(&s, LAYOUT_CTL_HELP) == 1);
    app_toggle_preprocess(&s);
    CHECK(app_control_on(&s, LAYOUT_CTL_STEPS) == 1);
    for (int c = 0; c < LAYOUT_CONTROLS; c++)
        if (c != LAYOUT_CTL_STEPS && c != LAYOUT_CTL_PREPROCESS && c != LAYOUT_CTL_HELP &&
            c != LAYOUT_CTL_ERASER && c != LAYOUT_CTL_REPLAY)
            CHECK(app_control_on(&s, (LayoutControl)c) == 0); /* buttons, not switches */
    app_free(&s);
}

TEST(a_control_acts_on_release_over_it_and_not_after_sliding_off)
{
    AppState s;
    if (!busy_state(&s)) {
        CHECK(0);
        return;
    }
    /* press, release over it: one undo */
    CHECK(app_control_down(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_UNDO) == 1);
    CHECK(s.control_down == LAYOUT_CTL_UNDO && s.control_armed == 1); /* shows pressed */
    CHECK(s.n_undo == 2); /* nothing yet */
    CHECK(app_control_up(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_UNDO) == 1);
    CHECK(s.n_undo == 1 && s.drawing.n == 1);
    CHECK(s.control_down == LAYOUT_CTL_NONE && s.control_armed == 0);
    /* press, slide off (onto another control, then nothing), release: nothing */
    CHECK(app_control_down(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_CLEAR) == 1);
    CHECK(app_control_move(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_UNDO) == 1);
    CHECK(s.control_armed == 0 && s.needs_redraw); /* the pressed look goes */
    CHECK(app_control_move(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_NONE) == 1);
    CHECK(app_control_up(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_NONE) == 0);
    CHECK(s.drawing.n == 1 && s.n_undo == 1);
    /* ...and the other control did not act either */
    CHECK(app_control_down(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_CLEAR) == 1);
    CHECK(app_control_up(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_UNDO) == 0);
    CHECK(s.drawing.n == 1 && s.n_undo == 1);
    /* slide off and back on: it acts */
    CHECK(app_control_down(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_CLEAR) == 1);
    app_control_move(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_NONE);
    app_control_move(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_CLEAR);
    CHECK(s.control_armed == 1);
    CHECK(app_control_up(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_CLEAR) == 1);
    CHECK(s.drawing.n == 0);
    /* a disabled control takes the press and does nothing on release */
    CHECK(app_control_down(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_CLEAR) == 1);
    CHECK(s.control_armed == 0); /* no pressed look */
    CHECK(app_control_up(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_CLEAR) == 0);
    CHECK(s.control_down == LAYOUT_CTL_NONE);
    /* lost focus: the press ends without acting */
    CHECK(app_control_down(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_HELP) == 1);
    app_control_cancel(&s);
    CHECK(s.control_down == LAYOUT_CTL_NONE);
    CHECK(app_control_up(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_HELP) == 0);
    CHECK(s.show_help == 0);
    app_free(&s);
}

TEST(a_press_belongs_to_its_pointer_and_no_other_draws_or_presses_meanwhile)
{
    AppState s;
    if (!busy_state(&s)) {
        CHECK(0);
        return;
    }
    int strokes = s.drawing.n;
    /* finger 7 holds Clear: finger 8 and the mouse neither draw nor press, nor release it */
    CHECK(app_control_down(&s, APP_POINTER_FINGER, 7, LAYOUT_CTL_CLEAR) == 1);
    CHECK(app_pointer_down(&s, APP_POINTER_FINGER, 8, 10.0f, 10.0f, 0) == 0);
    CHECK(app_pointer_down(&s, APP_POINTER_MOUSE, 0, 10.0f, 10.0f, 0) == 0);
    CHECK(s.drawing.n == strokes && !s.pen_down);
    CHECK(app_control_down(&s, APP_POINTER_FINGER, 8, LAYOUT_CTL_HELP) == 0);
    CHECK(app_control_move(&s, APP_POINTER_FINGER, 8, LAYOUT_CTL_NONE) == 0);
    CHECK(s.control_armed == 1);
    CHECK(app_control_up(&s, APP_POINTER_FINGER, 8, LAYOUT_CTL_CLEAR) == 0);
    CHECK(app_control_up(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_CLEAR) == 0);
    CHECK(s.control_down == LAYOUT_CTL_CLEAR && s.drawing.n == strokes && !s.show_help);
    /* its own lift acts; then the pointers are free again */
    CHECK(app_control_up(&s, APP_POINTER_FINGER, 7, LAYOUT_CTL_CLEAR) == 1);
    CHECK(s.drawing.n == 0);
    /* while a stroke is drawn, a press on a control is ignored (and the stroke goes on) */
    CHECK(app_pointer_down(&s, APP_POINTER_FINGER, 8, 10.0f, 10.0f, 0) == 1);
    CHECK(app_control_down(&s, APP_POINTER_FINGER, 9, LAYOUT_CTL_UNDO) == 0);
    CHECK(app_control_down(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_UNDO) == 0);
    CHECK(s.control_down == LAYOUT_CTL_NONE);
    CHECK(app_pointer_move(&s, APP_POINTER_FINGER, 8, 12.0f, 12.0f) == 1);
    CHECK(app_pointer_up(&s, APP_POINTER_FINGER, 8) == 1);
    /* a control press is no stroke: the pen's calls ignore its pointer */
    CHECK(app_control_down(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_UNDO) == 1);
    CHECK(app_pointer_move(&s, APP_POINTER_MOUSE, 0, 5.0f, 5.0f) == 0);
    CHECK(app_pointer_up(&s, APP_POINTER_MOUSE, 0) == 0);
    CHECK(s.control_down == LAYOUT_CTL_UNDO);
    CHECK(app_control_up(&s, APP_POINTER_MOUSE, 0, LAYOUT_CTL_UNDO) == 1);
    CHECK(s.drawing.n == 0 && s.n_redo == 1);
    app_free(&s);
}

/* 1 if the drawing's last stroke erases. */
static int last_erases(const AppState *s)
{
    return s->drawing.n > 0 && s->drawing.strokes[s->drawing.n - 1].erase;
}

/* A stroke of pointer p (right = 1: the mouse's right button) from (10, 10) to (12, 12). */
static void rub(AppState *s, AppPointer p, long long finger, int right)
{
    CHECK(app_pointer_down(s, p, finger, 10.0f, 10.0f, right) == 1);
    CHECK(app_pointer_move(s, p, finger, 12.0f, 12.0f) == 1);
    CHECK(app_pointer_up(s, p, finger) == 1);
}

TEST(the_eraser_makes_the_left_button_a_pen_and_a_finger_erase)
{
    AppState s;
    if (!busy_state(&s)) {
        CHECK(0);
        return;
    }
    /* off: the left button (a pen) and a finger draw, the right button erases */
    rub(&s, APP_POINTER_MOUSE, 0, 0);
    CHECK(!last_erases(&s));
    rub(&s, APP_POINTER_FINGER, 3, 0);
    CHECK(!last_erases(&s));
    rub(&s, APP_POINTER_MOUSE, 0, 1);
    CHECK(last_erases(&s));
    /* on: all of them erase, the right button as always; the drawing and its history stay */
    int strokes = s.drawing.n, undo = s.n_undo;
    s.needs_redraw = 0;
    CHECK(app_control_act(&s, LAYOUT_CTL_ERASER) == 1);
    CHECK(s.eraser == 1 && s.needs_redraw);
    CHECK(s.drawing.n == strokes && s.n_undo == undo);
    rub(&s, APP_POINTER_MOUSE, 0, 0);
    CHECK(last_erases(&s));
    rub(&s, APP_POINTER_FINGER, 4, 0);
    CHECK(last_erases(&s));
    rub(&s, APP_POINTER_MOUSE, 0, 1);
    CHECK(last_erases(&s));
    CHECK(s.drawing.n == strokes + 3);
    /* an erasing stroke is undone as any other */
    CHECK(app_undo(&s) == 1 && s.drawing.n == strokes + 2);
    /* off again (E): the left button draws */
    app_toggle_eraser(&s);
    CHECK(s.eraser == 0);
    rub(&s, APP_POINTER_MOUSE, 0, 0);
    CHECK(!last_erases(&s));
    app_free(&s);
}

TEST(the_control_under_the_mouse_is_marked_for_drawing)
{
    AppState s;
    app_init(&s);
    CHECK(s.control_hover == LAYOUT_CTL_NONE);
    s.needs_redraw = 0;
    app_control_hover(&s, LAYOUT_CTL_HELP);
    CHECK(s.control_hover == LAYOUT_CTL_HELP && s.needs_redraw);
    s.needs_redraw = 0;
    app_control_hover(&s, LAYOUT_CTL_HELP);
    CHECK(!s.needs_redraw); /* nothing changed: no frame */
    app_control_hover(&s, LAYOUT_CTL_NONE);
    CHECK(s.control_hover == LAYOUT_CTL_NONE && s.needs_redraw);
    app_free(&s);
}

int main(void)
{
    /* Teach (U) looks for the collection in the user's data folder: an empty one of its own */
    char data[256];
    if (!make_temp_dir(data, sizeof data))
        return 1;
    setenv("XDG_DATA_HOME", data, 1);
    RUN(each_control_does_what_its_key_does_and_names_its_key);
    RUN(each_view_control_does_what_its_key_does);
    RUN(controls_with_nothing_to_do_are_disabled_and_do_nothing);
    RUN(switches_show_their_state);
    RUN(a_control_acts_on_release_over_it_and_not_after_sliding_off);
    RUN(a_press_belongs_to_its_pointer_and_no_other_draws_or_presses_meanwhile);
    RUN(the_eraser_makes_the_left_button_a_pen_and_a_finger_erase);
    RUN(the_control_under_the_mouse_is_marked_for_drawing);
    rmdir(data);
    return test_main_result();
}
