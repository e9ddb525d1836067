/* test_plot.c - the training reports: axis rounding, scaling, the kept epoch, the CSV log both
 * ways, and the SVG charts' content and escaping, the trade-off chart's zoomed axis. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/plot.h"
#include "common/outfile.h"
#include "test.h"

/* Occurrences of needle in haystack. */
static int count_of(const char *haystack, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

TEST(nice_axis_rounds_outward_to_steps_of_1_2_or_5)
{
    /* a loss from 0 to 0.38 in at most 7 ticks: 0.05 would need 9, so 0.1 and 0 .. 0.4 */
    PlotAxis a = plot_nice_axis(0, 0.38, 7, 0);
    CHECK_NEAR(a.lo, 0, 1e-12);
    CHECK_NEAR(a.hi, 0.4, 1e-12);
    CHECK_NEAR(a.step, 0.1, 1e-12);
    CHECK(a.n_ticks == 5);
    /* accuracy 41.3 .. 86.4 %: 5 would need 11 ticks (40 .. 90), 10 needs 6 */
    a = plot_nice_axis(41.33, 86.4, 7, 0);
    CHECK_NEAR(a.lo, 40, 1e-9);
    CHECK_NEAR(a.hi, 90, 1e-9);
    CHECK_NEAR(a.step, 10, 1e-9);
    CHECK(a.n_ticks == 6);
    /* 0.3 / 0.1 is 2.9999999999999996 in doubles: still 3 ticks, not 4 */
    a = plot_nice_axis(0.1, 0.3, 3, 0);
    CHECK_NEAR(a.lo, 0.1, 1e-12);
    CHECK_NEAR(a.hi, 0.3, 1e-12);
    CHECK(a.n_ticks == 3);
}

TEST(nice_axis_keeps_a_minimum_step_and_widens_a_single_value)
{
    /* epochs 1..3 with whole steps: 1, 2, 3 */
    PlotAxis a = plot_nice_axis(1, 3, 8, 1);
    CHECK_NEAR(a.step, 1, 0);
    CHECK_NEAR(a.lo, 1, 0);
    CHECK(a.n_ticks == 3);
    /* epochs 1..25 in at most 8 ticks: 2 would need 14, 5 gives 0, 5, ..., 25 */
    a = plot_nice_axis(1, 25, 8, 1);
    CHECK_NEAR(a.step, 5, 0);
    CHECK_NEAR(a.lo, 0, 0);
    CHECK_NEAR(a.hi, 25, 0);
    CHECK(a.n_ticks == 6);
    /* one value: 0 becomes -1 .. 1, in steps of 0.5 for 5 ticks */
    a = plot_nice_axis(0, 0, 5, 0);
    CHECK_NEAR(a.lo, -1, 1e-12);
    CHECK_NEAR(a.hi, 1, 1e-12);
    CHECK_NEAR(a.step, 0.5, 1e-12);
    /* every result holds its input and respects the tick limit */
    for (int k = 1; k < 200; k++) {
        double lo = 0.37 * k - 20, hi = lo + 0.013 * k * k;
        a = plot_nice_axis(lo, hi, 6, 0);
        CHECK(a.lo <= lo + 1e-9 && a.hi >= hi - 1e-9 && a.n_ticks <= 6 && a.n_ticks >= 2);
    }
}

TEST(decimals_print_a_step_exactly)
{
    CHECK(plot_decimals(0.25) == 2);
    CHECK(plot_decimals(0.5) == 1);
    CHECK(plot_decimals(0.1) == 1);
    CHECK(plot_decimals(0.001) == 3);
    CHECK(plot_decimals(5) == 0);
    CHECK(plot_decimals(20) == 0);
}

TEST(scale_maps_ranges_linearly_and_upside_down)
{
    CHECK_NEAR(plot_scale(5, 0, 10, 100, 0), 50, 1e-12);  /* y grows down */
    CHECK_NEAR(plot_scale(0, 0, 10, 100, 0), 100, 1e-12);
    CHECK_NEAR(plot_scale(2, 1, 3, 10, 30), 20, 1e-12);
    CHECK_NEAR(plot_scale(7, 3, 3, 10, 30), 20, 1e-12);   /* an empty range: the middle */
}

static PlotEpoch row(int epoch, float tl, float ta, float vl, float va)
{
    return (PlotEpoch){epoch, tl, ta, vl, va, 0.5f, 1.25f};
}

TEST(the_kept_epoch_is_the_first_with_the_best_validation_accuracy)
{
    PlotEpoch r[4] = {row(1, 1, 0.5f, 1, 0.5f), row(2, 1, 0.9f, 1, 0.7f),
                      row(3, 1, 0.95f, 1, 0.7f), row(4, 1, 0.99f, 1, 0.6f)};
    CHECK(plot_best_epoch(r, 4) == 1);
    /* without validation: by training accuracy */
    for (int i = 0; i < 4; i++)
        r[i].val_loss = r[i].val_accuracy = NAN;
    CHECK(plot_best_epoch(r, 4) == 3);
    CHECK(plot_best_epoch(r, 0) == -1);
}

TEST(the_log_is_csv_with_a_header_and_reads_back)
{
    PlotEpoch r[3] = {row(1, 0.5f, 0.8125f, 0.25f, 0.875f), row(2, 0.25f, 0.9375f, 0.125f, 0.9f),
                      row(3, 0.125f, 1.0f, NAN, NAN)};
    char *csv = plot_log_csv(r, 3);
    CHECK(csv != NULL);
    const char *want = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,"
                       "epoch_seconds\n"
                       "1,0.500000,0.812500,0.250000,0.875000,0.5,1.250\n"
                       "2,0.250000,0.937500,0.125000,0.900000,0.5,1.250\n"
                       "3,0.125000,1.000000,,,0.5,1.250\n";
    CHECK(csv && strcmp(csv, want) == 0);
    PlotEpoch back[4];
    SnError err = {0};
    CHECK(csv && plot_log_parse(csv, "log.csv", back, 4, &err) == 3);
    CHECK(back[0].epoch == 1 && back[2].epoch == 3);
    CHECK_NEAR(back[1].val_accuracy, 0.9, 1e-7);
    CHECK(isnan(back[2].val_loss) && isnan(back[2].val_accuracy));
    CHECK_NEAR(back[2].seconds, 1.25, 1e-7);
    /* room for fewer rows than the log holds */
    CHECK(csv && plot_log_parse(csv, "log.csv", back, 2, &err) < 0);
    free(csv);
    /* an empty log is a header alone */
    csv = plot_log_csv(r, 0);
    CHECK(csv && strcmp(csv, "epoch,train_loss,train_accuracy,val_loss,val_accuracy,"
                             "learning_rate,epoch_seconds\n") == 0);
    free(csv);
}

TEST(a_broken_log_is_refused_with_the_line)
{
    const char *h = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,"
                    "epoch_seconds\n";
    PlotEpoch rows[8];
    SnError err = {0};
    char text[512];
    CHECK(plot_log_parse("epoch,loss\n1,2\n", "a.csv", rows, 8, &err) < 0);
    CHECK(strstr(err.msg, "a.csv: line 1") != NULL);
    snprintf(text, sizeof text, "%s1,0.5,0.8,0.2,0.9,0.1,1\n2,abc,0.8,0.2,0.9,0.1,1\n", h);
    CHECK(plot_log_parse(text, "b.csv", rows, 8, &err) < 0);
    CHECK(strstr(err.msg, "b.csv: line 3: field 2") != NULL);
    snprintf(text, sizeof text, "%s2,0.5,0.8,0.2,0.9,0.1,1\n2,0.5,0.8,0.2,0.9,0.1,1\n", h);
    CHECK(plot_log_parse(text, "c.csv", rows, 8, &err) < 0);
    CHECK(strstr(err.msg, "line 3") != NULL);
    /* a validation loss without a validation accuracy */
    snprintf(text, sizeof text, "%s1,0.5,0.8,0.2,,0.1,1\n", h);
    CHECK(plot_log_parse(text, "d.csv", rows, 8, &err) < 0);
    CHECK(strstr(err.msg, "d.csv: line 2: a validation loss without") != NULL);
    snprintf(text, sizeof text, "%s1,0.5,0.8,0.2,0.9,0.1\n", h);
    CHECK(plot_log_parse(text, "e.csv", rows, 8, &err) < 0);
    CHECK(plot_log_parse(h, "f.csv", rows, 8, &err) < 0);
    CHECK(strstr(err.msg, "no epochs") != NULL);
}

TEST(numbers_that_are_not_finite_are_written_as_empty_fields)
{
    /* a diverged run: the losses are NaN or infinite, the accuracies are still counts */
    PlotEpoch r[2] = {row(1, NAN, 0.09375f, NAN, 0.125f), row(2, INFINITY, 0.0625f, -INFINITY,
                                                                0.125f)};
    r[1].learning_rate = NAN;
    r[1].seconds = INFINITY;
    char *csv = plot_log_csv(r, 2);
    const char *want = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,"
                       "epoch_seconds\n"
                       "1,,0.093750,,0.125000,0.5,1.250\n"
                       "2,,0.062500,,0.125000,,\n";
    CHECK(csv && strcmp(csv, want) == 0);
    /* it reads back: empty is "not measured", and the validation accuracy stays */
    PlotEpoch back[2];
    SnError err = {0};
    CHECK(csv && plot_log_parse(csv, "q.csv", back, 2, &err) == 2);
    CHECK(isnan(back[0].train_loss) && isnan(back[0].val_loss) && isnan(back[1].seconds));
    CHECK(isnan(back[1].learning_rate));
    CHECK_NEAR(back[0].val_accuracy, 0.125, 0);
    CHECK_NEAR(back[1].train_accuracy, 0.0625, 0);
    CHECK(plot_best_epoch(back, 2) == 0);
    free(csv);
    /* every number column may be empty; the epoch may not */
    const char *h = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,"
                    "epoch_seconds\n";
    char text[512];
    snprintf(text, sizeof text, "%s1,,,,,,\n2,0.5,0.8,,0.9,,\n", h);
    CHECK(plot_log_parse(text, "e.csv", back, 2, &err) == 2);
    CHECK(isnan(back[0].train_accuracy) && isnan(back[0].val_accuracy));
    CHECK_NEAR(back[1].val_accuracy, 0.9, 1e-7);
    CHECK(plot_best_epoch(back, 2) == 1);
    snprintf(text, sizeof text, "%s,0.5,0.8,0.2,0.9,0.1,1\n", h);
    CHECK(plot_log_parse(text, "f.csv", back, 2, &err) < 0);
    CHECK(strstr(err.msg, "f.csv: line 2: field 1") != NULL);
    /* words for NaN and numbers beyond a float are not numbers of a log */
    snprintf(text, sizeof text, "%s1,-nan,0.8,0.2,0.9,0.1,1\n", h);
    CHECK(plot_log_parse(text, "g.csv", back, 2, &err) < 0);
    snprintf(text, sizeof text, "%s1,1e39,0.8,0.2,0.9,0.1,1\n", h);
    CHECK(plot_log_parse(text, "g.csv", back, 2, &err) < 0);
    CHECK(strstr(err.msg, "g.csv: line 2: field 2") != NULL);
}

TEST(accuracies_outside_0_to_1_are_refused)
{
    const char *h = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,"
                    "epoch_seconds\n";
    PlotEpoch rows[4];
    SnError err = {0};
    char text[512];
    snprintf(text, sizeof text, "%s1,0.5,0.8,0.2,0.9,0.1,1\n2,0.5,5,0.2,0.9,0.1,1\n", h);
    CHECK(plot_log_parse(text, "a.csv", rows, 4, &err) < 0);
    CHECK(strcmp(err.msg, "a.csv: line 3: train_accuracy 5 is not a fraction from 0 to 1") == 0);
    snprintf(text, sizeof text, "%s1,0.5,0.8,0.2,-0.25,0.1,1\n", h);
    CHECK(plot_log_parse(text, "b.csv", rows, 4, &err) < 0);
    CHECK(strcmp(err.msg, "b.csv: line 2: val_accuracy -0.25 is not a fraction from 0 to 1") ==
          0);
    /* the ends themselves are fine */
    snprintf(text, sizeof text, "%s1,0.5,0,0.2,1,0.1,1\n", h);
    CHECK(plot_log_parse(text, "c.csv", rows, 4, &err) == 1);
}

TEST(the_curves_leave_out_missing_points)
{
    /* epoch 2 diverged (no losses), epoch 3 has no validation loss, epoch 4 measured nothing */
    PlotEpoch r[5] = {row(1, 0.5f, 0.8f, 0.4f, 0.85f), row(2, NAN, 0.9f, INFINITY, 0.95f),
                      row(3, 0.2f, 0.95f, NAN, 0.93f), row(4, NAN, NAN, NAN, NAN),
                      row(5, 0.1f, 0.97f, 0.3f, 0.9f)};
    char *svg = plot_curves_svg("t", "quadratic", r, 5);
    CHECK(svg != NULL);
    if (!svg)
        return;
    CHECK(strstr(svg, "nan") == NULL && strstr(svg, "NaN") == NULL && strstr(svg, "inf") == NULL);
    CHECK(strstr(svg, "best epoch: 2 (validation 95.00%)") != NULL);
    /* markers: training loss 3, validation loss 2, training accuracy 4, validation accuracy 4 */
    CHECK(count_of(svg, "<circle cx") == 1 + 3 + 4 + 1); /* legend, points, the ring */
    CHECK(count_of(svg, "width=\"9\" height=\"9\"") == 1 + 2 + 4);
    free(svg);
    /* nothing measured at all: no kept epoch, still a chart */
    PlotEpoch none[2] = {row(1, NAN, NAN, NAN, NAN), row(2, NAN, NAN, NAN, NAN)};
    CHECK(plot_best_epoch(none, 2) == -1);
    svg = plot_curves_svg("t", NULL, none, 2);
    CHECK(svg && strstr(svg, "nan") == NULL && strstr(svg, "best epoch") == NULL);
    free(svg);
}

TEST(the_curves_have_both_panels_a_legend_and_the_kept_epoch)
{
    PlotEpoch r[3] = {row(1, 0.5f, 0.8f, 0.4f, 0.85f), row(2, 0.3f, 0.9f, 0.35f, 0.95f),
                      row(3, 0.2f, 0.95f, 0.36f, 0.93f)};
    char *svg = plot_curves_svg("net <a & b>: learning curves", "cross-entropy", r, 3);
    CHECK(svg != NULL);
    if (!svg)
        return;
    CHECK(strncmp(svg, "<?xml", 5) == 0 && strstr(svg, "</svg>\n") != NULL);
    CHECK(strstr(svg, "net &lt;a &amp; b&gt;: learning curves") != NULL);
    CHECK(strstr(svg, "loss (cross-entropy)") != NULL);
    CHECK(strstr(svg, "accuracy (%)") != NULL);
    CHECK(strstr(svg, "best epoch: 2 (validation 95.00%)") != NULL);
    CHECK(count_of(svg, "class=\"best\"") == 2); /* the marker line in both panels */
    CHECK(count_of(svg, "class=\"series\"") == 4); /* train and validation, twice */
    free(svg);
    /* without validation: no validation series, kept by training accuracy */
    for (int i = 0; i < 3; i++)
        r[i].val_loss = r[i].val_accuracy = NAN;
    svg = plot_curves_svg("t", "quadratic", r, 3);
    CHECK(svg && count_of(svg, "class=\"series\"") == 2);
    CHECK(svg && strstr(svg, "best epoch: 3 (training 95.00%)") != NULL);
    free(svg);
}

TEST(the_confusion_matrix_writes_every_count_and_escapes_labels)
{
    /* 3 classes; a label with markup characters and one with a byte that is not UTF-8 */
    const long conf[9] = {5, 1, 0, 2, 7, 0, 0, 0, 9};
    const char *labels[3] = {"a<b", "Ankle \"boot\" & co", "bad\xff"};
    char *svg = plot_confusion_svg("m: accuracy 87.5% on the test set", "21 of 24", labels, 3,
                                   conf);
    CHECK(svg != NULL);
    if (!svg)
        return;
    CHECK(count_of(svg, "class=\"count\"") == 9);
    CHECK(strstr(svg, "data-true=\"1\" data-pred=\"0\"") != NULL);
    char want[64];
    for (int t = 0; t < 3; t++)
        for (int p = 0; p < 3; p++) {
            snprintf(want, sizeof want, "data-true=\"%d\" data-pred=\"%d\"", t, p);
            const char *at = strstr(svg, want);
            const char *gt = at ? strchr(at, '>') : NULL;
            CHECK(gt && atol(gt + 1) == conf[t * 3 + p]);
        }
    CHECK(strstr(svg, "a&lt;b") != NULL);
    CHECK(strstr(svg, "Ankle &quot;boot&quot; &amp; co") != NULL);
    CHECK(strstr(svg, "bad?") != NULL && strchr(svg, '\xff') == NULL);
    CHECK(strstr(svg, "a<b") == NULL);
    /* recall of each class: 5/6, 7/9, 9/9 */
    CHECK(strstr(svg, ">83.3%<") && strstr(svg, ">77.8%<") && strstr(svg, ">100.0%<"));
    free(svg);
}

TEST(save_is_refused_for_a_missing_directory_or_a_directory)
{
    SnError err = {0};
    SnError out_err = {0};
    CHECK(outfile_check("/nonexistent-dir-for-test/x.svg", &out_err) < 0);
    CHECK(strstr(out_err.msg, "/nonexistent-dir-for-test/x.svg") != NULL);
    CHECK(strstr(out_err.msg, "does not exist") != NULL);
    CHECK(outfile_check("/", &out_err) < 0);
    CHECK(strstr(out_err.msg, "is a directory") != NULL);
    CHECK(plot_save("/nonexistent-dir-for-test/x.svg", "x", &err) < 0);
    CHECK(plot_save("/tmp/x.svg", NULL, &err) < 0); /* a chart that ran out of memory */
}

/* The last label of the x axis (the <g data-axis="x"> group), or -1 when there is none. */
static double last_x_tick(const char *svg)
{
    const char *g = strstr(svg, "<g data-axis=\"x\">");
    const char *end = g ? strstr(g, "</g>") : NULL;
    double last = -1;
    for (const char *t = g; t && end && (t = strstr(t, "</text>")) && t < end; t++) {
        const char *gt = t;
        while (gt > g && *gt != '>')
            gt--;
        last = atof(gt + 1);
    }
    return last;
}

/* Whether every point of every <polyline> and <line> lies in the plot area, the box of the axes
 * (the polyline "x0,y0 x0,y1 x1,y1" drawn in #444444). */
static int lines_inside_plot(const char *svg)
{
    const char *axes = strstr(svg, "stroke=\"#444444\" stroke-width=\"1.5\"/>");
    const char *pts = NULL;
    for (const char *p = strstr(svg, "<polyline"); p && p < axes; p = strstr(p + 1, "<polyline"))
        pts = p;
    double x0, y0, x1, y1, t;
    if (!pts || sscanf(strstr(pts, "points=\"") + 8, "%lf,%lf %lf,%lf %lf,%lf", &x0, &y0, &t,
                       &y1, &x1, &t) != 6)
        return 0;
    const double e = 0.051; /* one rounding of %.1f */
    for (const char *p = strstr(svg, "<polyline"); p; p = strstr(p + 1, "<polyline")) {
        const char *q = strstr(p, "points=\"") + 8, *end = strchr(q, '"');
        double x, y;
        int used;
        while (q < end && sscanf(q, "%lf,%lf%n", &x, &y, &used) == 2) {
            if (x < x0 - e || x > x1 + e || y < y0 - e || y > y1 + e)
                return 0;
            q += used;
        }
    }
    for (const char *p = strstr(svg, "<line "); p; p = strstr(p + 1, "<line ")) {
        double xa, ya, xb, yb;
        if (sscanf(p, "<line x1=\"%lf\" y1=\"%lf\" x2=\"%lf\" y2=\"%lf\"", &xa, &ya, &xb, &yb) != 4)
            return 0;
        if (fmin(xa, xb) < x0 - e || fmax(xa, xb) > x1 + e || fmin(ya, yb) < y0 - e ||
            fmax(ya, yb) > y1 + e)
            return 0;
    }
    return 1;
}

TEST(the_tradeoff_x_axis_holds_the_point_with_room_and_clips_the_curve)
{
    /* 1000 labelled top probabilities spread evenly over 0 .. 1 (a threshold t refuses t of
     * them), 200 of no class all below 0.01: the curve runs on to 100 % of the labelled ones */
    enum { N_IN = 1000, N_OUT = 200 };
    static float in[N_IN], out[N_OUT];
    for (int i = 0; i < N_IN; i++)
        in[i] = (float)((i + 0.5) / N_IN);
    for (int j = 0; j < N_OUT; j++)
        out[j] = (float)(0.01 * (j + 0.5) / N_OUT);
    /* the smallest of 5, 10, 20, 50 and 100 % with the point in its first quarter */
    const struct {
        float mark;
        double last;
    } cases[] = {{0.004f, 5}, {0.0125f, 5}, {0.02f, 10}, {0.03f, 20}, {0.1f, 50}, {0.2f, 100},
                 {0.9f, 100}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char *svg = plot_tradeoff_svg("t", "s", "x", "y", in, N_IN, out, N_OUT, cases[k].mark,
                                      "this model: refuses");
        CHECK(svg != NULL);
        if (!svg)
            continue;
        CHECK_NEAR(last_x_tick(svg), cases[k].last, 1e-9);
        CHECK(lines_inside_plot(svg));
        /* a cut axis says where the curve ends */
        CHECK((cases[k].last < 100) == (strstr(svg, "the curve goes on to 100.0 %") != NULL));
        free(svg);
    }
}

int main(void)
{
    RUN(nice_axis_rounds_outward_to_steps_of_1_2_or_5);
    RUN(nice_axis_keeps_a_minimum_step_and_widens_a_single_value);
    RUN(decimals_print_a_step_exactly);
    RUN(scale_maps_ranges_linearly_and_upside_down);
    RUN(the_kept_epoch_is_the_first_with_the_best_validation_accuracy);
    RUN(the_log_is_csv_with_a_header_and_reads_back);
    RUN(a_broken_log_is_refused_with_the_line);
    RUN(numbers_that_are_not_finite_are_written_as_empty_fields);
    RUN(accuracies_outside_0_to_1_are_refused);
    RUN(the_curves_leave_out_missing_points);
    RUN(the_curves_have_both_panels_a_legend_and_the_kept_epoch);
    RUN(the_confusion_matrix_writes_every_count_and_escapes_labels);
    RUN(the_tradeoff_x_axis_holds_the_point_with_room_and_clips_the_curve);
    RUN(save_is_refused_for_a_missing_directory_or_a_directory);
    return test_main_result();
}
