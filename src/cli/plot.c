/* plot.c - the training log (CSV) and the charts (SVG) of plot.h, written as text by hand.
 *
 * An SVG chart is a list of shapes in pixel coordinates: rect, line, polyline, circle, text.
 * Data values become pixels through plot_scale over axes rounded by plot_nice_axis; y grows
 * downwards, so a value axis maps lo to the bottom of its panel. Text widths cannot be measured
 * without the renderer's fonts, so margins are estimated at 0.62 em per character (DejaVu Sans
 * averages below that). Numbers are printed with the C locale's decimal point; nothing here calls
 * setlocale.
 */
#include "cli/plot.h"
#include "cli/plot_svg.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "nn/model_io.h"


/* checkpoints store PlotEpoch rows as bytes: keep the struct free of padding */
_Static_assert(sizeof(PlotEpoch) == 7 * 4, "PlotEpoch has padding");

/* The finished string, or NULL (and nothing to free) after an allocation failure. */
char *plot_svg_finish(Bytes *b)
{
    if (b->failed || !b->p) {
        free(b->p);
        return NULL;
    }
    return b->p;
}

/* Appends text escaped for XML character data and attribute values: & < > " ' become entities,
 * control characters are dropped and bytes that are not valid UTF-8 become '?', so the document
 * stays well-formed whatever a model file's labels hold. */
void plot_svg_escaped(Bytes *b, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        unsigned c = *s;
        int len = utf8_char_length((const char *)s, 4); /* a NUL ends a cut character first */
        if (len == 0) {
            bytes_printf(b, "?");
            s++;
            continue;
        }
        if (len > 1) {
            bytes_printf(b, "%.*s", len, (const char *)s);
        } else if (c == '&') {
            bytes_printf(b, "&amp;");
        } else if (c == '<') {
            bytes_printf(b, "&lt;");
        } else if (c == '>') {
            bytes_printf(b, "&gt;");
        } else if (c == '"') {
            bytes_printf(b, "&quot;");
        } else if (c == '\'') {
            bytes_printf(b, "&apos;");
        } else if (c >= 0x20 && c != 0x7F) {
            bytes_printf(b, "%c", (char)c);
        }
        s += len;
    }
}

/* Characters as a reader counts them (UTF-8 continuation bytes do not count). */
static int text_chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Estimated width in pixels of text at a font size. */
double plot_svg_text_width(const char *s, double size)
{
    return text_chars(s) * size * CHAR_EM;
}

/* <text> with the given attributes around escaped content. */
void plot_svg_text(Bytes *b, double x, double y, double size, const char *attrs, const char *text)
{
    bytes_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" %s>", x, y, size, attrs);
    plot_svg_escaped(b, text);
    bytes_printf(b, "</text>\n");
}

/* Text turned 90 degrees anticlockwise about its anchor (x, y), centred there: a y-axis title.
 * A group transform, which more renderers honour than a transform on the text itself. */
void plot_svg_upright_text(Bytes *b, double x, double y, double size, const char *attrs,
                           const char *text)
{
    bytes_printf(b, "<g transform=\"translate(%.1f %.1f) rotate(-90)\">", x, y);
    bytes_printf(b, "<text x=\"0\" y=\"0\" font-size=\"%g\" text-anchor=\"middle\" %s>", size,
                 attrs);
    plot_svg_escaped(b, text);
    bytes_printf(b, "</text></g>\n");
}

void plot_svg_begin(Bytes *b, int w, int h)
{
    bytes_printf(b,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                 "viewBox=\"0 0 %d %d\" font-family=\"" FONT "\">\n"
                 "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
                 w, h, w, h, w, h);
}

/* ---------------------------------------------------------------- numbers */

