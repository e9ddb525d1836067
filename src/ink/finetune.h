/* finetune.h - teaching a model one person's handwriting without making it forget MNIST.
 *
 * The person's labelled drawings become the network's input through the app's own path
 * (ink_classify with the model's preprocessing), each is copied `copies` times with small
 * random distortions (shift, rotation, scale, thickness, elastic; never shear, which would undo
 * the hand's slant) so that a few dozen count, and the copies are mixed with MNIST training
 * images (and, for a model trained with them, made non-digits and made digits in the same
 * proportion as its training had, made.h). A short run at a low learning rate from the model's
 * own weights trains on the mix with the model's recorded cost and optimiser; after every epoch
 * the held-out MNIST images are read, and the last epoch that kept MNIST within
 * INK_FINETUNE_MAX_DROP of where it was is kept (else the epoch that lost the least).
 * A refusal rule is then chosen again on held-out MNIST (and measured on held-out made
 * non-digits) so that it refuses the share of held-out MNIST it refused before: never on the
 * person's drawings, which change nothing in it. Nothing here prints or exits.
 *
 *     NnDataset mnist;  ... nn_dataset_load_mnist(dir, "train", 10, &mnist, &err) ...
 *     InkFinetuneConfig cfg = ink_finetune_defaults();
 *     InkFinetuneReport rep;
 *     rc = ink_finetune(m, &drawings, &mnist, 55000, 5000, &cfg, &rep, &err);
 */
#ifndef INK_FINETUNE_H
#define INK_FINETUNE_H

#include <stdint.h>

#include "common/error.h"
#include "ink/labelled.h"
#include "ink/refusal.h"
#include "nn/idx.h"
#include "nn/model.h"
#include "nn/train.h"

/* The most the held-out MNIST accuracy may drop for an epoch to be kept, as a fraction: 0.15
 * percentage points, half the 0.3 the MNIST test set may lose, as the test set's figure moves
 * by about that much more than the held-out one's. */
#define INK_FINETUNE_MAX_DROP 0.0015f

/* A model needs at least this many drawings of a class to be fine-tuned on them. */
#define INK_FINETUNE_MIN_DRAWINGS 1
/* With hold_out, drawings are held back to measure only when there are at least this many. */
#define INK_FINETUNE_MIN_HOLD_OUT 15

typedef struct InkFinetuneConfig {
    int mnist;          /* MNIST training images mixed in per epoch (at most what is there) */
    int copies;         /* distorted copies of each drawing per epoch (>= 1) */
    int epochs;         /* passes over the mix (>= 1) */
    float lr;           /* learning rate; 0: a tenth of the model's recorded rate (its
                           optimiser's default when it has none) */
    uint64_t seed;      /* the mix, the distortions, the shuffling, the made images */
    int hold_out;       /* 1: every third drawing of each class is held back to measure (when
                           there are INK_FINETUNE_MIN_HOLD_OUT drawings or more), not trained on */
    NnProgressFn progress; /* told after every batch (done and total over the whole run, the
                              running loss and accuracy); non-zero stops; may be NULL */
    void *user;         /* passed to progress */
} InkFinetuneConfig;

/* What the fine-tuning did; accuracies are fractions in [0, 1] or -1 (not measured). */
typedef struct InkFinetuneReport {
    int n_tuned, n_held;              /* drawings trained on, and held back */
    float held_before, held_after;    /* held-back drawings read right (through ink_classify) */
    float tuned_before, tuned_after;  /* the drawings trained on read right */
    float mnist_before, mnist_after;  /* held-out MNIST images read right (a refusal is wrong) */
    float refused_before, refused_after; /* share of held-out MNIST refused (0 without a rule) */
    int refit;                        /* 1: the refusal rule was chosen again */
    InkRefusal refusal;               /* what the new rule does, when refit */
    int epoch_kept;                   /* the epoch whose weights were kept (1-based) */
    int n_mix;                        /* images per epoch: MNIST, copies, made ones */
    double seconds;                   /* wall-clock time of the whole fine-tuning */
} InkFinetuneReport;

/* mnist 30000, copies 10, epochs 3, lr 0, seed 1, hold_out 0, no progress. */
InkFinetuneConfig ink_finetune_defaults(void);

/* Fine-tunes m (a model reading 1 x 28 x 28 digits, ink_reads_digits) on the drawings of set
 * (labels 0-9; drawings of no class train it to spread its belief, as made non-digits do),
 * mixed with images of mnist[0, n_train), measuring on mnist[n_train, n_train + n_val) (never
 * trained on; n_val >= 100). On success m holds the new weights, its refusal rule (refit when
 * it had one) and in m->info.train the record of the fine-tuning (ft: its from, samples, mnist,
 * copies, epochs, learning_rate and seconds; the caller fills the names of the files and the
 * date). Returns 0; 1 when progress stopped it (m is then as it was); or a negative code with
 * err saying what is wrong in one line: SN_E_FORMAT for a model that cannot be fine-tuned on
 * digit drawings, SN_E_ARG for drawings of a class the model does not have or no drawing of a
 * class, SN_E_NOMEM. */
int ink_finetune(NnModel *m, const InkLabelled *set, const NnDataset *mnist, int n_train,
                 int n_val, const InkFinetuneConfig *cfg, InkFinetuneReport *rep, SnError *err);

/* The checks ink_finetune starts with, alone: 0 if m can be fine-tuned on the drawings of set
 * (m reads digits on a 1 x 28 x 28 input; each label is one of its classes or no class; at
 * least one drawing of a class), else SN_E_FORMAT or SN_E_ARG with err naming model_path or
 * drawings_path. */
int ink_finetune_check(const NnModel *m, const char *model_path, const InkLabelled *set,
                       const char *drawings_path, SnError *err);

#endif
