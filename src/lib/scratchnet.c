/* scratchnet.c - libscratchnet, the public C API of include/scratchnet.h, over the network core
 * (src/nn) and the drawing pipeline (src/ink).
 *
 * Every classification takes the path of the app and of `scratchnet predict`, ink_classify
 * (src/ink/classify.h: the model's preprocessing, its input size and scaling, the forward pass,
 * the probabilities), with the model frozen for one-image passes as the app and the command
 * line freeze theirs. Looking inside the network (layers, their outputs, saliency, knock-outs)
 * takes the same path's grid and input (src/ink/classify.h's ink_inspect and ink_saliency), and
 * so does the flip search (src/ink/flip.h).
 * Failures return a negative code and leave one line in a per-thread buffer; nothing prints.
 */
#include "lib/lib.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ink/flip.h"
#include "ink/image.h"
#include "nn/inspect.h"
#include "nn/knockout.h"
#include "nn/model_io.h"

_Static_assert(SCRATCHNET_MAX_CLASSES == NN_MAX_CLASSES, "the public class limit is the core's");
_Static_assert(SCRATCHNET_SIDE == INK_SIDE, "the public image side is the pipeline's");
_Static_assert(SCRATCHNET_VERDICT_CLASS == (int)INK_VERDICT_CLASS &&
                   SCRATCHNET_VERDICT_UNSURE == (int)INK_VERDICT_UNSURE &&
                   SCRATCHNET_VERDICT_NONE == (int)INK_VERDICT_NONE,
               "the public verdicts are the pipeline's (ink_answer_verdict)");
_Static_assert(SCRATCHNET_E_IO == SN_E_IO && SCRATCHNET_E_FORMAT == SN_E_FORMAT &&
                   SCRATCHNET_E_NOMEM == SN_E_NOMEM && SCRATCHNET_E_ARG == SN_E_ARG &&
                   SCRATCHNET_E_LIMIT == SN_E_LIMIT,
               "public error codes pass the core's through unchanged (see public_code)");

/* The calling thread's last error message (scratchnet_last_error). */
static _Thread_local char last_error[512];

int fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return code;
}

