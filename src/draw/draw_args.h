/* draw_args.h - scratchnet-draw's command line: what it asks for, read and checked before
 * anything opens; --help and --version print here, and a usage error is one line and the
 * usage on standard error (exit status 2).
 */
#ifndef DRAW_DRAW_ARGS_H
#define DRAW_DRAW_ARGS_H

#include "common/paths.h"
#include "draw/layout.h"

#define PROG "scratchnet-draw"
#define MIN_W 320        /* the smallest window, points (and --size, pixels) */
#define MIN_H 240
#define MAX_SIDE 16384   /* the largest window --size takes, pixels */

/* What the command line asks for. */
typedef struct Args {
    const char *models_dir; /* --models, or NULL */
    char **files;           /* (n_files) models, drawings and images to open */
    int n_files;
    int bench;              /* --bench-frames */
    int w, h;               /* --size, or 0 */
    LayoutView view;        /* --view, or LAYOUT_VIEW_NONE */
    int closeup;            /* --view unit: the layers with a unit up close */
    int saliency;           /* --saliency */
    int no_settings;        /* --no-settings: the default settings, the file neither read nor
                               written */
    int theme;              /* --theme: a ThemeId, or -1 (the settings' theme) */
} Args;

/* Reads the command line into a (a->files has room for argc entries); returns -1 to go on,
 * else the exit status (after --help, --version or a usage error). paths names the folders
 * --help shows. */
int draw_parse_args(int argc, char **argv, const DataPaths *paths, Args *a);

/* Falls back to the default models folder; returns what named the folder (--models or an
 * environment variable), NULL for a default one. A folder someone named must exist; the
 * default one may be missing (the app says so). */
const char *draw_models_dir(const DataPaths *paths, const char **models_dir);

#endif