PlotAxis plot_nice_axis(double lo, double hi, int max_ticks, double min_step)
{
    if (!(hi > lo)) {
        double mid = (lo + hi) / 2, half = fabs(mid) > 0 ? fabs(mid) * 0.1 : 1.0;
        lo = mid - half, hi = mid + half;
    }
    if (max_ticks < 2)
        max_ticks = 2;
    /* start one power of ten below the spacing max_ticks would give, then widen 1, 2, 5, 10... */
    double p = pow(10.0, floor(log10((hi - lo) / (max_ticks - 1))) - 1);
    static const double mult[3] = {1, 2, 5};
    PlotAxis a = {lo, hi, hi - lo, 2};
    for (int i = 0; i < 60; i++, p *= i % 3 == 0 ? 10.0 : 1.0) {
        double step = mult[i % 3] * p;
        if (step < min_step)
            continue;
        /* the small slack keeps 0.3 / 0.1 = 2.9999999999999996 from adding a tick */
        double a_lo = floor(lo / step + 1e-9) * step, a_hi = ceil(hi / step - 1e-9) * step;
        int n = (int)lround((a_hi - a_lo) / step) + 1;
        if (n <= max_ticks) {
            a.lo = a_lo, a.hi = a_hi, a.step = step, a.n_ticks = n;
            return a;
        }
    }
    return a; /* not reached for finite input */
}

int plot_decimals(double step)
{
    int d = 0;
    /* the smallest count of decimals that prints step without a remainder */
    while (d < 9 && fabs(step * pow(10.0, d) - round(step * pow(10.0, d))) > 1e-6 * step *
                                                                               pow(10.0, d))
        d++;
    return d;
}

double plot_scale(double v, double d0, double d1, double r0, double r1)
{
    return d1 != d0 ? r0 + (v - d0) / (d1 - d0) * (r1 - r0) : (r0 + r1) / 2;
}

int plot_best_epoch(const PlotEpoch *rows, int n)
{
    /* rank by validation accuracy when any row measured it, else by training accuracy; rows
     * without that number take no part */
    int by_val = 0;
    for (int i = 0; i < n; i++)
        by_val |= isfinite(rows[i].val_accuracy);
    int best = -1;
    for (int i = 0; i < n; i++) {
        float v = by_val ? rows[i].val_accuracy : rows[i].train_accuracy;
        if (!isfinite(v))
            continue;
        if (best < 0 || v > (by_val ? rows[best].val_accuracy : rows[best].train_accuracy))
            best = i;
    }
    return best;
}

/* ---------------------------------------------------------------- the log */

static const char log_header[] =
    "epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,epoch_seconds";

/* A log field: the number, or nothing when it is not finite (not measured, or a diverged run's
 * NaN or infinity, which readers of CSV would not take for a number). */
static void put_field(Bytes *b, const char *fmt, float v)
{
    if (isfinite(v))
        bytes_printf(b, fmt, (double)v);
}

char *plot_log_csv(const PlotEpoch *rows, int n)
{
    Bytes b = {0};
    bytes_printf(&b, "%s\n", log_header);
    for (int i = 0; i < n; i++) {
        const PlotEpoch *r = &rows[i];
        bytes_printf(&b, "%d,", (int)r->epoch);
        put_field(&b, "%.6f", r->train_loss);
        bytes_printf(&b, ",");
        put_field(&b, "%.6f", r->train_accuracy);
        bytes_printf(&b, ",");
        put_field(&b, "%.6f", r->val_loss);
        bytes_printf(&b, ",");
        put_field(&b, "%.6f", r->val_accuracy);
        bytes_printf(&b, ",");
        put_field(&b, "%.6g", r->learning_rate);
        bytes_printf(&b, ",");
        put_field(&b, "%.3f", r->seconds);
        bytes_printf(&b, "\n");
    }
    return plot_svg_finish(&b);
}

/* One field of a log line: a number that fits a float, or NAN for an empty field when empty_ok. */
static int parse_field(const char **p, float *out, int empty_ok)
{
    const char *s = *p;
    if (*s == ',' || *s == '\n' || *s == '\r' || *s == '\0') {
        if (!empty_ok)
            return -1;
        *out = NAN;
    } else {
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        if (end == s || errno != 0 || !isfinite((float)v))
            return -1;
        *out = (float)v;
        s = end;
    }
    *p = s;
    return 0;
}

