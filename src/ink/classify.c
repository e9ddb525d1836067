/* classify.c - a drawing, an image or a file through a model's preprocessing, input size,
 * scaling and forward pass to its probabilities (classify.h). */
#include "ink/classify.h"

#include <stdlib.h>
#include <string.h>

#include "ink/pipeline.h"
#include "nn/inspect.h"

int ink_classify_check(const NnModel *m, const char *path, SnError *err)
{
    if (m->in_shape.c == 1)
        return 0;
    return sn_error(err, SN_E_FORMAT,
                    "%s: the model's input is %dx%dx%d (channels x rows x cols): drawings and "
                    "images have one channel, so it cannot read them",
                    path, m->in_shape.c, m->in_shape.h, m->in_shape.w);
}

void ink_classify_input(const NnModel *m, const float *grid, float *x)
{
    const int h = m->in_shape.h, w = m->in_shape.w;
    if (h == INK_SIDE && w == INK_SIDE) {
        nn_model_scale_input(&m->info, grid, x, (size_t)h * (size_t)w);
        return;
    }
    ink_resample(grid, INK_SIDE, INK_SIDE, x, w, h);
    nn_model_scale_input(&m->info, x, x, (size_t)h * (size_t)w);
}

/* The model's input for an answer's grid into *x, a new array of n m->n_in values (caller
 * frees), room for n - 1 more inputs' worth after it. 0 or a code with err filled. */
static int answer_input(const NnModel *m, const InkAnswer *a, int n, float **x, SnError *err)
{
    *x = NULL;
    if (!a->prepared)
        return sn_error(err, SN_E_ARG, "the answer holds no prepared input to inspect");
    int rc = ink_classify_check(m, "model", err);
    if (rc != 0)
        return rc;
    *x = malloc(sizeof **x * (size_t)n * (size_t)m->n_in);
    if (!*x)
        return sn_error(err, SN_E_NOMEM, "out of memory for the model's input");
    ink_classify_input(m, a->grid, *x);
    return 0;
}

int ink_inspect(NnModel *m, const InkAnswer *a, SnError *err)
{
    float *x;
    int rc = answer_input(m, a, 1, &x, err);
    if (rc == 0)
        rc = nn_inspect_forward(m, x, err);
    free(x);
    return rc;
}

/* d grid = R^T d unit for the resampling R of the 28 x 28 grid to the model's H x W: R is
 * linear, so column j of R (cell j's weight in every unit value) is R applied to the grid that
 * is 1 in cell j alone, and d grid_j = sum_i d unit_i R_ij. */
static int resample_transpose(const NnModel *m, const float *dunit, float *grid_grad)
{
    const int h = m->in_shape.h, w = m->in_shape.w;
    float *col = malloc(sizeof *col * (size_t)h * (size_t)w);
    if (!col)
        return SN_E_NOMEM;
    float cell[INK_SIDE * INK_SIDE] = {0};
    for (int j = 0; j < INK_SIDE * INK_SIDE; j++) {
        cell[j] = 1.0f;
        ink_resample(cell, INK_SIDE, INK_SIDE, col, w, h);
        cell[j] = 0.0f;
        double sum = 0.0;
        for (int i = 0; i < h * w; i++)
            sum += (double)dunit[i] * (double)col[i];
        grid_grad[j] = (float)sum;
    }
    free(col);
    return 0;
}

int ink_saliency(NnModel *m, const InkAnswer *a, int cls, float *grid_grad, SnError *err)
{
    if (cls < 0 || cls >= m->n_out)
        return sn_error(err, SN_E_ARG, "class %d is not one of the model's %d outputs", cls,
                        m->n_out);
    float ds[NN_MAX_CLASSES] = {0}; /* the score is z_last[cls] itself */
    ds[cls] = 1.0f;
    return ink_saliency_sum(m, a, ds, grid_grad, err);
}

