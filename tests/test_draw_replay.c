/* test_draw_replay.c - the times the pen gives each point, and replay (app_replay.h): its
 * schedule (real gaps, long pauses shortened, untimed points spaced evenly), the network
 * reading every step of a replay as it read the live drawing at that point, the chart's answers
 * and marks, stopping and closing (the whole drawing back, the history untouched), saved
 * drawings keeping their times, with a fake clock and no display.
 */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "draw/app_replay.h"
#include "draw_test.h"
#include "spec_model.h"

/* An app with a small untrained model whose answer moves with the drawing. */
static void replay_app(AppState *s)
{
    app_with_model(s, spec_model_moved("1x28x28,16:relu,10:softmax", 11, 0.0f));
    app_update(s);
}

static int same_points(const InkDrawing *a, const InkDrawing *b)
{
    if (a->n != b->n)
        return 0;
    for (int i = 0; i < a->n; i++)
        if (a->strokes[i].n != b->strokes[i].n || a->strokes[i].width != b->strokes[i].width ||
            a->strokes[i].erase != b->strokes[i].erase ||
            memcmp(a->strokes[i].pts, b->strokes[i].pts,
                   (size_t)a->strokes[i].n * sizeof *a->strokes[i].pts) != 0)
            return 0;
    return 1;
}

/* Live drawing with the clock: a stroke of n points from (x0, y0) by (dx, dy) a point, one
 * every 16 ms from `at`, reading the drawing after each point as the main loop does; the
 * probabilities after each point go into probs (NN_MAX_CLASSES each, from index *k on). */
static double live_stroke(AppState *s, double at, float x0, float y0, float dx, float dy, int n,
                          float *probs, int *n_probs, int *k)
{
    for (int i = 0; i < n; i++) {
        app_pen_time(s, at + 16.0 * i);
        if (i == 0)
            app_pen_down(s, x0, y0, 0);
        else
            app_pen_move(s, x0 + dx * (float)i, y0 + dy * (float)i);
        app_update(s);
        memcpy(probs + (size_t)*k * NN_MAX_CLASSES, s->probs, sizeof s->probs);
        n_probs[*k] = s->n_probs;
        (*k)++;
    }
    app_pen_up(s);
    return at + 16.0 * (n - 1);
}

TEST(points_drawn_get_their_time_since_the_drawing_began)
{
    AppState s;
    replay_app(&s);
    draw_bar(&s, 10.0f); /* no clock given yet: no times */
    CHECK(s.drawing.strokes[0].pts[0].t == INK_NO_TIME);
    app_clear(&s);
    app_pen_time(&s, 50000.0);
    app_pen_down(&s, 5.0f, 5.0f, 0);
    app_pen_time(&s, 50016.0);
    app_pen_move(&s, 6.0f, 8.0f);
    app_pen_up(&s);
    app_pen_time(&s, 53000.0);
    app_pen_down(&s, 15.0f, 5.0f, 0);
    CHECK(s.drawing.strokes[0].pts[0].t == 0.0f);
    CHECK(s.drawing.strokes[0].pts[1].t == 16.0f);
    CHECK(s.drawing.strokes[1].pts[0].t == 3000.0f);
    app_pen_up(&s);
    /* a cleared canvas starts again at 0 */
    app_clear(&s);
    app_pen_time(&s, 90000.0);
    app_pen_down(&s, 5.0f, 5.0f, 0);
    app_pen_up(&s);
    CHECK(s.drawing.n == 1 && s.drawing.strokes[0].pts[0].t == 0.0f);
    /* undo the clear: the old drawing is back (its last time 3000); a stroke over it starts no
     * earlier than that, whatever the clock says */
    app_undo(&s);
    app_undo(&s);
    CHECK(s.drawing.n == 2 && ink_drawing_last_time(&s.drawing) == 3000.0f);
    app_pen_time(&s, 1000.0); /* a clock behind the drawing's time */
    app_pen_down(&s, 20.0f, 20.0f, 0);
    app_pen_up(&s);
    CHECK(s.drawing.n == 3 && s.drawing.strokes[2].pts[0].t == 3000.0f);
    app_free(&s);
}

