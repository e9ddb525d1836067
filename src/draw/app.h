/* app.h - the drawing app's state and everything a user can do to it, without SDL.
 *
 * AppState holds the drawing (strokes in canvas cells), its undo/redo history, the brush, the
 * loaded models and the last prediction. events.c changes it only through app_* calls, main.c
 * calls app_update() after changes (timing it), render.c only reads the state. Nothing here
 * prints, exits or touches SDL; failures become a message in the state.
 *
 * The functions live by concern: app.c (lifetime, view switches, messages, the prediction),
 * app_pen.c (pen, brush and undo/redo history), app_models.c (the list of models),
 * app_files.c (saving and opening files), app_prompt.c (the Open prompt), app_quit.c (Esc,
 * quitting and full screen), app_controls.c (the on-screen controls), app_views.c (the view
 * area beside the canvas), app_compare.c (the compare view's second model), app_flip.c
 * ("flip it") and app_present.c (the theme and the size of type and bars).
 */
#ifndef DRAW_APP_H
#define DRAW_APP_H

#include <stddef.h>
#include <time.h>

#include "draw/layout.h"
#include "draw/theme.h"
#include "ink/classify.h"
#include "ink/collection.h"
#include "ink/ink.h"
#include "ink/preprocess.h"
#include "nn/model.h"

#define APP_SIDE INK_SIDE          /* the canvas is APP_SIDE x APP_SIDE cells */
#define APP_PIXELS (APP_SIDE * APP_SIDE)
#define APP_BRUSH_DEFAULT 2.5f     /* brush diameter in cells */
#define APP_BRUSH_MIN 0.5f
#define APP_BRUSH_MAX 6.0f
#define APP_BRUSH_STEP 0.5f
#define APP_SMALL_PATH 3.0f        /* shortest drawn path (cells) that may be a small digit */
#define APP_PROMPT_MAX 1023        /* most bytes typed into the Open prompt */

/* What the prediction area says. */
typedef enum AppVerdict {
    APP_NO_MODEL = 0, /* no model loaded at all: explain how to train one */
    APP_BAD_MODEL,    /* the selected model failed to load: show its error */
    APP_EMPTY,        /* nothing on the canvas: "Draw a digit" */
    APP_TOO_LITTLE,   /* some ink, too little to read: a dot, the start of a stroke */
    APP_TOO_SMALL,    /* too little ink, but drawn as a whole digit in a small box: "draw it
                       * bigger" (app_update tells the two apart) */
    APP_NO_ANSWER,    /* the model gave no answer (its outputs are not finite numbers, or out
                       * of memory): the message says why, no bars */
    APP_SURE,         /* top class, probability >= INK_CONFIDENT_FROM: "7 (98%)" with
                       * "confident" (the bounds: src/ink/classify.h) */
    APP_UNSURE,       /* top probability below INK_UNSURE_BELOW: "Not sure: 4 or 9?" */
    APP_LEANING,      /* in between: "Leaning towards 7 (63%)" */
    APP_REFUSED,      /* the model names no class (its refusal rule: ink_answer_refused): "That
                       * doesn't look like a digit", "None of these classes" for a model of
                       * other classes; the bars stay, greyed (probs, top and second are set) */
} AppVerdict;

/* What Esc did (app_escape). */
typedef enum AppEscape {
    APP_ESC_CLOSED = 0, /* it left full screen and closed the help or the Open prompt */
    APP_ESC_ASKED,      /* the message line asks whether to quit (a drawing is on the canvas) */
    APP_ESC_QUIT,       /* quit is set */
} AppEscape;

/* What can hold the pen (app_pointer_down). */
typedef enum AppPointer {
    APP_POINTER_MOUSE = 0, /* the mouse (or a pen tablet acting as one) */
    APP_POINTER_FINGER,    /* a finger on a touch screen, told apart by its id */
} AppPointer;

/* What the canvas shows over the drawing: one picture at a time. */
typedef enum AppOverlay {
    APP_OVERLAY_NONE = 0,
    APP_OVERLAY_SALIENCY, /* the saliency's heat map (G, app_views.c) */
    APP_OVERLAY_FLIP,     /* "flip it": the change that makes it another class (F, app_flip.c) */
} AppOverlay;

/* One entry of the model list: a model that loaded, or the reason one did not. */
typedef struct AppModel {
    char path[1024];  /* the file it came from ("" if built in memory) */
    char name[64];    /* display name: info.name, else the file name */
    NnModel *model;   /* owned; NULL if loading failed */
    char error[512];  /* one line naming the file and the reason; "" when loaded */
    char converted[512]; /* an ONNX file: what its conversion did, one line ("converted from
                            ONNX: the graph ends in raw outputs (logits): ..."); "" for a
                            scratchnet model file */
    unsigned serial;  /* new for every model listed or reloaded: what its digits are for */
    struct AppModelDigits *digits; /* owned: its nearest-digit index and units' best test
                                      digits (app_digits.h), NULL until first asked for */
} AppModel;

/* What one step of the history did. */
typedef enum AppEditKind {
    APP_EDIT_STROKE = 0, /* a stroke was added */
    APP_EDIT_REPLACE,    /* the whole drawing, strokes and base image, was replaced: by an empty
                            canvas (a clear) or by a base image (an opened image, a flip) */
} AppEditKind;

/* The compare view's second model and its answer for the drawing the bars show
 * (app_compare.c). */
typedef struct AppCompare {
    int pick;          /* the model chosen to compare with (B, a click on its name), -1: none
                          yet (app_compare_model then chooses) */
    int model;         /* the model the last update compared, -1: none */
    int n_probs;       /* its classes, 0 when it gave no answer (the view shut, no drawing to
                          read, no model to compare, or its outputs not finite numbers) */
    float probs[NN_MAX_CLASSES]; /* its probabilities, as it alone gives them */
    float diff[NN_MAX_CLASSES];  /* the active model's minus these, class by class */
    int top, second;   /* its two most probable classes */
    AppVerdict verdict; /* how sure it is (app_classify), APP_REFUSED by its own rule */
} AppCompare;

