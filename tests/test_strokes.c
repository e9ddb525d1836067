/* test_strokes.c - strokes files: the JSON form (round trips, errors naming the file and the
 * path, the labelled one-line form), the limits on strokes, points and sizes, thinning of dense
 * strokes on load, and real pen digits (UNIPEN) read, fitted and rasterised.
 */
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ink/image.h"
#include "ink/ink.h"
#include "ink/pipeline.h"
#include "ink/raster.h"
#include "test_ink.h"

/* ---- JSON ------------------------------------------------------------------------------- */

TEST(json_names_are_told_from_image_names_by_their_ending)
{
    CHECK(ink_is_json_name("drawing.json"));
    CHECK(ink_is_json_name("/tmp/a b/x.json"));
    CHECK(!ink_is_json_name(".json")); /* no name before the ending */
    CHECK(!ink_is_json_name("seven.png"));
    CHECK(!ink_is_json_name("model.json.png"));
    CHECK(!ink_is_json_name("json"));
    CHECK(!ink_is_json_name(""));
}

static void awkward_drawing(InkDrawing *d)
{
    ink_drawing_init(d, 28.0f, 28.0f);
    const float a[] = {0.1f, 1.0f / 3.0f, 13.357142f, 27.999998f, 1e-7f, 0.0f, -3.25f, 1e6f};
    const float b[] = {14.0f, 14.0f};
    one_stroke(d, 2.5f, 0, a, 4);
    one_stroke(d, 0.3f, 1, b, 1);
    CHECK(ink_drawing_begin_stroke(d, 7.0f / 3.0f, 0) == 0); /* a stroke with no points */
}

static int same_drawing(const InkDrawing *a, const InkDrawing *b)
{
    if (a->n != b->n || memcmp(&a->width, &b->width, sizeof a->width) != 0 ||
        memcmp(&a->height, &b->height, sizeof a->height) != 0)
        return 0;
    for (int i = 0; i < a->n; i++) {
        const InkStroke *s = &a->strokes[i], *t = &b->strokes[i];
        if (s->n != t->n || s->erase != t->erase ||
            memcmp(&s->width, &t->width, sizeof s->width) != 0)
            return 0;
        if (s->n > 0 && memcmp(s->pts, t->pts, (size_t)s->n * sizeof *s->pts) != 0)
            return 0;
    }
    return 1;
}

TEST(json_round_trip_keeps_points_and_widths_bit_exact)
{
    InkDrawing d, e;
    awkward_drawing(&d);
    ink_drawing_init(&e, 1.0f, 1.0f);
    char *text = ink_drawing_to_json(&d);
    CHECK(text != NULL);
    if (!text)
        return;
    CHECK(strstr(text, "\"format\":\"scratchnet-strokes\"") != NULL);
    CHECK(strstr(text, "0.1,") != NULL); /* short decimals, not 0.10000000149011612 */
    SnError err;
    int label = 7;
    CHECK(ink_drawing_from_json(text, "mem.json", &e, &label, 2.5f, &err) == 0);
    CHECK(err.code == SN_OK);
    CHECK(label == -1);
    CHECK(same_drawing(&d, &e));
    free(text);
    ink_drawing_free(&d);
    ink_drawing_free(&e);
}

TEST(save_then_load_gives_the_same_drawing_and_leaves_no_temporary_file)
{
    InkDrawing d, e;
    awkward_drawing(&d);
    ink_drawing_init(&e, 28.0f, 28.0f);
    const char *path = tmp_path("drawing.json");
    SnError err;
    write_text(path, "old contents", 12);
    CHECK(ink_drawing_save(path, &d, &err) == 0);
    CHECK(ink_drawing_load(path, &e, &err) == 0);
    CHECK(same_drawing(&d, &e));
    CHECK(test_count_files(tmp_dir, NULL) == 1); /* the temporary file was renamed over it */
    unlink(path);
    ink_drawing_free(&d);
    ink_drawing_free(&e);
}

TEST(saving_into_a_missing_directory_fails_naming_the_file)
{
    InkDrawing d;
    awkward_drawing(&d);
    SnError err = {0, ""};
    char path[600];
    snprintf(path, sizeof path, "%s/no-such-dir/a.json", tmp_dir[0] ? tmp_dir : "/nonexistent");
    CHECK(ink_drawing_save(path, &d, &err) == SN_E_IO);
    CHECK(err.code == SN_E_IO);
    CHECK(strstr(err.msg, path) == err.msg);
    ink_drawing_free(&d);
}

TEST(saving_a_drawing_with_a_nan_point_is_refused)
{
    InkDrawing d;
    awkward_drawing(&d);
    d.strokes[0].pts[2].y = NAN; /* written behind the editing functions' back */
    CHECK(ink_drawing_to_json(&d) == NULL);
    SnError err;
    CHECK(ink_drawing_save(tmp_path("nan.json"), &d, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "nan.json: strokes[0].points[2]") != NULL);
    CHECK(access(tmp_path("nan.json"), F_OK) != 0);
    ink_drawing_free(&d);
}

