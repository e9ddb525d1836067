/* draw_args.c - scratchnet-draw's command line (draw_args.h). */
#include "draw/draw_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw/bench_frames.h"
#include "draw/theme.h"

#ifndef SCRATCHNET_VERSION
#define SCRATCHNET_VERSION "unknown"
#endif

static const char *usage_line = "usage: " PROG " [--models DIR] [--theme dark|light] "
                                "[--no-settings] [--bench-frames [--size WxH] [--view VIEW] "
                                "[--saliency]] [MODEL.json | MODEL.onnx | DRAWING.json | IMAGE.png ...]";

static void usage(const DataPaths *paths)
{
    char settings_path[PATHS_MAX];
    if (paths_user_dir_here(PATHS_USER_CONFIG, "settings.json", settings_path, NULL) != 0)
        snprintf(settings_path, sizeof settings_path, "none: neither XDG_CONFIG_HOME nor HOME");
    printf("%s\n"
           "Draw a digit with the mouse and watch a trained network read it.\n"
           "\n"
           "  --models DIR   load every *.json and *.onnx model in DIR (default: the models\n"
           "                 folder below)\n"
           "  MODEL.json     also load these model files; the best of them starts active\n"
           "  MODEL.onnx     also load these ONNX models (from PyTorch, Keras, ...), converted\n"
           "                 as `scratchnet import` converts them\n"
           "  DRAWING.json   open this drawing (strokes JSON, as Ctrl+S saves) on the canvas\n"
           "  IMAGE.png      open this PNG or PGM image (any other name) as the canvas's\n"
           "                 base image, as Ctrl+O does\n"
           "  --theme NAME   start in the dark or the light theme (F10 switches)\n"
           "  --no-settings  start with the default settings and leave the settings file\n"
           "                 (%s) as it is\n"
           "  --bench-frames draw a scripted stroke of over 500 moves with " BENCH_FRAMES_MODEL "\n"
           "                 (software renderer), print the frame times and exit\n"
           "  --size WxH     the benchmark's window in pixels (default: the whole screen)\n"
           "  --view VIEW    the benchmark with a view open: " BENCH_FRAMES_VIEWS "\n"
           "                 (unit: the layers with a unit up close)\n"
           "  --saliency     the benchmark with the saliency over the canvas on\n"
           "  --help         show this help and exit\n"
           "  --version      print the version and exit\n"
           "\n"
           "The model with the best recorded test accuracy starts active (of those named on\n"
           "the command line, if any); Tab switches.\n"
           "In the window, press H to see every key.\n"
           "\n"
           "models: %s\n"
           "fonts: %s\n"
           "\n"
           "The folders come from $SCRATCHNET_MODELS and $SCRATCHNET_ASSETS, else from\n"
           "$SCRATCHNET_DATADIR (its models/ and assets/), else from the source tree when run\n"
           "from the build folder, else from the data folder installed with the program.\n",
           usage_line, settings_path, paths->models[0] ? paths->models : "(unknown: path too long)",
           paths->assets[0] ? paths->assets : "(unknown: path too long)");
}

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, PROG ": ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s\n", usage_line);
    return 2;
}

/* Reads "WxH" (pixels, from MIN_W x MIN_H to MAX_SIDE) into a; returns 0, or -1. */
static int parse_size(const char *v, Args *a)
{
    char *end;
    long w = strtol(v, &end, 10);
    if (end == v || *end != 'x')
        return -1;
    const char *hs = end + 1;
    long h = strtol(hs, &end, 10);
    if (end == hs || *end != '\0' || w < MIN_W || h < MIN_H || w > MAX_SIDE || h > MAX_SIDE)
        return -1;
    a->w = (int)w;
    a->h = (int)h;
    return 0;
}

int draw_parse_args(int argc, char **argv, const DataPaths *paths, Args *a)
{
    int options = 1;
    const char *size = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options && strcmp(arg, "--") == 0) {
            options = 0;
        } else if (options && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
            usage(paths);
            return 0;
        } else if (options && strcmp(arg, "--version") == 0) {
            printf(PROG " %s\n", SCRATCHNET_VERSION);
            return 0;
        } else if (options && strcmp(arg, "--models") == 0) {
            if (i + 1 >= argc)
                return bad_usage("%s needs a directory", arg);
            a->models_dir = argv[++i];
        } else if (options && strncmp(arg, "--models=", 9) == 0) {
            a->models_dir = arg + 9;
        } else if (options && strcmp(arg, "--no-settings") == 0) {
            a->no_settings = 1;
        } else if (options && (strcmp(arg, "--theme") == 0 || strncmp(arg, "--theme=", 8) == 0)) {
            const char *name = arg[7] == '=' ? arg + 8 : i + 1 < argc ? argv[++i] : NULL;
            ThemeId t;
            if (!name || theme_parse(name, &t) != 0)
                return bad_usage("--theme '%s': expected dark or light", name ? name : "");
            a->theme = (int)t;
        } else if (options && strcmp(arg, "--bench-frames") == 0) {
            a->bench = 1;
        } else if (options && strcmp(arg, "--size") == 0) {
            if (i + 1 >= argc)
                return bad_usage("%s needs WIDTHxHEIGHT in pixels", arg);
            size = argv[++i];
        } else if (options && strncmp(arg, "--size=", 7) == 0) {
            size = arg + 7;
        } else if (options && strcmp(arg, "--saliency") == 0) {
            if (!a->bench)
                return bad_usage("%s goes after --bench-frames", arg);
            a->saliency = 1;
        } else if (options && strcmp(arg, "--view") == 0) {
            if (i + 1 >= argc || bench_frames_view(argv[++i], &a->view, &a->closeup) != 0 ||
                !a->bench)
                return bad_usage("%s goes after --bench-frames: " BENCH_FRAMES_VIEWS, arg);
        } else if (options && arg[0] == '-' && arg[1] != '\0') {
            return bad_usage("unknown option '%s'", arg);
        } else {
            a->files[a->n_files++] = argv[i];
        }
    }
    if (size && !a->bench)
        return bad_usage("%s: --size goes with --bench-frames", size);
    if (size && parse_size(size, a) != 0)
        return bad_usage("--size '%s': expected WIDTHxHEIGHT in pixels, from 320x240 to "
                         "16384x16384", size);
    return -1;
}

const char *draw_models_dir(const DataPaths *paths, const char **models_dir)
{
    if (*models_dir)
        return "--models";
    *models_dir = paths->models;
    if (paths->models_from == PATHS_FROM_ENV || paths->models_from == PATHS_FROM_ENV_DATADIR)
        return paths_origin_name(paths->models_from, 0);
    return NULL;
}
