/* test_draw_collect.c - the person's own digits in the app, without a display: labelling the
 * drawing (Ctrl+digit, the digit buttons), what the message line says, the Yours view's pick
 * (stepping, what the model reads it as, deleting, putting it on the canvas, undo), a
 * collection that did not read never written over, and where the tag, the digit buttons and
 * the view's images go at several window sizes. Files live in a scratch folder.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "draw/view_yours.h"
#include "draw_test.h"

static char dir[1024];

/* A fresh app with a flat model and its collection at dir/NAME/drawings.jsonl (the folder not
 * made yet: adding makes it). */
static void app_collecting(AppState *s, const char *name)
{
    app_with_model(s, flat_model("flat", 0.5f));
    char path[1400];
    snprintf(path, sizeof path, "%s/%s/drawings.jsonl", dir, name);
    CHECK(app_collect_open(s, path) == 0);
    CHECK(s->collect.files.n == 0 && s->collect.error[0] == '\0');
    app_update(s);
}

/* Lines in the file at path (-1: missing). */
static int lines_in(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int n = 0, ch;
    while ((ch = fgetc(f)) != EOF)
        n += ch == '\n';
    fclose(f);
    return n;
}

TEST(a_labelled_drawing_goes_into_the_file_and_the_message_counts_it)
{
    AppState s;
    app_collecting(&s, "label");
    CHECK(app_collect_add(&s, 3) == -1); /* nothing drawn yet */
    CHECK(strstr(s.message, "Draw a 3 first") != NULL);
    CHECK(lines_in(s.collect.files.path) == -1);
    draw_bar(&s, 14.0f);
    CHECK(app_collect_add(&s, 7) == 0);
    CHECK(strcmp(s.message, "Saved as a 7: you have 1 seven \xc2\xb7 Y shows them \xc2\xb7 "
                            "0:0 1:0 2:0 3:0 4:0 5:0 6:0 7:1 8:0 9:0") == 0);
    CHECK(!s.message_error);
    CHECK(app_collect_add(&s, 7) == 0);
    CHECK(strstr(s.message, "you have 2 sevens") != NULL);
    CHECK(app_collect_add(&s, 8) == 0);
    CHECK(strstr(s.message, "Saved as an 8: you have 1 eight") != NULL);
    CHECK(strstr(s.message, "them \xc2\xb7 0:0 1:0 2:0 3:0 4:0 5:0 6:0 7:2 8:1 9:0") != NULL);
    CHECK(app_collect_count(&s, 7) == 2 && app_collect_count(&s, 8) == 1);
    CHECK(app_collect_count(&s, 0) == 0 && app_collect_count(&s, 10) == 0);
    CHECK(lines_in(s.collect.files.path) == 3);
    CHECK(access(s.collect.files.images, F_OK) == 0 && access(s.collect.files.labels, F_OK) == 0);
    /* the drawing stays on the canvas */
    CHECK(s.drawing.n == 1);
    app_free(&s);
}

TEST(a_dot_is_not_kept)
{
    AppState s;
    app_collecting(&s, "dot");
    app_pen_down(&s, 14.0f, 14.0f, 0);
    app_pen_up(&s);
    CHECK(app_collect_add(&s, 1) == -1);
    CHECK(s.message_error && strstr(s.message, "too little ink") != NULL);
    CHECK(app_collect_count(&s, 1) == 0);
    app_free(&s);
}

TEST(the_label_it_tag_opens_the_digit_buttons_and_a_digit_closes_them)
{
    AppState s;
    app_collecting(&s, "picker");
    app_collect_picker(&s, 1); /* nothing drawn: they do not open */
    CHECK(!app_collect_picker_shown(&s) && strstr(s.message, "Draw a digit first") != NULL);
    draw_bar(&s, 12.0f);
    app_collect_picker(&s, 1);
    CHECK(app_collect_picker_shown(&s));
    CHECK(app_collect_add(&s, 4) == 0);
    CHECK(!app_collect_picker_shown(&s) && app_collect_count(&s, 4) == 1);
    app_collect_picker(&s, 1);
    app_clear(&s); /* the drawing gone: they hide with it */
    CHECK(!app_collect_picker_shown(&s));
    app_free(&s);
}

