/* app_files.c - the files the app writes and reads: drawings saved with Ctrl+S (strokes JSON
 * and a 28 x 28 PNG), F12 screenshots, and files opened later (dropped, typed into the Open
 * prompt, given on the command line): .json files, which hold either a model or a drawing,
 * .onnx files, models converted on load (app_models.c), and PNG or PGM images, which become the
 * canvas's base image.
 *
 * Which one a .json file holds is told by its top-level "format", read with cJSON through
 * common/json.h (the same parser and the same limits on the number of values as the loaders).
 * Any other name is an image, as for `scratchnet predict` (ink_is_json_name, nn_onnx_is_path).
 * No SDL, no printing: failures become the message line.
 */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/readfile.h"
#include "draw/app_internal.h"
#include "ink/pipeline.h"
#include "ink/png_codec.h"
#include "ink/raster.h"
#include "nn/model_io.h"
#include "nn/onnx.h"

void app_dated_name(const char *prefix, time_t now, char *buf, size_t n)
{
    struct tm tm;
    char stamp[32];
    if (localtime_r(&now, &tm) && strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm) > 0)
        snprintf(buf, n, "%s-%s", prefix, stamp);
    else
        snprintf(buf, n, "%s", prefix);
}

/* Fills base (n bytes) with dir/stem, or dir/stem-2, dir/stem-3... so that no file base + ext
 * exists yet for any of the n_ext endings (leaving room in base for the longest ending).
 * Returns 0; -1 with a message when the folder's path is too long or 999 names are taken. */
static int unique_stem(AppState *s, const char *dir, const char *stem, const char *const *exts,
                       int n_ext, char *base, size_t n)
{
    struct stat st;
    size_t longest = 0;
    for (int i = 0; i < n_ext; i++)
        longest = strlen(exts[i]) > longest ? strlen(exts[i]) : longest;
    for (int k = 1; k < 1000; k++) {
        int len = k == 1 ? snprintf(base, n, "%s/%s", dir, stem)
                         : snprintf(base, n, "%s/%s-%d", dir, stem, k);
        if (len < 0 || (size_t)len + longest >= n) {
            app_message(s, 1, "Not saved: the folder's path is too long (%zu characters): %s",
                        strlen(dir), dir);
            return -1;
        }
        int taken = 0;
        for (int i = 0; i < n_ext && !taken; i++) {
            char path[PATH_MAX];
            snprintf(path, sizeof path, "%s%s", base, exts[i]);
            taken = stat(path, &st) == 0;
        }
        if (!taken)
            return 0;
    }
    app_message(s, 1, "Not saved: %s/%s and 998 numbered names after it are all taken", dir, stem);
    return -1;
}

int app_save_drawing(AppState *s, const char *dir, time_t now)
{
    if (ink_drawing_is_empty(&s->drawing)) {
        app_message(s, 0, "Nothing to save: the canvas is empty");
        return -1;
    }
    char name[64], base[PATH_MAX], json[PATH_MAX + 8], png[PATH_MAX + 8];
    app_dated_name("drawing", now, name, sizeof name);
    static const char *const exts[] = {".json", ".png"};
    if (unique_stem(s, dir, name, exts, 2, base, sizeof base) != 0)
        return -1;
    snprintf(json, sizeof json, "%s.json", base); /* unique_stem left room for the ending */
    snprintf(png, sizeof png, "%s.png", base);
    SnError err = {0};
    if (ink_drawing_save(json, &s->drawing, &err) < 0) {
        app_message(s, 1, "%s", err.msg[0] ? err.msg : "the drawing could not be saved");
        return -1;
    }
    /* the canvas as the network's 28 x 28 input before preprocessing: white ink on black */
    float grid[APP_PIXELS];
    unsigned char grey[APP_PIXELS];
    if (ink_raster(&s->drawing, grid, APP_SIDE, APP_SIDE) < 0) {
        app_message(s, 1, "Saved %s, but not the image: out of memory", json);
        return -1;
    }
    for (int i = 0; i < APP_PIXELS; i++) {
        float v = grid[i] < 0.0f ? 0.0f : grid[i] > 1.0f ? 1.0f : grid[i];
        grey[i] = (unsigned char)lroundf(v * 255.0f);
    }
    if (ink_png_save(png, grey, APP_SIDE, APP_SIDE, 1, &err) < 0) {
        app_message(s, 1, "Saved %s, but not the image: %s", json, err.msg);
        return -1;
    }
    const char *slash = strrchr(png, '/');
    app_message(s, 0, "Saved the drawing to %s and %s", json, slash ? slash + 1 : png);
    return 0;
}

