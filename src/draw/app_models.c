/* app_models.c - the list of models: loading them (files, a folder, a file opened later),
 * the checks that a model fits the canvas, choosing the active one. Model files are
 * scratchnet's .json files and ONNX files (.onnx), converted on load by nn_model_load_report;
 * what a conversion did is kept with the model and said when it is selected.
 *
 * A model that fails to load stays in the list with the reason, so the user can select it
 * and read why. No SDL, no printing: failures become the message line or the entry's error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/paths.h"
#include "draw/app_internal.h"

#include "draw/app_digits.h"
#include "ink/classify.h"
#include "nn/knockout.h"
#include "nn/model_io.h"
#include "nn/onnx.h"

static void copy_str(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return strcmp(a, b) == 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void app_models_free(AppState *s)
{
    for (int i = 0; i < s->n_models; i++) {
        nn_model_free(s->models[i].model);
        app_digits_model_free(s->models[i].digits);
    }
    free(s->models);
    s->models = NULL;
    s->n_models = 0;
    s->cap_models = 0;
}

/* Fills entry e from a loaded model (to run on s's pool) or an error, with a new serial; checks
 * the model reads one-channel images. */
static void set_entry(AppState *s, AppModel *e, NnModel *m, const char *path, const char *error)
{
    NnPool *pool = s->pool;
    nn_model_free(e->model);
    app_digits_model_free(e->digits);
    memset(e, 0, sizeof *e);
    e->serial = ++s->model_serials;
    copy_str(e->path, sizeof e->path, path);
    const char *where = path && path[0] ? path : "model";
    SnError ierr = {0};
    if (m && ink_classify_check(m, where, &ierr) != 0) {
        copy_str(e->error, sizeof e->error, ierr.msg);
        nn_model_free(m);
        m = NULL;
    } else if (m && (m->n_out < 1 || m->n_out > NN_MAX_CLASSES || m->info.n_classes != m->n_out)) {
        snprintf(e->error, sizeof e->error,
                 "%s: the model has %d outputs but %d class labels", where, m->n_out,
                 m->info.n_classes);
        nn_model_free(m);
        m = NULL;
    } else if (!m) {
        copy_str(e->error, sizeof e->error,
                 error && error[0] ? error : "could not be loaded (no reason given)");
    }
    e->model = m;
    if (m)
        nn_model_set_pool(m, pool);
    if (m && m->info.name[0])
        copy_str(e->name, sizeof e->name, m->info.name);
    else if (path && path[0])
        nn_model_name_of_path(path, e->name, sizeof e->name);
    else
        copy_str(e->name, sizeof e->name, "model");
}

int app_add_model(AppState *s, NnModel *m, const char *path, const char *error)
{
    if (buf_grow((void **)&s->models, &s->cap_models, (size_t)s->n_models + 1,
                 sizeof *s->models) != 0) {
        nn_model_free(m);
        app_message(s, 1, "out of memory while adding %s", path ? path : "a model");
        return -1;
    }
    AppModel *e = &s->models[s->n_models];
    memset(e, 0, sizeof *e);
    set_entry(s, e, m, path, error);
    s->needs_redraw = 1;
    return s->n_models++;
}

int app_replace_model(AppState *s, int i, NnModel *m, const char *path)
{
    if (i < 0 || i >= s->n_models) {
        nn_model_free(m);
        return -1;
    }
    set_entry(s, &s->models[i], m, path, NULL);
    s->needs_redraw = 1;
    return i;
}

static int add_folder(AppState *s, const char *dir);

static int find_model_file(const AppState *s, const char *path)
{
    for (int i = 0; i < s->n_models; i++)
        if (s->models[i].path[0] && same_file(s->models[i].path, path))
            return i;
    return -1;
}

/* What the conversion of an ONNX file did, in one line short enough for the message line:
 * "converted from ONNX: NOTE; NOTE" (the notes as the importer words them), or, with nothing to
 * note, "converted from ONNX (opset 13, written by pytorch 1.13.1) as it is". */
