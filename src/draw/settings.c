/* settings.c - settings.json: read, checked, applied to the app, and written atomically
 * (settings.h). A file is taken whole or not at all: one bad value and the defaults stand, so
 * a half-read file never mixes with them.
 */
#include "draw/settings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/atomic.h"
#include "common/json.h"
#include "common/paths.h"
#include "common/readfile.h"

/* The views' names in the file; a view without one is kept as "none": the replay's chart (it
 * needs a drawing to replay) and challenge mode (opening it starts a round). */
static const char *const view_names[LAYOUT_VIEWS] = {
    [LAYOUT_VIEW_NONE] = "none",       [LAYOUT_VIEW_ACTS] = "layers",
    [LAYOUT_VIEW_WEIGHTS] = "weights", [LAYOUT_VIEW_SOFTMAX] = "softmax",
    [LAYOUT_VIEW_NEAREST] = "nearest", [LAYOUT_VIEW_COMPARE] = "compare",
    [LAYOUT_VIEW_TRAIN] = "train",     [LAYOUT_VIEW_YOURS] = "yours",
    [LAYOUT_VIEW_DATA] = "data",
};

static const char *const known_keys[] = {"format", "version", "theme",      "size",
                                         "brush",  "model",   "view"};
#define MAX_VALUES 256 /* in the whole file: the known keys and room for a newer app's */

void settings_defaults(Settings *st)
{
    memset(st, 0, sizeof *st);
    st->theme = THEME_DARK;
    st->size_step = 0;
    st->brush = APP_BRUSH_DEFAULT;
    st->view = LAYOUT_VIEW_NONE;
}

void settings_from_app(const AppState *s, Settings *st)
{
    settings_defaults(st);
    st->theme = s->theme;
    st->size_step = s->size_step;
    st->brush = s->brush;
    if (s->active >= 0 && s->active < s->n_models)
        snprintf(st->model, sizeof st->model, "%s", s->models[s->active].path);
    st->view = s->view;
}

/* The index of the listed model whose file is path, or -1. */
static int listed(const AppState *s, const char *path)
{
    for (int i = 0; i < s->n_models; i++)
        if (strcmp(s->models[i].path, path) == 0)
            return i;
    return -1;
}

void settings_apply(AppState *s, const Settings *st)
{
    s->theme = st->theme == THEME_LIGHT ? THEME_LIGHT : THEME_DARK;
    s->size_step = st->size_step < 0 ? 0 : imin(st->size_step, LAYOUT_SIZE_STEPS - 1);
    s->brush = fminf(fmaxf(st->brush, APP_BRUSH_MIN), APP_BRUSH_MAX);
    if (st->model[0]) {
        int i = listed(s, st->model);
        if (i >= 0 && s->models[i].model) /* gone, or no longer loads: the best stays */
            app_select_model(s, i);
    }
    if (st->view > LAYOUT_VIEW_NONE && st->view < LAYOUT_VIEWS && s->view != st->view)
        app_show_view(s, st->view);
    s->needs_redraw = 1;
}

int settings_equal(const Settings *a, const Settings *b)
{
    return a->theme == b->theme && a->size_step == b->size_step && a->brush == b->brush &&
           strcmp(a->model, b->model) == 0 && a->view == b->view;
}

/* ---- reading ---- */

/* One line into err naming the file and what is wrong; returns SN_E_FORMAT. */
static int bad(SnError *err, const char *name, const char *what)
{
    return sn_error(err, SN_E_FORMAT, "%s: %s (default settings used)", name, what);
}

/* Member key of root, refusing one given twice: *v gets it (NULL when absent); returns 0 or
 * SN_E_FORMAT. */
static int member(const cJSON *root, const char *key, const char *name, const cJSON **v,
                  SnError *err)
{
    int twice = 0;
    *v = json_member(root, key, &twice);
    if (twice) {
        char what[80];
        snprintf(what, sizeof what, "\"%s\" is given twice", key);
        return bad(err, name, what);
    }
    return 0;
}