TEST(a_collection_that_does_not_read_is_never_written_over)
{
    char sub[1200], path[1300];
    snprintf(sub, sizeof sub, "%s/bad", dir);
    CHECK(mkdir(sub, 0700) == 0);
    snprintf(path, sizeof path, "%s/drawings.jsonl", sub);
    write_file(path, "{\"label\":3,\"strokes\":[[[1,2],[5,9]]]}\nnot json\n");
    AppState s;
    app_with_model(&s, flat_model("flat", 0.5f));
    CHECK(app_collect_open(&s, path) == -1);
    CHECK(s.message_error && strstr(s.message, "drawings.jsonl:2: not valid JSON") != NULL);
    draw_bar(&s, 14.0f);
    CHECK(app_collect_add(&s, 3) == -1);
    CHECK(strstr(s.message, "Cannot keep your drawings") != NULL);
    CHECK(strstr(s.message, "drawings.jsonl:2") != NULL);
    CHECK(lines_in(path) == 2); /* as it was */
    app_free(&s);
}

/* An app whose collection holds a 5, a 2, a 5 and a 9, in that order in the file. */
static void four_drawings(AppState *s, const char *name)
{
    app_collecting(s, name);
    const int labels[] = {5, 2, 5, 9};
    for (int i = 0; i < 4; i++) {
        app_clear(s);
        draw_bar(s, 8.0f + 3.0f * (float)i);
        CHECK(app_collect_add(s, labels[i]) == 0);
    }
    app_clear(s);
    app_show_view(s, LAYOUT_VIEW_YOURS);
    app_update(s);
}

TEST(stepping_goes_by_digit_then_file_order_and_wraps)
{
    AppState s;
    four_drawings(&s, "step");
    CHECK(s.collect.selected == -1);
    CHECK(app_collect_index(&s, 5, 0) == 0 && app_collect_index(&s, 5, 1) == 2);
    CHECK(app_collect_index(&s, 5, 2) == -1 && app_collect_index(&s, 2, 0) == 1);
    const int order[] = {1, 0, 2, 3, 1}; /* the 2, both 5s, the 9, back to the 2 */
    for (int k = 0; k < 5; k++) {
        CHECK(app_collect_step(&s, +1) == 1);
        CHECK(s.collect.selected == order[k]);
    }
    CHECK(app_collect_step(&s, -1) == 1 && s.collect.selected == 3);
    app_free(&s);
}

TEST(the_pick_is_read_by_the_active_model)
{
    AppState s;
    four_drawings(&s, "read");
    app_collect_select(&s, 3);
    CHECK(s.needs_update);
    app_update(&s);
    /* the flat model gives every class 10% */
    CHECK(strstr(s.collect.reading, "flat reads it as: ") == s.collect.reading);
    CHECK(strstr(s.collect.reading, "Not sure") != NULL);
    /* another model reads it anew; a stroke on the canvas does not change it */
    CHECK(app_add_model(&s, flat_model("other", 0.4f), "", NULL) == 1);
    app_select_model(&s, 1);
    app_update(&s);
    CHECK(strstr(s.collect.reading, "other reads it as: ") == s.collect.reading);
    draw_bar(&s, 6.0f);
    app_update(&s);
    CHECK(strstr(s.collect.reading, "other reads it as: ") == s.collect.reading);
    app_show_view(&s, LAYOUT_VIEW_ACTS); /* only while the Yours view is open */
    app_update(&s);
    CHECK(s.collect.reading[0] == '\0');
    app_free(&s);
}