TEST(corrupt_json_and_wrong_types_give_errors_naming_the_file_and_the_path)
{
    const char *head = "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                       "\"height\":28,\"strokes\":";
    char buf[1024];
    expect_rejected("{\"format\":\"scratchnet-strokes\",\"vers", SN_E_FORMAT, "not valid JSON");
    expect_rejected("{\"strokes\":[]}\n{\"strokes\":[]}", SN_E_FORMAT, "line 2");
    expect_rejected("", SN_E_FORMAT, "not valid JSON");
    expect_rejected("[1, 2]", SN_E_FORMAT, "expected a JSON object");
    expect_rejected("{\"width\":28}", SN_E_FORMAT, "\"strokes\"");
    expect_rejected("{\"format\":\"svg\",\"strokes\":[]}", SN_E_FORMAT, "format");
    expect_rejected("{\"format\":\"scratchnet-strokes\",\"version\":2,\"width\":28,"
                    "\"height\":28,\"strokes\":[]}",
                    SN_E_FORMAT, "version: 2 is not supported");
    expect_rejected("{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":0,"
                    "\"height\":28,\"strokes\":[]}",
                    SN_E_FORMAT, "width: expected a positive number");
    snprintf(buf, sizeof buf, "%s{}}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes: expected an array");
    snprintf(buf, sizeof buf, "%s[{\"points\":[]},3]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[1]: expected an object");
    snprintf(buf, sizeof buf, "%s[{\"width\":-1,\"points\":[]}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[0].width: expected a positive number");
    snprintf(buf, sizeof buf, "%s[{\"erase\":1,\"points\":[]}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[0].erase: expected true or false");
    snprintf(buf, sizeof buf, "%s[{\"width\":2}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[0].points: missing");
    snprintf(buf, sizeof buf, "%s[{\"points\":[]},{\"points\":[]},{\"points\":"
                              "[[1,2],[1,2],[1,2],[1,2],[1,2],\"x\"]}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[2].points[5]: expected [x, y] numbers");
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1,2,3,4]]}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[0].points[0]: expected [x, y] numbers");
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1,null]]}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[0].points[0]: expected [x, y] numbers");
    snprintf(buf, sizeof buf, "%s[{\"points\":[null]}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "got null");
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1e999,2]]}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[0].points[0]: coordinate inf is not a finite");
    expect_rejected("{\"label\":12,\"strokes\":[]}", SN_E_FORMAT, "label: expected an integer");
    expect_rejected("{\"label\":\"3\",\"strokes\":[]}", SN_E_FORMAT, "label");
    expect_rejected("{\"label\":3,\"strokes\":[[[1,2]],[[1,2],{}]]}", SN_E_FORMAT,
                    "strokes[1][1]: expected [x, y] numbers");
    expect_rejected("{\"label\":3,\"strokes\":[[[1,2]],7]}", SN_E_FORMAT,
                    "strokes[1]: expected an array");
}

TEST(a_key_given_twice_is_refused_as_in_model_files)
{
    /* cJSON keeps both and finds the first; another reader might take the second */
    expect_rejected("{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                    "\"height\":28,\"width\":280,\"strokes\":[]}",
                    SN_E_FORMAT, "key \"width\" appears twice");
    expect_rejected("{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                    "\"height\":28,\"strokes\":[],\"strokes\":[{\"points\":[[1,2]]}]}",
                    SN_E_FORMAT, "key \"strokes\" appears twice");
    expect_rejected("{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                    "\"height\":28,\"strokes\":[{\"points\":[[1,2]],\"erase\":false,"
                    "\"erase\":true}]}",
                    SN_E_FORMAT, "strokes[0]: key \"erase\" appears twice");
    expect_rejected("{\"label\":3,\"label\":4,\"strokes\":[[[1,2]]]}", SN_E_FORMAT,
                    "key \"label\" appears twice");
}

TEST(labelled_jsonl_form_parses_with_default_widths_on_the_current_canvas)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err;
    int label = -5;
    const char *line = "{\"label\":3,\"org\":\"x\",\"strokes\":[[[0,0],[10,20]],[[5,5]]]}\n";
    CHECK(ink_drawing_from_json(line, "dev.jsonl:1", &d, &label, 3.0f, &err) == 0);
    CHECK(label == 3);
    CHECK(d.n == 2 && d.strokes[0].n == 2 && d.strokes[1].n == 1);
    CHECK(d.strokes[0].width == 3.0f && d.strokes[1].width == 3.0f && d.strokes[0].erase == 0);
    CHECK(d.strokes[0].pts[1].x == 10.0f && d.strokes[0].pts[1].y == 20.0f);
    CHECK(d.width == 28.0f && d.height == 28.0f);
    ink_drawing_free(&d);
}

