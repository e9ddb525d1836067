/* refusal.c - choosing the refusal bound on held-out images (refusal.h). */
#include "ink/refusal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "nn/rng.h"
#include "nn/train.h"

enum { BATCH = 256 };

static int by_value(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

float ink_refusal_bound(float *top, int n, float share)
{
    qsort(top, (size_t)n, sizeof *top, by_value);
    /* below top[k] lie at most k values (fewer when some equal it); any larger bound would
     * also refuse top[k] and all below it, k + 1 or more */
    int k = (int)floor((double)share * n + 1e-6); /* 0.005 of 5000 is 25, not 24.99... */
    return top[k < n ? k : n - 1];
}

int ink_refusal_tops(NnModel *m, const float *x, int n, float *top, SnError *err)
{
    int rc = nn_model_reserve(m, BATCH, err);
    if (rc)
        return rc;
    float *p = malloc((size_t)m->n_out * sizeof *p);
    if (!p)
        return sn_error(err, SN_E_NOMEM, "out of memory for %d probabilities", m->n_out);
    nn_model_set_training(m, 0);
    for (int done = 0; done < n; done += BATCH) {
        int nb = n - done < BATCH ? n - done : BATCH;
        const float *out = nn_model_forward(m, x + (size_t)done * m->n_in, nb);
        for (int i = 0; i < nb; i++) {
            nn_model_probabilities(m, out + (size_t)i * m->n_out, p);
            top[done + i] = p[nn_top_class(p, m->n_out, NULL)];
        }
    }
    free(p);
    return 0;
}

/* The model inputs of the images ds[idx[0..n)], each distorted once by aug unless it is NULL
 * (scratch: ink_augment_scratch_size floats). */
static void held_out_inputs(const NnModel *m, const NnDataset *ds, const int *idx, int n,
                            const InkAugment *aug, float *scratch, uint64_t run_seed, float *x)
{
    const size_t img = (size_t)ds->rows * (size_t)ds->cols;
    NnRng rng;
    nn_rng_seed(&rng, run_seed ^ 0x76616C6964617465ull); /* the distortions' own stream */
    for (int i = 0; i < n; i++) {
        const uint8_t *pixels = ds->images + (size_t)idx[i] * img;
        float *xi = x + (size_t)i * m->n_in;
        if (aug) {
            uint64_t seed = (uint64_t)nn_rng_u32(&rng) << 32 | nn_rng_u32(&rng);
            ink_augment_image(aug, pixels, ds->cols, ds->rows, ds->labels[idx[i]], seed,
                              scratch, xi);
            nn_model_scale_input(&m->info, xi, xi, img);
        } else {
            nn_pixels_to_input(pixels, img, m->info.in_scale, m->info.in_offset, xi);
        }
    }
}

/* How many of the made held-out non-digits the bound refuses, into r. */
static int measure_made(NnModel *m, uint64_t run_seed, InkMadeProgress progress, void *user,
                        float *x, float *top, InkRefusal *r, SnError *err)
{
    uint8_t *pixels = malloc((size_t)r->made * (size_t)m->n_in);
    if (!pixels)
        return sn_error(err, SN_E_NOMEM, "out of memory for %d made non-digits", r->made);
    int rc = ink_made_images(pixels, NULL, r->made, run_seed, INK_MADE_HELD_OUT, progress, user,
                             err);
    if (rc == 0) {
        nn_pixels_to_input(pixels, (size_t)r->made * (size_t)m->n_in, m->info.in_scale,
                           m->info.in_offset, x);
        rc = ink_refusal_tops(m, x, r->made, top, err);
    }
    for (int i = 0; rc == 0 && i < r->made; i++)
        r->made_refused += top[i] < r->below;
    free(pixels);
    return rc;
}

int ink_refusal_choose(NnModel *m, const NnDataset *ds, const int *idx, int n,
                       const InkAugment *aug, uint64_t run_seed, float share, int made,
                       const char *what, InkMadeProgress progress, void *user, InkRefusal *out,
                       SnError *err)
{
    InkRefusal r = {.images = n, .made = made};
    const int most = n > made ? n : made;
    float *x = malloc((size_t)most * (size_t)m->n_in * sizeof *x);
    float *top = malloc((size_t)most * sizeof *top);
    float *scratch = aug ? malloc(ink_augment_scratch_size(ds->cols, ds->rows) * sizeof *scratch)
                         : NULL;
    int rc = 0;
    if (!x || !top || (aug && !scratch))
        rc = sn_error(err, SN_E_NOMEM, "out of memory for %d held-out images", most);
    if (rc == 0) {
        held_out_inputs(m, ds, idx, n, aug, scratch, run_seed, x);
        rc = ink_refusal_tops(m, x, n, top, err);
    }
    if (rc == 0) {
        r.below = ink_refusal_bound(top, n, share);
        for (int i = 0; i < n; i++)
            r.refused += top[i] < r.below;
    }
    if (rc == 0 && made > 0)
        rc = measure_made(m, run_seed, progress, user, x, top, &r, err);
    free(scratch);
    free(x);
    free(top);
    if (rc)
        return rc;
    *out = r;
    if (!(r.below > 0.0f))
        return 0; /* no rule: top probabilities of 0 come from outputs that are no numbers */
    m->info.refuse_below = r.below;
    int len = snprintf(m->info.refuse_chosen, sizeof m->info.refuse_chosen,
                       "refuses %.1f %% of %d held-out %s%s", 100.0 * r.refused / n, n, what,
                       aug ? " (distorted)" : "");
    if (made > 0 && len > 0 && (size_t)len < sizeof m->info.refuse_chosen)
        snprintf(m->info.refuse_chosen + len, sizeof m->info.refuse_chosen - (size_t)len,
                 " and %.1f %% of %d held-out made non-digits", 100.0 * r.made_refused / made,
                 made);
    return 0;
}

int ink_refusal_share(NnModel *m, const NnDataset *ds, const int *idx, int n, float *share,
                      SnError *err)
{
    *share = 0.0f;
    if (!(m->info.refuse_below > 0.0f))
        return 0;
    float *x = malloc((size_t)n * (size_t)m->n_in * sizeof *x);
    float *top = malloc((size_t)n * sizeof *top);
    int rc = !x || !top ? sn_error(err, SN_E_NOMEM, "out of memory for %d held-out images", n)
                        : 0;
    if (rc == 0) {
        held_out_inputs(m, ds, idx, n, NULL, NULL, 0, x);
        rc = ink_refusal_tops(m, x, n, top, err);
    }
    int refused = 0;
    for (int i = 0; rc == 0 && i < n; i++)
        refused += top[i] < m->info.refuse_below;
    free(x);
    free(top);
    if (rc == 0)
        *share = (float)refused / (float)n;
    return rc;
}