/* One step of the undo/redo history. */
typedef struct AppEdit {
    AppEditKind kind;
    InkDrawing strokes; /* what the edit carries: the stroke itself for a redoable addition
                           (nothing for an undoable one: it is the drawing's last); the other
                           drawing for a replacement, the one it removed while undoable, the one
                           it put (empty, or a base image alone) while redoable */
} AppEdit;

/* The person's own digits (app_collect.c): the collection's files (ink/collection.h), the
 * digit buttons over the canvas that ask which digit a drawing is, and the Yours view's pick. */
typedef struct AppCollect {
    InkCollection files;  /* the collection; its path "" until app_collect_open */
    int opened;           /* 1 once app_collect_open read it (or found none yet) */
    char error[600];      /* why it cannot be added to ("" when it can): no folder for it, or a
                             file that did not read (never written over) */
    int picker;           /* 1 while the digit buttons over the canvas ask which digit it is */
    int selected;         /* the drawing picked in the Yours view (an index into files), -1 */
    char reading[600];    /* what the active model reads the picked drawing as, in words ("" for
                             none): filled by app_update while the Yours view is open */
    const char *read_json; /* what reading was made from: the picked line (NULL: nothing, or
                              the collection changed since), */
    unsigned read_model;   /* the model's serial */
    int read_prep;         /* and the preprocessing switch: it is made once for them */
} AppCollect;

typedef struct AppState {
    /* drawing */
    InkDrawing drawing;     /* the strokes, canvas cells (APP_SIDE x APP_SIDE), over its base
                               image if it has one (an opened image) */
    AppEdit *undo;          /* (n_undo), oldest first; cap_undo allocated (buf.h) */
    int n_undo;
    size_t cap_undo;
    AppEdit *redo;          /* (n_redo), most recently undone last */
    int n_redo;
    size_t cap_redo;
    int pen_down;           /* a stroke is in progress */
    AppPointer pen_pointer; /* while pen_down through app_pointer_down, or control_down: the
                               pointer that holds the pen or the control */
    long long pen_finger;   /* ... and which finger, when pen_pointer is APP_POINTER_FINGER */
    LayoutControl control_down; /* the on-screen control pressed and not yet released, or
                                   LAYOUT_CTL_NONE */
    int control_armed;      /* 1 while its pointer is over it (and it is enabled): it shows
                               pressed, and a release there acts */
    LayoutControl control_hover; /* the control under the mouse (drawn lighter), or
                                    LAYOUT_CTL_NONE */
    float brush;            /* brush diameter, cells */
    int eraser;             /* the Eraser switch (E): the left button, a pen and a finger erase
                               (the right button always does) */
    int hover;              /* the pointer is over the canvas */
    float hover_x, hover_y; /* its position, cells */

    /* models */
    NnPool *pool;           /* owned: the threads the models run on, or NULL (this thread) */
    AppModel *models;       /* (n_models); cap_models allocated (buf.h) */
    int n_models;
    size_t cap_models;
    int active;             /* index into models, -1 when the list is empty */
    char models_dir[1024];  /* where models were looked for, for the "no model" explanation */
    unsigned model_serials; /* the last AppModel.serial given */

    /* work in the background (worker.h, app_digits.h) */
    struct AppWorker *worker;  /* owned: the one background thread, NULL until first needed */
    struct AppDigits *digits;  /* owned: the digit views' images and last search, or NULL */
    void (*wake)(void *ctx);   /* wakes the main loop from the worker's thread (may be NULL:
                                  set before the first view that needs the worker opens) */
    struct AppTrain *train;    /* owned: the Train view's recipe, settings and training session
                                  (app_train.c), NULL until first used */
    unsigned weights_version;  /* grows whenever a listed model's weights change in place (the
                                  network being trained, app_train.c): what shows weights
                                  changes with it as with the model */
    void *wake_ctx;
    struct AppWorker *tune_worker; /* owned: the thread that teaches a model the user's
                                      handwriting (app_finetune.h), NULL until first needed */
    struct AppTune *tune;      /* owned: that teaching's state, NULL until first started */

    /* view switches */
    int preprocess;         /* 1: MNIST preprocessing runs before the network */
    int show_steps;         /* the preview shows raw -> cropped -> fitted -> centred */
    int show_help;          /* the key list covers the window */
    int help_page;          /* its page shown (0-based; help.h says how many fit) */

    /* presentation (app_present.c) */
    ThemeId theme;          /* the colours: THEME_DARK (the default) or THEME_LIGHT */
    int size_step;          /* the size of type and bars, 0 (normal) .. LAYOUT_SIZE_STEPS - 1 */

    /* the view area (app_views.c): the network's inside, beside the canvas */
    LayoutView view;        /* the view shown, LAYOUT_VIEW_NONE while the area is closed */
    LayoutView view_last;   /* the view the Inside switch opens: the last one shown */
    int hover_layer, hover_unit; /* the value under the mouse in the view: its layer (-1: the
                                    input) and its index there; hover_unit -1: none */
    int pick_layer, pick_unit;   /* the value clicked on, kept while the drawing changes;
                                    pick_unit -1: none */
    LayoutView pick_view;        /* the view it was clicked in */
    int temp_step;          /* the softmax view's temperature, an index into its steps
                               (app_temperature) */
    int view_ready;         /* 1 when the last update captured every layer's output for the
                               view (app_view_output; app_update asks app_views_capture) */
    int fullscreen;         /* the window is to be full screen (main.c makes the window follow) */
    AppCompare compare;     /* the compare view's second model (app_compare.c) */

    AppOverlay overlay;     /* what the canvas shows over the drawing: the saliency or flip it */

    /* replay (app_replay.h) and challenge mode (app_challenge.h) */
    struct AppReplay *replay;       /* owned: the replay and its chart, NULL until first used */
    struct AppChallenge *challenge; /* owned: the challenge rounds and score, NULL until used */
    double pen_clock;       /* the time of the pointer event being handled, ms on any steady
                               clock (app_pen_time); points get their times from it */
    int pen_clock_set;      /* 0 until app_pen_time is first called: points get no time */
    double ink_origin;      /* the pen_clock at which the drawing's time 0 was */
    AppCollect collect;     /* the person's own digits (Ctrl+0 .. Ctrl+9, the Yours view) */

    /* the saliency over the canvas (app_views.c) */
    int saliency_pick;      /* its class: one clicked on its bar, or -1 for the top class */
    int saliency_ready;     /* 1 when the last update filled saliency_grid */
    int saliency_shown;     /* the class it was filled for */
    float saliency_grid[APP_PIXELS]; /* d score / d cell of what the network sees (seen):
                                        ink_saliency of class saliency_shown */

    /* "flip it" over the canvas (app_flip.c) */
    int flip_pick;          /* its class: one clicked on its bar, or -1 for the runner-up */
    struct AppFlip *flip_search; /* owned: the search and its result (app_flip.h), NULL until
                                    first on */

    /* the Open prompt (Ctrl+O): one line of typed text, UTF-8 */
    int prompt_open;        /* 1 while the prompt takes the keyboard */
    char prompt[APP_PROMPT_MAX + 1]; /* what was typed, NUL-terminated */
    int prompt_len;         /* its length in bytes */
    int prompt_selected;    /* 1 while all of it is selected (Ctrl+A): drawn highlighted, the
                               next typing or paste replaces it, Backspace or Delete clears it */

    /* results of the last app_update() */
    float grid[APP_PIXELS];  /* the rasterised canvas, 0..1, (APP_SIDE, APP_SIDE) */
    float seen[APP_PIXELS];  /* what the network sees, 0..1, before in_scale/in_offset */
    InkPrepSteps steps;      /* the preprocessing steps (valid when preprocess and ink) */
    float probs[NN_MAX_CLASSES]; /* (n_probs) class probabilities, sum 1 */
    int n_probs;             /* classes of the active model, 0 when no prediction */
    int top, second;         /* the two most probable classes (-1 if none) */
    AppVerdict verdict;
    double infer_us;         /* microseconds the last update took (set by the caller) */

    /* messages */
    char message[600];       /* one line for the user, "" for none */
    int message_error;       /* 1 if message reports a failure */
    unsigned message_serial; /* increments with every new message (for its timer) */

    /* flags for the main loop */
    int needs_update;        /* the drawing, model or preprocessing changed */
    int needs_redraw;        /* something visible changed */
    int quit_asked;          /* the message line asks whether to quit (only while it shows) */
    int quit;
} AppState;