static void conversion_line(const NnOnnxReport *rep, char *buf, size_t n)
{
    if (rep->n_notes == 0) {
        snprintf(buf, n, "converted from ONNX (opset %d%s%s) as it is", rep->opset,
                 rep->producer[0] ? ", written by " : "", rep->producer);
        return;
    }
    size_t at = (size_t)snprintf(buf, n, "converted from ONNX");
    for (int k = 0; k < rep->n_notes && at < n; k++)
        at += (size_t)snprintf(buf + at, n - at, "%s%s", k ? "; " : ": ", rep->notes[k]);
}

/* Loads path into a new model (NULL with err filled), frozen for fast single-image passes
 * (without it they still work); an ONNX file's conversion line goes into converted. */
static NnModel *load_model_file(const char *path, char *converted, size_t n, SnError *err)
{
    NnOnnxReport rep;
    NnModel *m = nn_model_load_report(path, &rep, err);
    converted[0] = '\0';
    if (m && nn_onnx_is_path(path))
        conversion_line(&rep, converted, n);
    if (m)
        nn_model_freeze(m, NULL);
    return m;
}

int app_add_model_file(AppState *s, const char *path)
{
    int i = find_model_file(s, path);
    if (i >= 0)
        return i;
    SnError err = {0};
    char converted[sizeof s->models[0].converted];
    NnModel *m = load_model_file(path, converted, sizeof converted, &err);
    i = app_add_model(s, m, path, m ? NULL : err.msg);
    if (i >= 0 && s->models[i].model)
        copy_str(s->models[i].converted, sizeof s->models[i].converted, converted);
    return i;
}

/* The models folder's names: model files (.json, .onnx), not hidden ones. */
static int model_file_name(const char *name, void *ctx)
{
    (void)ctx;
    return name[0] != '.' && (ink_is_json_name(name) || nn_onnx_is_path(name));
}

void app_train_command(const AppState *s, char *buf, size_t n)
{
    const char *dir = s->models_dir[0] ? s->models_dir : "models";
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    char path[sizeof s->models_dir + 16];
    snprintf(path, sizeof path, "%.*s/mnist-mlp.json", (int)len, dir);
    int plain = 1; /* only characters a shell takes as they are */
    for (const char *c = path; *c; c++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+", *c))
            plain = 0;
    size_t at = (size_t)snprintf(buf, n, "--preset mlp --out %s", plain ? "" : "'");
    if (at >= n)
        return;
    for (const char *c = path; *c && at + 5 < n; c++) /* a ' inside quotes is written '\'' */
        at += (size_t)snprintf(buf + at, n - at, "%s", *c == '\'' ? "'\\''" : (char[2]){*c, 0});
    if (!plain && at + 1 < n)
        snprintf(buf + at, n - at, "'");
}

int app_add_models_dir(AppState *s, const char *dir)
{
    copy_str(s->models_dir, sizeof s->models_dir, dir);
    return add_folder(s, dir);
}

int app_add_user_models(AppState *s)
{
    char dir[PATHS_MAX];
    if (paths_user_dir_here(PATHS_USER_DATA, "models", dir, NULL) != 0)
        return 0; /* no home folder: nothing saved there either */
    return add_folder(s, dir);
}

/* Adds the model files of dir in name order; returns how many (0 if it does not exist). */
static int add_folder(AppState *s, const char *dir)
{
    char **names;
    int n = app_folder_names(dir, model_file_name, NULL, 0, &names), found = 0;
    if (n < 0) {
        if (errno != ENOENT)
            app_message(s, 1, "%s: cannot read the models directory: %s", dir, strerror(errno));
        return 0;
    }
    for (int i = 0; i < n; i++) {
        char path[sizeof s->models_dir + 260];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            app_add_model_file(s, path);
            found++;
        }
    }
    app_folder_names_free(names, n);
    return found;
}

/* Lists m, read from path (the same file again is reloaded in place), with its conversion line
 * (or ""), selects it and says so; NULL m: err's line in the message line. Returns 0 or -1. */