int public_code(int code)
{
    switch (code) {
    case SN_E_NOTREG:
    case SN_E_BUSY:
        return SCRATCHNET_E_IO;
    case SN_E_NONFINITE:
        return SCRATCHNET_E_NONFINITE;
    default:
        return code < 0 ? code : SCRATCHNET_E_FORMAT;
    }
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
    SnError err = {0};
    NnModel *net = nn_model_load(path, &err);
    if (!net) {
        fail(public_code(err.code), "%s", err.msg);
        return NULL;
    }
    /* one-channel images only, as for `scratchnet predict` and the app */
    SnError ierr = {0};
    if (ink_classify_check(net, path, &ierr) != 0) {
        fail(public_code(ierr.code), "%s", ierr.msg);
        nn_model_free(net);
        return NULL;
    }
    /* a loaded model has 1..NN_MAX_CLASSES outputs and one label each: the model and its
     * reader refuse anything else */
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
    lib_digits_free(&model->digits);
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

/* Classifies in through the one path and writes the probabilities (unless probs is NULL) and
 * the prepared input (unless grid is NULL; SCRATCHNET_SIDE^2 values). Returns the top class or a
 * negative code, with the message for scratchnet_last_error. */
static int classify(ScratchnetModel *model, const InkInput *in, float *probs, float *grid)
{
    InkAnswer a;
    SnError ierr = {0};
    pthread_mutex_lock(&model->lock);
    int rc = ink_classify(model->net, in, &a, &ierr);
    pthread_mutex_unlock(&model->lock);
    if (grid && a.prepared)
        memcpy(grid, a.grid, sizeof a.grid);
    /* the pipeline's rule, shared with the app and `scratchnet predict`, before any answer */
    const char *what = in->what ? in->what : in->path;
    if (a.too_little)
        return fail(SCRATCHNET_E_BLANK, "%s: too little ink to classify", what);
    if (rc < 0)
        return fail(public_code(rc), "%s", ierr.msg);
    if (probs)
        memcpy(probs, a.probs, (size_t)a.n_classes * sizeof *probs);
    return a.top;
}

int scratchnet_verdict(const ScratchnetModel *model, const float *probs, int n_probs)
{
    const char *fn = "scratchnet_verdict";
    if (!model)
        return fail(SCRATCHNET_E_ARG, "%s: model is NULL", fn);
    if (!probs)
        return fail(SCRATCHNET_E_ARG, "%s: probs is NULL", fn);
    const int n = model->net->n_out;
    if (n_probs < n)
        return fail(SCRATCHNET_E_ARG, "%s: probs holds %d values, the model has %d classes", fn,
                    n_probs, n);
    InkAnswer a = {.n_classes = n};
    memcpy(a.probs, probs, (size_t)n * sizeof *probs);
    a.top = nn_top_class(a.probs, n, NULL);
    return (int)ink_answer_verdict(model->net, &a);
}

/* An image through the one path (classify's probs and grid); the arguments but model checked. */
static int image_run(const char *fn, ScratchnetModel *model, const unsigned char *pixels,
                     int width, int height, float *probs, float *grid)
{
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
    char what[64];
    snprintf(what, sizeof what, "%s: the %d x %d image", fn, width, height);
    int rc = classify(model,
                      &(InkInput){.image = img, .width = width, .height = height, .what = what},
                      probs, grid);
    free(img);
    return rc;
}

int scratchnet_classify_image(ScratchnetModel *model, const unsigned char *pixels, int width,
                              int height, float *probs, int n_probs)
{
    const char *fn = "scratchnet_classify_image";
    int rc = check_common(fn, model, probs, n_probs);
    if (rc == 0)
        rc = image_run(fn, model, pixels, width, height, probs, NULL);
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
            if (rc == SN_E_LIMIT)
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

/* A drawing through the one path (classify's probs and grid); the arguments but model checked. */
static int strokes_run(const char *fn, ScratchnetModel *model, const ScratchnetStroke *strokes,
                       int n_strokes, float canvas_width, float canvas_height, float *probs,
                       float *grid)
{
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
    int rc = build_drawing(fn, strokes, n_strokes, &d);
    if (rc == 0) {
        char what[80];
        snprintf(what, sizeof what, "%s: the drawing of %d strokes", fn, n_strokes);
        rc = classify(model, &(InkInput){.drawing = &d, .what = what}, probs, grid);
    }
    ink_drawing_free(&d);
    return rc;
}

int scratchnet_classify_strokes(ScratchnetModel *model, const ScratchnetStroke *strokes,
                                int n_strokes, float canvas_width, float canvas_height,
                                float *probs, int n_probs)
{
    const char *fn = "scratchnet_classify_strokes";
    int rc = check_common(fn, model, probs, n_probs);
    if (rc == 0)
        rc = strokes_run(fn, model, strokes, n_strokes, canvas_width, canvas_height, probs, NULL);
    if (rc < 0 && probs)
        memset(probs, 0, (size_t)n_probs * sizeof *probs);
    return rc;
}

/* A file through the one path (classify's probs and grid); the arguments but model checked. */
static int file_run(const char *fn, ScratchnetModel *model, const char *path, float *probs,
                    float *grid)
{
    if (!path)
        return fail(SCRATCHNET_E_ARG, "%s: path is NULL", fn);
    /* as `scratchnet predict` reads it: a ".json" name is a drawing saved by the app */
    return classify(model, &(InkInput){.path = path, .strokes = ink_is_json_name(path)}, probs,
                    grid);
}

int scratchnet_classify_file(ScratchnetModel *model, const char *path, float *probs, int n_probs)
{
    const char *fn = "scratchnet_classify_file";
    int rc = check_common(fn, model, probs, n_probs);
    if (rc == 0)
        rc = file_run(fn, model, path, probs, NULL);
    if (rc < 0 && probs)
        memset(probs, 0, (size_t)n_probs * sizeof *probs);
    return rc;
}

/* ---- inside the network ---- */

int scratchnet_layers(const ScratchnetModel *model)
{
    if (!model)
        return fail(SCRATCHNET_E_ARG, "scratchnet_layers: model is NULL");
    return model->net->n_layers;
}

/* Checks model and layer; 0 or a code. */
static int check_layer(const char *fn, const ScratchnetModel *model, int layer)
{
    if (!model)
        return fail(SCRATCHNET_E_ARG, "%s: model is NULL", fn);
    if (layer < 0 || layer >= model->net->n_layers)
        return fail(SCRATCHNET_E_ARG, "%s: layer %d is not in 0..%d", fn, layer,
                    model->net->n_layers - 1);
    return 0;
}

int scratchnet_layer(const ScratchnetModel *model, int layer, ScratchnetLayer *info)
{
    const char *fn = "scratchnet_layer";
    int rc = check_layer(fn, model, layer);
    if (rc)
        return rc;
    if (!info)
        return fail(SCRATCHNET_E_ARG, "%s: info is NULL", fn);
    const NnLayer *L = &model->net->layers[layer];
    *info = (ScratchnetLayer){
        .type = nn_layer_type_name(L->type),
        .activation = nn_act_name(L->act),
        .channels = L->out.c,
        .height = L->out.h,
        .width = L->out.w,
        .size = L->n_out,
        .units = nn_knockout_units(model->net, layer),
    };
    return 0;
}

/* Checks the grid argument of a prepare function and zeroes it. 0 or a code. */
static int check_grid(const char *fn, const ScratchnetModel *model, float *grid, int n_grid)
{
    if (grid && n_grid > 0)
        memset(grid, 0, (size_t)n_grid * sizeof *grid);
    if (!model)
        return fail(SCRATCHNET_E_ARG, "%s: model is NULL", fn);
    if (!grid)
        return fail(SCRATCHNET_E_ARG, "%s: grid is NULL", fn);
    if (n_grid < INK_SIDE * INK_SIDE)
        return fail(SCRATCHNET_E_ARG, "%s: grid holds %d values, not %d x %d", fn, n_grid,
                    INK_SIDE, INK_SIDE);
    return 0;
}

/* What a prepare function returns for rc, its run's result: 0 once prepared (the top class
 * is not asked for), SCRATCHNET_E_BLANK with the grid kept, other failures with it zeroed. */
static int prepared(int rc, float *grid, int n_grid)
{
    if (rc < 0 && rc != SCRATCHNET_E_BLANK)
        memset(grid, 0, (size_t)n_grid * sizeof *grid);
    return rc < 0 ? rc : 0;
}

int scratchnet_prepare_image(ScratchnetModel *model, const unsigned char *pixels, int width,
                             int height, float *grid, int n_grid)
{
    const char *fn = "scratchnet_prepare_image";
    int rc = check_grid(fn, model, grid, n_grid);
    if (rc)
        return rc;
    return prepared(image_run(fn, model, pixels, width, height, NULL, grid), grid, n_grid);
}

int scratchnet_prepare_strokes(ScratchnetModel *model, const ScratchnetStroke *strokes,
                               int n_strokes, float canvas_width, float canvas_height,
                               float *grid, int n_grid)
{
    const char *fn = "scratchnet_prepare_strokes";
    int rc = check_grid(fn, model, grid, n_grid);
    if (rc)
        return rc;
    rc = strokes_run(fn, model, strokes, n_strokes, canvas_width, canvas_height, NULL, grid);
    return prepared(rc, grid, n_grid);
}

int scratchnet_prepare_file(ScratchnetModel *model, const char *path, float *grid, int n_grid)
{
    const char *fn = "scratchnet_prepare_file";
    int rc = check_grid(fn, model, grid, n_grid);
    if (rc)
        return rc;
    return prepared(file_run(fn, model, path, NULL, grid), grid, n_grid);
}

int grid_answer(const char *fn, const float *grid, InkAnswer *a)
{
    if (!grid)
        return fail(SCRATCHNET_E_ARG, "%s: grid is NULL", fn);
    for (int i = 0; i < INK_SIDE * INK_SIDE; i++)
        if (!isfinite(grid[i]))
            return fail(SCRATCHNET_E_ARG, "%s: grid[%d] is not a finite number", fn, i);
    memset(a, 0, sizeof *a);
    memcpy(a->grid, grid, sizeof a->grid);
    a->prepared = 1;
    a->top = -1;
    return 0;
}

int scratchnet_layer_output(ScratchnetModel *model, const float *grid, int layer, float *out,
                            int n_out)
{
    const char *fn = "scratchnet_layer_output";
    InkAnswer a;
    int rc = check_layer(fn, model, layer);
    if (rc == 0)
        rc = grid_answer(fn, grid, &a);
    if (rc)
        return rc;
    const int size = model->net->layers[layer].n_out;
    if (!out || n_out < size)
        return fail(SCRATCHNET_E_ARG, "%s: out %s, layer %d has %d values", fn,
                    out ? "is too small" : "is NULL", layer, size);
    SnError err = {0};
    pthread_mutex_lock(&model->lock);
    rc = ink_inspect(model->net, &a, &err);
    if (rc == 0)
        memcpy(out, nn_inspect_output(model->net, layer), (size_t)size * sizeof *out);
    pthread_mutex_unlock(&model->lock);
    return rc ? fail(public_code(rc), "%s: %s", fn, err.msg) : size;
}

/* Checks the arguments of a function that maps a grid to another grid of INK_SIDE x INK_SIDE
 * values (out, called name, holding n_out floats) and fills a from grid. 0 or a code. */
static int grid_to_grid(const char *fn, const ScratchnetModel *model, const float *grid,
                        InkAnswer *a, const char *name, const float *out, int n_out)
{
    if (!model)
        return fail(SCRATCHNET_E_ARG, "%s: model is NULL", fn);
    int rc = grid_answer(fn, grid, a);
    if (rc)
        return rc;
    if (!out || n_out < INK_SIDE * INK_SIDE)
        return fail(SCRATCHNET_E_ARG, "%s: %s %s, not %d x %d values", fn, name,
                    out ? "is too small" : "is NULL", INK_SIDE, INK_SIDE);
    return 0;
}

int scratchnet_saliency(ScratchnetModel *model, const float *grid, int cls, float *grad,
                        int n_grad)
{
    const char *fn = "scratchnet_saliency";
    InkAnswer a;
    int rc = grid_to_grid(fn, model, grid, &a, "grad", grad, n_grad);
    if (rc)
        return rc;
    SnError err = {0};
    pthread_mutex_lock(&model->lock);
    rc = ink_saliency(model->net, &a, cls, grad, &err);
    pthread_mutex_unlock(&model->lock);
    return rc ? fail(public_code(rc), "%s: %s", fn, err.msg) : 0;
}

int scratchnet_flip(ScratchnetModel *model, const float *grid, int cls, float *changed,
                    int n_changed, float *norm)
{
    const char *fn = "scratchnet_flip";
    InkAnswer a;
    int rc = grid_to_grid(fn, model, grid, &a, "changed", changed, n_changed);
    if (rc)
        return rc;
    InkFlip *f = malloc(sizeof *f);
    if (!f)
        return fail(SCRATCHNET_E_NOMEM, "%s: out of memory", fn);
    SnError err = {0};
    pthread_mutex_lock(&model->lock);
    InkFlipAsk ask = {.target = cls, .prep = INK_PREP_NONE}; /* the grid as the network sees it */
    rc = ink_flip(model->net, a.grid, &ask, f, &err);
    pthread_mutex_unlock(&model->lock);
    if (rc == 0) {
        memcpy(changed, f->grid, sizeof f->grid);
        if (norm)
            *norm = f->norm;
        rc = f->top;
    }
    free(f);
    return rc < 0 ? fail(public_code(rc), "%s: %s", fn, err.msg) : rc;
}

int scratchnet_knockout(ScratchnetModel *model, int layer, int unit, int off)
{
    if (!model)
        return fail(SCRATCHNET_E_ARG, "scratchnet_knockout: model is NULL");
    SnError err = {0};
    pthread_mutex_lock(&model->lock);
    int rc = nn_knockout_set(model->net, layer, unit, off != 0, &err);
    pthread_mutex_unlock(&model->lock);
    return rc ? fail(public_code(rc), "scratchnet_knockout: %s", err.msg) : 0;
}

int scratchnet_knockout_clear(ScratchnetModel *model)
{
    if (!model)
        return fail(SCRATCHNET_E_ARG, "scratchnet_knockout_clear: model is NULL");
    pthread_mutex_lock(&model->lock);
    nn_knockout_clear(model->net);
    pthread_mutex_unlock(&model->lock);
    return 0;
}
