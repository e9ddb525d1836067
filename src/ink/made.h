/* made.h - the made images of a training run: non-digits (ink_nondigit_make) that belong to no
 * class and digits (ink_madedigit_make) with their labels, numbered from a run's seed in two
 * streams: one to train on, one held out and never trained on (to measure a refusal rule on
 * non-digits, or how well drawn digits are read). The streams start far apart in the 64-bit
 * space of seeds, so a held-out image is never one trained on; digits and non-digits have
 * streams of their own. Every image comes from the run's seed alone: a resumed run, or a
 * fine-tuning of its model, makes the same ones again. Shared by `scratchnet train`, the
 * fine-tuning (finetune.h) and the app; nothing here prints or exits.
 */
#ifndef INK_MADE_H
#define INK_MADE_H

#include <stdint.h>

#include "common/error.h"
#include "nn/model.h"

/* The side of a made image: 28 x 28 bytes, 0 background, 255 full ink. */
#define INK_MADE_SIDE 28

typedef enum InkMadeStream { INK_MADE_TRAINING = 0, INK_MADE_HELD_OUT } InkMadeStream;

/* Told after every image made: digits 1 for made digits, 0 for non-digits; done of n. */
typedef void (*InkMadeProgress)(void *user, int digits, int done, int n);

/* Makes n images of the stream of the run seeded run_seed into out (n * 28 * 28 bytes): made
 * digits with their labels into labels when labels is not NULL, else non-digits. progress (may
 * be NULL) is told after each. Returns 0, or a negative code with err set. */
int ink_made_images(uint8_t *out, uint8_t *labels, int n, uint64_t run_seed,
                    InkMadeStream stream, InkMadeProgress progress, void *user, SnError *err);

/* The share of n (>= 1) made digits of the held-out stream that m reads right (a refusal counts
 * as wrong, as in nn_evaluate), or a negative number with err set. m reads 28 x 28 images. */
float ink_made_digits_read(NnModel *m, int n, uint64_t run_seed, InkMadeProgress progress,
                           void *user, SnError *err);

#endif