static int open_loaded(AppState *s, NnModel *m, const char *path, const char *converted,
                       const SnError *err)
{
    if (!m) {
        app_message(s, 1, "%s", err->msg[0] ? err->msg : "the model could not be loaded");
        return -1;
    }
    int i = find_model_file(s, path);
    if (i >= 0)
        set_entry(s, &s->models[i], m, path, NULL); /* the same file again: reload it */
    else if ((i = app_add_model(s, m, path, NULL)) < 0)
        return -1;
    AppModel *e = &s->models[i];
    if (!e->model) {
        app_message(s, 1, "%s", e->error);
        app_select_model(s, i);
        return -1;
    }
    copy_str(e->converted, sizeof e->converted, converted);
    app_select_model(s, i);
    app_message(s, 0, "Loaded model %s from %s%s%s", e->name, path, converted[0] ? ", " : "",
                converted);
    return 0;
}

int app_open_model_text(AppState *s, const char *text, const char *path)
{
    SnError err = {0};
    NnModel *m = nn_model_from_json(text, path, &err);
    return open_loaded(s, m, path, "", &err);
}

int app_open_onnx_file(AppState *s, const char *path)
{
    SnError err = {0};
    char converted[sizeof s->models[0].converted];
    NnModel *m = load_model_file(path, converted, sizeof converted, &err);
    return open_loaded(s, m, path, converted, &err);
}

float app_model_accuracy(const NnModel *m)
{
    float a = m->info.train.test_accuracy;
    return a >= 0.0f && a <= 1.0f ? a : -1.0f;
}

/* The loaded model of the highest recorded accuracy among the n listed at idx (NULL: the
 * first n of the list), the first of them on ties; -1 when none loaded. */
static int best_of(const AppState *s, const int *idx, int n)
{
    int best = -1;
    for (int k = 0; k < n; k++) {
        int i = idx ? idx[k] : k;
        if (i < 0 || i >= s->n_models || !s->models[i].model)
            continue;
        if (best < 0 || app_model_accuracy(s->models[i].model) >
                            app_model_accuracy(s->models[best].model))
            best = i;
    }
    return best;
}

void app_select_best(AppState *s)
{
    int best = best_of(s, NULL, s->n_models);
    if (best < 0 && s->n_models > 0)
        best = 0; /* nothing loaded: show the first one's error */
    if (best >= 0)
        app_select_model(s, best);
}

int app_select_best_of(AppState *s, const int *idx, int n)
{
    int best = best_of(s, idx, n);
    if (best >= 0)
        app_select_model(s, best);
    return best;
}

void app_select_model(AppState *s, int i)
{
    if (i < 0 || i >= s->n_models)
        return;
    for (int k = 0; k < s->n_models; k++) /* knock-outs belong to the model in memory */
        if (s->models[k].model)
            nn_knockout_clear(s->models[k].model);
    s->pick_unit = s->hover_unit = -1;
    s->saliency_pick = s->flip_pick = -1; /* classes picked on its bars were another model's */
    s->saliency_ready = 0;
    s->active = i;
    NnModel *m = s->models[i].model;
    s->preprocess = m ? nn_model_mnist_preprocessing(m) : 1;
    if (m && s->models[i].converted[0])
        app_message(s, 0, "%s: %s", s->models[i].name, s->models[i].converted);
    app_changed(s);
}

void app_cycle_model(AppState *s, int step)
{
    if (s->n_models == 0)
        return;
    int i = ((s->active + step) % s->n_models + s->n_models) % s->n_models;
    app_select_model(s, i);
}

NnModel *app_model(const AppState *s)
{
    if (s->active < 0 || s->active >= s->n_models)
        return NULL;
    return s->models[s->active].model;
}

int app_preprocess_mismatch(const AppState *s)
{
    const NnModel *m = app_model(s);
    return m && (s->preprocess != 0) != (nn_model_mnist_preprocessing(m) != 0);
}
