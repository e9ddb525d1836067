/* train_outliers.c - the made non-digits a run trains on and holds out (train_outliers.h). */
#include "cli/train_outliers.h"

#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "ink/nondigit.h"
#include "nn/loss.h"
#include "nn/rng.h"

enum { SIDE = 28, PIXELS = SIDE * SIDE };

/* The first seed of a stream: the streams start far apart in the 64-bit space of seeds, so that
 * a held-out image is never one trained on. */
static uint64_t stream_base(uint64_t run_seed, TrainOutlierStream stream)
{
    NnRng g;
    nn_rng_seed(&g, run_seed ^ (stream == TRAIN_OUTLIERS_TRAINING ? 0x6E6F6E6469676974ull
                                                                  : 0x68656C646F757431ull));
    return (uint64_t)nn_rng_u32(&g) << 32 | nn_rng_u32(&g);
}

int train_outliers_make(uint8_t *out, int n, uint64_t run_seed, TrainOutlierStream stream,
                        int tty, SnError *err)
{
    const uint64_t base = stream_base(run_seed, stream);
    for (int i = 0; i < n; i++) {
        int kind = ink_nondigit_make(base + (uint64_t)i, out + (size_t)i * PIXELS, err);
        if (kind < 0)
            return kind;
        if (tty && ((i + 1) % 500 == 0 || i + 1 == n)) {
            fprintf(stderr, "\r  making non-digits %d/%d ", i + 1, n);
            fflush(stderr);
        }
    }
    if (tty && n > 0)
        fprintf(stderr, "\r%40s\r", "");
    return 0;
}

int train_outliers_append(NnDataset *ds, int n, uint64_t run_seed, int tty, SnError *err)
{
    if (ds->rows != SIDE || ds->cols != SIDE)
        return sn_error(err, SN_E_ARG, "made non-digits are %d x %d images, the data set's are "
                        "%d x %d", SIDE, SIDE, ds->rows, ds->cols);
    const size_t have = (size_t)ds->n, need = have + (size_t)n;
    size_t cap_images = have * PIXELS, cap_labels = have; /* as the loader allocated them */
    if (buf_grow((void **)&ds->images, &cap_images, need * PIXELS, 1) != 0 ||
        buf_grow((void **)&ds->labels, &cap_labels, need, 1) != 0)
        return sn_error(err, SN_E_NOMEM, "out of memory for %d made non-digits", n);
    int rc = train_outliers_make(ds->images + have * PIXELS, n, run_seed,
                                 TRAIN_OUTLIERS_TRAINING, tty, err);
    if (rc)
        return rc;
    memset(ds->labels + have, NN_NO_CLASS, (size_t)n);
    ds->n = (int)need;
    return 0;
}