/* Starts an empty app: empty canvas, default brush, no models. */
void app_init(AppState *s);
/* Frees everything the state owns (models, strokes, history). */
void app_free(AppState *s);

/* Takes ownership of m (may be NULL with error set, for a file that failed to load) and adds it
 * to the list; returns its index, or -1 if out of memory (m is then freed). A model whose input
 * or output does not fit the app is kept as failed with the reason. */
int app_add_model(AppState *s, NnModel *m, const char *path, const char *error);
/* Loads a model file, a scratchnet model or an ONNX file (converted on load, what the
 * conversion did kept in AppModel.converted), into the list (failures are listed with their
 * error); returns its index, the existing index if the same file is already listed, or -1 if
 * out of memory. */
int app_add_model_file(AppState *s, const char *path);
/* Adds every *.json and *.onnx file of dir in name order; returns how many were found (0 if
 * the directory does not exist). Remembers dir for the "no model" explanation. */
int app_add_models_dir(AppState *s, const char *dir);
/* Adds the models saved in the user's data folder's models/ (paths.h: models trained in the
 * window) in name order, as app_add_models_dir does but leaving the folder remembered for the
 * "no model" explanation as it is; returns how many were found (0 when it does not exist). */
int app_add_user_models(AppState *s);
/* The options of the command that trains the default model into the folder models are read
 * from ("models" before any was looked in), for the "no model" explanation:
 * "--preset mlp --out DIR/mnist-mlp.json", the path in single quotes when it needs them. */
void app_train_command(const AppState *s, char *buf, size_t n);
/* Makes the model with the highest recorded test accuracy active (ties: the first listed; models
 * without a recorded accuracy rank below those with one; failed models only if nothing loaded). */
void app_select_best(AppState *s);
/* The same among the n models listed at the indices in idx (the files named on the command
 * line): returns the index made active, or -1 (nothing changes) when none of them loaded. */
int app_select_best_of(AppState *s, const int *idx, int n);
/* Makes model i active and applies the preprocessing it declares; a model converted from ONNX
 * says what its conversion did in the message line. */
void app_select_model(AppState *s, int i);
/* Moves the selection by step (+1 next, -1 previous), wrapping around. */
void app_cycle_model(AppState *s, int step);
/* The active model, or NULL when none is selected or it failed to load. */
NnModel *app_model(const AppState *s);
/* 1 if the preprocessing switch disagrees with what the active model was trained with. */
int app_preprocess_mismatch(const AppState *s);

/* Pointer input, in canvas cells. A stroke begins with pen_down (erase = 1 for the eraser),
 * grows with pen_move and ends with pen_up. Each is ignored when it does not apply. A move
 * within INK_MIN_STEP of the stroke's last point adds nothing; past INK_MAX_STROKES strokes or
 * INK_MAX_POINTS points the drawing takes no more and the message line says so. */