TEST(a_saved_drawing_keeps_its_times)
{
    char dir[256];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    AppState s;
    replay_app(&s);
    float probs[64 * NN_MAX_CLASSES];
    int n_probs[64], k = 0;
    live_stroke(&s, 1000.0, 8.0f, 5.0f, 0.0f, 1.0f, 15, probs, n_probs, &k);
    CHECK(app_save_drawing(&s, dir, 0) == 0);
    char path[600], name[64];
    app_dated_name("drawing", 0, name, sizeof name);
    snprintf(path, sizeof path, "%s/%s.json", dir, name);
    InkDrawing d;
    ink_drawing_init(&d, APP_SIDE, APP_SIDE);
    SnError err;
    CHECK(ink_drawing_load(path, &d, &err) == 0);
    CHECK(same_points(&d, &s.drawing));
    CHECK(d.n == 1 && d.strokes[0].n == 15 && d.strokes[0].pts[14].t == 14.0f * 16.0f);
    ink_drawing_free(&d);
    unlink(path);
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    unlink(path);
    rmdir(dir);
    app_free(&s);
}

TEST(the_schedule_keeps_real_gaps_shortens_long_pauses_and_spaces_untimed_points)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point_at(&d, 1.0f, 1.0f, 500.0f) == 0);
    CHECK(ink_drawing_add_point_at(&d, 2.0f, 1.0f, 530.0f) == 0);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point_at(&d, 5.0f, 5.0f, 4530.0f) == 0); /* a 4 s pause */
    CHECK(ink_drawing_add_point_at(&d, 6.0f, 5.0f, 4600.0f) == 0);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0); /* an empty stroke: skipped */
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point(&d, 9.0f, 9.0f) == 0); /* no times */
    CHECK(ink_drawing_add_point(&d, 10.0f, 9.0f) == 0);
    float when[6];
    int untimed = -1, shortened = -1;
    float total = app_replay_schedule(&d, when, &untimed, &shortened);
    CHECK(when[0] == 0.0f);      /* the first point at once */
    CHECK(when[1] == 30.0f);     /* the real gap */
    CHECK(when[2] == 1030.0f);   /* 4 s shortened to 1 s */
    CHECK(when[3] == 1100.0f);
    CHECK(when[4] == 1100.0f + APP_REPLAY_EVEN_GAP_MS);                          /* new stroke */
    CHECK(when[5] == 1100.0f + APP_REPLAY_EVEN_GAP_MS + APP_REPLAY_EVEN_STEP_MS); /* even */
    CHECK(total == when[5]);
    CHECK(untimed == 2 && shortened == 1);
    ink_drawing_free(&d);
}

