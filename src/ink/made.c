/* made.c - the numbered streams of made non-digits and made digits (made.h). */
#include "ink/made.h"

#include <stdlib.h>

#include "ink/madedigit.h"
#include "ink/nondigit.h"
#include "nn/rng.h"
#include "nn/train.h"

enum { PIXELS = INK_MADE_SIDE * INK_MADE_SIDE };

/* The first seed of a stream of digits or non-digits. */
static uint64_t stream_base(uint64_t run_seed, InkMadeStream stream, int digits)
{
    static const uint64_t salt[2][2] = {
        {0x6E6F6E6469676974ull, 0x68656C646F757431ull}, /* "nondigit", "heldout1" */
        {0x6D61646544696769ull, 0x68656C6464696731ull}, /* "madeDigi", "helddig1" */
    };
    NnRng g;
    nn_rng_seed(&g, run_seed ^ salt[digits][stream == INK_MADE_HELD_OUT]);
    return (uint64_t)nn_rng_u32(&g) << 32 | nn_rng_u32(&g);
}

int ink_made_images(uint8_t *out, uint8_t *labels, int n, uint64_t run_seed,
                    InkMadeStream stream, InkMadeProgress progress, void *user, SnError *err)
{
    const uint64_t base = stream_base(run_seed, stream, labels != NULL);
    for (int i = 0; i < n; i++) {
        uint8_t *img = out + (size_t)i * PIXELS;
        int rc = labels ? ink_madedigit_make(base + (uint64_t)i, img, labels + i, err)
                        : ink_nondigit_make(base + (uint64_t)i, img, err);
        if (rc < 0)
            return rc;
        if (progress)
            progress(user, labels != NULL, i + 1, n);
    }
    return 0;
}

float ink_made_digits_read(NnModel *m, int n, uint64_t run_seed, InkMadeProgress progress,
                           void *user, SnError *err)
{
    NnDataset ds = {.n = n, .rows = INK_MADE_SIDE, .cols = INK_MADE_SIDE};
    ds.images = malloc((size_t)n * PIXELS);
    ds.labels = malloc((size_t)n);
    int rc = !ds.images || !ds.labels
                 ? sn_error(err, SN_E_NOMEM, "out of memory for %d made digits", n)
                 : ink_made_images(ds.images, ds.labels, n, run_seed, INK_MADE_HELD_OUT,
                                   progress, user, err);
    float acc = rc == 0 ? nn_evaluate(m, &ds, NULL, n, NULL, err) : -1.0f;
    nn_dataset_free(&ds);
    return acc;
}