int ink_saliency_sum(NnModel *m, const InkAnswer *a, const float *dscore, float *grid_grad,
                     SnError *err)
{
    float *x;
    int rc = answer_input(m, a, 2, &x, err);
    if (rc == 0)
        rc = nn_input_gradient_sum(m, x, dscore, x + m->n_in, err);
    if (rc != 0) {
        free(x);
        return rc;
    }
    /* through the scaling, x = unit * 255 * in_scale + in_offset: d unit = dx * 255 * in_scale */
    float *dunit = x + m->n_in;
    const float scale = 255.0f * m->info.in_scale;
    for (int i = 0; i < m->n_in; i++)
        dunit[i] *= scale;
    if (m->in_shape.h == INK_SIDE && m->in_shape.w == INK_SIDE)
        memcpy(grid_grad, dunit, sizeof *grid_grad * INK_SIDE * INK_SIDE); /* unit = grid */
    else if (resample_transpose(m, dunit, grid_grad) != 0)
        rc = sn_error(err, SN_E_NOMEM, "out of memory for the saliency map");
    free(x);
    return rc;
}

/* Fills a->grid from in (28 x 28, 0..1) with or without MNIST's preprocessing. Returns 0, 1 for
 * too little ink, or a negative code with err set. */
static int prepare(const InkInput *in, int mnist, const char *what, InkAnswer *a, SnError *err)
{
    int rc;
    if (in->drawing)
        rc = ink_drawing_to_input(in->drawing, mnist, a->grid, in->steps);
    else if (in->image)
        rc = ink_image_to_input(in->image, in->width, in->height, mnist, a->grid, in->steps);
    else if (in->path)
        return ink_file_to_input(in->path, in->strokes, mnist, a->grid, err);
    else
        return sn_error(err, SN_E_ARG, "%s: nothing to classify", what);
    /* the rendering's only failure */
    return rc < 0 ? sn_error(err, SN_E_NOMEM, "%s: out of memory", what) : rc;
}

int ink_classify(NnModel *m, const InkInput *in, InkAnswer *a, SnError *err)
{
    a->prepared = a->too_little = 0;
    a->top = -1;
    a->n_classes = 0;
    const char *what = in->what ? in->what : in->path ? in->path : "input";
    if (m && ink_classify_check(m, what, err) != 0)
        return SN_E_FORMAT;
    int mnist = in->prep == INK_PREP_MNIST ||
                (in->prep == INK_PREP_DECLARED && (!m || nn_model_mnist_preprocessing(m)));
    int rc = prepare(in, mnist, what, a, err);
    if (rc < 0)
        return rc;
    a->prepared = 1;
    a->too_little = rc == 1;
    if (!m)
        return 0;

    float *x = malloc(sizeof *x * (size_t)m->n_in);
    if (!x)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory", what);
    ink_classify_input(m, a->grid, x);
    float out[NN_MAX_CLASSES]; /* a model has at most this many outputs (nn_model_new_shape) */
    int top = nn_model_predict(m, x, out);
    free(x);
    if (top < 0)
        return sn_error(err, top, "%s: %s", what, nn_model_predict_failure(top));
    nn_model_probabilities(m, out, a->probs);
    a->top = nn_top_class(a->probs, m->n_out, NULL);
    a->n_classes = m->n_out;
    return 0;
}

int ink_answer_refused(const NnModel *m, const InkAnswer *a)
{
    return a->top >= 0 && nn_model_refuses(m, a->probs);
}

InkVerdict ink_answer_verdict(const NnModel *m, const InkAnswer *a)
{
    if (ink_answer_refused(m, a))
        return INK_VERDICT_NONE;
    return a->probs[a->top] < INK_UNSURE_BELOW ? INK_VERDICT_UNSURE : INK_VERDICT_CLASS;
}

const char *ink_verdict_name(InkVerdict v)
{
    return v == INK_VERDICT_NONE ? "none" : v == INK_VERDICT_UNSURE ? "unsure" : "class";
}

int ink_reads_digits(const NnModel *m)
{
    for (int i = 0; i < m->info.n_classes; i++) {
        const char *l = m->info.labels[i];
        if (!(l[0] >= '0' && l[0] <= '9' && l[1] == '\0'))
            return 0;
    }
    return 1;
}

const char *ink_none_words(const NnModel *m)
{
    return ink_reads_digits(m) ? "not a digit" : "none of these classes";
}
