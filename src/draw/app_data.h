/* app_data.h - the Data view (D): the test images with their true label and the active model's
 * answer, stepped through one at a time; a filter that keeps only the model's mistakes, surest
 * first; the model's confusion matrix, whose cells filter the browser; and the image shown put
 * onto the canvas to edit. No SDL, no printing.
 *
 * The answers to the whole test set (the full set when present, else the shipped subset: the
 * images app_digits.h loads for the model's data set) are made once per model by a job on the
 * background thread (app_answers_want), made again only when units are knocked out or put
 * back or its weights moved (it is being trained); the browser (browse.h) takes them when they
 * are there and starts over, on every image, whenever they are for another model; new answers
 * of the same model keep the filter and, while it is still in it, the image shown. Everything
 * here reads that one browser: the view's lines, the keys (arrows, PageUp / PageDown, Home /
 * End, Up / Down, Enter) and the view's buttons.
 */
#ifndef DRAW_APP_DATA_H
#define DRAW_APP_DATA_H

#include "draw/app.h"
#include "draw/browse.h"
#include "nn/idx.h"

/* While the Data view is shown (app_update): asks for the active model's answers and, when
 * they are there and new, gives them to the browser. */
void app_data_follow(AppState *s);
/* The browser holding the active model's answers, or NULL while there are none (no model, the
 * job still running or failed, or the view never opened). */
const Browse *app_data_browse(const AppState *s);
/* The test images the browser's indices point into (NULL with no browser). */
const NnDataset *app_data_images(const AppState *s);
/* The active model's probabilities for test image i (n_classes of them), or NULL. */
const float *app_data_probs(const AppState *s, int i);

/* Moves the image shown by k (Left -1, Right +1, PageUp / PageDown BROWSE_PAGE); returns 1 if
 * it moved. app_data_go(s, i) shows place i of the list (a click; Home 0, End a large
 * number). */
int app_data_step(AppState *s, int k);
int app_data_go(AppState *s, int i);
/* Up / Down or the Mistakes button: shows only the mistakes (surest first) or, when they show
 * already, every image again; the message line says how many. Returns 1 if it acted (0: no
 * answers yet, said). */
int app_data_mistakes(AppState *s);
/* 1 while the browser shows the mistakes only (the button's state). */
int app_data_mistakes_on(const AppState *s);
/* A click on the matrix's cell (label, answer; answer n_classes: the refused column): the
 * browser shows that cell's images; the same cell again shows every image. Returns 1 if it
 * acted. */
int app_data_cell(AppState *s, int label, int answer);
/* Enter or "Edit on canvas": puts the image shown on the canvas as its base image, replacing
 * the drawing as opening an image does (one Ctrl+Z takes it off), so the bars and the other
 * views read it. Returns 1 if it did (0: nothing shown, said in the message line). */
int app_data_edit(AppState *s);

/* What the view says, made from the state. */
typedef struct AppDataText {
    char head[200];    /* which images show: "62 mistakes of 10,000, surest first" */
    char source[200];  /* where they come from: "the full MNIST test set", "the subset ..." */
    char age[160];     /* while the model's weights are newer than its answers (it trains):
                          "Answers from 4 s ago: updating..."; "" */
    char place[120];   /* "3 of 62 \xc2\xb7 test image 1,234" */
    char truth[120];   /* "True label: 4" */
    char answer[200];  /* "Answer: 9 (97%)", "Answer: refused (no digit reaches 42%)" */
    int right;         /* 1: the answer is the label; 0 wrong or refused; -1 nothing shown */
    char status[600];  /* while there is no browser: the job's progress, or why not */
    int status_error;
    char matrix[200];  /* over the matrix: what its rows and columns are, and the accuracy */
} AppDataText;
void app_data_text(const AppState *s, AppDataText *t);
/* The matrix's columns for the active model: its classes, and one for the refused images when
 * it has a refusal rule (0 without a model). */
int app_data_columns(const AppState *s);
/* A class's name in the matrix: its row ("4", or "0 T-shirt/top": the number the columns
 * name it by, then its name), and its column, short ("4", or the class's number for named
 * classes; "none" for the refused column). */
void app_data_row_name(const AppState *s, int c, char *buf, size_t n);
void app_data_column_name(const AppState *s, int c, char *buf, size_t n);

#endif