TEST(a_null_label_is_a_drawing_of_no_class_apart_from_a_missing_label)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err;
    int label = 5;
    CHECK(ink_drawing_from_json("{\"label\":null,\"strokes\":[[[0,0],[10,20]]]}", "l.jsonl:1",
                                &d, &label, 3.0f, &err) == 0);
    CHECK(label == INK_NO_CLASS);
    CHECK(d.n == 1 && d.strokes[0].n == 2);
    label = 5;
    CHECK(ink_drawing_from_json("{\"strokes\":[[[0,0],[10,20]]]}", "l.jsonl:2", &d, &label,
                                3.0f, &err) == 0);
    CHECK(label == -1);
    ink_drawing_free(&d);
    /* other values than 0-9 and null stay errors */
    expect_rejected("{\"label\":true,\"strokes\":[]}", SN_E_FORMAT, "label: expected an integer");
    expect_rejected("{\"label\":[],\"strokes\":[]}", SN_E_FORMAT, "label: expected an integer");
    expect_rejected("{\"label\":{},\"strokes\":[]}", SN_E_FORMAT, "label: expected an integer");
    expect_rejected("{\"label\":-1,\"strokes\":[]}", SN_E_FORMAT, "label: expected an integer");
    expect_rejected("{\"label\":\"null\",\"strokes\":[]}", SN_E_FORMAT,
                    "label: expected an integer");
}

TEST(loading_missing_empty_or_binary_files_fails_naming_the_file)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err;
    const char *missing = tmp_path("missing.json");
    CHECK(ink_drawing_load(missing, &d, &err) == SN_E_IO);
    CHECK(strstr(err.msg, "missing.json: cannot open") != NULL);

    const char *empty = tmp_path("empty.json");
    write_text(empty, "", 0);
    CHECK(ink_drawing_load(empty, &d, &err) == SN_E_FORMAT);
    CHECK(strstr(err.msg, "empty.json: empty file") != NULL);

    const char *bin = tmp_path("nul.json");
    write_text(bin, "{\"strokes\":[]}\0garbage", 23);
    CHECK(ink_drawing_load(bin, &d, &err) == SN_E_FORMAT);
    CHECK(strstr(err.msg, "nul.json: contains a NUL byte") != NULL);

    const char *trunc = tmp_path("truncated.json");
    write_text(trunc, "{\"format\":\"scratchnet-strokes\",\n\"version\":1,\n\"width\":2", 52);
    CHECK(ink_drawing_load(trunc, &d, &err) == SN_E_FORMAT);
    CHECK(strstr(err.msg, "truncated.json: not valid JSON (line 3") != NULL);
    CHECK(d.n == 0);
    unlink(empty);
    unlink(bin);
    unlink(trunc);
    ink_drawing_free(&d);
}

TEST(json_round_trip_is_exact_under_a_comma_decimal_locale)
{
    const char *names[] = {"fr_FR.UTF-8", "fr_FR.utf8", "de_DE.UTF-8", "de_DE.utf8"};
    const char *got = NULL;
    for (int i = 0; i < 4 && !got; i++)
        got = setlocale(LC_ALL, names[i]);
    if (!got) {
        SKIP("no fr_FR or de_DE locale installed");
        return;
    }
    InkDrawing d, e;
    awkward_drawing(&d);
    ink_drawing_init(&e, 28.0f, 28.0f);
    char *text = ink_drawing_to_json(&d);
    CHECK(text && strstr(text, "0.1,") != NULL);
    SnError err;
    CHECK(text && ink_drawing_from_json(text, "fr.json", &e, NULL, 2.5f, &err) == 0);
    CHECK(same_drawing(&d, &e));
    free(text);
    ink_drawing_free(&d);
    ink_drawing_free(&e);
    setlocale(LC_ALL, "C");
}


/* ---- limits and thinning ---------------------------------------------------------------- */

/* Appends printf-style text to a growing buffer (aborts when out of memory: a test helper). */
typedef struct Text {
    char *s;
    size_t len, cap;
} Text;