int app_save_screenshot(AppState *s, const char *dir, time_t now, const unsigned char *rgba,
                        int w, int h)
{
    char name[64], base[PATH_MAX], path[PATH_MAX + 8];
    app_dated_name("scratchnet-draw", now, name, sizeof name);
    static const char *const exts[] = {".png"};
    if (unique_stem(s, dir, name, exts, 1, base, sizeof base) != 0)
        return -1;
    snprintf(path, sizeof path, "%s.png", base); /* unique_stem left room for the ending */
    SnError err = {0};
    if (ink_png_save(path, rgba, w, h, 4, &err) < 0) {
        app_message(s, 1, "Screenshot not saved: %s", err.msg);
        return -1;
    }
    app_message(s, 0, "Saved a screenshot (%d x %d) to %s", w, h, path);
    return 0;
}

/* Reads a whole .json file into a NUL-terminated buffer (caller frees): only a regular file of
 * at most NN_MODEL_MAX_FILE bytes without a NUL byte (readfile.h). NULL with err (may be NULL)
 * set to one line naming path. */
static char *read_json_text(const char *path, SnError *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc = readfile_all(path, NN_MODEL_MAX_FILE, 1, &text, &len, err);
    if (rc == SN_E_LIMIT)
        sn_error(err, rc, "%s: too large (the limit is %ld bytes)", path, (long)NN_MODEL_MAX_FILE);
    else if (rc == SN_E_FORMAT)
        sn_error(err, rc, "%s: contains a NUL byte, not a JSON text file", path);
    return text;
}

/* What a JSON text holds, by its top-level "format". */
typedef enum JsonKind {
    KIND_NOT_JSON, /* not JSON text (or more values than a model file holds) */
    KIND_MODEL,    /* "format": "scratchnet-model" */
    KIND_DRAWING,  /* "format": "scratchnet-strokes", or no "format" and a "strokes" (labelled) */
    KIND_OTHER,    /* JSON, but neither */
} JsonKind;

static JsonKind json_kind(const char *text)
{
    /* counted first, as every reader does, so parsing takes no more memory than a model's */
    if (json_count_values(text, NULL, 0, NN_MODEL_MAX_VALUES, NN_MODEL_MAX_VALUES, NULL, 0) != 0)
        return KIND_NOT_JSON;
    const char *end = NULL;
    int status = 0, twice = 0;
    cJSON *root = json_parse(text, &end, &status);
    if (!root)
        return KIND_NOT_JSON;
    const cJSON *format = json_member(root, "format", &twice);
    JsonKind kind = KIND_OTHER;
    if (cJSON_IsString(format) && strcmp(format->valuestring, NN_MODEL_FORMAT) == 0)
        kind = KIND_MODEL;
    else if (cJSON_IsString(format) && strcmp(format->valuestring, "scratchnet-strokes") == 0)
        kind = KIND_DRAWING;
    else if (!format && json_member(root, "strokes", &twice))
        kind = KIND_DRAWING;
    cJSON_Delete(root);
    return kind;
}

