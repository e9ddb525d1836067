/* plot_tradeoff.c - the chart of what a refusal threshold costs (plot.h): the share of labelled
 * samples refused against the share of samples of no class refused, as the threshold on the
 * top probability moves from 0 to 1. */
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

/* The plot area and its mapping of percentages to pixels. */
typedef struct Area {
    double x0, x1, y0, y1;
} Area;

static double ax(const Area *a, double pct)
{
    return plot_scale(pct, 0.0, 100.0, a->x0, a->x1);
}

static double ay(const Area *a, double pct)
{
    return plot_scale(pct, 0.0, 100.0, a->y1, a->y0);
}

/* Grid, ticks every 10 %, axes and their titles. */
static void frame(Bytes *b, const Area *a, const char *xlabel, const char *ylabel)
{
    for (int v = 0; v <= 100; v += 10) {
        char label[8];
        snprintf(label, sizeof label, "%d", v);
        bytes_printf(b,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID "\"/>\n"
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID
                     "\"/>\n",
                     a->x0, ay(a, v), a->x1, ay(a, v), ax(a, v), a->y0, ax(a, v), a->y1);
        plot_svg_text(b, a->x0 - 10, ay(a, v) + 6, 16, "text-anchor=\"end\" fill=\"#444444\"",
                      label);
        plot_svg_text(b, ax(a, v), a->y1 + 26, 16, "text-anchor=\"middle\" fill=\"#444444\"",
                      label);
    }
    bytes_printf(b,
                 "<polyline points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\" "
                 "stroke=\"#444444\" stroke-width=\"1.5\"/>\n",
                 a->x0, a->y0, a->x0, a->y1, a->x1, a->y1);
    plot_svg_text(b, (a->x0 + a->x1) / 2, a->y1 + 60, 18, "text-anchor=\"middle\" fill=\"" INK "\"",
                  xlabel);
    plot_svg_upright_text(b, a->x0 - 62, (a->y0 + a->y1) / 2, 18, "fill=\"" INK "\"", ylabel);
}

/* The curve: one point per distinct threshold, each the shares refused below it, from (0, 0) at
 * t = 0 to the shares refused below 1. */
static void curve(Bytes *b, const Area *a, const float *in, int n_in, const float *out, int n_out)
{
    bytes_printf(b,
                 "<polyline fill=\"none\" stroke=\"" BLUE "\" stroke-width=\"3\" "
                 "stroke-linejoin=\"round\" points=\"%.1f,%.1f",
                 ax(a, 0.0), ay(a, 0.0));
    double last_x = ax(a, 0.0), last_y = ay(a, 0.0), x = last_x, y = last_y;
    int i = 0, j = 0;
    while (i < n_in || j < n_out) {
        /* the next threshold: just above the smallest value not yet passed */
        float t = i < n_in && (j >= n_out || in[i] <= out[j]) ? in[i] : out[j];
        if (t >= 1.0f) /* the threshold stops at 1: a top probability of 1 is never refused */
            break;
        while (i < n_in && in[i] <= t)
            i++;
        while (j < n_out && out[j] <= t)
            j++;
        x = ax(a, 100.0 * i / n_in), y = ay(a, 100.0 * j / n_out);
        if (x - last_x >= 0.5 || last_y - y >= 0.5) { /* a point a reader can tell apart */
            bytes_printf(b, " %.1f,%.1f", x, y);
            last_x = x, last_y = y;
        }
    }
    if (x != last_x || y != last_y)
        bytes_printf(b, " %.1f,%.1f", x, y);
    bytes_printf(b, "\"/>\n");
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
    const Area a = {130, W - 50, 110, H - 110};
    frame(&b, &a, xlabel, ylabel);
    curve(&b, &a, in, n_in, out, n_out);
    double mx = 100.0 * count_below(in, n_in, mark) / n_in;
    double my = 100.0 * count_below(out, n_out, mark) / n_out;
    bytes_printf(&b,
                 "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"" VERMILLION
                 "\" stroke=\"#ffffff\" "
                 "stroke-width=\"2\" data-threshold=\"%g\"/>\n",
                 ax(&a, mx), ay(&a, my), (double)mark);
    /* the label beside the point, on the side with room for it */
    double w = plot_svg_text_width(mark_label, 18);
    int left = ax(&a, mx) + 16 + w > W - 10;
    double ty = ay(&a, my) + (my > 90.0 ? 30 : -16);
    plot_svg_text(&b, ax(&a, mx) + (left ? -16 : 16), ty, 18,
                  left ? "text-anchor=\"end\" fill=\"" INK "\"" : "fill=\"" INK "\"", mark_label);
    bytes_printf(&b, "</svg>\n");
    free(in);
    free(out);
    return plot_svg_finish(&b);
}
