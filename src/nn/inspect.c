/* inspect.c - one input's pass through a model kept layer by layer, and the gradient of a
 * class's score with respect to the input (inspect.h).
 *
 * Both reuse the model's own passes on a batch of one (model.c): the forward pass with training
 * off, and backpropagation started from the one-hot ds/dz_last = e_c and carried on to the input.
 * Nothing here computes a layer itself.
 */
#include "nn/inspect.h"

int nn_inspect_forward(NnModel *m, const float *x, SnError *err)
{
    int rc = nn_model_reserve(m, 1, err);
    if (rc != 0)
        return rc;
    const int was = m->training;
    nn_model_set_training(m, 0); /* dropout passes on, batchnorm uses its running statistics */
    nn_model_forward(m, x, 1);
    nn_model_set_training(m, was);
    return 0;
}

const float *nn_inspect_output(const NnModel *m, int l)
{
    if (l < 0 || l >= m->n_layers || m->cap_batch < 1)
        return NULL;
    return m->a[l]; /* sample 0 of the batch of one */
}

const float *nn_inspect_logits(const NnModel *m)
{
    return m->cap_batch < 1 ? NULL : m->z[m->n_layers - 1];
}

int nn_input_gradient(NnModel *m, const float *x, int cls, float *dx, SnError *err)
{
    if (cls < 0 || cls >= m->n_out)
        return sn_error(err, SN_E_ARG, "class %d is not one of the model's %d outputs", cls,
                        m->n_out);
    float ds[NN_MAX_CLASSES] = {0}; /* ds/dz_last: the score is z_last[cls] itself */
    ds[cls] = 1.0f;
    return nn_input_gradient_sum(m, x, ds, dx, err);
}

int nn_input_gradient_sum(NnModel *m, const float *x, const float *ds, float *dx, SnError *err)
{
    int rc = nn_inspect_forward(m, x, err);
    if (rc != 0)
        return rc;
    const int was = m->training;
    nn_model_set_training(m, 0); /* the backward pass of the inference forward pass above */
    nn_model_backward_input(m, x, ds, 1, 1, dx); /* dx alone: the parameter gradients stay */
    nn_model_set_training(m, was);
    return 0;
}