/* The time of the pointer event about to be handled (ms on a steady clock: SDL's event
 * timestamps; tests give their own). Each point drawn then gets InkPoint.t, the ms since the
 * drawing began: its first timed point is at 0 (a cleared canvas starts again at 0), and a
 * stroke drawn over an opened or undone drawing starts no earlier than its last time, so
 * times never decrease. Before the first call points get no time (INK_NO_TIME). */
void app_pen_time(AppState *s, double ms);
void app_pen_down(AppState *s, float x, float y, int erase);
void app_pen_move(AppState *s, float x, float y);
void app_pen_up(AppState *s);
/* The same for one pointer (the mouse, or a finger by its id): a stroke belongs to the pointer
 * that started it. erase = 1 is the mouse's right button, which always erases; erase = 0 (the
 * left button, a pen, a finger) draws, or erases while the Eraser is on (the right button does
 * not swap to drawing then: it keeps its one meaning). While it is in progress, a press of any pointer and the moves and lifts of
 * the others are ignored (a second finger, or the mouse while a finger draws, neither ends,
 * moves nor starts a stroke); the owner's lift ends it. Each returns 1 if it acted, else 0. */
int app_pointer_down(AppState *s, AppPointer p, long long finger, float x, float y, int erase);
int app_pointer_move(AppState *s, AppPointer p, long long finger, float x, float y);
int app_pointer_up(AppState *s, AppPointer p, long long finger);
/* The on-screen controls (their places: layout.h). A press on one belongs to the pointer that
 * made it, as a stroke does: while a control or the pen is held, presses of every pointer and
 * the moves and lifts of the others are ignored, so a press on a control never draws and a
 * second finger neither draws nor presses. The control acts when its pointer lifts over it;
 * sliding off and lifting elsewhere does nothing (sliding back on acts again). `under` is the
 * control under the pointer now (layout_hit), LAYOUT_CTL_NONE for none.
 * app_control_down returns 1 if it took the press (a disabled control takes it and does
 * nothing), app_control_move 1 if p holds a control, app_control_up 1 if the control acted. */
int app_control_down(AppState *s, AppPointer p, long long finger, LayoutControl c);
int app_control_move(AppState *s, AppPointer p, long long finger, LayoutControl under);
int app_control_up(AppState *s, AppPointer p, long long finger, LayoutControl under);
/* The mouse is over control `under` (LAYOUT_CTL_NONE: over none, or it left the window). */
void app_control_hover(AppState *s, LayoutControl under);
/* Lets go of a held control without acting (the window lost the keyboard and mouse). */
void app_control_cancel(AppState *s);
/* Does what control c's key (app_control_key) does, if c is enabled; returns 1 if it acted. */
int app_control_act(AppState *s, LayoutControl c);
/* 1 if control c has something to do: Clear with a drawing, Undo and Redo with history, the
 * model buttons with two models or more, the brush buttons short of the brush's limits, Steps
 * with preprocessing on, the temperature buttons in the softmax view short of the
 * temperature's ends, Replay with points drawn (or while it plays); Eraser, Preprocessing, Flip
 * it, Help, Inside and the view tabs always; the Data view's buttons in that view once its
 * answers are there (Back and Next short of the list's ends, Edit on canvas with an image
 * shown). */
int app_control_enabled(const AppState *s, LayoutControl c);
/* For the switches, 1 when on: Eraser, Steps (shown, with preprocessing on), Preprocessing,
 * Flip it, Help, Inside (the view area open), a view's tab (its view shown), Replay (its chart
 * shown), Mistakes (the Data view shows the mistakes only); 0 for the buttons. */
int app_control_on(const AppState *s, LayoutControl c);
/* What control c's button says ("Clear", "Undo", a minus sign for the smaller brush, ...)
 * and its key ("C", "Ctrl+Z", "[", ..., "\xe2\x87\xa7Tab" for Shift+Tab: short enough to be read
 * under the narrowest button); "" outside the controls. */
const char *app_control_label(LayoutControl c);
const char *app_control_key(LayoutControl c);
/* What control c's button says now: app_control_label, but the train view's Start button says
 * "Pause" while training runs and "Resume" while it is paused. */
const char *app_control_name(const AppState *s, LayoutControl c);

/* Where the pointer is, for the brush outline; inside = 0 hides it. */
void app_hover(AppState *s, float x, float y, int inside);

/* Undo or redo one stroke or one replacement of the drawing (a clear, an opened image, an
 * applied flip): undo takes the strokes drawn over an image first, then in one step the image
 * off and the drawing it replaced back; return 1 if something changed. */
int app_undo(AppState *s);
int app_redo(AppState *s);
/* Removes every stroke and the base image (one undoable step); returns 1 if the canvas was not
 * already empty. */
int app_clear(AppState *s);
/* Changes the brush by steps of APP_BRUSH_STEP, kept within [APP_BRUSH_MIN, APP_BRUSH_MAX],
 * and says the new size in the message line. */
void app_brush_step(AppState *s, int steps);
/* The Eraser switch (E): on, the left button, a pen and a finger erase; says so in the message
 * line. The drawing and its history stay as they are. */
void app_toggle_eraser(AppState *s);

void app_toggle_preprocess(AppState *s);
void app_toggle_steps(AppState *s);
void app_toggle_help(AppState *s);
/* H or F1 while the help is open on `pages` pages (help_layout): its next page, or closing it
 * after the last. */
void app_help_next(AppState *s, int pages);
/* PgDn (+1) or PgUp (-1) while the help is open: the next or previous of its `pages` pages,
 * none past the first or the last. */
void app_help_page(AppState *s, int delta, int pages);