static int read_fields(const cJSON *root, const char *name, Settings *st, SnError *err)
{
    const cJSON *v;
    if (!cJSON_IsObject(root))
        return bad(err, name, "not a JSON object");
    if (member(root, "format", name, &v, err) != 0)
        return SN_E_FORMAT;
    if (v && !(cJSON_IsString(v) && strcmp(v->valuestring, SETTINGS_FORMAT) == 0))
        return bad(err, name, "\"format\" is not \"" SETTINGS_FORMAT "\"");
    if (member(root, "version", name, &v, err) != 0)
        return SN_E_FORMAT;
    if (v && !(cJSON_IsNumber(v) && v->valuedouble == SETTINGS_VERSION))
        return bad(err, name, "\"version\" is not 1");
    if (member(root, "theme", name, &v, err) != 0)
        return SN_E_FORMAT;
    if (v && (!cJSON_IsString(v) || theme_parse(v->valuestring, &st->theme) != 0))
        return bad(err, name, "\"theme\" is neither \"dark\" nor \"light\"");
    if (member(root, "size", name, &v, err) != 0)
        return SN_E_FORMAT;
    if (v) {
        double d = cJSON_IsNumber(v) ? v->valuedouble : -1.0;
        if (!(d >= 0.0 && d <= LAYOUT_SIZE_STEPS - 1 && d == floor(d)))
            return bad(err, name, "\"size\" is not a whole number from 0 to 3");
        st->size_step = (int)d;
    }
    if (member(root, "brush", name, &v, err) != 0)
        return SN_E_FORMAT;
    if (v) {
        double d = cJSON_IsNumber(v) ? v->valuedouble : -1.0;
        if (!(d >= (double)APP_BRUSH_MIN && d <= (double)APP_BRUSH_MAX))
            return bad(err, name, "\"brush\" is not a number from 0.5 to 6");
        st->brush = (float)d;
    }
    if (member(root, "model", name, &v, err) != 0)
        return SN_E_FORMAT;
    if (v) {
        if (!cJSON_IsString(v) || strlen(v->valuestring) >= sizeof st->model)
            return bad(err, name, "\"model\" is not a file path (of at most 1023 bytes)");
        snprintf(st->model, sizeof st->model, "%s", v->valuestring);
    }
    if (member(root, "view", name, &v, err) != 0)
        return SN_E_FORMAT;
    if (v) {
        if (!cJSON_IsString(v))
            return bad(err, name, "\"view\" is not a view's name");
        st->view = LAYOUT_VIEW_NONE; /* a view this app does not have: none */
        for (int i = 0; i < LAYOUT_VIEWS; i++)
            if (view_names[i] && strcmp(v->valuestring, view_names[i]) == 0)
                st->view = (LayoutView)i;
    }
    return 0;
}

int settings_parse(const char *text, const char *name, Settings *st, SnError *err)
{
    settings_defaults(st);
    if (json_count_values(text, known_keys, sizeof known_keys / sizeof known_keys[0],
                          MAX_VALUES, MAX_VALUES, NULL, 0) != 0)
        return bad(err, name, "more than 256 values");
    const char *end = NULL;
    int status = 0;
    cJSON *root = json_parse(text, &end, &status);
    if (!root) {
        if (status == SN_E_NOMEM)
            return sn_error(err, SN_E_NOMEM, "%s: out of memory", name);
        char what[80];
        snprintf(what, sizeof what, "not JSON (at byte %ld)", end ? (long)(end - text) : 0L);
        return bad(err, name, what);
    }
    Settings got;
    settings_defaults(&got);
    int rc = read_fields(root, name, &got, err);
    cJSON_Delete(root);
    if (rc == 0)
        *st = got;
    return rc;
}

int settings_load(const char *path, Settings *st, SnError *err)
{
    settings_defaults(st);
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return 1; /* no file: the defaults, nothing to say */
    char *text = NULL;
    size_t len = 0;
    int rc = readfile_all(path, SETTINGS_MAX_BYTES, 1, &text, &len, err);
    if (rc != 0) {
        if (err) { /* readfile's line, with what follows from it */
            char line[sizeof err->msg];
            snprintf(line, sizeof line, "%s", err->msg);
            sn_error(err, rc, "%.400s (default settings used)", line);
        }
        return rc;
    }
    rc = settings_parse(text, path, st, err);
    free(text);
    return rc;
}

