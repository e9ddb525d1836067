/* knockout.h - knocking units out: a unit's output forced to 0 after its activation, to watch
 * what the network does without it (and put it back).
 *
 * A unit is a neuron of a dense layer (output o of D_l) or a whole feature map of a convolution
 * (filter k: its H' x W' outputs). Every forward pass of the model applies them: the batch pass,
 * one input's pass on a frozen model (nn_model_predict, nn_inspect_forward) and the one-sample
 * training step (online.h); the backward pass then passes nothing through a knocked-out unit
 * (its output is the constant 0, so dL/dz = 0 there). The layers without units of their own -
 * pooling, flatten, dropout, batchnorm, which pass on or rescale the units before them - and the
 * output layer, whose units are the classes, take none. Knock-outs belong to the model in
 * memory only: model files never hold them (nn_model_to_json ignores them), a loaded model has
 * none.
 */
#ifndef NN_KNOCKOUT_H
#define NN_KNOCKOUT_H

#include "common/error.h"
#include "nn/model.h"

/* Knocks unit `unit` of layer `layer` out (off 1) or puts it back (off 0); setting a unit as
 * it already is changes nothing. Returns 0, SN_E_ARG (err says why: no such layer or unit, a
 * layer that takes no knock-outs) or SN_E_LIMIT for more than NN_MAX_KNOCKOUTS at once. */
int nn_knockout_set(NnModel *m, int layer, int unit, int off, SnError *err);

/* How many units layer l has to knock out: a dense layer's neurons, a convolution's filters; 0
 * for the layers that take none (above) and for l out of range. */
int nn_knockout_units(const NnModel *m, int l);

/* Puts every knocked-out unit back. */
void nn_knockout_clear(NnModel *m);

/* How many units are knocked out. */
int nn_knockout_count(const NnModel *m);

/* The i-th knocked-out unit (0 <= i < nn_knockout_count, in the order they were knocked out)
 * into *layer and *unit; returns 0, or SN_E_ARG for i out of range. */
int nn_knockout_get(const NnModel *m, int i, int *layer, int *unit);

/* 1 if unit `unit` of layer `layer` is knocked out, else 0. */
int nn_knockout_is_set(const NnModel *m, int layer, int unit);

/* The passes' side (model.c, online.c): zero the knocked-out units of layer l in v, n samples
 * of D_l values: the outputs a_l after the forward activation, or dL/dz_l in the backward pass.
 * Nothing when none is knocked out. */
void nn_knockout_apply(const NnModel *m, int l, float *v, int n);

#endif