TEST(deleting_the_pick_removes_it_from_the_file_and_picks_the_next)
{
    AppState s;
    four_drawings(&s, "delete");
    CHECK(app_collect_delete(&s) == 0); /* nothing picked */
    CHECK(app_control_enabled(&s, LAYOUT_CTL_YOURS_DELETE) == 0);
    app_collect_select(&s, 0); /* the first 5 */
    CHECK(app_control_enabled(&s, LAYOUT_CTL_YOURS_DELETE));
    CHECK(app_control_act(&s, LAYOUT_CTL_YOURS_DELETE) == 1);
    CHECK(strcmp(s.message, "Deleted a 5 from your collection: you have 1 five") == 0);
    CHECK(app_collect_count(&s, 5) == 1 && s.collect.files.n == 3);
    CHECK(lines_in(s.collect.files.path) == 3);
    /* the next in the view's order: the other 5, now index 1 */
    CHECK(s.collect.selected == 1 && s.collect.files.samples[1].label == 5);
    app_collect_select(&s, 2); /* the 9, the last: the one before it takes its place */
    CHECK(app_collect_delete(&s) == 1);
    CHECK(s.collect.selected == 1 && s.collect.files.n == 2);
    CHECK(app_collect_delete(&s) == 1 && app_collect_delete(&s) == 1);
    CHECK(s.collect.selected == -1 && s.collect.files.n == 0);
    CHECK(lines_in(s.collect.files.path) == 0);
    app_free(&s);
}

TEST(putting_the_pick_on_the_canvas_is_one_undoable_replace)
{
    AppState s;
    four_drawings(&s, "use");
    draw_bar(&s, 20.0f); /* something on the canvas to bring back */
    CHECK(app_collect_use(&s) == 0); /* nothing picked */
    app_collect_select(&s, 1);
    CHECK(app_control_act(&s, LAYOUT_CTL_YOURS_USE) == 1);
    CHECK(strstr(s.message, "Your 2 is on the canvas") != NULL);
    InkDrawing want;
    ink_drawing_init(&want, APP_SIDE, APP_SIDE);
    CHECK(ink_collection_drawing(&s.collect.files, 1, &want, NULL) == 0);
    CHECK(s.drawing.n == want.n && s.drawing.n == 1);
    CHECK(s.drawing.n == 1 && s.drawing.strokes[0].n == want.strokes[0].n &&
          memcmp(s.drawing.strokes[0].pts, want.strokes[0].pts,
                 (size_t)want.strokes[0].n * sizeof(InkPoint)) == 0);
    /* as opening a drawing: Ctrl+Z takes its stroke, the next one brings back the bar at
     * x = 20 */
    CHECK(app_undo(&s) == 1 && s.drawing.n == 0);
    CHECK(app_undo(&s) == 1);
    CHECK(s.drawing.n == 1 && s.drawing.strokes[0].pts[0].x == 20.0f);
    CHECK(app_redo(&s) == 1 && app_redo(&s) == 1 && s.drawing.n == 1 &&
          s.drawing.strokes[0].pts[0].x == want.strokes[0].pts[0].x);
    ink_drawing_free(&want);
    app_free(&s);
}

TEST(the_tag_and_the_digit_buttons_lie_on_the_canvas_and_a_finger_can_hit_them)
{
    const int sizes[][2] = {{1280, 720}, {1920, 1080}, {1100, 700}, {720, 1280}, {800, 600}};
    for (int k = 0; k < 5; k++) {
        Layout l = layout_compute(sizes[k][0], sizes[k][1], 1.0f);
        LayoutRect c = l.canvas, t = view_label_tag(&l);
        CHECK(t.w > 0 && t.x >= c.x && t.y >= c.y && t.x + t.w <= c.x + c.w &&
              t.y + t.h <= c.y + c.h);
        CHECK(t.h >= 40);
        PickerLayout p = view_picker_layout(&l);
        CHECK(p.band.y >= c.y && p.band.y + p.band.h <= c.y + c.h);
        for (int d = 0; d < YOURS_DIGITS; d++) {
            LayoutRect b = p.digits[d];
            CHECK(b.x >= c.x && b.x + b.w <= c.x + c.w && b.y + b.h <= c.y + c.h);
            CHECK(b.h >= 48 && b.w >= 30);
            CHECK(d == 0 || b.x >= p.digits[d - 1].x + p.digits[d - 1].w); /* apart */
            CHECK(view_picker_hit(&p, b.x + b.w / 2, b.y + b.h / 2) == d);
        }
        CHECK(view_picker_hit(&p, p.title.x + 1, p.title.y + 1) == -1);
        if (sizes[k][0] == 1920) /* about a finger's width apart on a full HD board */
            CHECK(p.digits[0].w >= 64);
    }
}