static int open_drawing(AppState *s, const char *text, const char *path)
{
    InkDrawing d;
    SnError err = {0};
    int label = -1;
    ink_drawing_init(&d, APP_SIDE, APP_SIDE);
    if (ink_drawing_from_json(text, path, &d, &label, s->brush, &err) < 0) {
        app_message(s, 1, "%s", err.msg[0] ? err.msg : "the drawing could not be read");
        ink_drawing_free(&d);
        return -1;
    }
    int labelled = label >= 0 || label == INK_NO_CLASS; /* "label": a class, or null for none */
    if (labelled) {
        /* a labelled drawing's points are in its own units: place it as a person would */
        d.width = d.height = APP_SIDE;
        ink_drawing_fit(&d, INK_BOX);
    } else if (d.width != APP_SIDE || d.height != APP_SIDE) {
        /* drawn on another canvas size: scale it onto ours, aspect kept */
        float side = fmaxf(d.width, d.height);
        float k = side > 0.0f ? (float)APP_SIDE / side : 1.0f;
        for (int i = 0; i < d.n; i++) {
            for (int j = 0; j < d.strokes[i].n; j++) {
                d.strokes[i].pts[j].x *= k;
                d.strokes[i].pts[j].y *= k;
            }
            d.strokes[i].width *= k;
        }
        d.width = d.height = APP_SIDE;
    }
    int n = d.n;
    int r = app_history_replace(s, &d, path);
    if (r < 0)
        return -1;
    if (r == 0 && label == INK_NO_CLASS)
        app_message(s, 0, "Opened drawing %s (labelled null: no class, %d strokes)", path, n);
    else if (r == 0 && labelled)
        app_message(s, 0, "Opened drawing %s (labelled %d, %d strokes)", path, label, n);
    else if (r == 0)
        app_message(s, 0, "Opened drawing %s (%d strokes)", path, n);
    return 0;
}

/* Opens a PNG or PGM image as the base image of an empty canvas (undoable), read as predict
 * reads it. */
static int open_image(AppState *s, const char *path)
{
    float base[INK_BASE_PIXELS];
    SnError err = {0};
    InkDrawing d;
    ink_drawing_init(&d, APP_SIDE, APP_SIDE);
    if (ink_file_to_base(path, base, &err) < 0 || ink_drawing_set_base(&d, base) < 0) {
        app_message(s, 1, "%s", err.msg[0] ? err.msg : "out of memory for the image");
        return -1;
    }
    int r = app_history_replace(s, &d, path);
    if (r < 0)
        return -1;
    app_message(s, 0, "Opened image %s (28 x 28, under the strokes you draw)", path);
    return 0;
}

int app_open_file(AppState *s, const char *path)
{
    if (nn_onnx_is_path(path))
        return app_open_onnx_file(s, path);
    if (!ink_is_json_name(path))
        return open_image(s, path);
    SnError err;
    char *text = read_json_text(path, &err);
    if (!text) {
        app_message(s, 1, "%s", err.msg);
        return -1;
    }
    /* anything but a model is read as a drawing, whose reader says what is wrong with it */
    int r = json_kind(text) == KIND_MODEL ? app_open_model_text(s, text, path)
                                          : open_drawing(s, text, path);
    free(text);
    return r;
}

int app_file_is_drawing(const char *path)
{
    if (!ink_is_json_name(path))
        return 0;
    char *text = read_json_text(path, NULL); /* a FIFO is not waited on */
    if (!text)
        return 0;
    int r = json_kind(text) == KIND_DRAWING;
    free(text);
    return r;
}

int app_file_opens_on_canvas(const char *path)
{
    if (nn_onnx_is_path(path))
        return 0;
    return !ink_is_json_name(path) || app_file_is_drawing(path);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int app_folder_names(const char *dir, int (*keep)(const char *name, void *ctx), void *ctx,
                     int mark_folders, char ***names)
{
    *names = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    size_t cap = 0;
    int n = 0;
    struct dirent *e;
    for (int seen = 0; seen < APP_FOLDER_MAX_ENTRIES && (e = readdir(d)) != NULL; seen++) {
        const char *name = e->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || !keep(name, ctx))
            continue;
        int folder = 0;
        if (mark_folders) {
            char path[PATH_MAX];
            struct stat st;
            snprintf(path, sizeof path, "%s/%s", dir, name);
            folder = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
        }
        if (buf_grow((void **)names, &cap, (size_t)n + 1, sizeof **names) != 0)
            break;
        size_t len = strlen(name) + 2;
        char *copy = malloc(len);
        if (!copy)
            break;
        snprintf(copy, len, "%s%s", name, folder ? "/" : "");
        (*names)[n++] = copy;
    }
    closedir(d);
    if (n > 0)
        qsort(*names, (size_t)n, sizeof **names, cmp_names);
    return n;
}

void app_folder_names_free(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}