static void text_add(Text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char piece[256];
    int n = vsnprintf(piece, sizeof piece, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof piece)
        abort();
    if (t->cap - t->len <= (size_t)n) {
        t->cap = (t->cap + (size_t)n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        if (!t->s)
            abort();
    }
    memcpy(t->s + t->len, piece, (size_t)n + 1);
    t->len += (size_t)n;
}

/* Strokes JSON on a 28 x 28 canvas: n_strokes strokes of `width`, each of n_points points,
 * point k of stroke i at (x, y) = f(i, k). Caller frees. */
static char *strokes_json(int n_strokes, int n_points, float width,
                          void (*f)(int i, int k, double *x, double *y))
{
    Text t = {0};
    text_add(&t, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,\"height\":28,"
                 "\"strokes\":[");
    for (int i = 0; i < n_strokes; i++) {
        text_add(&t, "%s{\"width\":%g,\"points\":[", i ? "," : "", (double)width);
        for (int k = 0; k < n_points; k++) {
            double x, y;
            f(i, k, &x, &y);
            text_add(&t, "%s[%.6f,%.6f]", k ? "," : "", x, y);
        }
        text_add(&t, "]}");
    }
    text_add(&t, "]}");
    return t.s;
}

/* Points 0.1 cells apart along rows of 200, row after row: nothing to thin. */
static void spaced_points(int i, int k, double *x, double *y)
{
    *x = 2.0 + 0.1 * (k % 200);
    *y = 2.0 + 0.1 * (k / 200) + 0.01 * i;
}

/* 20000 points round a circle of radius 8: 0.0025 cells apart. */
static void dense_circle(int i, int k, double *x, double *y)
{
    (void)i;
    double a = 2.0 * PI * k / 20000.0;
    *x = 14.0 + 8.0 * cos(a);
    *y = 14.0 + 8.0 * sin(a);
}

static void two_far_points(int i, int k, double *x, double *y)
{
    *x = k ? 26.0 : 2.0;
    *y = 2.0 + 24.0 * ((i * 7) % 13) / 13.0;
}

TEST(points_closer_than_the_minimum_step_add_nothing)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point(&d, 5.0f, 5.0f) == 0);
    CHECK(ink_drawing_add_point(&d, 5.0f + 0.5f * INK_MIN_STEP, 5.0f) == 1); /* dropped */
    CHECK(ink_drawing_add_point(&d, 5.0f, 5.0f) == 1);
    CHECK(ink_drawing_add_point(&d, 5.0f + INK_MIN_STEP, 5.0f) == 0);
    CHECK(d.strokes[0].n == 2);
    /* the distance is measured from the last point kept, so a slow drag still advances */
    for (int k = 1; k <= 100; k++)
        ink_drawing_add_point(&d, 5.0f + INK_MIN_STEP + 0.01f * (float)k, 5.0f);
    CHECK(d.strokes[0].n > 2 && d.strokes[0].n <= 2 + 20);
    ink_drawing_free(&d);
}

TEST(a_dense_stroke_is_thinned_on_load_and_rasterises_the_same)
{
    char *json = strokes_json(1, 20000, 2.5f, dense_circle);
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err = {0, ""};
    CHECK(ink_drawing_from_json(json, "dense.json", &d, NULL, 2.5f, &err) == 0);
    /* about 50 cells of circle in steps of INK_MIN_STEP: about a thousand points, not 20000 */
    int kept = d.n == 1 ? d.strokes[0].n : -1;
    printf("    %d of 20000 points kept\n", kept);
    CHECK(kept > 0 && kept <= 1100);
    for (int k = 1; kept > 0 && k < kept; k++) {
        float dx = d.strokes[0].pts[k].x - d.strokes[0].pts[k - 1].x;
        float dy = d.strokes[0].pts[k].y - d.strokes[0].pts[k - 1].y;
        CHECK(dx * dx + dy * dy >= INK_MIN_STEP * INK_MIN_STEP);
    }
    /* the same circle with every point, built behind the editing functions' back */
    InkDrawing full;
    ink_drawing_init(&full, 28.0f, 28.0f);
    InkStroke st = {0};
    st.pts = malloc(20000 * sizeof *st.pts);
    CHECK(st.pts != NULL);
    if (st.pts && kept > 0) {
        for (int k = 0; k < 20000; k++) {
            double x, y;
            dense_circle(0, k, &x, &y);
            st.pts[k] = (InkPoint){(float)x, (float)y, INK_NO_TIME};
        }
        st.n = st.cap = 20000;
        st.width = 2.5f;
        CHECK(ink_drawing_begin_stroke(&full, 2.5f, 0) == 0);
        ink_stroke_free(&full.strokes[0]);
        full.strokes[0] = st;
        /* on the network's grid and on the 4x finer one the preprocessing renders */
        const int sides[2] = {28, 112};
        for (int g = 0; g < 2; g++) {
            int n = sides[g] * sides[g];
            float *a = malloc((size_t)n * sizeof *a), *b = malloc((size_t)n * sizeof *b);
            CHECK(a && b && ink_raster(&d, a, sides[g], sides[g]) == 0 &&
                  ink_raster(&full, b, sides[g], sides[g]) == 0);
            double worst = 0.0;
            for (int i = 0; a && b && i < n; i++)
                worst = fmax(worst, fabs((double)a[i] - (double)b[i]));
            printf("    %dx%d: largest difference %.2g\n", sides[g], sides[g], worst);
            CHECK(a && b && worst < 1e-3);
            free(a);
            free(b);
        }
    } else {
        free(st.pts);
    }
    ink_drawing_free(&full);
    ink_drawing_free(&d);
    free(json);
}

/* ---- times ------------------------------------------------------------------------------ */

