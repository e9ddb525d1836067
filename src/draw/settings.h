/* settings.h - what the drawing app keeps of a person's choices between runs: the theme, the
 * size of type and bars, the brush, the last model and the view shown, in settings.json in the user's config folder (paths.h's PATHS_USER_CONFIG).
 *
 * The file is one JSON object, its keys all optional (a missing one keeps its default, an
 * unknown one is ignored, so a newer app's file still reads):
 *   {"format": "scratchnet-settings", "version": 1, "theme": "light", "size": 2,
 *    "brush": 3.5, "model": "/home/ann/models/mnist-cnn.json",
 *    "view": "layers"}
 * (The preprocessing switch is not kept: each model sets it as its file declares.)
 * theme "dark" or "light"; size 0 (normal) .. LAYOUT_SIZE_STEPS - 1; brush APP_BRUSH_MIN ..
 * APP_BRUSH_MAX cells; model a file path (at most SETTINGS_PATH_MAX - 1 bytes, "" for none);
 * view "none", "layers", "weights", "softmax", "nearest" or "compare". A file over
 * SETTINGS_MAX_BYTES, not JSON, of another format or version, or with a value of the wrong type
 * or out of range is refused whole, with one line naming the file and what is wrong, and the
 * caller starts with the defaults. Saved atomically (atomic.h), the folder made if missing.
 * Pure: no SDL, no printing.
 */
#ifndef DRAW_SETTINGS_H
#define DRAW_SETTINGS_H

#include "common/error.h"
#include "common/paths.h"
#include "draw/app.h"

#define SETTINGS_FILE "settings.json"
#define SETTINGS_FORMAT "scratchnet-settings"
#define SETTINGS_VERSION 1
#define SETTINGS_MAX_BYTES 65536 /* a longer file is refused unread */
#define SETTINGS_PATH_MAX 1024   /* the model's path, with its NUL */

typedef struct Settings {
    ThemeId theme;
    int size_step;                 /* 0 .. LAYOUT_SIZE_STEPS - 1 */
    float brush;                   /* cells, APP_BRUSH_MIN .. APP_BRUSH_MAX */
    char model[SETTINGS_PATH_MAX]; /* the active model's file, "" for none */
    LayoutView view;               /* the view shown, LAYOUT_VIEW_NONE: the area closed */
} Settings;

/* The defaults: dark, normal size, APP_BRUSH_DEFAULT, no model (the best one), no view. */
void settings_defaults(Settings *st);

/* What the state shows now. */
void settings_from_app(const AppState *s, Settings *st);

/* Puts st into the state: the theme, size, brush and view as they are; the model, when one of
 * the models listed (the models folders, the command line) came from that file and loaded
 * (else the active model stays as it is, with no message: a model opened from elsewhere with
 * Ctrl+O is not opened again by itself). Opening a view may start the background worker: set s->wake first. */
void settings_apply(AppState *s, const Settings *st);

/* 1 if a and b hold the same settings. */
int settings_equal(const Settings *a, const Settings *b);

/* Reads path into *st. Returns 0; 1 when there is no file (st gets the defaults, nothing to
 * say); or a negative SN_E_* code with err one line naming path and what is wrong, st the
 * defaults (SN_E_IO unreadable, SN_E_LIMIT too long, SN_E_FORMAT bad content, SN_E_NOMEM,
 * SN_E_NOTREG not a regular file). */
int settings_load(const char *path, Settings *st, SnError *err);

/* Parses text (NUL-terminated) as a settings file named name (for messages) into *st: 0, or
 * SN_E_FORMAT / SN_E_NOMEM with err, st then the defaults. */
int settings_parse(const char *text, const char *name, Settings *st, SnError *err);

/* The file's text for st into buf (n bytes): returns its length, or -1 when it does not fit. */
int settings_format(const Settings *st, char *buf, size_t n);

/* Writes st to path atomically, making its folder (and those above) first when missing.
 * Returns 0, or a negative SN_E_* code with err one line naming the file or folder. */
int settings_save(const char *path, const Settings *st, SnError *err);

/* ---- keeping them while the app runs ---- */

#define SETTINGS_SAVE_AFTER_MS 1000 /* a change is saved once nothing changed for this long */

/* The settings file of a running app: read at the start, written when the settings changed and
 * then stayed for SETTINGS_SAVE_AFTER_MS (a brush dragged through five sizes is one save),
 * and at quit. */
typedef struct SettingsKeeper {
    char path[PATHS_MAX];         /* the file; "" keeps nothing (--no-settings) */
    Settings saved;                /* what the file holds (or would, unwritten: the defaults) */
    Settings seen;                 /* the settings the state showed last */
    unsigned long long seen_ms;    /* when they last changed */
    int failed;                    /* a save failed: said once, not tried again until a change */
} SettingsKeeper;

/* Starts keeping the settings of s in path (NULL or "": none kept, nothing read or written):
 * reads the file and applies it to s (settings_apply); a bad or unreadable file becomes one
 * error line in the message line and the defaults stand. Nothing is written until a setting
 * changes (a bad file stays as it is until then; a model file that is gone stays named).
 * now_ms: the clock. */
void settings_keeper_start(SettingsKeeper *k, AppState *s, const char *path,
                           unsigned long long now_ms);
/* Takes what s shows now as the file's: what the command line set (--theme) is not saved
 * unless some setting changes later. */
void settings_keeper_adopt(SettingsKeeper *k, const AppState *s, unsigned long long now_ms);

/* Looks at s at time now_ms: saves when the settings differ from the file's and have stayed
 * unchanged for SETTINGS_SAVE_AFTER_MS, or at once with quitting set (any change not yet
 * saved). A failed save says so once in the message line, naming the file (and into err when
 * given, for a quitting app to print). Returns the time a save is due (to wake for), or 0 when
 * none is; with quitting, 0 after saving, or a negative SN_E_* code when the save failed. */
long long settings_keeper_tick(SettingsKeeper *k, AppState *s, unsigned long long now_ms,
                               int quitting, SnError *err);

#endif