int plot_log_parse(const char *text, const char *path, PlotEpoch *rows, int cap, SnError *err)
{
    size_t hl = strlen(log_header);
    if (strncmp(text, log_header, hl) != 0 || (text[hl] != '\n' && text[hl] != '\r'))
        return sn_error(err, SN_E_FORMAT, "%s: line 1: expected the header %s", path, log_header);
    const char *s = strchr(text, '\n');
    int n = 0, line = 1;
    while (s && s[1] != '\0') {
        s++;
        line++;
        if (*s == '\n' || *s == '\r') { /* a blank line */
            s = strchr(s, '\n');
            continue;
        }
        if (n >= cap)
            return sn_error(err, SN_E_FORMAT, "%s: more than %d epochs", path, cap);
        PlotEpoch r;
        float *fields[7] = {NULL,      &r.train_loss,    &r.train_accuracy, &r.val_loss,
                            &r.val_accuracy, &r.learning_rate, &r.seconds};
        float epoch;
        fields[0] = &epoch;
        const char *p = s;
        for (int f = 0; f < 7; f++) {
            if (parse_field(&p, fields[f], f > 0) != 0 ||
                (f < 6 ? *p != ',' : (*p != '\n' && *p != '\r' && *p != '\0')))
                return sn_error(err, SN_E_FORMAT, "%s: line %d: field %d is not a number", path,
                                line, f + 1);
            if (f < 6)
                p++;
        }
        if (epoch != floorf(epoch) || epoch < 1 || epoch > PLOT_MAX_EPOCHS ||
            (n > 0 && epoch <= (float)rows[n - 1].epoch))
            return sn_error(err, SN_E_FORMAT,
                            "%s: line %d: the epoch must be a whole number above the one before",
                            path, line);
        /* the row has validation when it has a validation accuracy */
        if (!isnan(r.val_loss) && isnan(r.val_accuracy))
            return sn_error(err, SN_E_FORMAT,
                            "%s: line %d: a validation loss without a validation accuracy", path,
                            line);
        const float accs[2] = {r.train_accuracy, r.val_accuracy};
        for (int k = 0; k < 2; k++)
            if (!isnan(accs[k]) && !(accs[k] >= 0 && accs[k] <= 1))
                return sn_error(err, SN_E_FORMAT,
                                "%s: line %d: %s %g is not a fraction from 0 to 1", path, line,
                                k == 0 ? "train_accuracy" : "val_accuracy", (double)accs[k]);
        r.epoch = (int32_t)epoch;
        rows[n++] = r;
        s = strchr(p, '\n');
    }
    if (n == 0)
        return sn_error(err, SN_E_FORMAT, "%s: no epochs in the log", path);
    return n;
}

/* ---------------------------------------------------------------- learning curves */

/* A panel: its plot area in pixels and its axes. Data inside the area keeps a small inset from
 * the edges so that markers on the first and last epoch are drawn whole. */
typedef struct Panel {
    double x0, x1, y0, y1; /* plot area: left, right, top, bottom */
    PlotAxis xa, ya;
} Panel;

#define INSET 10.0

static double px(const Panel *p, double x)
{
    return plot_scale(x, p->xa.lo, p->xa.hi, p->x0 + INSET, p->x1 - INSET);
}

static double py(const Panel *p, double y)
{
    return plot_scale(y, p->ya.lo, p->ya.hi, p->y1 - INSET, p->y0 + INSET);
}

