/* cmd_plot.c - `scratchnet plot`: redraws the learning curves of a training run from its log
 * (the CSV that `train --log` writes), e.g. with another title for a slide. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/args.h"
#include "cli/common.h"
#include "cli/plot.h"
#include "common/outfile.h"
#include "common/readfile.h"

#define MAX_LOG_BYTES (4u << 20) /* a log of PLOT_MAX_EPOCHS rows is well under 200 KB */

/* The whole file as a string, or NULL with the reason printed on one line. Only a regular
 * file is read (a FIFO is refused, not waited on). */
static char *read_text(const char *path)
{
    char *text = NULL;
    size_t n = 0;
    SnError err;
    int rc = readfile_all(path, MAX_LOG_BYTES, 1, &text, &n, &err);
    if (rc == SN_E_LIMIT)
        fprintf(stderr, "scratchnet plot: %s: too large for a training log\n", path);
    else if (rc == SN_E_FORMAT)
        fprintf(stderr, "scratchnet plot: %s: not a text file\n", path);
    else if (rc != 0)
        fprintf(stderr, "scratchnet plot: %s\n", err.msg);
    return text;
}

int cmd_plot(int argc, char **argv)
{
    const char *out = NULL, *title = NULL, *cost = NULL;
    const CliOpt opts[] = {
        {"out", OPT_STR, &out, "FILE",
         "where to write the learning curves (SVG, required; not the log)", CLI_NO_RANGE},
        {"title", OPT_STR, &title, "TEXT", "the chart's title (default: LOG's name)", CLI_NO_RANGE},
        {"cost", OPT_STR, &cost, "NAME", "the cost to name on the loss axis, e.g. cross-entropy",
         CLI_NO_RANGE},
    };
    const CliCommand cmd = {"plot", "LOG.csv --out FILE.svg [options]",
                            "Draw the learning curves of a training log (train --log) as SVG.",
                            opts, (int)(sizeof opts / sizeof opts[0]), 1, 1};
    char *pos[4];
    int n_pos = 0;
    int rc = cli_parse(&cmd, argc, argv, pos, (int)(sizeof pos / sizeof pos[0]), &n_pos);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    if (!out) {
        fprintf(stderr, "scratchnet plot: --out FILE is required (e.g. --out curves.svg)\n");
        return EXIT_USAGE;
    }
    const CliFile output = {"--out", out}, input = {"the log", pos[0]};
    if (cli_refuse_inputs_as_outputs("plot", &output, 1, &input, 1) != 0)
        return EXIT_USAGE;
    SnError err = {0};
    SnError out_err;
    if (outfile_check(out, &out_err) != 0) {
        fprintf(stderr, "scratchnet plot: %s\n", out_err.msg);
        return EXIT_FAIL;
    }
    char *text = read_text(pos[0]);
    if (!text)
        return EXIT_FAIL;
    int status = EXIT_FAIL;
    char *svg = NULL;
    PlotEpoch *rows = malloc(PLOT_MAX_EPOCHS * sizeof *rows);
    int n = rows ? plot_log_parse(text, pos[0], rows, PLOT_MAX_EPOCHS, &err) : -1;
    if (n < 0) {
        fprintf(stderr, "scratchnet plot: %s\n", rows ? err.msg : "out of memory");
        goto done;
    }
    char default_title[300];
    if (!title) { /* the log's file name without directory and .csv */
        const char *base = strrchr(pos[0], '/');
        base = base ? base + 1 : pos[0];
        size_t len = strlen(base);
        if (len > 4 && strcmp(base + len - 4, ".csv") == 0)
            len -= 4;
        snprintf(default_title, sizeof default_title, "%.*s: learning curves",
                 (int)(len < 200 ? len : 200), base);
        title = default_title;
    }
    svg = plot_curves_svg(title, cost, rows, n);
    if (plot_save(out, svg, &err) != 0) {
        fprintf(stderr, "scratchnet plot: %s\n", err.msg);
        goto done;
    }
    const int best_i = plot_best_epoch(rows, n);
    if (best_i < 0) {
        printf("wrote %s: %d epochs, no accuracy measured\n", out, n);
    } else {
        const PlotEpoch *best = &rows[best_i];
        const int has_val = !isnan(best->val_accuracy);
        printf("wrote %s: %d epochs, best epoch %d (%s accuracy %.2f%%)\n", out, n,
               (int)best->epoch, has_val ? "validation" : "training",
               100.0 * (double)(has_val ? best->val_accuracy : best->train_accuracy));
    }
    status = EXIT_OK;
done:
    free(svg);
    free(rows);
    free(text);
    return status;
}