/* The theme (F10 cycles dark, light): sets it, says which in the message line. */
void app_set_theme(AppState *s, ThemeId t);
void app_next_theme(AppState *s);
/* The size of type and bars: steps up (Ctrl+=) or down (Ctrl+-) within 0 .. LAYOUT_SIZE_STEPS
 * - 1, or back to normal (F9, step 0); says the size in the message line. */
void app_size_step(AppState *s, int steps);
void app_size_reset(AppState *s);
/* The view area (keys I, L, W, X, N, M, D; layout.h's LayoutView). app_show_view opens view v, or
 * closes the area if v is already shown (the activations view with a unit up close goes back to
 * every layer instead); app_toggle_views opens the area on the last view shown
 * (the activations at first) or closes it. The views change nothing the bars show. */
void app_show_view(AppState *s, LayoutView v);
void app_toggle_views(AppState *s);
/* The softmax view's temperature T (it starts at 1) and its steps (, and . or the buttons):
 * app_temperature_step moves by `steps` along APP_TEMPS, kept at its ends; returns 1 if T
 * changed. Only the view divides by T, never the model or the bars. */
#define APP_TEMPS {0.1f, 0.2f, 0.25f, 0.33f, 0.5f, 0.75f, 1.0f, 1.5f, 2.0f, 3.0f, 5.0f, 10.0f}
#define APP_TEMP_ONE 6 /* the index of 1 in APP_TEMPS */
float app_temperature(const AppState *s);
int app_temperature_step(AppState *s, int steps);
/* The value under the mouse in the view (layer -1: the input; unit -1: none), and a click on
 * one: it is picked (its value stays shown), or unpicked if it was picked already; a click on
 * no value (unit -1) unpicks. */
void app_view_hover(AppState *s, int layer, int unit);
void app_view_pick(AppState *s, int layer, int unit);
/* The unit shown up close: in the activations view, the picked value's unit when its layer
 * has units whose weighted input can be written out (nn_layer_units: a dense layer's neuron,
 * a convolution's filter, whose map holds the picked value). Returns 1 and sets *layer and
 * *unit, else 0. */
int app_closeup(const AppState *s, int *layer, int *unit);
/* The layer of the unit up close, or -1 (view_layout's closeup). */
int app_closeup_layer(const AppState *s);
/* K, or the close-up's button: knocks the close-up's unit out (its output forced to 0,
 * nn/knockout.h) or puts it back; the model runs again, so the bars and the views follow, and
 * the message line says what happened and how many are out. Returns 1 if it acted, 0 when no
 * unit is up close or its layer takes no knock-outs (the output layer: said in the message
 * line). Knock-outs belong to the models in memory: selecting a model (Tab, loading one) puts
 * every one back and lets go of the picked value. */
int app_knockout_toggle(AppState *s);
/* Shift+K: puts every knocked-out unit of the active model back; returns how many. */
int app_knockout_clear(AppState *s);
/* How many units of the active model are knocked out (0 without a model). */
int app_knockouts(const AppState *s);
/* The saliency over the canvas (G): how the score of a class (its logit) moves with the ink
 * of each cell, by the library's own backward pass (ink_saliency), for the top class or the
 * one whose bar was clicked ("why not 7?"). app_toggle_saliency turns it on or off;
 * app_saliency_pick(cls) shows class cls (and turns it on), the same class again goes back to
 * the top one. app_saliency_class is the class shown (-1: none); app_saliency_at the value
 * over canvas cell (i, j): the gradient of the cell of what the network sees that the
 * preprocessing put the cell's middle on (steps.map_*, which maps the drawing rendered at
 * INK_RENDER_SCALE times the canvas's cells, ink/pipeline.h), the same cell without it,
 * 0 off it or while there is none. */
void app_toggle_saliency(AppState *s);
void app_saliency_pick(AppState *s, int cls);
int app_saliency_class(const AppState *s);
float app_saliency_at(const AppState *s, int i, int j);
/* The bar row marked as the heat map's class (outlined, with the map's colour scale as a tag,
 * so the class asked about shows where it was clicked): the class the map over the canvas
 * shows, -1 while none shows (off, or not filled yet for this model or this G). */
int app_bar_marked(const AppState *s);
/* "Flip it" (F, or its button): the smallest change to what the network sees that makes it
 * choose another class, searched on the background thread and shown over the canvas as ink
 * added (orange) and removed (blue) with its size (app_flip.h). The canvas shows one of the
 * two pictures at a time: turning flip it on turns the saliency off, and G (or a class picked
 * for the saliency) turns flip it off. app_toggle_flip turns it on or off (the message line
 * says which class it looks for); app_flip_pick(cls) asks for class cls (and turns it on), the
 * same class again goes back to the runner-up. app_bar_pick is a click on class cls's bar: the
 * class of flip it while it is on, else the saliency's ("why not 7?" and "make it a 7" are
 * one question). app_flip_apply (Enter, A, or the Apply tag over the canvas) puts the changed
 * image on the canvas as its base layer, replacing the drawing as opening an image does
 * (app_history_replace: one Ctrl+Z takes the image off and brings the drawing back); the
 * network then reads the class asked for, and flip it goes off. It returns 1 if it applied,
 * 0 when no flip is shown (the message line says so). */
void app_toggle_flip(AppState *s);
void app_flip_pick(AppState *s, int cls);
void app_bar_pick(AppState *s, int cls);
int app_flip_apply(AppState *s);
/* Layer l's output (after its activation, m->layers[l].out values) for the drawing the bars
 * show, or NULL when there is none (no answer, or no view needs it; the input itself is
 * `seen`). The logits are the last layer's values before its activation (n_probs of them). */
const float *app_view_output(const AppState *s, int l);
const float *app_view_logits(const AppState *s);