/* Grid, axes, tick labels, heading and axis titles of a panel. */
static void panel_frame(Bytes *b, const Panel *p, const char *heading, const char *ylabel,
                        double yscale_label)
{
    int yd = plot_decimals(p->ya.step * yscale_label);
    bytes_printf(b, "<g class=\"panel\">\n");
    plot_svg_text(b, p->x0, p->y0 - 14, 21, "font-weight=\"bold\" fill=\"" INK "\"", heading);
    for (int i = 0; i < p->ya.n_ticks; i++) {
        double v = p->ya.lo + i * p->ya.step, y = py(p, v);
        bytes_printf(b,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID
                     "\" stroke-width=\"1\"/>\n",
                     p->x0, y, p->x1, y);
        char label[32];
        double shown = v * yscale_label;
        snprintf(label, sizeof label, "%.*f", yd, fabs(shown) < 1e-12 ? 0.0 : shown);
        plot_svg_text(b, p->x0 - 8, y + 5.5, 16, "text-anchor=\"end\" fill=\"#444444\"", label);
    }
    for (int i = 0; i < p->xa.n_ticks; i++) {
        double v = p->xa.lo + i * p->xa.step, x = px(p, v);
        bytes_printf(b,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444444\" "
                     "stroke-width=\"1.5\"/>\n",
                     x, p->y1, x, p->y1 + 6);
        char label[32];
        snprintf(label, sizeof label, "%.0f", v);
        plot_svg_text(b, x, p->y1 + 26, 16, "text-anchor=\"middle\" fill=\"#444444\"", label);
    }
    /* axes: left and bottom */
    bytes_printf(
        b,
        "<polyline points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"#444444\" "
        "stroke-width=\"1.5\"/>\n",
        p->x0, p->y0, p->x0, p->y1, p->x1, p->y1);
    plot_svg_text(b, (p->x0 + p->x1) / 2, p->y1 + 56, 18, "text-anchor=\"middle\" fill=\"" INK "\"",
             "epoch");
    plot_svg_upright_text(b, p->x0 - 64, (p->y0 + p->y1) / 2, 18, "fill=\"" INK "\"", ylabel);
    bytes_printf(b, "</g>\n");
}

static void marker(Bytes *b, int square, double x, double y, const char *colour)
{
    if (square)
        bytes_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" fill=\"%s\"/>\n",
                     x - 4.5, y - 4.5, colour);
    else
        bytes_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>\n", x, y, colour);
}

/* One series: polylines through the finite values (a gap where a value is missing or not
 * finite), markers on each such point when there are few enough to tell apart. */
static void series(Bytes *b, const Panel *p, const PlotEpoch *rows, int n, size_t offset,
                   double scale, const char *colour, int dashed, int markers)
{
    bytes_printf(b, "<g class=\"series\">\n");
    int open = 0;
    for (int i = 0; i <= n; i++) {
        float v = i < n ? *(const float *)(const void *)((const char *)&rows[i] + offset) : NAN;
        if (!isfinite(v)) {
            if (open)
                bytes_printf(b, "\"/>\n");
            open = 0;
            continue;
        }
        if (!open)
            bytes_printf(b,
                         "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"3\" "
                         "stroke-linejoin=\"round\"%s points=\"",
                         colour, dashed ? " stroke-dasharray=\"9 6\"" : "");
        bytes_printf(b, "%s%.1f,%.1f", open ? " " : "", px(p, rows[i].epoch),
                     py(p, (double)v * scale));
        open = 1;
    }
    for (int i = 0; markers && i < n; i++) {
        float v = *(const float *)(const void *)((const char *)&rows[i] + offset);
        if (isfinite(v))
            marker(b, dashed, px(p, rows[i].epoch), py(p, (double)v * scale), colour);
    }
    bytes_printf(b, "</g>\n");
}

/* The smallest and largest finite value of two fields over the rows. */
static void field_range(const PlotEpoch *rows, int n, size_t off1, size_t off2, double *lo,
                        double *hi)
{
    *lo = HUGE_VAL, *hi = -HUGE_VAL;
    for (int i = 0; i < n; i++) {
        const size_t offs[2] = {off1, off2};
        for (int k = 0; k < 2; k++) {
            float v = *(const float *)(const void *)((const char *)&rows[i] + offs[k]);
            if (isfinite(v)) {
                *lo = fmin(*lo, (double)v);
                *hi = fmax(*hi, (double)v);
            }
        }
    }
    if (!(*lo <= *hi))
        *lo = 0, *hi = 1;
}