/* Two timed strokes (a pause between them) and an untimed one after: points as drawn. */
static void timed_drawing(InkDrawing *d)
{
    ink_drawing_init(d, 28.0f, 28.0f);
    CHECK(ink_drawing_begin_stroke(d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point_at(d, 5.0f, 5.0f, 0.0f) == 0);
    CHECK(ink_drawing_add_point_at(d, 6.0f, 9.0f, 16.5f) == 0);
    CHECK(ink_drawing_add_point_at(d, 7.0f, 13.0f, 16.5f) == 0); /* the same time: allowed */
    CHECK(ink_drawing_begin_stroke(d, 2.0f, 1) == 0);
    CHECK(ink_drawing_add_point_at(d, 20.0f, 5.0f, 1234.567f) == 0);
    CHECK(ink_drawing_add_point_at(d, 21.0f, 7.0f, 20000000.0f) == 0);
    CHECK(ink_drawing_begin_stroke(d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point(d, 10.0f, 20.0f) == 0);
}

TEST(times_survive_a_save_and_load_bit_exact_and_untimed_points_stay_untimed)
{
    InkDrawing d, e, f;
    timed_drawing(&d);
    ink_drawing_init(&e, 28.0f, 28.0f);
    ink_drawing_init(&f, 28.0f, 28.0f);
    char *text = ink_drawing_to_json(&d);
    CHECK(text != NULL);
    if (!text)
        return;
    CHECK(strstr(text, "[6,9,16.5]") != NULL);         /* [x, y, t] */
    CHECK(strstr(text, "[21,7,20000000]") != NULL);
    CHECK(strstr(text, "[10,20]") != NULL);            /* no time: [x, y] */
    SnError err;
    CHECK(ink_drawing_from_json(text, "mem.json", &e, NULL, 2.5f, &err) == 0);
    CHECK(same_drawing(&d, &e)); /* memcmp of the points: their times too */
    CHECK(e.strokes[1].pts[0].t == 1234.567f);
    CHECK(e.strokes[2].pts[0].t == INK_NO_TIME && !ink_point_timed(e.strokes[2].pts[0]));
    CHECK(ink_drawing_last_time(&e) == 20000000.0f);
    const char *path = tmp_path("timed.json");
    CHECK(ink_drawing_save(path, &d, &err) == 0);
    CHECK(ink_drawing_load(path, &f, &err) == 0);
    CHECK(same_drawing(&d, &f));
    unlink(path);
    free(text);
    ink_drawing_free(&d);
    ink_drawing_free(&e);
    ink_drawing_free(&f);
}

TEST(files_without_times_load_as_before_with_no_time_on_any_point)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err;
    CHECK(ink_drawing_from_json("{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                                "\"height\":28,\"strokes\":[{\"points\":[[1,1],[2,2]]}]}",
                                "old.json", &d, NULL, 2.5f, &err) == 0);
    CHECK(d.n == 1 && d.strokes[0].n == 2);
    CHECK(d.strokes[0].pts[0].t == INK_NO_TIME && d.strokes[0].pts[1].t == INK_NO_TIME);
    CHECK(ink_drawing_last_time(&d) == INK_NO_TIME);
    /* the labelled one-line form takes times too, and a mix of timed and untimed points */
    int label = -1;
    CHECK(ink_drawing_from_json("{\"label\":4,\"strokes\":[[[1,1,0],[2,2]],[[5,5,40],[6,6,80]]]}",
                                "a.jsonl:3", &d, &label, 2.5f, &err) == 0);
    CHECK(label == 4 && d.n == 2);
    CHECK(d.strokes[0].pts[0].t == 0.0f && d.strokes[0].pts[1].t == INK_NO_TIME);
    CHECK(d.strokes[1].pts[1].t == 80.0f);
    ink_drawing_free(&d);
}

TEST(a_time_that_is_not_a_finite_non_decreasing_number_is_refused_naming_the_file)
{
    const char *head = "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                       "\"height\":28,\"strokes\":";
    char buf[512];
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1,1,-5]]}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[0].points[0]: time -5 is not a number 0..");
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1,1,1e12]]}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[0].points[0]: time 1e+12 is not a number 0..");
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1,1,null]]}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[0].points[0]: expected [x, y] numbers (or [x, y, "
                                      "time in ms])");
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1,1,\"5\"]]}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[0].points[0]: expected [x, y] numbers");
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1,1,5,6]]}]}", head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[0].points[0]: expected [x, y] numbers");
    /* decreasing within a stroke, and across strokes (past an untimed point) */
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1,1,300],[5,5,120]]}]}", head);
    expect_rejected(buf, SN_E_FORMAT,
                    "strokes[0].points[1]: time 120 is before the time 300 of the point before");
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1,1,300],[3,3]]},{\"points\":[[5,5,299]]}]}",
             head);
    expect_rejected(buf, SN_E_FORMAT, "strokes[1].points[0]: time 299 is before the time 300");
    expect_rejected("{\"strokes\":[[[1,1,10]],[[5,5,9]]]}", SN_E_FORMAT,
                    "strokes[1][0]: time 9 is before the time 10");
    /* and through a file, the message starts with its path */
    const char *path = tmp_path("late.json");
    snprintf(buf, sizeof buf, "%s[{\"points\":[[1,1,300],[5,5,120]]}]}", head);
    write_text(path, buf, strlen(buf));
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err = {0, ""};
    CHECK(ink_drawing_load(path, &d, &err) == SN_E_FORMAT);
    CHECK(strstr(err.msg, path) == err.msg && strstr(err.msg, "time 120 is before"));
    unlink(path);
    ink_drawing_free(&d);
}