TEST(replay_reads_every_step_as_the_live_drawing_read_it)
{
    AppState s;
    replay_app(&s);
    enum { N = 14 + 12 + 10 };
    float live[N * NN_MAX_CLASSES];
    int live_n[N], k = 0;
    /* a 7: the bar, the stem after a 2.5 s pause, a crossbar after a short one */
    double at = live_stroke(&s, 20000.0, 6.0f, 6.0f, 1.1f, 0.0f, 14, live, live_n, &k);
    at = live_stroke(&s, at + 2500.0, 20.0f, 7.0f, -0.6f, 1.4f, 12, live, live_n, &k);
    live_stroke(&s, at + 300.0, 9.0f, 14.0f, 0.9f, 0.0f, 10, live, live_n, &k);
    CHECK(k == N && (int)ink_drawing_points(&s.drawing) == N);
    int differ = 0; /* the answer moves along the drawing, so equality means something */
    for (int i = 1; i < N; i++)
        differ += memcmp(live + i * NN_MAX_CLASSES, live + (i - 1) * NN_MAX_CLASSES,
                         sizeof s.probs) != 0;
    CHECK(differ > N / 2);
    InkDrawing before;
    ink_drawing_init(&before, APP_SIDE, APP_SIDE);
    for (int i = 0; i < s.drawing.n; i++) {
        CHECK(ink_drawing_begin_stroke(&before, s.drawing.strokes[i].width, 0) == 0);
        for (int j = 0; j < s.drawing.strokes[i].n; j++) {
            InkPoint p = s.drawing.strokes[i].pts[j];
            CHECK(ink_drawing_add_point_at(&before, p.x, p.y, p.t) == 0);
        }
    }
    int undo_before = s.n_undo;

    const double t0 = 777000.0;
    CHECK(app_replay_start(&s, t0) == 1);
    CHECK(s.view == LAYOUT_VIEW_REPLAY && app_replay_playing(&s));
    const AppReplay *r = app_replay_state(&s);
    CHECK(r->n_points == N && r->shortened == 1 && r->untimed == 0);
    CHECK(fabsf(r->total_ms - (13 * 16 + 1000 + 11 * 16 + 300 + 9 * 16)) < 1e-3f);
    int answered = 0;
    for (int g = 0; g < N; g++) {
        app_replay_tick(&s, t0 + (double)r->when[g]);
        CHECK(r->shown == g + 1);
        if (s.needs_update)
            app_update(&s);
        CHECK(s.n_probs == live_n[g]);
        /* the probabilities as the bars show them: n_probs of them (none for too little ink) */
        CHECK(memcmp(s.probs, live + g * NN_MAX_CLASSES, (size_t)s.n_probs * sizeof *s.probs) ==
              0);
        answered += s.n_probs > 0;
        if (g < N - 1) { /* what is shown is the drawing so far */
            CHECK((int)ink_drawing_points(&s.drawing) == g + 1);
            CHECK(app_replay_playing(&s));
        }
    }
    CHECK(answered > N / 2);
    /* the end: the whole drawing back, untouched, the chart kept with a step per point */
    CHECK(r->state == APP_REPLAY_DONE && !app_replay_playing(&s));
    CHECK(same_points(&s.drawing, &before) && s.n_undo == undo_before);
    CHECK(r->n_samples == N);
    for (int g = 0; g < r->n_samples; g++) {
        CHECK(r->samples[g].points == g + 1 && r->samples[g].at_ms == r->when[g]);
        CHECK(live_n[g] == 0 ? r->samples[g].top == -1
                             : memcmp(r->samples[g].probs, live + g * NN_MAX_CLASSES,
                                      (size_t)live_n[g] * sizeof *s.probs) == 0);
    }
    /* a mark wherever the answer changed, with the class read from then on */
    CHECK(r->n_marks >= 1);
    for (int m = 0; m < r->n_marks; m++) {
        const AppReplaySample *smp = &r->samples[r->marks[m].sample];
        CHECK(smp->top == r->marks[m].cls);
        CHECK(m == 0 || r->marks[m - 1].cls != r->marks[m].cls);
        CHECK(m > 0 || r->marks[m].sample == 0 || r->samples[r->marks[m].sample - 1].top < 0);
    }
    char story[200];
    app_replay_story(&s, story, sizeof story);
    CHECK(strstr(story, app_label(&s, r->marks[r->n_marks - 1].cls)) != NULL);
    printf("    %d marks: %s\n", r->n_marks, story);
    ink_drawing_free(&before);
    app_free(&s);
}

