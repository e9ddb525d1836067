/* digits.c - the images of a model's data set as it sees them (scratchnet.h): the training
 * images nearest to an image and the test images that excite a unit most, over the core's
 * searches (nn/neighbours.h, nn/excite.h) on the images nn/digits.h finds for its data set. Each model keeps its digits
 * and the two indexes, built on the first search that needs them, under its lock. */
#include "lib/lib.h"

#include <stdlib.h>
#include <string.h>

#include "nn/digits.h"

#define SIDE SCRATCHNET_SIDE
#define MAX_K NN_NB_MAX_K

_Static_assert(MAX_K == 1000, "scratchnet.h documents k up to 1000");

/* Drops what was read and built from the digits; keeps the folder. */
static void drop(LibDigits *d)
{
    nn_dataset_free(&d->train);
    nn_dataset_free(&d->test);
    nn_neighbours_free(&d->index);
    nn_excite_free(&d->excite);
    d->loaded = 0;
}

void lib_digits_free(LibDigits *d)
{
    drop(d);
    free(d->dir);
    d->dir = NULL;
}

/* Reads the images of the model's data set (dataset: its info.train.dataset) if they are not
 * read yet; the caller holds the lock. */
static int load(LibDigits *d, const char *dataset)
{
    if (d->loaded)
        return 0;
    SnError err = {0};
    const char *prefix[2] = {"train", "t10k"};
    NnDataset *set[2] = {&d->train, &d->test};
    char from[PATHS_MAX] = ""; /* the folder read */
    int rc = 0;
    for (int s = 0; s < 2 && rc == 0; s++) {
        rc = d->dir ? nn_digits_load(NULL, d->dir, prefix[s], set[s], NULL, &err)
                    : nn_digits_load_dataset(dataset, prefix[s], set[s], from, &err);
        if (rc == 0 && (set[s]->rows != SIDE || set[s]->cols != SIDE))
            rc = sn_error(&err, SN_E_FORMAT, "%s: %s digits of %d x %d pixels, not %d x %d",
                          d->dir ? d->dir : from, prefix[s], set[s]->rows, set[s]->cols, SIDE,
                          SIDE);
    }
    if (rc != 0) {
        drop(d);
        return fail(public_code(rc), "%s", err.msg);
    }
    d->loaded = 1;
    return 0;
}

int scratchnet_use_digits(ScratchnetModel *model, const char *dir)
{
    if (!model)
        return fail(SCRATCHNET_E_ARG, "scratchnet_use_digits: model is NULL");
    char *copy = dir ? malloc(strlen(dir) + 1) : NULL;
    if (dir && !copy)
        return fail(SCRATCHNET_E_NOMEM, "scratchnet_use_digits: out of memory");
    if (copy)
        memcpy(copy, dir, strlen(dir) + 1);
    pthread_mutex_lock(&model->lock);
    lib_digits_free(&model->digits);
    model->digits.dir = copy;
    int rc = load(&model->digits, model->net->info.train.dataset);
    pthread_mutex_unlock(&model->lock);
    return rc;
}

/* Checks what both searches share: the model, out and k, and a model that reads 28 x 28. */
static int check(const char *fn, const ScratchnetModel *model, const ScratchnetDigit *out, int k)
{
    if (!model || !out)
        return fail(SCRATCHNET_E_ARG, "%s: %s is NULL", fn, model ? "out" : "model");
    if (k < 1 || k > MAX_K)
        return fail(SCRATCHNET_E_ARG, "%s: k is %d, not 1 to %d", fn, k, MAX_K);
    if (model->net->n_in != SIDE * SIDE)
        return fail(SCRATCHNET_E_ARG, "%s: the model reads %d values, not %d x %d images", fn,
                    model->net->n_in, SIDE, SIDE);
    return 0;
}

/* out[r] = digit index of set, with its label and score. */
static void fill(ScratchnetDigit *out, const NnDataset *set, int index, float score)
{
    out->index = index;
    out->label = set->labels[index];
    out->score = score;
    memcpy(out->pixels, set->images + (size_t)index * SIDE * SIDE, SIDE * SIDE);
}

/* The grid's features searched in the index (built first if need be); the lock is held. */
static int nearest(ScratchnetModel *model, const InkAnswer *a, ScratchnetDigit *out, int k)
{
    LibDigits *d = &model->digits;
    SnError err = {0};
    int rc = load(d, model->net->info.train.dataset);
    if (rc != 0)
        return rc;
    if (d->index.n == 0 &&
        (rc = nn_neighbours_build(&d->index, model->net, &d->train, NULL, NULL, &err)) != 0)
        return fail(public_code(rc), "%s", err.msg);
    float x[SIDE * SIDE];
    NnNeighbour found[MAX_K];
    ink_classify_input(model->net, a->grid, x);
    rc = nn_neighbours_query(&d->index, model->net, x, k, found, &err);
    if (rc < 0)
        return fail(public_code(rc), "%s", err.msg);
    for (int r = 0; r < rc; r++)
        fill(&out[r], &d->train, found[r].index, found[r].distance);
    return rc;
}

int scratchnet_nearest_digits(ScratchnetModel *model, const float *grid, ScratchnetDigit *out,
                              int k)
{
    const char *fn = "scratchnet_nearest_digits";
    InkAnswer a;
    int rc = check(fn, model, out, k);
    if (rc == 0)
        rc = grid_answer(fn, grid, &a);
    if (rc != 0)
        return rc;
    pthread_mutex_lock(&model->lock);
    rc = nearest(model, &a, out, k);
    pthread_mutex_unlock(&model->lock);
    return rc;
}

/* The unit's best test digits (scores built first if need be); the lock is held. */
static int exciting(ScratchnetModel *model, int layer, int unit, ScratchnetDigit *out, int k)
{
    LibDigits *d = &model->digits;
    SnError err = {0};
    int rc = load(d, model->net->info.train.dataset);
    if (rc == 0 && d->excite.n == 0 &&
        (rc = nn_excite_build(&d->excite, model->net, &d->test, NULL, NULL, &err)) != 0)
        return fail(public_code(rc), "%s", err.msg);
    if (rc != 0)
        return rc;
    NnExcited best[MAX_K];
    rc = nn_excite_top(&d->excite, layer, unit, k, best); /* the caller checked layer and unit */
    for (int r = 0; r < rc; r++)
        fill(&out[r], &d->test, best[r].index, best[r].score);
    return rc;
}

int scratchnet_exciting_digits(ScratchnetModel *model, int layer, int unit, ScratchnetDigit *out,
                               int k)
{
    const char *fn = "scratchnet_exciting_digits";
    int rc = check(fn, model, out, k);
    if (rc != 0)
        return rc;
    if (layer < 0 || layer >= model->net->n_layers)
        return fail(SCRATCHNET_E_ARG, "%s: layer %d is not in 0..%d", fn, layer,
                    model->net->n_layers - 1);
    const int units = nn_layer_units(model->net, layer);
    if (units == 0)
        return fail(SCRATCHNET_E_ARG, "%s: layer %d (%s) has no units: only dense and "
                    "convolution layers have", fn, layer,
                    nn_layer_type_name(model->net->layers[layer].type));
    if (unit < 0 || unit >= units)
        return fail(SCRATCHNET_E_ARG, "%s: unit %d of layer %d is not in 0..%d", fn, unit,
                    layer, units - 1);
    pthread_mutex_lock(&model->lock);
    rc = exciting(model, layer, unit, out, k);
    pthread_mutex_unlock(&model->lock);
    return rc;
}