/* The compare view (M): the active model's answer beside a second model's for the same
 * drawing, each through the one path from a drawing to probabilities (ink_classify) with its
 * own declared preprocessing, as the app runs it when that model is the active one; while the
 * view is open app_update fills `compare` (none while it is shut).
 * A model can be compared (app_compare_can) when it loaded, is not the active one, and has the
 * active model's classes (as many, with the same names: digits are not compared with clothes).
 * app_compare_model is the one compared: the pick while it can be, else the default: the seed
 * network (a model whose name holds "seed") when it can be, else the one with the highest
 * recorded test accuracy (ties: the first listed); -1 when none can be. app_compare_count is how
 * many can be. app_compare_step (B, Shift+B, a click on its name) moves the pick to the next
 * (+1) or previous (-1) model that can be compared, in the list's order, wrapping, and says which
 * in the message line; returns 1 if the model compared changed, else 0 (the message line says
 * why: the only one, or none). app_compare_skipped writes which models cannot be compared and
 * why ("fashion-cnn, fashion-mlp read other classes; broken not loaded"), "" when every one
 * can. app_compare_verdict_text is the second model's answer as app_verdict_text words the
 * active one's. */
#define APP_COMPARE_DEFAULT "seed"
int app_compare_can(const AppState *s, int i);
int app_compare_model(const AppState *s);
int app_compare_count(const AppState *s);
int app_compare_step(AppState *s, int step);
void app_compare_skipped(const AppState *s, char *buf, size_t n);
void app_compare_verdict_text(const AppState *s, char *buf, size_t n);

/* The background thread woke the main loop: takes the work that ended (the digits' and flip
 * it's) and redraws what shows its progress. */
void app_work_poll(AppState *s);
/* 1 while the background thread has work (running or waiting). */
int app_work_busy(const AppState *s);
/* Stops the background thread: its work is cancelled and the thread ended, a search of flip
 * it dropped (app_free does it too; main.c does it before the display closes, as the thread
 * wakes the main loop). */
void app_work_stop(AppState *s);

/* The Train view (T, app_train.c): a network trained from random weights while the window
 * keeps drawing, on a thread of its own (train_session.h). The recipes are the library's
 * (nn/recipe.h): the seed's sigmoid network, the MLP and the CNN, trained with their optimiser,
 * learning rate and batch size at a constant rate and without distortions; the rate and the
 * batch size can be changed as it trains. app_train_recipe chooses recipe r (APP_TRAIN_SEED..;
 * keys 1, 2, 3 in the view, or its buttons): a session of another recipe is stopped (its model
 * stays in the list as it is). app_train_run (Space in the view, or Start): starts a session
 * (when none runs), pauses it or resumes it. Once it has read its digits, its network is an
 * entry of the model list, "training: seed", made active, whose weights follow the training a
 * few times a second (app_train_poll), so the bars and every view follow it. app_train_step
 * (Right arrow, Step): one batch while paused (running, it pauses; none yet: a session starts
 * paused and takes one). app_train_lr / app_train_batch (Up / Down, PageUp / PageDown, the
 * buttons): the next learning rate or batch size up (+1) or down (-1). app_train_save (Shift+S,
 * Save): writes the network, measured on the whole test set, to the user's data folder's
 * models/ (paths.h), named "<recipe>-live-YYYYMMDD-HHMMSS.json"; once written it is added to
 * the model list (the message line says where and its accuracy). app_train_poll takes what the
 * session published (app_work_poll calls it). Each returns 1 if it acted. */
enum { APP_TRAIN_SEED = 0, APP_TRAIN_MLP, APP_TRAIN_CNN, APP_TRAIN_RECIPES };
int app_train_recipe(AppState *s, int r);
int app_train_run(AppState *s);
int app_train_step(AppState *s);
int app_train_lr(AppState *s, int dir);
int app_train_batch(AppState *s, int dir);
int app_train_save(AppState *s, time_t now);
void app_train_poll(AppState *s);
/* The training's speed (V in the view, or its Speed button, app_train_speed_next: the next one,
 * in a cycle): Slow (APP_TRAIN_SLOW_RATE digits a second at most, the first), Medium
 * (APP_TRAIN_MEDIUM_RATE), Full (as fast as the computer trains), from the next batch on. A run
 * ends after the recipe's epochs (TRAIN_DONE: the state line says so, Save still saves it, Start
 * trains a new network from random weights). app_train_speed is the speed chosen, its title
 * ("Slow", "Medium", "Full") and its digits a second (0 for Full). */
enum { APP_TRAIN_SLOW = 0, APP_TRAIN_MEDIUM, APP_TRAIN_FULL, APP_TRAIN_SPEEDS };
#define APP_TRAIN_SLOW_RATE 500.0
#define APP_TRAIN_MEDIUM_RATE 5000.0
int app_train_speed_next(AppState *s);
int app_train_speed(const AppState *s);
const char *app_train_speed_title(int speed);
double app_train_speed_rate(int speed);
/* The recipe chosen (APP_TRAIN_SEED at first), its name ("seed", "mlp", "cnn") and its name
 * for people ("Seed", "MLP", "CNN"). */
int app_train_chosen(const AppState *s);
const char *app_train_recipe_name(int r);
const char *app_train_recipe_title(int r);
/* Its network in a few words: "784 inputs, 100 sigmoid units, 10 outputs; quadratic cost,
 * plain SGD". */
const char *app_train_recipe_about(int r);
/* The learning rate and batch size the next batch trains with (the chosen recipe's until
 * changed). */