TEST(stopping_a_replay_gives_the_whole_drawing_back_and_keeps_the_history)
{
    AppState s;
    replay_app(&s);
    float probs[40 * NN_MAX_CLASSES];
    int n_probs[40], k = 0;
    double at = live_stroke(&s, 0.0, 6.0f, 6.0f, 1.0f, 0.0f, 12, probs, n_probs, &k);
    live_stroke(&s, at + 200.0, 14.0f, 6.0f, 0.0f, 1.0f, 15, probs, n_probs, &k);
    int undo_before = s.n_undo;
    CHECK(app_replay_start(&s, 1000.0) == 1);
    app_replay_tick(&s, 1000.0 + 100.0);
    app_update(&s);
    CHECK(s.drawing.n == 1 && s.drawing.strokes[0].n < 12);
    CHECK(app_replay_stop(&s) == 1); /* a key or a press */
    CHECK(s.drawing.n == 2 && s.drawing.strokes[0].n == 12 && s.drawing.strokes[1].n == 15);
    CHECK(s.n_undo == undo_before && s.view == LAYOUT_VIEW_REPLAY); /* the chart stays */
    CHECK(app_replay_tick(&s, 99999.0) == 0); /* the clock no longer moves anything */
    CHECK(s.drawing.n == 2);
    /* R again replays, R while playing stops */
    CHECK(app_replay_toggle(&s, 5000.0) == 1 && app_replay_playing(&s));
    CHECK(app_replay_toggle(&s, 5010.0) == 0 && !app_replay_playing(&s));
    CHECK(s.drawing.n == 2);
    /* a stroke while it plays lands on the whole drawing, and closes the chart */
    CHECK(app_replay_start(&s, 6000.0) == 1);
    app_pen_down(&s, 3.0f, 20.0f, 0);
    app_pen_up(&s);
    CHECK(s.drawing.n == 3 && s.drawing.strokes[0].n == 12 && s.drawing.strokes[1].n == 15);
    CHECK(s.view == LAYOUT_VIEW_NONE && app_replay_state(&s)->state == APP_REPLAY_OFF);
    CHECK(app_undo(&s) == 1 && s.drawing.n == 2);
    /* undo while it plays: the whole drawing back first, then its last stroke undone */
    CHECK(app_replay_start(&s, 7000.0) == 1);
    CHECK(app_undo(&s) == 1 && s.drawing.n == 1 && s.drawing.strokes[0].n == 12);
    /* closing gives the view area back as it was */
    app_show_view(&s, LAYOUT_VIEW_SOFTMAX);
    CHECK(app_replay_start(&s, 8000.0) == 1 && s.view == LAYOUT_VIEW_REPLAY);
    CHECK(app_replay_close(&s) == 1 && s.view == LAYOUT_VIEW_SOFTMAX && s.drawing.n == 1);
    /* freeing the app mid-replay frees both drawings (checked by the sanitizer build) */
    CHECK(app_replay_start(&s, 9000.0) == 1);
    app_replay_tick(&s, 9020.0);
    app_free(&s);
}

TEST(a_drawing_without_times_replays_with_points_spaced_evenly)
{
    char dir[256];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    char path[300];
    snprintf(path, sizeof path, "%s/old.json", dir);
    write_file(path, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,\"height\":28,"
                     "\"strokes\":[{\"points\":[[6,6],[12,6],[18,6]]},{\"points\":[[18,8],"
                     "[14,16],[10,24]]}]}");
    AppState s;
    replay_app(&s);
    CHECK(app_open_file(&s, path) == 0);
    CHECK(app_replay_start(&s, 0.0) == 1);
    const AppReplay *r = app_replay_state(&s);
    CHECK(r->untimed == 6 && r->n_points == 6);
    char note[120];
    app_replay_note(&s, note, sizeof note);
    CHECK(strcmp(note, "No times in this drawing: points spaced evenly") == 0);
    CHECK(r->shown == 1);
    app_replay_tick(&s, (double)APP_REPLAY_EVEN_STEP_MS * 2.0);
    CHECK(r->shown == 3);
    app_replay_tick(&s, (double)(APP_REPLAY_EVEN_STEP_MS * 2.0f + APP_REPLAY_EVEN_GAP_MS) - 1.0);
    CHECK(r->shown == 3); /* the gap between strokes */
    app_replay_tick(&s, 1e6);
    CHECK(r->state == APP_REPLAY_DONE && s.drawing.n == 2 && s.drawing.strokes[1].n == 3);
    app_free(&s);
    unlink(path);
    rmdir(dir);
}

TEST(nothing_drawn_has_nothing_to_replay)
{
    AppState s;
    replay_app(&s);
    CHECK(app_replay_start(&s, 0.0) == 0);
    CHECK(strstr(s.message, "Nothing to replay") != NULL && s.message_error);
    CHECK(s.view == LAYOUT_VIEW_NONE && !app_replay_playing(&s));
    app_free(&s);
}

int main(void)
{
    RUN(points_drawn_get_their_time_since_the_drawing_began);
    RUN(a_saved_drawing_keeps_its_times);
    RUN(the_schedule_keeps_real_gaps_shortens_long_pauses_and_spaces_untimed_points);
    RUN(replay_reads_every_step_as_the_live_drawing_read_it);
    RUN(stopping_a_replay_gives_the_whole_drawing_back_and_keeps_the_history);
    RUN(a_drawing_without_times_replays_with_points_spaced_evenly);
    RUN(nothing_drawn_has_nothing_to_replay);
    return test_main_result();
}
