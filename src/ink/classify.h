/* classify.h - the one path from a drawing, an image or a file to a model's answer.
 *
 * The drawing app (on every change), `scratchnet predict`, `scratchnet eval --drawings`,
 * `scratchnet bench` and the library all classify through ink_classify, so an input gives the
 * same probabilities everywhere:
 *     grid  = the input through the model's preprocessing ("mnist" or none), 28 x 28 in 0..1,
 *             the canvas's resolution (pipeline.h)
 *     unit  = grid resampled to the model's input of 1 x H x W when that is not 28 x 28
 *     x     = (unit * 255) * in_scale + in_offset                  (nn_model_scale_input)
 *     probs = nn_model_probabilities(model(x)),  top = the most probable class.
 * Models read one-channel images only (ink_classify_check). The network code (src/nn) knows
 * nothing of drawings: this file is where the two meet.
 */
#ifndef INK_CLASSIFY_H
#define INK_CLASSIFY_H

#include "ink/ink.h"
#include "ink/preprocess.h"
#include "nn/model.h"

/* How sure an answer is, by its top probability: the one definition of these bounds (the app's
 * words, its help, `scratchnet predict` and the library read them). From INK_CONFIDENT_FROM the
 * app says "confident"; from INK_UNSURE_BELOW up to that "leaning towards"; below it "not sure:
 * a or b?". */
#define INK_CONFIDENT_FROM 0.9f
#define INK_UNSURE_BELOW 0.5f

/* Which preprocessing runs: the model's declared one, or (the app's switch) MNIST's or none. */
typedef enum InkPrep {
    INK_PREP_DECLARED = 0, /* the model's (nn_model_mnist_preprocessing); MNIST's without one */
    INK_PREP_MNIST,
    INK_PREP_NONE,
} InkPrep;

/* What to classify: exactly one of drawing, image and path. */
typedef struct InkInput {
    const InkDrawing *drawing;   /* strokes in canvas cells */
    const float *image;          /* or an image of width x height values in 0..1, ink bright */
    int width, height;
    const char *path;            /* or a file: a strokes drawing when strokes is non-zero (on the
                                    28 x 28 canvas, as the app saves it), else a PNG or PGM image
                                    (dark-on-light images are inverted) */
    int strokes;
    const char *what;            /* names the input in messages; NULL: the path, or "input" */
    InkPrep prep;
    InkPrepSteps *steps;         /* filled with the preprocessing's steps unless NULL (not for
                                    files) */
} InkInput;

/* The answer. */
typedef struct InkAnswer {
    float grid[INK_SIDE * INK_SIDE]; /* the preprocessed input, 0..1: what the network sees
                                        (before resampling to its input size) */
    int prepared;                /* 1 once grid and too_little hold the prepared input */
    int too_little;              /* 1: too little ink to read (the model runs all the same:
                                    `scratchnet predict` shows what it says) */
    int top;                     /* the most probable class; -1 without an answer */
    int n_classes;               /* the model's outputs; 0 without an answer */
    float probs[NN_MAX_CLASSES]; /* (n_classes) probabilities, sum 1 */
} InkAnswer;

/* Prepares in as the model m declares (or as in->prep says), runs m and fills a. m may be NULL:
 * then only the input is prepared (the app shows it before a model is chosen). Returns 0, or a
 * negative code with err saying "<what>: <why>" in one line: the file's SN_E_* error, SN_E_NOMEM
 * ("out of memory") before the model ran (a->prepared is then 0), or from the model SN_E_NOMEM
 * or SN_E_NONFINITE (nn_model_predict_failure's words; the outputs are not finite numbers, so
 * there is no answer). On failure a has no answer (top -1, n_classes 0). */
int ink_classify(NnModel *m, const InkInput *in, InkAnswer *a, SnError *err);

/* 1 if the model m declines to name a class for its answer a ("none of these classes"), else 0:
 * the one decision every count of refusals uses, the model file's rule (nn_model_refuses). An
 * answer that is not there (top -1) is never refused; a model without a rule refuses nothing. */
