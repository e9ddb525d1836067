/* plot.h - training reports as files: the per-epoch log as CSV, and two slide-ready charts drawn
 * as SVG text by hand (no plotting library): the learning curves (loss and accuracy per epoch,
 * training and validation) and the confusion matrix of a model on a labelled set.
 *
 * The charts use a white background, fonts of 16 px and up on a 1280 px wide canvas, and the
 * Okabe-Ito colour-blind-safe palette (blue #0072B2, vermillion #D55E00); training and validation
 * also differ by line style and marker shape, so they read in grey print too. Text from models
 * (names, class labels) is XML-escaped. Everything here builds strings; plot_save writes them
 * atomically.
 */
#ifndef CLI_PLOT_H
#define CLI_PLOT_H

#include <stdint.h>

#include "common/error.h"

/* The most epochs a training log holds (the history travels in every checkpoint). */
#define PLOT_MAX_EPOCHS 1000

/* One epoch of a training run: one row of the log. Fixed-size, no padding: it is saved as bytes
 * inside checkpoints. */
typedef struct PlotEpoch {
    int32_t epoch;        /* 1-based epoch number */
    float train_loss;     /* mean cost over the epoch's training samples, measured while training */
    float train_accuracy; /* fraction (0..1) of those classified right, before each step */
    float val_loss;       /* mean cost on the validation set after the epoch; NAN without one */
    float val_accuracy;   /* fraction (0..1) of the validation set right; NAN without one: the
                             row has validation exactly when this is a number */
    float learning_rate;  /* the rate the epoch used */
    float seconds;        /* wall-clock seconds of the epoch, validation included */
} PlotEpoch;
/* Any number may be NAN (or, from a diverged run, infinite): not measured. The log writes it as
 * an empty field and the charts leave that point out. */

/* An axis rounded to friendly numbers: ticks at lo, lo + step, ..., hi. */
typedef struct PlotAxis {
    double lo, hi; /* the axis ends, multiples of step */
    double step;   /* 1, 2 or 5 times a power of ten, at least the asked minimum */
    int n_ticks;   /* (hi - lo) / step + 1 */
} PlotAxis;

/* Rounds [lo, hi] outward to multiples of the smallest step of 1, 2 or 5 times a power of ten
 * (and at least min_step; 0 for none) that needs at most max_ticks ticks (at least 2). Equal or
 * reversed ends are widened first, by a tenth of their size (or by 1 around 0). */
PlotAxis plot_nice_axis(double lo, double hi, int max_ticks, double min_step);

/* Decimals needed to print multiples of step exactly (0.25 -> 2, 0.5 -> 1, 5 -> 0). */
int plot_decimals(double step);

/* Maps v from the range [d0, d1] to [r0, r1] linearly (r1 < r0 is fine: SVG's y grows down). */
double plot_scale(double v, double d0, double d1, double r0, double r1);

/* The epoch a training run keeps: the first with the highest validation accuracy, or with the
 * highest training accuracy when no row has a validation accuracy; rows without that number
 * take no part. Returns its index in rows, or -1 when no row has it (or n = 0). */
int plot_best_epoch(const PlotEpoch *rows, int n);

/* The log as CSV text: the header
 *   epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,epoch_seconds
 * then one line per row; accuracies as fractions 0..1, every number that is not finite (not
 * measured, e.g. validation without a validation set, or a diverged run's loss) as an empty
 * field. Returns a string the caller frees, or NULL when out of memory. */
char *plot_log_csv(const PlotEpoch *rows, int n);

/* Reads a log written by plot_log_csv (path names it in errors) into rows (room for cap): an
 * empty field in any column but the epoch is NAN. Refuses epochs that are not whole and rising,
 * accuracies outside 0..1, numbers beyond a float's range and a validation loss without a
 * validation accuracy. Returns the number of rows, or a negative code with err naming path, the
 * line and what is wrong. */
int plot_log_parse(const char *text, const char *path, PlotEpoch *rows, int cap, SnError *err);

/* The learning curves as an SVG document: two panels side by side, loss per epoch (cost_name
 * names the cost on the axis, if not NULL) and accuracy per epoch in percent, training (solid blue, dots) and
 * validation (dashed vermillion, squares), the kept epoch (plot_best_epoch) marked by a dotted
 * line and named in the legend, title above. Missing numbers (NAN) leave a gap in their line and
 * no marker. n >= 1. Returns a string the caller frees, or NULL
 * when out of memory. */
char *plot_curves_svg(const char *title, const char *cost_name, const PlotEpoch *rows, int n);

/* The confusion matrix as an SVG document: conf[t * C + p] samples of true class t predicted as
 * p (row = true class, column = predicted), a C x C grid with the counts written in the cells,
 * the diagonal shaded blue by count and mistakes shaded vermillion on a log scale, class labels
 * (any length up to NN_LABEL_LEN) on both sides, each class's recall in the right margin, the
 * title and a subtitle above. Each count is a <text> element with data-true and data-pred
 * attributes. 1 <= C <= 256. Returns a string the caller frees, or NULL when out of memory. */
char *plot_confusion_svg(const char *title, const char *subtitle, const char *const *labels,
                         int C, const long *conf);

/* The trade-off of a refusal threshold on the top probability as an SVG document
 * (plot_tradeoff.c): as the threshold t moves from 0 to 1, x = the share of the n_in labelled
 * samples refused (in_top[i] < t) and y = the share of the n_out samples of no class refused
 * (out_top[i] < t), in percent; the curve in blue, the point of the threshold mark (a model's
 * own) in vermillion with dashed guides to both axes and mark_label written beside it where the
 * curve cannot pass, axis titles xlabel and ylabel, the title and a subtitle above. y runs from 0
 * to 100 %; x from 0 to the smallest of 5, 10, 20, 50 and 100 % that holds the point in its
 * first quarter, ticks every tenth, the curve cut at the right edge and a note below the axis
 * saying where it ends. Nothing is drawn outside the plot area. The point is a <circle> with the
 * attribute data-threshold; the tick labels are in <g data-axis="x"> and "y". n_in, n_out >= 1.
 * Returns a string the caller frees, or NULL when out of memory. */
char *plot_tradeoff_svg(const char *title, const char *subtitle, const char *xlabel,
                        const char *ylabel,
                        const float *in_top, int n_in, const float *out_top, int n_out, float mark,
                        const char *mark_label);

/* Writes text to path atomically (atomic_write_file); text NULL means building it ran out of
 * memory. Returns 0 or a negative code with err naming path. */
int plot_save(const char *path, const char *text, SnError *err);

#endif
