/* scratchnet.c - libscratchnet, the public C API of include/scratchnet.h, over the network core
 * (src/nn) and the drawing pipeline (src/ink).
 *
 * Every classification takes the path of the app and of `scratchnet predict`:
 *     grid  = ink_drawing_to_input / ink_image_to_input (28 x 28 in 0..1, the model's
 *             preprocessing: "mnist" or none),
 *     x     = (grid * 255) * in_scale + in_offset            (nn_model_scale_input),
 *     probs = nn_model_probabilities(model(x)),
 * with the model frozen for one-image passes as the app and the command line freeze theirs.
 * Failures return a negative code and leave one line in a per-thread buffer; nothing prints.
 */
#include "scratchnet.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ink/image.h"
#include "ink/pipeline.h"
#include "nn/model.h"
#include "nn/model_io.h"

#define PIXELS (SCRATCHNET_SIDE * SCRATCHNET_SIDE)

_Static_assert(SCRATCHNET_MAX_CLASSES == NN_MAX_CLASSES, "the public class limit is the core's");
_Static_assert(SCRATCHNET_SIDE == INK_SIDE, "the public image side is the pipeline's");
_Static_assert(SCRATCHNET_E_IO == NN_E_IO && SCRATCHNET_E_FORMAT == NN_E_FORMAT &&
                   SCRATCHNET_E_NOMEM == NN_E_NOMEM && SCRATCHNET_E_ARG == NN_E_ARG &&
                   SCRATCHNET_E_LIMIT == NN_E_LIMIT && SCRATCHNET_E_IO == INK_E_IO &&
                   SCRATCHNET_E_FORMAT == INK_E_FORMAT && SCRATCHNET_E_NOMEM == INK_E_NOMEM &&
                   SCRATCHNET_E_ARG == INK_E_ARG && SCRATCHNET_E_LIMIT == INK_E_LIMIT,
               "public error codes pass the core's through unchanged");

/* Each model runs on its own pool of threads, so that distinct models classify at once from
 * different threads; its lock makes threads that share one model take turns (a model's
 * workspace is reused by every pass). */
struct ScratchnetModel {
    NnModel *net;                                 /* owned */
    NnPool *pool;                                 /* owned: the threads net runs on */
    pthread_mutex_t lock;                         /* held while net runs */
    int mnist;                                    /* 1: the model declares MNIST preprocessing */
    char labels[NN_MAX_CLASSES][NN_LABEL_LEN];    /* the stored labels, or the class number */
};

/* The calling thread's last error message (scratchnet_last_error). */
static _Thread_local char last_error[512];

/* Records a printf-style message for scratchnet_last_error and returns code. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return code;
}

const char *scratchnet_version(void)
{
    return SCRATCHNET_VERSION;
}

const char *scratchnet_last_error(void)
{
    return last_error;
}

ScratchnetModel *scratchnet_load(const char *path)
{
    if (!path) {
        fail(SCRATCHNET_E_ARG, "scratchnet_load: path is NULL");
        return NULL;
    }
    NnError err = {0};
    NnModel *net = nn_model_load(path, &err);
    if (!net) {
        fail(err.code < 0 ? err.code : SCRATCHNET_E_FORMAT, "%s", err.msg);
        return NULL;
    }
    /* the same condition as `scratchnet predict`; model_io checks labels against outputs */
    if (net->n_in != PIXELS || net->n_out < 1 || net->n_out > NN_MAX_CLASSES ||
        net->info.n_classes != net->n_out) {
        fail(SCRATCHNET_E_FORMAT, "%s: the model takes %d inputs and has %d outputs, not a "
             "classifier of %dx%d images", path, net->n_in, net->n_out, SCRATCHNET_SIDE,
             SCRATCHNET_SIDE);
        nn_model_free(net);
        return NULL;
    }
    ScratchnetModel *m = calloc(1, sizeof *m);
    NnPool *pool = m ? nn_pool_new(0, &err) : NULL;
    if (!pool) {
        fail(SCRATCHNET_E_NOMEM, "%s: out of memory", path);
        free(m);
        nn_model_free(net);
        return NULL;
    }
    m->net = net;
    m->pool = pool;
    pthread_mutex_init(&m->lock, NULL);
    nn_model_set_pool(net, pool);
    m->mnist = nn_model_mnist_preprocessing(net);
    for (int c = 0; c < net->n_out; c++) {
        if (net->info.labels[c][0])
            memcpy(m->labels[c], net->info.labels[c], sizeof m->labels[c]);
        else
            snprintf(m->labels[c], sizeof m->labels[c], "%d", c); /* as the app shows it */
    }
    nn_model_freeze(net, NULL); /* faster one-image passes; unfrozen the model still works */
    return m;
}

