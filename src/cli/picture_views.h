/* picture_views.h - what `scratchnet show` draws (picture.h): the pictures of the drawing app's
 * views for one input, laid out for a slide (white ground, text of 16 px and up), each with a
 * title naming the model, a subtitle naming the input and the answer, and a colour legend.
 * The colours are the app's (ink/palette.h). Pure: nothing here prints.
 *
 * input is the preprocessed input an answer holds (ink_classify: a->grid is what the network
 * sees); where names it in the subtitle (a file's name).
 */
#ifndef CLI_PICTURE_VIEWS_H
#define CLI_PICTURE_VIEWS_H

#include "cli/picture.h"
#include "ink/classify.h"
#include "nn/model.h"

/* Activations: what the network sees, then each layer's output as it fires, top to bottom
 * (dropout and flatten, which change no value, left out): a convolution's or a pooling's
 * channels as feature maps, one size per value so pooling is seen halving them; a dense layer's
 * units as a grid of cells; the output layer's cells named by their classes, with their values.
 * Each layer is coloured by its own largest |value| (given in its title) on the dark diverging
 * scale; each block's title is the layer's name, number, size and activation. Runs m on the
 * input (ink_inspect). Returns 0 or a negative code with err filled (as ink_inspect). */
int pic_activations(Picture *p, NnModel *m, const InkAnswer *a, const char *where,
                    SnError *err);

/* The first layer with weights (dense or convolution), or -1. */
int pic_weights_layer(const NnModel *m);

/* Weights: pic_weights_layer's learned weights as a gallery: a dense layer's units each as an
 * image of its weights from the input's pixels (28 x 28 for MNIST), a convolution's filters as
 * their kernels (a filter's input channels stacked down), in order left to right then down,
 * each scaled to its own largest |weight| on the light diverging scale. Returns 0, or
 * SN_E_FORMAT when m has no such layer (err says so naming the model). */
int pic_weights(Picture *p, const NnModel *m, SnError *err);

/* Saliency: for class cls, the gradient of its score (its logit) with respect to each cell of
 * the 28 x 28 input (ink_saliency) as a heat map on the light diverging scale, scaled to its
 * largest |value|: orange where more ink raises the class's score, blue where it lowers it;
 * titled "why 7?" for the top class, "why not 1?" for another. Three panels side by side:
 * what the network sees, the heat map, and the heat map with the drawing's ink dotted over it. The heat map panel is the second: its cell (r, c) fills the square of
 * PIC_SALIENCY_CELL pixels at pic_saliency_cell_x/y. Returns 0 or a negative code with err
 * filled (as ink_saliency). */
int pic_saliency(Picture *p, NnModel *m, const InkAnswer *a, int cls, const char *where,
                 SnError *err);

#define PIC_SALIENCY_CELL 12
/* The top-left corner, in pixels, of the heat map's cell (row, col). */
int pic_saliency_cell_x(int col);
int pic_saliency_cell_y(int row);

#endif