/* ---- writing ---- */

int settings_format(const Settings *st, char *buf, size_t n)
{
    cJSON *root = cJSON_CreateObject(), *ok = root;
    int v = st->view > LAYOUT_VIEW_NONE && st->view < LAYOUT_VIEWS && view_names[st->view];
    ok = ok && cJSON_AddStringToObject(root, "format", SETTINGS_FORMAT) ? ok : NULL;
    ok = ok && cJSON_AddNumberToObject(root, "version", SETTINGS_VERSION) ? ok : NULL;
    ok = ok && cJSON_AddStringToObject(root, "theme", theme_name(st->theme)) ? ok : NULL;
    ok = ok && cJSON_AddNumberToObject(root, "size", st->size_step) ? ok : NULL;
    ok = ok && cJSON_AddNumberToObject(root, "brush", (double)st->brush) ? ok : NULL;
    ok = ok && cJSON_AddStringToObject(root, "model", st->model) ? ok : NULL;
    ok = ok && cJSON_AddStringToObject(root, "view", view_names[v ? st->view : 0]) ? ok : NULL;
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return -1;
    size_t len = strlen(text);
    int fits = len + 2 <= n;
    if (fits)
        snprintf(buf, n, "%s\n", text);
    free(text);
    return fits ? (int)len + 1 : -1;
}

int settings_save(const char *path, const Settings *st, SnError *err)
{
    char text[SETTINGS_PATH_MAX * 6 + 1024]; /* a path of control bytes escapes 6 to 1 */
    int len = settings_format(st, text, sizeof text);
    if (len < 0)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory", path);
    char dir[PATHS_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        int rc = paths_make_dirs(dir, err);
        if (rc != 0)
            return rc;
    }
    return atomic_write_file(path, text, (size_t)len, err);
}

/* ---- keeping them while the app runs ---- */

void settings_keeper_start(SettingsKeeper *k, AppState *s, const char *path,
                           unsigned long long now_ms)
{
    memset(k, 0, sizeof *k);
    settings_defaults(&k->saved);
    if (path && path[0] && strlen(path) < sizeof k->path) {
        snprintf(k->path, sizeof k->path, "%s", path);
        SnError err = {0};
        Settings st;
        int rc = settings_load(path, &st, &err);
        if (rc < 0)
            app_message(s, 1, "%s", err.msg);
        else if (rc == 0) /* no file: the app as it starts */
            settings_apply(s, &st);
    }
    settings_keeper_adopt(k, s, now_ms);
}

void settings_keeper_adopt(SettingsKeeper *k, const AppState *s, unsigned long long now_ms)
{
    settings_from_app(s, &k->saved);
    k->seen = k->saved;
    k->seen_ms = now_ms;
}

long long settings_keeper_tick(SettingsKeeper *k, AppState *s, unsigned long long now_ms,
                               int quitting, SnError *err)
{
    if (!k->path[0])
        return 0;
    Settings now;
    settings_from_app(s, &now);
    if (!settings_equal(&now, &k->seen)) {
        k->seen = now;
        k->seen_ms = now_ms;
        k->failed = 0;
    }
    if (settings_equal(&now, &k->saved) || (k->failed && !quitting))
        return 0;
    unsigned long long due = k->seen_ms + SETTINGS_SAVE_AFTER_MS;
    if (!quitting && now_ms < due)
        return (long long)due;
    SnError e = {0};
    int rc = settings_save(k->path, &now, &e);
    if (rc == 0) {
        k->saved = now;
        return 0;
    }
    if (!k->failed)
        app_message(s, 1, "%s (the settings were not saved)", e.msg);
    k->failed = 1;
    if (err)
        *err = e;
    return quitting ? rc : 0;
}
