/* test_draw_flip.c - "flip it" in the app without a display (src/draw/app_flip.c): F starts a
 * search for the runner-up on the background thread while the app goes on; its result is the
 * library's own flip (ink_flip) and shows over the canvas as ink added and removed, with a
 * sentence naming its size; a stroke drops it and the search starts again when the stroke
 * ends; applying it puts the changed image on the canvas as its base layer, after which the
 * network reads the class asked for, and one undo brings the drawing back; a click on a bar picks
 * the class; the canvas shows flip it or the saliency, never both.
 */
#include <string.h>
#include <time.h>

#include "draw/app_flip.h"
#include "draw/app_internal.h"
#include "draw_test.h"
#include "spec_model.h"

static void sleep_ms(int ms)
{
    struct timespec t = {0, (long)ms * 1000000L};
    nanosleep(&t, NULL);
}

/* Polls (as the main loop does when woken) and updates until the search is no longer running,
 * up to 20 s; returns its status. */
static AppFlipStatus wait_search(AppState *s)
{
    for (int i = 0; i < 2000; i++) {
        app_work_poll(s);
        if (s->needs_update)
            app_update(s);
        const AppFlip *f = app_flip_state(s);
        if (!f || f->status != APP_FLIP_BUSY)
            return f ? f->status : APP_FLIP_NONE;
        sleep_ms(10);
    }
    return APP_FLIP_BUSY;
}

/* A small untrained model of the app's input, 784 -> 16 ReLU -> 10 softmax, and a bar drawn:
 * with seed 2 the runner-up is reached, with seed 3 no flip that holds through the
 * preprocessing is found in the steps the search takes. */
static void start_seed(AppState *s, uint64_t seed)
{
    app_with_model(s, spec_model_moved("1x28x28,16:relu,10:softmax", seed, 0.0f));
    draw_bar(s, 14.0f);
    app_update(s);
}

static void start(AppState *s)
{
    start_seed(s, 2);
}

TEST(f_finds_a_flip_in_the_background_and_shows_it_over_the_canvas)
{
    AppState s;
    start(&s);
    CHECK(s.second >= 0 && app_flip_target(&s) == -1 && app_flip_state(&s) == NULL);
    float seen[APP_PIXELS];
    memcpy(seen, s.seen, sizeof seen);
    int runner_up = s.second;
    app_toggle_flip(&s); /* F */
    CHECK(s.overlay == APP_OVERLAY_FLIP && s.needs_update);
    app_update(&s);
    const AppFlip *f = app_flip_state(&s);
    CHECK(f && f->status == APP_FLIP_BUSY && f->target == runner_up);
    char text[600];
    app_flip_sentence(&s, text, sizeof text);
    CHECK(strstr(text, "Looking for the smallest change that makes it a ") == text);
    app_flip_caption(&s, text, sizeof text);
    CHECK(strstr(text, "Looking for a ") == text);
    CHECK(wait_search(&s) == APP_FLIP_READY);
    /* the library's own search, for what the network sees, held through the preprocessing */
    InkFlip want;
    SnError err = {0};
    InkFlipAsk ask = {.target = runner_up, .prep = INK_PREP_MNIST};
    CHECK(ink_flip(app_model(&s), seen, &ask, &want, &err) == 0 && want.found);
    CHECK(f->result.found && f->result.target == runner_up && f->result.norm == want.norm);
    CHECK(memcmp(f->result.change, want.change, sizeof want.change) == 0);
    CHECK(app_flip_shown(&s) && app_flip_scale(&s) > 0.0f);
    int shown = 0;
    for (int k = 0; k < APP_PIXELS; k++) {
        float v = app_flip_at(&s, k % APP_SIDE, k / APP_SIDE);
        int c = app_seen_cell(&s, k % APP_SIDE, k / APP_SIDE);
        CHECK(v == (c < 0 ? 0.0f : want.change[c]));
        shown += v != 0.0f;
    }
    CHECK(shown > 0);
    app_flip_sentence(&s, text, sizeof text);
    char size[32];
    snprintf(size, sizeof size, "a change of size %.1f (L2", (double)want.norm);
    CHECK(strstr(text, " makes it a ") && strstr(text, size));
    CHECK(strcmp(s.message, text) == 0); /* said in the message line when it lands */
    app_flip_caption(&s, text, sizeof text); /* and in short over the canvas */
    snprintf(size, sizeof size, " \xc2\xb7 size %.1f", (double)want.norm);
    CHECK(strstr(text, "Makes it a ") == text && strstr(text, size));
    app_free(&s);
}

TEST(no_flip_found_is_said_plainly_and_nothing_is_applied)
{
    AppState s;
    start_seed(&s, 3);
    app_toggle_flip(&s);
    app_update(&s);
    CHECK(wait_search(&s) == APP_FLIP_READY);
    CHECK(!app_flip_state(&s)->result.found && !app_flip_shown(&s));
    char text[600];
    app_flip_sentence(&s, text, sizeof text);
    CHECK(strstr(text, "No small change found that makes it a ") == text);
    CHECK(strcmp(s.message, text) == 0);
    app_flip_caption(&s, text, sizeof text);
    CHECK(strstr(text, "No small change makes it a ") == text);
    CHECK(app_flip_apply(&s) == 0 && s.message_error && s.drawing.base == NULL);
    app_free(&s);
}