void scratchnet_free(ScratchnetModel *model)
{
    if (!model)
        return;
    nn_model_free(model->net);
    nn_pool_free(model->pool);
    pthread_mutex_destroy(&model->lock);
    free(model);
}

int scratchnet_classes(const ScratchnetModel *model)
{
    if (!model)
        return fail(SCRATCHNET_E_ARG, "scratchnet_classes: model is NULL");
    return model->net->n_out;
}

const char *scratchnet_label(const ScratchnetModel *model, int cls)
{
    if (!model) {
        fail(SCRATCHNET_E_ARG, "scratchnet_label: model is NULL");
        return NULL;
    }
    if (cls < 0 || cls >= model->net->n_out) {
        fail(SCRATCHNET_E_ARG, "scratchnet_label: class %d is not in 0..%d", cls,
             model->net->n_out - 1);
        return NULL;
    }
    return model->labels[cls];
}

/* ---- classification ---- */

/* Checks the arguments every classify function shares and zeroes probs. Returns 0 or a code. */
static int check_common(const char *fn, const ScratchnetModel *model, float *probs, int n_probs)
{
    if (probs && n_probs > 0)
        memset(probs, 0, (size_t)n_probs * sizeof *probs);
    if (!model)
        return fail(SCRATCHNET_E_ARG, "%s: model is NULL", fn);
    if (probs && n_probs < model->net->n_out)
        return fail(SCRATCHNET_E_ARG, "%s: probs holds %d values, the model has %d classes", fn,
                    n_probs, model->net->n_out);
    return 0;
}

/* Runs the model on grid (28 x 28 in 0..1, from the pipeline, whose return value is prep) and
 * writes the probabilities. `what` names the input in messages. Returns the top class or a
 * negative code. */
static int classify_grid(ScratchnetModel *model, const float *grid, int prep, const char *what,
                         float *probs)
{
    if (prep < 0)
        return fail(SCRATCHNET_E_NOMEM, "%s: out of memory", what);
    /* the pipeline's rule, shared with the app and `scratchnet predict`: 1 is too little ink */
    if (prep == 1)
        return fail(SCRATCHNET_E_BLANK, "%s: too little ink to classify", what);

    NnModel *net = model->net;
    float x[PIXELS], out[NN_MAX_CLASSES], p[NN_MAX_CLASSES];
    nn_model_scale_input(&net->info, grid, x, PIXELS);
    pthread_mutex_lock(&model->lock);
    int top = nn_model_predict(net, x, out);
    pthread_mutex_unlock(&model->lock);
    if (top < 0)
        return fail(top == NN_E_NONFINITE ? SCRATCHNET_E_NONFINITE : SCRATCHNET_E_NOMEM, "%s: %s",
                    what, nn_model_predict_failure(top));
    nn_model_probabilities(net, out, p);
    top = 0;
    for (int c = 1; c < net->n_out; c++)
        if (p[c] > p[top])
            top = c;
    if (probs)
        memcpy(probs, p, (size_t)net->n_out * sizeof *probs);
    return top;
}

int scratchnet_classify_image(ScratchnetModel *model, const unsigned char *pixels, int width,
                              int height, float *probs, int n_probs)
{
    const char *fn = "scratchnet_classify_image";
    int rc = check_common(fn, model, probs, n_probs);
    if (rc)
        return rc;
    if (!pixels)
        return fail(SCRATCHNET_E_ARG, "%s: pixels is NULL", fn);
    if (width < 1 || height < 1 || width > INK_IMAGE_MAX_SIDE || height > INK_IMAGE_MAX_SIDE)
        return fail(SCRATCHNET_E_ARG, "%s: a %d x %d image: each side must be 1 to %d pixels",
                    fn, width, height, INK_IMAGE_MAX_SIDE);
    size_t n = (size_t)width * (size_t)height;
    float *img = malloc(n * sizeof *img);
    if (!img)
        return fail(SCRATCHNET_E_NOMEM, "%s: out of memory for a %d x %d image", fn, width,
                    height);
    for (size_t i = 0; i < n; i++)
        img[i] = (float)pixels[i] / 255.0f; /* as a PGM of maxval 255 reads */
    float grid[PIXELS];
    int prep = ink_image_to_input(img, width, height, model->mnist, grid, NULL);
    free(img);
    char what[64];
    snprintf(what, sizeof what, "%s: the %d x %d image", fn, width, height);
    rc = classify_grid(model, grid, prep, what, probs);
    if (rc < 0 && probs)
        memset(probs, 0, (size_t)n_probs * sizeof *probs);
    return rc;
}

