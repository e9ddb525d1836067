/* draw_test.h - what the drawing app's test programs (test_draw_layout, test_draw_pen,
 * test_draw_models, test_draw_files, test_draw_prompt, ...) share: a flat model, an app with
 * one model, a stroke drawn with the pointer, a scratch folder and a file written whole.
 */
#ifndef SCRATCHNET_DRAW_TEST_H
#define SCRATCHNET_DRAW_TEST_H

#include <stdio.h>
#include <stdlib.h>

#include "draw/app.h"
#include "nn/model.h"
#include "test.h"

/* A 784 -> 10 softmax model with zero weights (every class 10%), given accuracy and name. */
static inline NnModel *flat_model(const char *name, float accuracy)
{
    NnLayerSpec spec = NN_DENSE(10, NN_ACT_SOFTMAX);
    SnError err = {0};
    NnModel *m = nn_model_new_shape((NnShape){1, APP_SIDE, APP_SIDE}, &spec, 1, &err);
    if (!m) {
        printf("nn_model_new: %s\n", err.msg);
        return NULL;
    }
    snprintf(m->info.name, sizeof m->info.name, "%s", name);
    m->info.train.test_accuracy = accuracy;
    return m;
}

/* A fresh app with model m (owned by it; a failed check when m is NULL or refused), active. */
static inline void app_with_model(AppState *s, NnModel *m)
{
    app_init(s);
    CHECK(m && app_add_model(s, m, "", NULL) == 0);
    app_select_model(s, 0);
}

/* Draws a vertical bar through the middle of the canvas as one stroke. */
static inline void draw_bar(AppState *s, float x)
{
    app_pen_down(s, x, 5.0f, 0);
    for (float y = 5.5f; y <= 23.0f; y += 0.5f)
        app_pen_move(s, x, y);
    app_pen_up(s);
}

/* Makes a fresh folder in $TMPDIR (else /tmp) into buf; returns 1, or 0 as a failed check. */
static inline int make_temp_dir(char *buf, size_t n)
{
    const char *base = getenv("TMPDIR");
    snprintf(buf, n, "%s/test_draw.XXXXXX", base && base[0] ? base : "/tmp");
    if (!mkdtemp(buf))
        buf[0] = '\0';
    CHECK(buf[0] != '\0');
    return buf[0] != '\0';
}

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

#endif
