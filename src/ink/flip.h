/* flip.h - "flip it": a small change to the grid a network sees that makes it choose another
 * class, a lesson on decision boundaries and how fragile networks are.
 *
 * Given the 28 x 28 grid g of an answer (InkAnswer.grid: what the network sees) and a target
 * class t, the search looks for a change d, as small as it can in L2 norm, such that the top
 * class of g' = g + d is t, every cell of g' staying in 0..1. It works with the class scores
 * (the logits z, classify.h's ink_saliency) and their gradients on the grid, by the model's own
 * backward pass, in three parts:
 *   reach   from g, linearise the margin z_t - z_k against the strongest rival k and step to
 *           the nearest point of the box 0..1 past that linear boundary (a DeepFool step),
 *           until the top class is t;
 *   refine  find the boundary on the segment from g to the flipped grid (bisection), linearise
 *           there, and move towards the point of that linear boundary nearest to g (projected
 *           onto the box): each accepted move keeps the flip and shortens the change;
 *   shrink  the change scaled down, d -> s d with the smallest s in 0..1 (bisection) for which
 *           the top class is still t.
 * Bounded: at most INK_FLIP_MAX_STEPS gradient steps (each two backward passes) and
 * INK_FLIP_BISECT forward passes per bisection. Deterministic: the same model, grid and target
 * give the same change. No SDL, no printing.
 */
#ifndef INK_FLIP_H
#define INK_FLIP_H

#include "common/error.h"
#include "ink/ink.h"
#include "ink/preprocess.h"
#include "nn/dataset_pass.h"
#include "nn/model.h"

#define INK_FLIP_MAX_STEPS 40 /* the most gradient steps (reach and refine together) one search
                                 takes; each is two class gradients (ink_saliency) */
#define INK_FLIP_BISECT 10    /* forward passes per bisection on a segment (refine, shrink):
                                 the boundary to 1/1024 of the segment */

/* What a search found. */
typedef struct InkFlip {
    int target;                         /* the class asked for */
    int found;                          /* 1: the top class of grid is target */
    float grid[INK_SIDE * INK_SIDE];    /* the changed grid g' = g + change, every cell in 0..1
                                           (g itself when nothing flipping was found) */
    float change[INK_SIDE * INK_SIDE];  /* g' - g, signed: > 0 ink added, < 0 ink removed */
    float norm;                         /* the L2 norm of change, sqrt(sum change^2) */
    int top;                            /* the top class of grid */
    int n_classes;                      /* the model's classes (probs' length) */
    float probs[NN_MAX_CLASSES];        /* the probabilities for grid (nn_model_probabilities) */
    int steps;                          /* gradient steps used, 0..INK_FLIP_MAX_STEPS */
    int passes;                         /* forward passes used (gradients' own not counted) */
} InkFlip;

/* Searches for a small change to grid (28 x 28, values in 0..1, as an InkAnswer holds it) that
 * makes m's top class target, and fills f. m reads one-channel images (ink_classify_check); its
 * knocked-out units stay out. When the top class already is target, the change is zero
 * (found 1, steps 0). progress (may be NULL) is called after each gradient step with the steps
 * done and INK_FLIP_MAX_STEPS; a non-zero answer stops the search: SN_E_CANCELLED, with f then
 * holding the smallest flip found so far (or found 0). A program runs the search on a thread
 * of its own with a model of its own (it uses the model's workspace, as ink_saliency does).
 * Returns 0 (whether or not a flip was found: f->found says), SN_E_ARG (a target m does not
 * have, a grid value not in 0..1), SN_E_FORMAT, SN_E_NOMEM, SN_E_NONFINITE (the model's
 * outputs are not finite numbers) or SN_E_CANCELLED; err says which in one line. */
int ink_flip(NnModel *m, const float *grid, int target, NnProgress progress, void *ctx,
             InkFlip *f, SnError *err);

/* Makes the changed grid of f the drawing d's base image, replacing its strokes and base: d
 * (initialised, its canvas size kept) then shows exactly f->grid. Returns 0, or SN_E_NOMEM
 * (d unchanged). */
int ink_flip_to_drawing(const InkFlip *f, InkDrawing *d);

#endif