int ink_answer_refused(const NnModel *m, const InkAnswer *a);

/* What an answer comes to: a class, not sure between two, or none of the model's classes. Their
 * names in JSON are "class", "unsure" and "none" (ink_verdict_name). */
typedef enum InkVerdict { INK_VERDICT_CLASS = 0, INK_VERDICT_UNSURE, INK_VERDICT_NONE } InkVerdict;

/* The verdict of model m on its answer a (which has one: top >= 0): INK_VERDICT_NONE when
 * ink_answer_refused, else INK_VERDICT_UNSURE when the top probability is below
 * INK_UNSURE_BELOW, else INK_VERDICT_CLASS. */
InkVerdict ink_answer_verdict(const NnModel *m, const InkAnswer *a);

/* The verdict's name in JSON: "class", "unsure" or "none". */
const char *ink_verdict_name(InkVerdict v);

/* 1 if model m reads digits: every label is one decimal digit ("0" to "9"); else 0 (other
 * classes, such as Fashion-MNIST's). The app asks for "a digit" or "something" by it. */
int ink_reads_digits(const NnModel *m);

/* How INK_VERDICT_NONE reads for model m: "not a digit" when it reads digits
 * (ink_reads_digits), else "none of these classes". */
const char *ink_none_words(const NnModel *m);

/* The model's input values x (m->n_in of them) from a preprocessed 28 x 28 grid: the grid
 * resampled to the model's H x W (ink_resample) unless that is 28 x 28, then scaled by
 * nn_model_scale_input. The model must pass ink_classify_check. */
void ink_classify_input(const NnModel *m, const float *grid, float *x);

/* Seeing inside the network on the input an answer holds: a filled by ink_classify (its grid is
 * what the network sees), m the model it ran (or another that passes ink_classify_check). */

/* Runs nn_inspect_forward (nn/inspect.h) on exactly the x ink_classify computed from a->grid
 * (ink_classify_input), so that nn_inspect_output and nn_inspect_logits show every layer of m
 * for this drawing. Returns 0, SN_E_ARG when a holds no prepared input, SN_E_FORMAT for a model
 * that cannot read images, or SN_E_NOMEM; err says which in one line. */
int ink_inspect(NnModel *m, const InkAnswer *a, SnError *err);

/* grid_grad (28 x 28, overwritten) = d score_cls / d grid: how class cls's score (its logit,
 * nn_input_gradient) moves with each cell of a->grid, positive where more ink argues for the
 * class. The chain rule from the model's input gradient dx back through ink_classify_input:
 *     d unit = dx * 255 * in_scale                       (nn_model_scale_input)
 *     d grid = R^T d unit,  R the resampling to the model's H x W (ink_resample, linear: its
 *              transpose is read off R applied to each cell's unit grid); R = I for 28 x 28.
 * Leaves m's training state as nn_input_gradient does; its layer outputs then hold this input's
 * pass. Returns 0, or as ink_inspect, and SN_E_ARG for a class m does not have. */
int ink_saliency(NnModel *m, const InkAnswer *a, int cls, float *grid_grad, SnError *err);

/* grid_grad (28 x 28, overwritten) = d (sum_c dscore[c] score_c) / d grid: ink_saliency for a
 * weighted sum of the class scores (dscore: m->n_out weights), in one backward pass
 * (nn_input_gradient_sum); ink_saliency is the one-hot case. Returns as ink_saliency. */
int ink_saliency_sum(NnModel *m, const InkAnswer *a, const float *dscore, float *grid_grad,
                     SnError *err);

/* 0 if m reads one-channel images (input 1 x H x W), which is what a drawing or an image gives;
 * else SN_E_FORMAT with err saying so in one line naming path (the model's file) and its
 * input shape. */
int ink_classify_check(const NnModel *m, const char *path, SnError *err);

#endif
