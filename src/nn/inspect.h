/* inspect.h - seeing inside a model for one input: every layer's output as it fires, and how a
 * class's score moves with each input value (saliency).
 *
 * Shapes: D_l = values per sample after layer l (m->layers[l].n_out, shaped m->layers[l].out,
 * (C, H, W) row-major), D_0 = the input width m->n_in.
 * The capture is one sample's forward pass in inference mode, the very pass nn_model_predict
 * runs (it runs this one): dropout passes its input on, batchnorm uses its running statistics,
 *     a_0 = x;  for each layer l:  z_l = layer_l(a_{l-1}),  a_l = f_l(z_l)
 * (a dense neuron's weighted input z = sum of input x weight + bias, its output f(z)).
 * The saliency of class c is the gradient of its score s = z_last[c], the last layer's weighted
 * input before its activation (the logit), with respect to the input x, by backpropagation:
 *     ds/dz_last = e_c (1 for class c, 0 for the others),
 *     ds/da_{l-1} = layer_l's backward of ds/dz_l,   ds/dz_l = ds/da_l * f_l'(z_l),
 * down to ds/dx = ds/da_0. The step activation's f' is its straight-through one (act.c): 1 for
 * |z| <= 1, 0 beyond; its true derivative is 0 almost everywhere.
 */
#ifndef NN_INSPECT_H
#define NN_INSPECT_H

#include "common/error.h"
#include "nn/model.h"

/* Runs x (m->n_in values) through m in inference mode and keeps every layer's output for
 * nn_inspect_output and nn_inspect_logits. Leaves m->training as it was. Returns 0, or
 * SN_E_NOMEM (err filled) when the workspace for one sample cannot be had. The outputs may be
 * non-finite numbers when the weights overflow on x (nn_model_predict reports that). */
int nn_inspect_forward(NnModel *m, const float *x, SnError *err);

/* Layer l's output after its activation for the last one-sample pass (nn_inspect_forward,
 * nn_input_gradient, nn_model_predict): m->layers[l].n_out values shaped m->layers[l].out.
 * Points into the model's workspace, valid until the model's next pass or nn_model_reserve; do
 * not free. NULL if l is out of range or no pass has run. */
const float *nn_inspect_output(const NnModel *m, int l);

/* The last layer's output before its activation (its weighted inputs z, the logits): m->n_out
 * values, valid as nn_inspect_output's. NULL if no pass has run. */
const float *nn_inspect_logits(const NnModel *m);

/* dx (m->n_in values, overwritten) = d z_last[cls] / d x: how class cls's score (its logit)
 * moves with each input value at x, by the model's own backward pass (model.h,
 * nn_model_backward_input) after nn_inspect_forward(x). What it touches: the workspace (the
 * layers' outputs then hold x's pass, as after nn_inspect_forward); the gradient block is not
 * touched and m->training is left as it was, so a training step in progress is not disturbed.
 * Returns 0, SN_E_ARG for cls outside 0..n_out-1, or SN_E_NOMEM. */
int nn_input_gradient(NnModel *m, const float *x, int cls, float *dx, SnError *err);

/* dx (m->n_in values, overwritten) = d (sum_c ds[c] z_last[c]) / d x: the gradient of a
 * weighted sum of the class scores (ds: m->n_out weights; the one-hot e_cls gives
 * nn_input_gradient's), in the same single backward pass, as nn_input_gradient leaves the
 * model. A margin such as z_t - z_k is one pass (ds = e_t - e_k), not two. Returns 0 or
 * SN_E_NOMEM. */
int nn_input_gradient_sum(NnModel *m, const float *x, const float *ds, float *dx, SnError *err);

#endif