char *plot_curves_svg(const char *title, const char *cost_name, const PlotEpoch *rows, int n)
{
    const int W = 1280, H = 600;
    Bytes b = {0};
    int has_val = 0;
    for (int i = 0; i < n; i++)
        has_val |= isfinite(rows[i].val_accuracy);
    int best = plot_best_epoch(rows, n); /* by val_accuracy when has_val: finite, or -1 */
    int markers = n <= 40;
    plot_svg_begin(&b, W, H);
    plot_svg_text(&b, W / 2.0, 44, 28, "text-anchor=\"middle\" font-weight=\"bold\" fill=\"" INK "\"",
             title);

    /* legend, one centred row: training, validation, the kept epoch */
    char best_text[96] = "";
    if (best >= 0) {
        const PlotEpoch *r = &rows[best];
        snprintf(best_text, sizeof best_text, "best epoch: %d (%s %.2f%%)", (int)r->epoch,
                 has_val ? "validation" : "training",
                 100.0 * (double)(has_val ? r->val_accuracy : r->train_accuracy));
    }
    double w_train = 44 + plot_svg_text_width("training", 18), w_val = 44 + plot_svg_text_width("validation", 18),
           w_best = 30 + plot_svg_text_width(best_text, 18), gap = 40;
    double lw = w_train + (has_val ? gap + w_val : 0) + (best >= 0 ? gap + w_best : 0);
    double lx = (W - lw) / 2, ly = 84;
    bytes_printf(&b, "<g class=\"legend\">\n");
    bytes_printf(&b,
                 "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" BLUE
                 "\" stroke-width=\"3\"/>\n",
                 lx, ly - 6, lx + 34, ly - 6);
    marker(&b, 0, lx + 17, ly - 6, BLUE);
    plot_svg_text(&b, lx + 44, ly, 18, "fill=\"" INK "\"", "training");
    lx += w_train + gap;
    if (has_val) {
        bytes_printf(&b,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" VERMILLION
                     "\" stroke-width=\"3\" stroke-dasharray=\"9 6\"/>\n",
                     lx, ly - 6, lx + 34, ly - 6);
        marker(&b, 1, lx + 17, ly - 6, VERMILLION);
        plot_svg_text(&b, lx + 44, ly, 18, "fill=\"" INK "\"", "validation");
        lx += w_val + gap;
    }
    if (best >= 0) {
        bytes_printf(&b,
                     "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555555\" "
                     "stroke-width=\"2\" stroke-dasharray=\"3 4\"/>\n",
                     lx + 10, ly - 20, lx + 10, ly + 6);
        plot_svg_text(&b, lx + 30, ly, 18, "fill=\"" INK "\"", best_text);
    }
    bytes_printf(&b, "</g>\n");

    /* epochs 1..n on both panels; whole epochs only */
    PlotAxis xa = plot_nice_axis(1, n, 8, 1);
    if (xa.lo < 1 && n > 1 && xa.hi - xa.step >= 1 && xa.n_ticks > 2)
        xa.lo = 0; /* a tick at 0 reads better than one at -5 */
    const double top = 150, bottom = H - 96.0;

    /* loss: from 0, so that the curves' fall is seen at its true size */
    double lo, hi;
    field_range(rows, n, offsetof(PlotEpoch, train_loss), offsetof(PlotEpoch, val_loss), &lo, &hi);
    Panel loss = {96, 596, top, bottom, xa, plot_nice_axis(0, hi, 7, 0)};
    char ylabel[96];
    if (cost_name)
        snprintf(ylabel, sizeof ylabel, "loss (%s)", cost_name);
    else
        snprintf(ylabel, sizeof ylabel, "loss");
    panel_frame(&b, &loss, "Loss per epoch", ylabel, 1.0);

    /* accuracy in percent: around the data, never above 100 */
    field_range(rows, n, offsetof(PlotEpoch, train_accuracy), offsetof(PlotEpoch, val_accuracy),
                &lo, &hi);
    /* steps of 1, 2 or 5 times a power of ten up to 50 divide 100: the top tick is at most 100 */
    PlotAxis ya = plot_nice_axis(lo * 100, hi * 100, 7, 0);
    if (ya.hi > 100) { /* only when one point was widened into a range */
        ya.hi = floor(100 / ya.step + 1e-9) * ya.step;
        ya.n_ticks = (int)lround((ya.hi - ya.lo) / ya.step) + 1;
    }
    ya.lo /= 100, ya.hi /= 100, ya.step /= 100;
    Panel acc = {776, 1256, top, bottom, xa, ya};
    panel_frame(&b, &acc, "Accuracy per epoch", "accuracy (%)", 100.0);

    const Panel *panels[2] = {&loss, &acc};
    for (int k = 0; k < 2; k++) {
        const Panel *p = panels[k];
        if (best >= 0) {
            double x = px(p, rows[best].epoch);
            bytes_printf(&b,
                         "<line class=\"best\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                         "stroke=\"#555555\" stroke-width=\"2\" stroke-dasharray=\"3 4\"/>\n",
                         x, p->y0, x, p->y1);
        }
        size_t tr = k == 0 ? offsetof(PlotEpoch, train_loss) : offsetof(PlotEpoch, train_accuracy);
        size_t va = k == 0 ? offsetof(PlotEpoch, val_loss) : offsetof(PlotEpoch, val_accuracy);
        series(&b, p, rows, n, tr, 1.0, BLUE, 0, markers);
        if (has_val)
            series(&b, p, rows, n, va, 1.0, VERMILLION, 1, markers);
    }
    /* ring the kept epoch's point on the accuracy it was chosen by */
    if (best >= 0) {
        double v = (double)(has_val ? rows[best].val_accuracy : rows[best].train_accuracy);
        bytes_printf(&b,
                     "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"10\" fill=\"none\" stroke=\"" INK
                     "\" stroke-width=\"2\"/>\n",
                     px(&acc, rows[best].epoch), py(&acc, v));
    }
    bytes_printf(&b, "</svg>\n");
    return plot_svg_finish(&b);
}