TEST(bad_times_are_refused_when_added_and_when_saved)
{
    InkDrawing d;
    timed_drawing(&d);
    CHECK(ink_drawing_add_point_at(&d, 1.0f, 1.0f, NAN) == SN_E_ARG);
    CHECK(ink_drawing_add_point_at(&d, 1.0f, 1.0f, -2.0f) == SN_E_ARG);
    CHECK(ink_drawing_add_point_at(&d, 1.0f, 1.0f, INFINITY) == SN_E_ARG);
    d.strokes[1].pts[1].t = 10.0f; /* before the point before it, behind the functions' back */
    CHECK(ink_drawing_to_json(&d) == NULL);
    SnError err;
    CHECK(ink_drawing_save(tmp_path("back.json"), &d, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "back.json: strokes[1].points[1]: time 10 is before the time 1234.57"));
    CHECK(access(tmp_path("back.json"), F_OK) != 0);
    ink_drawing_free(&d);
}

TEST(a_labelled_line_keeps_the_times_of_its_points)
{
    InkDrawing d, e;
    ink_drawing_init(&d, 28.0f, 28.0f);
    ink_drawing_init(&e, 28.0f, 28.0f);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point_at(&d, 5.0f, 5.0f, 0.0f) == 0);
    CHECK(ink_drawing_add_point_at(&d, 6.0f, 9.0f, 16.5f) == 0);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point(&d, 10.0f, 20.0f) == 0); /* no time */
    char *line = ink_drawing_to_labelled_json(&d, 7);
    CHECK(line != NULL);
    if (!line)
        return;
    CHECK(strstr(line, "[6,9,16.5]") != NULL && strstr(line, "[10,20]") != NULL);
    SnError err;
    int label = -1;
    CHECK(ink_drawing_from_json(line, "mine.jsonl:1", &e, &label, 2.5f, &err) == 0);
    CHECK(label == 7 && e.n == 2 && e.strokes[0].pts[1].t == 16.5f);
    CHECK(e.strokes[1].pts[0].t == INK_NO_TIME);
    free(line);
    ink_drawing_free(&d);
    ink_drawing_free(&e);
}

TEST(a_thinned_point_takes_its_time_with_it)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err;
    CHECK(ink_drawing_from_json("{\"strokes\":[[[1,1,0],[1.01,1,5],[3,3,9]]]}", "thin.jsonl:1",
                                &d, NULL, 2.5f, &err) == 0);
    CHECK(d.n == 1 && d.strokes[0].n == 2);
    CHECK(d.strokes[0].pts[0].t == 0.0f && d.strokes[0].pts[1].t == 9.0f);
    ink_drawing_free(&d);
}

/* What parsing a strokes text may allocate is bounded by counting its values first: a
 * comment of 70000 zeros, or 160000 points that would all thin to one, are refused at once. */
TEST(strokes_texts_past_the_value_limits_are_refused_before_parsing)
{
    Text t = {0};
    text_add(&t, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                 "\"height\":28,\"comment\":[");
    for (long k = 0; k < INK_MAX_EXTRA_VALUES + 10; k++)
        text_add(&t, "%s0", k ? "," : "");
    text_add(&t, "],\"strokes\":[{\"points\":[[1,1],[2,2]]}]}");
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err = {0, ""};
    CHECK(ink_drawing_from_json(t.s, "comment.json", &d, NULL, 2.5f, &err) == SN_E_LIMIT);
    CHECK(strstr(err.msg, "comment.json: comment: more than 65536 values") == err.msg);
    printf("    %s\n", err.msg);
    free(t.s);

    Text u = {0};
    text_add(&u, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                 "\"height\":28,\"strokes\":[{\"points\":[");
    for (long k = 0; k < INK_MAX_FILE_POINTS + 60000; k++)
        text_add(&u, "%s[1,1]", k ? "," : "");
    text_add(&u, "]}]}");
    CHECK(ink_drawing_from_json(u.s, "same.json", &d, NULL, 2.5f, &err) == SN_E_LIMIT);
    CHECK(strstr(err.msg, "same.json: more than ") == err.msg &&
          strstr(err.msg, "JSON values, more than a drawing file of at most 1000 strokes and "
                          "100000 points holds"));
    printf("    %s\n", err.msg);
    CHECK(d.n == 0);
    free(u.s);
}

/* The points of a file are counted before thinning too: INK_MAX_FILE_POINTS of them load (as one
 * point, all at one place), one more is refused. */
TEST(a_file_past_its_points_before_thinning_is_refused)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err = {0, ""};
    for (long n = INK_MAX_FILE_POINTS; n <= INK_MAX_FILE_POINTS + 1; n++) {
        Text t = {0};
        text_add(&t, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                     "\"height\":28,\"strokes\":[{\"points\":[");
        for (long k = 0; k < n; k++)
            text_add(&t, "%s[1,1]", k ? "," : "");
        text_add(&t, "]}]}");
        int rc = ink_drawing_from_json(t.s, "many.json", &d, NULL, 2.5f, &err);
        if (n == INK_MAX_FILE_POINTS) {
            CHECK(rc == 0 && d.n == 1 && d.strokes[0].n == 1);
        } else {
            CHECK(rc == SN_E_LIMIT);
            CHECK(strstr(err.msg, "many.json: strokes[0].points[100000]: more than 100000 "
                                  "points in the file") == err.msg);
            printf("    %s\n", err.msg);
        }
        ink_drawing_free(&d);
        ink_drawing_init(&d, 28.0f, 28.0f);
        free(t.s);
    }
}

