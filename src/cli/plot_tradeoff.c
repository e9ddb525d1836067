/* plot_tradeoff.c - the chart of what a refusal threshold costs (plot.h): the share of labelled
 * samples refused against the share of samples of no class refused, as the threshold on the
 * top probability moves from 0 to 1. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/plot.h"
#include "cli/plot_svg.h"

static int by_value(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* How many of the n sorted values are below t. */
static int count_below(const float *sorted, int n, float t)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (sorted[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The plot area, the share at its right edge (xmax; the top is 100 %) and the mapping of
 * percentages to pixels. */
typedef struct Area {
    double x0, x1, y0, y1, xmax;
} Area;

static double ax(const Area *a, double pct)
{
    return plot_scale(pct, 0.0, a->xmax, a->x0, a->x1);
}

static double ay(const Area *a, double pct)
{
    return plot_scale(pct, 0.0, 100.0, a->y1, a->y0);
}

/* The x axis ends at the smallest of 5, 10, 20, 50 and 100 % that holds the marked share in its
 * first quarter: a useful threshold refuses few labelled samples, and the point keeps room for
 * its label on its right. */
static double x_end(double mark_pct)
{
    static const double ends[] = {5, 10, 20, 50};
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++)
        if (mark_pct <= ends[k] / 4)
            return ends[k];
    return 100;
}

/* Grid, ticks every tenth of each axis, axes and their titles; the tick labels of each axis in
 * a <g data-axis="x"> or "y". */
static void frame(Bytes *b, const Area *a, const char *xlabel, const char *ylabel)
{
    bytes_printf(b, "<g data-axis=\"y\">\n");
    for (int k = 0; k <= 10; k++) {
        char label[16];
        snprintf(label, sizeof label, "%d", 10 * k);
        bytes_printf(
            b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID "\"/>\n",
            a->x0, ay(a, 10 * k), a->x1, ay(a, 10 * k));
        plot_svg_text(b, a->x0 - 10, ay(a, 10 * k) + 6, 16, "text-anchor=\"end\" fill=\"#444444\"",
                      label);
    }
    bytes_printf(b, "</g>\n<g data-axis=\"x\">\n");
    for (int k = 0; k <= 10; k++) {
        char label[16];
        const double v = a->xmax * k / 10;
        snprintf(label, sizeof label, "%g", v);
        bytes_printf(
            b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID "\"/>\n",
            ax(a, v), a->y0, ax(a, v), a->y1);
        plot_svg_text(b, ax(a, v), a->y1 + 26, 16, "text-anchor=\"middle\" fill=\"#444444\"",
                      label);
    }
    bytes_printf(b,
                 "</g>\n<polyline points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\" "
                 "stroke=\"#444444\" stroke-width=\"1.5\"/>\n",
                 a->x0, a->y0, a->x0, a->y1, a->x1, a->y1);
    plot_svg_text(b, (a->x0 + a->x1) / 2, a->y1 + 60, 18, "text-anchor=\"middle\" fill=\"" INK "\"",
                  xlabel);
    plot_svg_upright_text(b, a->x0 - 62, (a->y0 + a->y1) / 2, 18, "fill=\"" INK "\"", ylabel);
}

/* The curve: one point per distinct threshold, each the shares refused below it, from (0, 0) at
 * t = 0 to the shares refused below 1, ended where it leaves the plot at the right edge. */
static void curve(Bytes *b, const Area *a, const float *in, int n_in, const float *out, int n_out)
{
    bytes_printf(b,
                 "<polyline fill=\"none\" stroke=\"" BLUE "\" stroke-width=\"3\" "
                 "stroke-linejoin=\"round\" points=\"%.1f,%.1f",
                 ax(a, 0.0), ay(a, 0.0));
    double last_x = ax(a, 0.0), last_y = ay(a, 0.0), x = last_x, y = last_y;
    double px = 0.0, py = 0.0; /* the previous point, in percent */
    int i = 0, j = 0, cut = 0;
    while (!cut && (i < n_in || j < n_out)) {
        /* the next threshold: just above the smallest value not yet passed */
        float t = i < n_in && (j >= n_out || in[i] <= out[j]) ? in[i] : out[j];
        if (t >= 1.0f) /* the threshold stops at 1: a top probability of 1 is never refused */
            break;
        while (i < n_in && in[i] <= t)
            i++;
        while (j < n_out && out[j] <= t)
            j++;
        double cx = 100.0 * i / n_in, cy = 100.0 * j / n_out;
        if (cx > a->xmax) { /* the segment from the previous point crosses the right edge */
            cy = py + (cy - py) * (a->xmax - px) / (cx - px);
            cx = a->xmax;
            cut = 1;
        }
        x = ax(a, cx), y = ay(a, cy), px = cx, py = cy;
        if (x - last_x >= 0.5 || last_y - y >= 0.5) { /* a point a reader can tell apart */
            bytes_printf(b, " %.1f,%.1f", x, y);
            last_x = x, last_y = y;
        }
    }
    if (x != last_x || y != last_y)
        bytes_printf(b, " %.1f,%.1f", x, y);
    bytes_printf(b, "\"/>\n");
}

/* The marked point at (x, y) pixels, dashed guides from it to both axes and its label in a
 * corner the curve cannot reach: both shares only grow with the threshold, so no part of the
 * curve lies below and to the right of the point, nor above and to its left. Below-right when the
 * label fits there inside the plot, else above-left, else below-right (or above) moved left
 * into the plot. */
static void draw_mark(Bytes *b, const Area *a, double x, double y, float threshold,
                      const char *label)
{
    const double size = 18, gap = 14, w = plot_svg_text_width(label, size);
    bytes_printf(b,
                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" VERMILLION
                 "\" stroke-width=\"1.5\" stroke-dasharray=\"6 5\"/>\n"
                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" VERMILLION
                 "\" stroke-width=\"1.5\" stroke-dasharray=\"6 5\"/>\n",
                 a->x0, y, x, y, x, y, x, a->y1);
    bytes_printf(b,
                 "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"" VERMILLION
                 "\" stroke=\"#ffffff\" stroke-width=\"2\" data-threshold=\"%g\"/>\n",
                 x, y, (double)threshold);
    const int below = y + gap + size + 6 <= a->y1;
    if (below && x + gap + w <= a->x1)
        plot_svg_text(b, x + gap, y + gap + size, size, "fill=\"" INK "\"", label);
    else if (x - gap - w >= a->x0 && y - gap - size >= a->y0)
        plot_svg_text(b, x - gap, y - gap, size, "text-anchor=\"end\" fill=\"" INK "\"", label);
    else
        plot_svg_text(b, fmax(a->x0 + 8, fmin(x + gap, a->x1 - w)),
                      below ? y + gap + size : y - gap, size, "fill=\"" INK "\"", label);
}

char *plot_tradeoff_svg(const char *title, const char *subtitle, const char *xlabel,
                        const char *ylabel, const float *in_top, int n_in, const float *out_top,
                        int n_out, float mark, const char *mark_label)
{
    const int W = 1000, H = 820;
    float *in = malloc(sizeof *in * (size_t)n_in), *out = malloc(sizeof *out * (size_t)n_out);
    if (!in || !out) {
        free(in);
        free(out);
        return NULL;
    }
    memcpy(in, in_top, sizeof *in * (size_t)n_in);
    memcpy(out, out_top, sizeof *out * (size_t)n_out);
    qsort(in, (size_t)n_in, sizeof *in, by_value);
    qsort(out, (size_t)n_out, sizeof *out, by_value);
    Bytes b = {0};
    plot_svg_begin(&b, W, H);
    plot_svg_text(&b, 40, 44, 24, "font-weight=\"bold\" fill=\"" INK "\"", title);
    plot_svg_text(&b, 40, 74, 17, "fill=\"#444444\"", subtitle);
    const double mx = 100.0 * count_below(in, n_in, mark) / n_in;
    const double my = 100.0 * count_below(out, n_out, mark) / n_out;
    const Area a = {130, W - 50, 110, H - 110, x_end(mx)};
    frame(&b, &a, xlabel, ylabel);
    curve(&b, &a, in, n_in, out, n_out);
    const double all = 100.0 * count_below(in, n_in, 1.0f) / n_in; /* where the curve ends */
    if (all > a.xmax) {
        char note[120];
        snprintf(note, sizeof note, "the axis stops at %g %%; the curve goes on to %.1f %%", a.xmax,
                 all);
        plot_svg_text(&b, (a.x0 + a.x1) / 2, a.y1 + 88, 16,
                      "text-anchor=\"middle\" fill=\"#444444\"", note);
    }
    draw_mark(&b, &a, ax(&a, mx), ay(&a, my), mark, mark_label);
    bytes_printf(&b, "</svg>\n");
    free(in);
    free(out);
    return plot_svg_finish(&b);
}