/* ---------------------------------------------------------------- confusion matrix */

/* Mixes from white to colour by t in 0..1, as "#rrggbb". */
static void shade(char out[8], unsigned colour, double t)
{
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    int rgb[3] = {(int)(colour >> 16) & 255, (int)(colour >> 8) & 255, (int)colour & 255};
    for (int k = 0; k < 3; k++)
        rgb[k] = (int)lround(255 + (rgb[k] - 255) * t);
    snprintf(out, 8, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

char *plot_confusion_svg(const char *title, const char *subtitle, const char *const *labels,
                         int C, const long *conf)
{
    Bytes b = {0};
    /* sizes: cells shrink for many classes; labels set the margins */
    const double cell = C <= 10 ? 62 : C <= 20 ? 40 : 600.0 / C > 14 ? 600.0 / C : 14;
    const double count_font = cell >= 50 ? 18 : cell * 0.36, label_font = cell >= 40 ? 18 : 12;
    double label_w = 0;
    for (int c = 0; c < C; c++)
        label_w = fmax(label_w, plot_svg_text_width(labels[c], label_font));
    /* long column labels are turned 45 degrees; their height is then about w / sqrt 2 */
    const int slanted = label_w > cell - 8;
    const double col_head = slanted ? label_w * 0.71 + label_font + 10 : label_font + 14;
    const double left = 56 + label_w + 14; /* "true class" turned upright, then the labels */
    const double grid_top = 104 + 24 + col_head; /* title, subtitle, "predicted class", labels */
    const double grid_w = cell * C, recall_w = 110;
    double W = left + grid_w + 24 + recall_w + 24;
    const double title_w = fmax(plot_svg_text_width(title, 26), plot_svg_text_width(subtitle, 18)) + 60;
    double shift = 0;
    if (title_w > W) { /* a long title: widen the canvas and centre the chart under it */
        shift = (title_w - W) / 2;
        W = title_w;
    }
    const double H = grid_top + grid_w + 70;
    const double gx = left + shift; /* grid's left edge */

    long total = 0, max_diag = 0, max_off = 0;
    for (int t = 0; t < C; t++)
        for (int p = 0; p < C; p++) {
            long v = conf[t * C + p];
            total += v;
            if (t == p)
                max_diag = v > max_diag ? v : max_diag;
            else
                max_off = v > max_off ? v : max_off;
        }

    plot_svg_begin(&b, (int)ceil(W), (int)ceil(H));
    plot_svg_text(&b, W / 2, 44, 26, "text-anchor=\"middle\" font-weight=\"bold\" fill=\"" INK "\"",
             title);
    plot_svg_text(&b, W / 2, 76, 18, "text-anchor=\"middle\" fill=\"#444444\"", subtitle);
    plot_svg_text(&b, gx + grid_w / 2, grid_top - col_head - 14, 18,
             "text-anchor=\"middle\" font-weight=\"bold\" fill=\"" INK "\"", "predicted class");
    plot_svg_upright_text(&b, gx - 12 - label_w - 24, grid_top + grid_w / 2, 18,
                     "font-weight=\"bold\" fill=\"" INK "\"", "true class");
    char attrs[200];

    /* column labels (predicted) above the grid, row labels (true) to its left */
    for (int c = 0; c < C; c++) {
        double cx = gx + (c + 0.5) * cell, base = grid_top - 10;
        if (slanted) {
            snprintf(attrs, sizeof attrs,
                     "text-anchor=\"start\" fill=\"" INK "\" transform=\"rotate(-45 %.1f %.1f)\"",
                     cx - 4, base);
            plot_svg_text(&b, cx - 4, base, label_font, attrs, labels[c]);
        } else {
            plot_svg_text(&b, cx, base, label_font, "text-anchor=\"middle\" fill=\"" INK "\"",
                     labels[c]);
        }
        plot_svg_text(&b, gx - 12, grid_top + (c + 0.5) * cell + label_font * 0.36, label_font,
                 "text-anchor=\"end\" fill=\"" INK "\"", labels[c]);
    }

    /* the cells: right answers blue by count, mistakes vermillion by log count */
    bytes_printf(&b, "<g class=\"cells\">\n");
    for (int t = 0; t < C; t++) {
        for (int p = 0; p < C; p++) {
            long v = conf[t * C + p];
            double x = gx + p * cell, y = grid_top + t * cell, s;
            char fill[8];
            if (t == p) {
                s = max_diag > 0 ? 0.25 + 0.75 * (double)v / (double)max_diag : 0;
                shade(fill, 0x0072B2, v > 0 ? s : 0);
            } else {
                s = max_off > 0 && v > 0 ? 0.15 + 0.85 * log1p((double)v) / log1p((double)max_off)
                                         : 0;
                shade(fill, 0xD55E00, s);
            }
            bytes_printf(&b,
                         "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                         "stroke=\"#ffffff\" stroke-width=\"2\"/>\n",
                         x, y, cell, cell, v > 0 ? fill : "#f6f6f6");
            /* white reads better on the darker blues, dark ink on every orange */
            const char *ink = v == 0 ? "#b0b0b0" : t == p && s > 0.55 ? "#ffffff" : INK;
            bytes_printf(
                &b,
                "<text class=\"count\" data-true=\"%d\" data-pred=\"%d\" x=\"%.1f\" y=\"%.1f\" "
                "font-size=\"%g\" text-anchor=\"middle\" fill=\"%s\"%s>%ld</text>\n",
                t, p, x + cell / 2, y + cell / 2 + count_font * 0.36, count_font, ink,
                t == p ? " font-weight=\"bold\"" : "", v);
        }
    }
    bytes_printf(&b, "</g>\n");

    /* recall of each class: the diagonal over the row's total */
    double rx = gx + grid_w + 24 + recall_w / 2;
    plot_svg_text(&b, rx, grid_top - 10, label_font,
             "text-anchor=\"middle\" font-weight=\"bold\" fill=\"" INK "\"", "recall");
    for (int t = 0; t < C; t++) {
        long row = 0;
        for (int p = 0; p < C; p++)
            row += conf[t * C + p];
        char text[32];
        if (row > 0)
            snprintf(text, sizeof text, "%.1f%%", 100.0 * (double)conf[t * C + t] / (double)row);
        else
            snprintf(text, sizeof text, "-");
        plot_svg_text(&b, rx, grid_top + (t + 0.5) * cell + label_font * 0.36, label_font,
                 "text-anchor=\"middle\" fill=\"" INK "\"", text);
    }

    /* key */
    double ky = grid_top + grid_w + 40;
    char key[160];
    snprintf(key, sizeof key,
             "%ld samples: blue = right (diagonal), orange = mistakes (darker = more)", total);
    plot_svg_text(&b, gx + grid_w / 2, ky, 16, "text-anchor=\"middle\" fill=\"#444444\"", key);
    bytes_printf(&b, "</svg>\n");
    return plot_svg_finish(&b);
}

/* ---------------------------------------------------------------- files */

int plot_save(const char *path, const char *text, SnError *err)
{
    if (!text)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory", path);
    return atomic_write_file(path, text, strlen(text), err);
}