/* A strokes file larger than a drawing at its limits can need is refused from its size, and
 * anything but a regular file is refused without being read or waited on. */
TEST(strokes_files_too_large_or_not_regular_are_refused_unread)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err = {0, ""};
    const char *big = tmp_path("big.json");
    FILE *f = fopen(big, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fseek(f, INK_MAX_FILE_BYTES, SEEK_SET) == 0 && fputc(' ', f) == ' ');
        fclose(f);
    }
    CHECK(ink_drawing_load(big, &d, &err) == SN_E_LIMIT);
    CHECK(strstr(err.msg, "big.json: more than 12582912 bytes, the largest strokes file") != NULL);
    printf("    %s\n", err.msg);
    unlink(big);
    const char *fifo = tmp_path("fifo.json");
    CHECK(mkfifo(fifo, 0600) == 0);
    CHECK(ink_drawing_load(fifo, &d, &err) == SN_E_NOTREG);
    CHECK(strstr(err.msg, "fifo.json: not a regular file (a FIFO)") != NULL);
    printf("    %s\n", err.msg);
    unlink(fifo);
    float *px = NULL;
    int w, h;
    const char *png = tmp_path("fifo.png");
    CHECK(mkfifo(png, 0600) == 0);
    CHECK(ink_image_load(png, &px, &w, &h, &err) == SN_E_NOTREG && px == NULL);
    CHECK(strstr(err.msg, "fifo.png: not a regular file (a FIFO)") != NULL);
    unlink(png);
}

TEST(a_drawing_past_the_point_limit_is_refused_naming_the_file)
{
    /* 20000 points 0.1 cells apart: none can be thinned, twice the documented 10000 */
    char *json = strokes_json(2, 10000, 2.5f, spaced_points);
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err = {0, ""};
    CHECK(ink_drawing_from_json(json, "many.json", &d, NULL, 2.5f, &err) == SN_E_LIMIT);
    CHECK(strstr(err.msg, "many.json: ") == err.msg && strstr(err.msg, "10000 points"));
    CHECK(strchr(err.msg, '\n') == NULL && d.n == 0);
    printf("    %s\n", err.msg);
    free(json);
    /* exactly the limit is fine */
    json = strokes_json(2, INK_MAX_POINTS / 2, 2.5f, spaced_points);
    CHECK(ink_drawing_from_json(json, "full.json", &d, NULL, 2.5f, &err) == 0);
    CHECK(ink_drawing_points(&d) == INK_MAX_POINTS);
    /* and an editor cannot go past it either */
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point(&d, 1.0f, 1.0f) == SN_E_LIMIT);
    ink_drawing_free(&d);
    free(json);
}

TEST(a_drawing_past_the_stroke_limit_is_refused_naming_the_file)
{
    char *json = strokes_json(2000, 2, 2.5f, two_far_points); /* twice the documented 1000 */
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err = {0, ""};
    CHECK(ink_drawing_from_json(json, "strokes.json", &d, NULL, 2.5f, &err) == SN_E_LIMIT);
    CHECK(strstr(err.msg, "strokes.json: ") == err.msg && strstr(err.msg, "1000"));
    printf("    %s\n", err.msg);
    free(json);
    json = strokes_json(INK_MAX_STROKES, 2, 2.5f, two_far_points);
    CHECK(ink_drawing_from_json(json, "full.json", &d, NULL, 2.5f, &err) == 0);
    CHECK(d.n == INK_MAX_STROKES);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == SN_E_LIMIT);
    ink_drawing_free(&d);
    free(json);
}

TEST(a_brush_wider_than_a_quarter_of_the_canvas_is_refused)
{
    char *json = strokes_json(1, 2, 7.5f, two_far_points);
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err = {0, ""};
    CHECK(ink_drawing_from_json(json, "wide.json", &d, NULL, 2.5f, &err) == SN_E_FORMAT);
    CHECK(strstr(err.msg, "wide.json: strokes[0].width: 7.5") == err.msg);
    printf("    %s\n", err.msg);
    free(json);
    json = strokes_json(1, 2, 7.0f, two_far_points); /* exactly a quarter is fine */
    CHECK(ink_drawing_from_json(json, "wide.json", &d, NULL, 2.5f, &err) == 0);
    CHECK(ink_drawing_begin_stroke(&d, 7.5f, 0) == SN_E_ARG);
    CHECK(ink_drawing_begin_stroke(&d, 7.0f, 0) == 0);
    ink_drawing_free(&d);
    free(json);
}