float app_train_rate(const AppState *s);
int app_train_batch_size(const AppState *s);
/* The session's figures as last polled, or NULL while no session was started. */
const struct TrainStatus *app_train_status(const AppState *s);
/* Stops training and frees the Train view's part (app_free and app_work_stop do it). */
void app_train_free(AppState *s);
/* The person's own digits, collected (app_collect.c; the files: ink/collection.h). The
 * collection is always of digits, whatever the active model reads (a Fashion model too): it is
 * what a student wrote, kept to teach a digit model their handwriting.
 * app_collect_open reads the collection at path (the app's: ink_collection_default_path),
 * a few milliseconds for a class's worth, on the calling thread; a file that does not read is
 * never written over: adding is then refused with its error. Returns 0 or -1 (said in the
 * message line).
 * app_collect_add (Ctrl+0 .. Ctrl+9, or a digit button) adds the drawing with that label, its
 * folder made if needed, and says "Saved as a 7: you have 5 sevens"; nothing on the canvas, too
 * little ink or a full collection is said instead. Closes the digit buttons. Returns 0 or -1.
 * app_collect_picker (the "Label it" tag over the canvas) shows the digit buttons, or hides
 * them; they show only while there is a drawing. app_collect_count is how many drawings of
 * digit d are collected. */
int app_collect_open(AppState *s, const char *path);
int app_collect_add(AppState *s, int digit);
void app_collect_picker(AppState *s, int open);
int app_collect_picker_shown(const AppState *s);
int app_collect_count(const AppState *s, int digit);
/* The Yours view (Y): the collection grouped by digit. app_collect_index is the sample index of
 * the rank-th drawing (file order) of digit d, -1 if none. app_collect_select picks drawing i
 * (-1: none); app_collect_step moves the pick to the next (+1) or previous (-1) drawing in the
 * view's order (by digit, then file order), wrapping. app_collect_delete (Ctrl+Delete, its
 * button) deletes the picked drawing from the files and picks the one after it;
 * app_collect_use (O, its button) puts it on the canvas as opening a drawing does (one undoable
 * replace). Each returns 1 if it acted, 0 if not (the message line says why). */
int app_collect_index(const AppState *s, int digit, int rank);
void app_collect_select(AppState *s, int i);
int app_collect_step(AppState *s, int step);
int app_collect_delete(AppState *s);
int app_collect_use(AppState *s);
/* A digit's name, singular or plural: "seven", "sevens"; "six", "sixes". */
const char *app_digit_name(int digit, int plural);

/* Asks for the window to be painted again (it was resized, exposed, or a screenshot is due). */
void app_request_redraw(AppState *s);
/* Asks the main loop to end at once (Ctrl+Q, closing the window). */
void app_quit(AppState *s);
/* Full screen on (F11) or off; clears a quit question (main.c switches the window and, if
 * that fails, sets it back with the reason in the message line). */
void app_set_fullscreen(AppState *s, int on);
/* Esc, in this order: while the quit question is up it quits; else, in full screen or with the
 * help or the Open prompt open, it leaves full screen and closes both (nothing else); else it
 * quits at once on an empty canvas, and with a drawing on the canvas it asks in the message line
 * ("Press Esc again or Enter to quit; any other key keeps the drawing"). The question lasts as
 * long as its message (a new message or its expiry ends it). */
AppEscape app_escape(AppState *s);
/* Any key but Esc while the quit question may be up: quits = 1 (Enter, Ctrl+Q) quits; any other
 * key (quits = 0) keeps the drawing and clears the question and its message. Returns 1 if a
 * question was up (the key answered it and does nothing else), 0 if not (the key does its usual
 * job). */
int app_quit_answer(AppState *s, int quits);

/* Rasterises the drawing, preprocesses it as switched and runs the active model; fills grid,
 * seen, steps, probs, top, second and verdict (APP_REFUSED when the model refuses the answer,
 * else app_classify's), and clears needs_update. Too little ink to read
 * is APP_TOO_SMALL when the pen went back and forth within a small box (its drawn path, at
 * least APP_SMALL_PATH cells, is at least twice the longer side of its bounding box: a digit
 * drawn small), else APP_TOO_LITTLE (a dot, or a stroke just begun). Then flip it follows the
 * answer (app_flip.h). */
void app_update(AppState *s);

/* From n probabilities: the two most probable classes (second is -1 if n < 2) and how sure the
 * top one is: APP_SURE, APP_LEANING or APP_UNSURE (the bounds above). n must be >= 1. */
AppVerdict app_classify(const float *probs, int n, int *top, int *second);
/* The name of class i of the active model ("7", "Ankle boot"); "?" outside its classes. */
const char *app_label(const AppState *s, int i);
/* 1 if the active model's classes are the digits (labels "0".."9"), or no model is active; the
 * app then asks for a digit, otherwise for something to draw. */
int app_reads_digits(const AppState *s);
/* A probability as the app shows it, one decimal: "98.2%". */
void app_percent(float p, char *buf, size_t n);
/* The prediction as one line: "7 (98%)" (the whole part of app_percent, never rounded up to
 * 100% before the bar shows 100.0%), "Leaning towards 7 (63%)", "Not sure: 4 or 9?", "That
 * doesn't look like a digit", "Draw a digit", ... */
void app_verdict_text(const AppState *s, char *buf, size_t n);
/* How sure a named answer is, in words under its large name: "confident", "leaning towards 7";
 * a model of named classes "leaning" (the name, "T-shirt/top", is right beside it and would not
 * fit again). "" for the other verdicts. */
void app_sureness_text(const AppState *s, char *buf, size_t n);
/* The window title: "scratchnet-draw — 7 (98%)", "scratchnet-draw — not a digit" ("— none of
 * these classes" for a model of other classes), "scratchnet-draw — draw a digit", ... */
void app_title(const AppState *s, char *buf, size_t n);
/* The active model's refusal rule in words, under a refused answer: "no digit reaches 42%"
 * ("no class reaches 42%" for a model of other classes; the threshold with up to two decimals
 * when it has them: "99.9%"); without a rule "this model has no threshold, so it always names a
 * digit"; without a model "said when no digit reaches the model's threshold". */
