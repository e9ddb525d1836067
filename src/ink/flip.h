/* flip.h - "flip it": a small change to the grid a network sees that makes it choose another
 * class, a lesson on decision boundaries and how fragile networks are.
 *
 * Given the 28 x 28 grid g of an answer (InkAnswer.grid: what the network sees) and a target
 * class t, the search looks for a change d, as small as it can in L2 norm, such that the top
 * class of g' = g + d is t, every cell of g' staying in 0..1. It works with the class scores
 * (the logits z) and their gradients on the grid by the model's own backward pass (classify.h's
 * ink_saliency_sum, one pass per step), in three parts:
 *   reach   from g, linearise a smooth margin of t over its rivals (flip.c) and step to the
 *           nearest point of the box 0..1 past that linear boundary, at most a distance of 1
 *           away (a DeepFool step), until the top class is t;
 *   refine  find the boundary on the segment from g to the flipped grid (bisection), linearise
 *           there, and move towards the point of that linear boundary nearest to g (projected
 *           onto the box): each accepted move keeps the flip and shortens the change;
 *   shrink  the change scaled down, d -> s d with the smallest s in 0..1 (bisection) for which
 *           the top class is still t.
 * "The top class is t" is checked as ink_classify picks the top class, on the grid and, when
 * asked (InkFlipAsk.prep), on the drawing made from it read as the app reads it.
 * Bounded: at most INK_FLIP_MAX_STEPS gradient steps, INK_FLIP_BISECT + 2 forward passes per
 * step and INK_FLIP_BISECT + 1 more (twice as many when the flip must hold through MNIST's
 * preprocessing): about 10 ms with the shipped MLP, 0.1 s with the CNN. Deterministic: the same
 * model, grid and ask give the same change. No SDL, no printing.
 */
#ifndef INK_FLIP_H
#define INK_FLIP_H

#include "common/error.h"
#include "ink/classify.h"
#include "ink/ink.h"
#include "ink/preprocess.h"
#include "nn/dataset_pass.h"
#include "nn/model.h"

/* The most gradient steps (reach and refine together) one search takes; each is one backward
 * pass (ink_saliency_sum). */
#define INK_FLIP_MAX_STEPS 40
/* Forward passes per bisection on a segment (refine, shrink): the boundary to 1/1024 of it. */
#define INK_FLIP_BISECT 10

/* What a search found. */
typedef struct InkFlip {
    int target;                        /* the class asked for */
    int found;                         /* 1: the top class of grid is target (and of the
                                          drawing made from it, as InkFlipAsk.prep asks) */
    float grid[INK_SIDE * INK_SIDE];   /* the changed grid g' = g + change, every cell in 0..1
                                          (g itself when nothing flipping was found) */
    float change[INK_SIDE * INK_SIDE]; /* g' - g, signed: > 0 ink added, < 0 ink removed */
    float norm;                        /* the L2 norm of change, sqrt(sum change^2) */
    int top;                           /* the top class of grid (the grid itself, not its
                                          drawing prepared again: see InkFlipAsk.prep) */
    int n_classes;                     /* the model's classes (probs' length) */
    float probs[NN_MAX_CLASSES];       /* the probabilities for grid (nn_model_probabilities) */
    int steps;                         /* gradient steps used, 0..INK_FLIP_MAX_STEPS */
    int passes;                        /* forward passes used (gradients' own not counted) */
} InkFlip;

/* What to search for. */
typedef struct InkFlipAsk {
    int target;          /* the class to make the top one */
    InkPrep prep;        /* how the drawing made from the change (ink_flip_to_drawing) is read:
                            INK_PREP_NONE reads its base image as it is, so the flip need only
                            hold on the grid; INK_PREP_MNIST, or INK_PREP_DECLARED for a model
                            that declares MNIST's, prepares that image again (crop, fit, centre,
                            which moves a grid's cells a little), and the flip must hold there
                            too: the search then aims at a margin on the grid (doubling from
                            0.5 logits) until it does, for a larger change */
    NnProgress progress; /* called after each gradient step with the steps done and
                            INK_FLIP_MAX_STEPS; a non-zero answer stops the search. May be NULL */
    void *ctx;           /* progress's first argument */
} InkFlipAsk;

/* Searches for a small change to grid (28 x 28, values in 0..1, as an InkAnswer holds it) that
 * makes m's top class ask->target, and fills f. m reads one-channel images
 * (ink_classify_check); its knocked-out units stay out. When the top class already is the
 * target (and, as ask->prep says, the drawing made from grid reads it), the change is zero
 * (found 1, steps 0). Stopped by progress: SN_E_CANCELLED, with f then holding the smallest
 * flip found so far (or found 0). A program runs the search on a thread of its own with a model
 * of its own (it uses the model's workspace, as ink_saliency does). Returns 0 (whether or not a
 * flip was found: f->found says), SN_E_ARG (a target m does not have, a grid value not in
 * 0..1), SN_E_FORMAT, SN_E_NOMEM, SN_E_NONFINITE (the model's outputs are not finite numbers)
 * or SN_E_CANCELLED; err says which in one line. */
int ink_flip(NnModel *m, const float *grid, const InkFlipAsk *ask, InkFlip *f, SnError *err);

/* Makes the changed grid of f the drawing d's base image, replacing its strokes and base: d
 * (initialised, its canvas size kept) then shows exactly f->grid. Returns 0, or SN_E_NOMEM
 * (d unchanged). */
int ink_flip_to_drawing(const InkFlip *f, InkDrawing *d);

#endif