TEST(unipen_sample_digits_parse_fit_and_rasterise_to_plausible_images)
{
    const char *dir = getenv("SCRATCHNET_TEST_DATA");
    if (!dir) {
        SKIP("SCRATCHNET_TEST_DATA is not set (run through meson test)");
        return;
    }
    char path[512];
    snprintf(path, sizeof path, "%s/unipen-sample.jsonl", dir);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f)
        return;
    const int labels[] = {1, 0, 4, 7, 4}, n_strokes[] = {1, 1, 2, 3, 4};
    char *line = NULL;
    size_t cap = 0;
    int k = 0;
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    while (getline(&line, &cap, f) > 0 && k < 5) {
        char where[64];
        snprintf(where, sizeof where, "unipen-sample.jsonl:%d", k + 1);
        SnError err;
        int label = -1;
        int rc = ink_drawing_from_json(line, where, &d, &label, INK_DEFAULT_WIDTH, &err);
        CHECK(rc == 0);
        if (rc != 0) {
            printf("  %s\n", err.msg);
            break;
        }
        CHECK(label == labels[k]);
        CHECK(d.n == n_strokes[k]);
        ink_drawing_fit(&d, 20.0f);
        /* the points' box is 20 cells on its longer side, centred on (14, 14) */
        float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
        for (int s = 0; s < d.n; s++)
            for (int p = 0; p < d.strokes[s].n; p++) {
                x0 = fminf(x0, d.strokes[s].pts[p].x);
                x1 = fmaxf(x1, d.strokes[s].pts[p].x);
                y0 = fminf(y0, d.strokes[s].pts[p].y);
                y1 = fmaxf(y1, d.strokes[s].pts[p].y);
            }
        CHECK_NEAR(fmaxf(x1 - x0, y1 - y0), 20.0, 1e-3);
        CHECK_NEAR(0.5f * (x0 + x1), 14.0, 1e-3);
        CHECK_NEAR(0.5f * (y0 + y1), 14.0, 1e-3);

        float g[N28], out[N28];
        CHECK(ink_raster(&d, g, 28, 28) == 0);
        CHECK(all_in_unit_range(g, N28));
        /* a digit's strokes are 20 to 80 cells long: 50 to 200 cells of ink at width 2.5 */
        double ink = grid_sum(g, N28);
        CHECK(ink > 40.0 && ink < 250.0);
        int w, h;
        CHECK(grid_bbox(g, &w, &h) && (h == 23 || h == 24) && w <= h);
        if (labels[k] == 1)
            CHECK(w < h / 2); /* a one is tall and thin */
        if (labels[k] == 0)
            CHECK(g[14 * 28 + 14] < 0.1f); /* a zero has a hole in the middle */
        CHECK(ink_preprocess_mnist(g, 28, 28, out, NULL) == 0);
        double cx, cy;
        grid_com(out, &cx, &cy);
        CHECK(fabs(cx - 14.0) < 0.5 && fabs(cy - 14.0) < 0.5);
        k++;
    }
    CHECK(k == 5);
    free(line);
    fclose(f);
    ink_drawing_free(&d);
}


int main(void)
{
    RUN(json_names_are_told_from_image_names_by_their_ending);
    RUN(json_round_trip_keeps_points_and_widths_bit_exact);
    RUN(save_then_load_gives_the_same_drawing_and_leaves_no_temporary_file);
    RUN(saving_into_a_missing_directory_fails_naming_the_file);
    RUN(saving_a_drawing_with_a_nan_point_is_refused);
    RUN(corrupt_json_and_wrong_types_give_errors_naming_the_file_and_the_path);
    RUN(a_key_given_twice_is_refused_as_in_model_files);
    RUN(labelled_jsonl_form_parses_with_default_widths_on_the_current_canvas);
    RUN(a_null_label_is_a_drawing_of_no_class_apart_from_a_missing_label);
    RUN(loading_missing_empty_or_binary_files_fails_naming_the_file);
    RUN(json_round_trip_is_exact_under_a_comma_decimal_locale);
    RUN(points_closer_than_the_minimum_step_add_nothing);
    RUN(a_dense_stroke_is_thinned_on_load_and_rasterises_the_same);
    RUN(times_survive_a_save_and_load_bit_exact_and_untimed_points_stay_untimed);
    RUN(files_without_times_load_as_before_with_no_time_on_any_point);
    RUN(a_time_that_is_not_a_finite_non_decreasing_number_is_refused_naming_the_file);
    RUN(bad_times_are_refused_when_added_and_when_saved);
    RUN(a_labelled_line_keeps_the_times_of_its_points);
    RUN(a_thinned_point_takes_its_time_with_it);
    RUN(strokes_texts_past_the_value_limits_are_refused_before_parsing);
    RUN(a_file_past_its_points_before_thinning_is_refused);
    RUN(strokes_files_too_large_or_not_regular_are_refused_unread);
    RUN(a_drawing_past_the_point_limit_is_refused_naming_the_file);
    RUN(a_drawing_past_the_stroke_limit_is_refused_naming_the_file);
    RUN(a_brush_wider_than_a_quarter_of_the_canvas_is_refused);
    RUN(unipen_sample_digits_parse_fit_and_rasterise_to_plausible_images);
    if (tmp_dir[0])
        test_remove_dir(tmp_dir);
    return test_main_result();
}