/* Copies the caller's strokes into d (initialised), checking each; returns 0 or a code. */
static int build_drawing(const char *fn, const ScratchnetStroke *strokes, int n_strokes,
                         InkDrawing *d)
{
    size_t total = 0;
    for (int i = 0; i < n_strokes; i++) {
        const ScratchnetStroke *s = &strokes[i];
        if (!s->points || s->n_points < 1)
            return fail(SCRATCHNET_E_ARG, "%s: strokes[%d]: %s", fn, i,
                        s->points ? "no points (n_points must be >= 1)" : "points is NULL");
        if (!isfinite(s->width) || !(s->width > 0.0f))
            return fail(SCRATCHNET_E_ARG, "%s: strokes[%d].width: %g is not a number > 0", fn, i,
                        (double)s->width);
        if (s->width > INK_MAX_WIDTH_PER_SIDE * fmaxf(d->width, d->height))
            return fail(SCRATCHNET_E_ARG,
                        "%s: strokes[%d].width: %g is wider than a quarter of the canvas", fn, i,
                        (double)s->width);
        for (int k = 0; k < s->n_points; k++)
            if (!isfinite(s->points[k].x) || !isfinite(s->points[k].y))
                return fail(SCRATCHNET_E_ARG, "%s: strokes[%d].points[%d]: not a finite point", fn,
                            i, k);
        /* the arguments are valid, so a failure here is a failed allocation (the stroke count
         * was checked by the caller) */
        if (ink_drawing_begin_stroke(d, s->width, s->erase != 0) < 0)
            return fail(SCRATCHNET_E_NOMEM, "%s: out of memory for %d strokes", fn, n_strokes);
        for (int k = 0; k < s->n_points; k++) {
            /* a point within INK_MIN_STEP of the one before is dropped (1), as on input */
            int rc = ink_drawing_add_point(d, s->points[k].x, s->points[k].y);
            if (rc == INK_E_LIMIT)
                return fail(SCRATCHNET_E_LIMIT,
                            "%s: strokes[%d].points[%d]: more than %d points in all (not "
                            "counting those within %g of the point before)",
                            fn, i, k, INK_MAX_POINTS, (double)INK_MIN_STEP);
            if (rc < 0)
                return fail(SCRATCHNET_E_NOMEM, "%s: out of memory for %zu points", fn, total);
            total += rc == 0;
        }
    }
    return 0;
}

int scratchnet_classify_strokes(ScratchnetModel *model, const ScratchnetStroke *strokes,
                                int n_strokes, float canvas_width, float canvas_height,
                                float *probs, int n_probs)
{
    const char *fn = "scratchnet_classify_strokes";
    int rc = check_common(fn, model, probs, n_probs);
    if (rc)
        return rc;
    if (n_strokes < 0 || n_strokes > INK_MAX_STROKES)
        return fail(n_strokes < 0 ? SCRATCHNET_E_ARG : SCRATCHNET_E_LIMIT,
                    "%s: n_strokes is %d, not 0 to %d", fn, n_strokes, INK_MAX_STROKES);
    if (n_strokes > 0 && !strokes)
        return fail(SCRATCHNET_E_ARG, "%s: strokes is NULL", fn);
    if (!isfinite(canvas_width) || !isfinite(canvas_height) || !(canvas_width > 0.0f) ||
        !(canvas_height > 0.0f))
        return fail(SCRATCHNET_E_ARG, "%s: the canvas is %g x %g, not a positive size", fn,
                    (double)canvas_width, (double)canvas_height);
    InkDrawing d;
    ink_drawing_init(&d, canvas_width, canvas_height);
    rc = build_drawing(fn, strokes, n_strokes, &d);
    if (rc == 0) {
        float grid[PIXELS];
        int prep = ink_drawing_to_input(&d, model->mnist, grid, NULL);
        char what[80];
        snprintf(what, sizeof what, "%s: the drawing of %d strokes", fn, n_strokes);
        rc = classify_grid(model, grid, prep, what, probs);
    }
    ink_drawing_free(&d);
    if (rc < 0 && probs)
        memset(probs, 0, (size_t)n_probs * sizeof *probs);
    return rc;
}

int scratchnet_classify_file(ScratchnetModel *model, const char *path, float *probs, int n_probs)
{
    const char *fn = "scratchnet_classify_file";
    int rc = check_common(fn, model, probs, n_probs);
    if (rc)
        return rc;
    if (!path)
        return fail(SCRATCHNET_E_ARG, "%s: path is NULL", fn);
    InkError ierr = {0};
    float grid[PIXELS];
    /* as `scratchnet predict` reads it: a ".json" name is a drawing saved by the app */
    int prep = ink_file_to_input(path, ink_is_json_name(path), model->mnist, grid, &ierr);
    if (prep < 0) /* the INK_E_* codes are the SCRATCHNET_E_* ones */
        rc = fail(prep, "%s", ierr.msg);
    else
        rc = classify_grid(model, grid, prep, path, probs);
    if (rc < 0 && probs)
        memset(probs, 0, (size_t)n_probs * sizeof *probs);
    return rc;
}