void app_refusal_rule(const AppState *s, char *buf, size_t n);
/* The help's line on refusals: "Not a digit: " ("None of these classes: ") and the rule. */
void app_refusal_help(const AppState *s, char *buf, size_t n);

/* Sets the message line (printf-style). */
void app_message(AppState *s, int is_error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Clears the message line. */
void app_clear_message(AppState *s);

/* Writes "PREFIX-YYYYMMDD-HHMMSS" for the local time `now` into buf: the name, without its
 * ending, of a saved drawing (prefix "drawing") or screenshot ("scratchnet-draw"). */
void app_dated_name(const char *prefix, time_t now, char *buf, size_t n);
/* Saves the drawing into dir as strokes JSON (with its base image, if any, in the "base" field)
 * under app_dated_name("drawing", now) + ".json" and, beside it with the same name ending in
 * .png, as a 28 x 28 8-bit grey PNG of the rasterised canvas, base image and strokes (white
 * ink on black, like MNIST; what `scratchnet predict` reads). "-2", "-3"... are added to the
 * name while either file exists. Both are written atomically; the message line names both.
 * Returns 0, or -1 if either could not be written (the message says which). */
int app_save_drawing(AppState *s, const char *dir, time_t now);
/* Saves w x h RGBA pixels (rows packed, 4 bytes a pixel, as read from the window) as a PNG
 * into dir under app_dated_name("scratchnet-draw", now) + ".png" ("-2", "-3"... if it exists),
 * atomically, and says
 * where in the message line. Alpha is written as read. Returns 0 or -1. */
int app_save_screenshot(AppState *s, const char *dir, time_t now, const unsigned char *rgba,
                        int w, int h);
/* Opens a file, told apart as `scratchnet predict` does. A .json file is a model if its
 * top-level "format" is "scratchnet-model" (added and selected), otherwise a drawing (replaces
 * the canvas, undoable; text that is not JSON is reported by the drawing reader). An .onnx
 * file is a model, converted on load (added and selected; the message line says what the
 * conversion did, or the one line the importer refused it with). Any other file is a PNG or
 * PGM image (by its first bytes), read as predict reads it (dark-on-light
 * inverted) and resampled to 28 x 28: it becomes the base image of an otherwise empty canvas
 * (replacing it, undoable) and is classified. Errors go to the message line. Returns 0 or -1. */
int app_open_file(AppState *s, const char *path);
/* 1 if path is a .json file that holds a drawing rather than a model: its top-level "format"
 * is "scratchnet-strokes", or it has no "format" and a top-level "strokes" (the labelled
 * form). 0 for models, unreadable files, text that is not JSON and anything else. */
int app_file_is_drawing(const char *path);
/* How the command line sorts its files: 1 for those that open on the canvas with
 * app_open_file, images (any name not ending in .json or .onnx, by the name alone, as
 * app_open_file tells them) and drawings (app_file_is_drawing); 0 for the rest, loaded as
 * models (what cannot be read is listed with its error). */
int app_file_opens_on_canvas(const char *path);

/* The Open prompt, a one-line text field with its caret at the end: Ctrl+O opens it, typed or
 * pasted text is appended, Backspace deletes the last character, Ctrl+A selects the whole line
 * (the next typing or paste replaces it, Backspace or Delete clears it, Left, Right, Home, End
 * or a click drop it), Ctrl+U clears the line, Tab completes the path, Enter opens the path
 * with app_open_file, Esc cancels. While it is open, keys do not do their usual jobs (events.c
 * routes them here). Opening it closes the help. Each is ignored when the prompt is closed. */
void app_prompt_open(AppState *s);
/* Closes the prompt without opening anything. */
void app_prompt_cancel(AppState *s);
/* Appends UTF-8 text (control characters are dropped, a newline too), replacing the whole
 * line if it is selected and something is appended; returns the bytes appended. Text that
 * would pass APP_PROMPT_MAX bytes is not appended, whole characters only, and the message line
 * says so. */
int app_prompt_type(AppState *s, const char *utf8);
/* Ctrl+V: the clipboard's text (NULL: none) typed as app_prompt_type types it, up to its first
 * line end ("\n" or "\r"); returns the bytes appended. */
int app_prompt_paste(AppState *s, const char *text);
/* Tab: drops the selection and completes the typed path's last part, as a shell does, to the
 * longest common prefix of the names in its folder that start with it (one folder found gets
 * a '/'). Names starting with '.' only when the typed part does. With several names and
 * nothing more to add, the message line lists a few. Returns how many names matched (0: a
 * message says so), or -1 when the prompt is closed or the folder cannot be read (an error
 * message names it). */
int app_prompt_complete(AppState *s);
/* Backspace: deletes the last character (a whole UTF-8 sequence), or the whole line if it is
 * selected. */
void app_prompt_backspace(AppState *s);
/* Delete: clears the line if it is selected (else there is nothing after the caret). */
void app_prompt_delete(AppState *s);
/* Ctrl+U: clears the line; the prompt stays open. */
void app_prompt_clear(AppState *s);
/* Ctrl+A: selects the whole line (nothing typed: nothing to select). */
void app_prompt_select_all(AppState *s);
/* Left, Right, Home, End, a click: the selection is dropped, the text stays. */
void app_prompt_deselect(AppState *s);
/* Closes the prompt and opens what was typed: spaces around it and one pair of surrounding
 * quotes are removed, a leading "~/" is the home directory ($HOME). Nothing typed opens
 * nothing. Returns app_open_file's result, or -1 when nothing was typed. */
int app_prompt_submit(AppState *s);

#endif