TEST(a_stroke_drops_the_flip_and_its_end_searches_again)
{
    AppState s;
    start(&s);
    app_toggle_flip(&s);
    app_update(&s);
    CHECK(wait_search(&s) == APP_FLIP_READY && app_flip_shown(&s));
    app_pen_down(&s, 6.0f, 6.0f, 0); /* a new stroke: the flip shown is gone at once */
    app_pen_move(&s, 9.0f, 9.0f);
    app_update(&s);
    CHECK(app_flip_state(&s)->status == APP_FLIP_NONE && !app_flip_shown(&s));
    CHECK(app_flip_at(&s, 14, 14) == 0.0f);
    app_pen_up(&s);
    CHECK(s.needs_update); /* its end searches again, for the new drawing */
    app_update(&s);
    CHECK(app_flip_state(&s)->status == APP_FLIP_BUSY);
    CHECK(memcmp(app_flip_state(&s)->seen, s.seen, sizeof s.seen) == 0);
    CHECK(wait_search(&s) == APP_FLIP_READY);
    app_toggle_flip(&s); /* F again: off, nothing shown */
    app_update(&s);
    CHECK(!app_flip_shown(&s) && app_flip_state(&s)->status == APP_FLIP_NONE);
    app_free(&s);
}

TEST(applying_puts_the_image_on_the_canvas_and_the_network_reads_the_class)
{
    AppState s;
    start(&s);
    float before[APP_PIXELS];
    memcpy(before, s.grid, sizeof before);
    int was = s.top;
    CHECK(app_flip_apply(&s) == 0 && s.message_error); /* nothing shown: said */
    app_flip_pick(&s, (was + 3) % 10); /* a bar clicked while it is off: that class */
    app_update(&s);
    CHECK(s.overlay == APP_OVERLAY_FLIP && app_flip_target(&s) == (was + 3) % 10);
    CHECK(wait_search(&s) == APP_FLIP_READY && app_flip_shown(&s));
    int target = app_flip_state(&s)->target;
    CHECK(app_flip_apply(&s) == 1 && !s.message_error && s.overlay == APP_OVERLAY_NONE);
    CHECK(s.drawing.base != NULL && s.drawing.n == 0); /* the base layer, no strokes */
    app_update(&s);
    CHECK(s.top == target);
    CHECK(app_flip_state(&s)->status == APP_FLIP_NONE);
    CHECK(strstr(s.message, "Ctrl+Z brings your drawing back") != NULL);
    CHECK(strstr(s.message, "again") == NULL); /* one press, nothing to explain */
    int steps = s.n_undo;
    CHECK(app_undo(&s) == 1); /* one step: the image off, the drawing back */
    app_update(&s);
    CHECK(s.drawing.base == NULL && memcmp(s.grid, before, sizeof before) == 0 && s.top == was);
    CHECK(s.n_undo == steps - 1 && s.n_redo == 1);
    CHECK(app_redo(&s) == 1); /* one step back: the image again */
    app_update(&s);
    CHECK(s.drawing.base != NULL && s.drawing.n == 0 && s.top == target);
    CHECK(s.n_undo == steps && s.n_redo == 0);
    CHECK(app_undo(&s) == 1 && s.drawing.base == NULL && s.n_redo == 1);
    app_free(&s);
}

TEST(a_bar_picks_the_class_of_the_picture_the_canvas_shows)
{
    AppState s;
    start(&s);
    app_bar_pick(&s, 4); /* neither on: the saliency, as before */
    CHECK(s.overlay == APP_OVERLAY_SALIENCY && s.saliency_pick == 4);
    app_toggle_flip(&s); /* F: the saliency gives way */
    CHECK(s.overlay == APP_OVERLAY_FLIP);
    app_update(&s);
    CHECK(app_flip_target(&s) == s.second);
    app_bar_pick(&s, 7); /* "make it a 7" */
    app_update(&s);
    CHECK(s.overlay == APP_OVERLAY_FLIP && app_flip_target(&s) == 7 &&
          app_flip_state(&s)->target == 7);
    CHECK(s.saliency_pick == 4); /* the saliency's own class kept */
    app_bar_pick(&s, 7); /* the same bar again: back to the runner-up */
    app_update(&s);
    CHECK(app_flip_target(&s) == s.second);
    app_toggle_saliency(&s); /* G: flip it gives way, its search dropped */
    app_update(&s);
    CHECK(s.overlay == APP_OVERLAY_SALIENCY && app_flip_state(&s)->status == APP_FLIP_NONE);
    app_free(&s);
}

/* A class picked for flip it belongs to the model it was picked on, as the saliency's does: after
 * a switch to another model (whose classes may be other things) the flip aims at its runner-up. */
TEST(another_model_drops_the_class_picked_for_flip_it)
{
    AppState s;
    start(&s);
    app_toggle_flip(&s);
    app_bar_pick(&s, 7);
    app_update(&s);
    CHECK(app_flip_target(&s) == 7);
    int other = app_add_model(&s, spec_model_moved("1x28x28,16:relu,10:softmax", 3, 0.0f), "",
                              NULL);
    CHECK(other == 1);
    app_select_model(&s, other);
    app_update(&s);
    CHECK(s.overlay == APP_OVERLAY_FLIP && s.second >= 0 && app_flip_target(&s) == s.second);
    app_free(&s);
}

int main(void)
{
    RUN(f_finds_a_flip_in_the_background_and_shows_it_over_the_canvas);
    RUN(no_flip_found_is_said_plainly_and_nothing_is_applied);
    RUN(a_stroke_drops_the_flip_and_its_end_searches_again);
    RUN(applying_puts_the_image_on_the_canvas_and_the_network_reads_the_class);
    RUN(a_bar_picks_the_class_of_the_picture_the_canvas_shows);
    RUN(another_model_drops_the_class_picked_for_flip_it);
    return test_main_result();
}