TEST(the_yours_view_keeps_its_images_in_the_body_above_its_buttons)
{
    const int sizes[][2] = {{1280, 720}, {1920, 1080}, {1100, 700}, {720, 1280}};
    int counts[YOURS_DIGITS] = {0, 3, 0, 500, 1, 0, 0, 7, 0, 2};
    for (int k = 0; k < 4; k++) {
        Layout l = layout_compute_view(sizes[k][0], sizes[k][1], 1.0f, LAYOUT_VIEW_YOURS);
        YoursLayout y = view_yours_layout(&l, counts);
        LayoutRect b = l.view_body, use = l.controls[LAYOUT_CTL_YOURS_USE],
                   del = l.controls[LAYOUT_CTL_YOURS_DELETE];
        int landscape = l.w > l.h; /* portrait windows' view area is the canvas's size */
        CHECK(use.w > 0 && del.w > 0 && use.x + use.w < del.x);
        /* the inside's tabs above it, its own lit among them */
        LayoutRect tab = l.controls[LAYOUT_CTL_VIEW_YOURS];
        CHECK(tab.w > 0 && tab.h >= (landscape ? 48 : 40) && tab.y + tab.h <= b.y);
        CHECK(l.controls[LAYOUT_CTL_VIEW_ACTS].w > 0);
        CHECK(y.big.w >= (landscape ? 100 : 30) && y.big.w == y.big.h && y.big.x >= b.x &&
              y.big.y >= b.y);
        for (int d = 0; d < YOURS_DIGITS; d++) {
            const ViewBlock *r = &y.rows[d];
            CHECK(y.labels[d].x >= y.big.x + y.big.w && y.info.x + y.info.w <= y.labels[d].x);
            CHECK(y.labels[d].y + y.labels[d].h <= use.y);
            CHECK(r->grid.x + r->grid.w <= b.x + b.w);
            CHECK(r->tiles == (counts[d] < r->tiles ? counts[d] : r->tiles));
            CHECK(r->tiles <= counts[d] && y.first[d] == counts[d] - r->tiles);
            CHECK(counts[d] == 0 || r->tiles >= 1);
            if (r->tiles > 0) { /* the middle of its last image is its newest drawing */
                int dd = -1, rank = -1, t = r->tiles - 1;
                int px = r->grid.x + t * (r->tile_w + r->gap) + r->tile_w / 2;
                CHECK(view_yours_hit(&y, px, r->grid.y + r->tile_h / 2, &dd, &rank) == 1);
                CHECK(dd == d && rank == counts[d] - 1);
            }
        }
        CHECK(y.rows[3].tiles < 500); /* the newest that fit */
        /* MNIST's own size; a portrait window's view area is only the canvas's height */
        CHECK(y.rows[1].tile_w >= (landscape ? 28 : 8));
    }
}

int main(void)
{
    if (!make_temp_dir(dir, sizeof dir))
        return 1;
    RUN(a_labelled_drawing_goes_into_the_file_and_the_message_counts_it);
    RUN(a_dot_is_not_kept);
    RUN(the_label_it_tag_opens_the_digit_buttons_and_a_digit_closes_them);
    RUN(a_collection_that_does_not_read_is_never_written_over);
    RUN(stepping_goes_by_digit_then_file_order_and_wraps);
    RUN(the_pick_is_read_by_the_active_model);
    RUN(deleting_the_pick_removes_it_from_the_file_and_picks_the_next);
    RUN(putting_the_pick_on_the_canvas_is_one_undoable_replace);
    RUN(the_tag_and_the_digit_buttons_lie_on_the_canvas_and_a_finger_can_hit_them);
    RUN(the_yours_view_keeps_its_images_in_the_body_above_its_buttons);
    const char *subs[] = {"label", "dot", "picker", "bad", "step", "read", "delete", "use"};
    for (size_t k = 0; k < sizeof subs / sizeof subs[0]; k++)
        test_remove_dir(test_path_in(dir, subs[k]));
    test_remove_dir(dir);
    return test_main_result();
}
