/* view_unit.h - one unit up close in words: its weighted input written out as the seed writes a
 * neuron ("input x weight + bias = output"), with the real numbers for the largest terms
 * (nn_unit_sum, nn/unit_sum.h), z and the activation's output. No SDL, no drawing.
 */
#ifndef DRAW_VIEW_UNIT_H
#define DRAW_VIEW_UNIT_H

#include "nn/model.h"
#include "nn/unit_sum.h"

#define VIEW_UNIT_LINES (NN_UNIT_TERMS + 5) /* the most lines view_unit_lines writes */
#define VIEW_UNIT_LINE 160                  /* bytes per line, with its end */
#define VIEW_UNIT_LINE_HEIGHT 1.2f          /* a line's height in the view's font sizes */

/* The shape a unit of layer l reads its input in: the layer's input, or for a dense layer
 * after flatten or dropout the maps before them; (n, 1, 1) when it has no maps. */
NnShape view_unit_input_shape(const NnModel *m, int l);

/* The lines of u, the weighted input of a unit of layer `layer` of m, whose output now is out
 * (off 1: it is knocked out, its output forced to 0):
 *     "Σ input × weight + bias = z, largest terms first:"   (a filter: "At its most active
 *                                                            place, row 12, column 9: ...")
 *     "7 × 0.5 = 3.5   input 7"                             (a term each, with which input)
 *     "+ 2 more terms = 1.5"
 *     "+ bias −1"
 *     "z = 13"
 *     "relu(13) = 13 = output"  or  "knocked out: output = 0, not relu(z)"
 * into lines; returns how many (at most VIEW_UNIT_LINES). */
int view_unit_lines(const NnModel *m, int layer, const NnUnitSum *u, float out, int off,
                    char lines[][VIEW_UNIT_LINE]);

/* Writes v as the view shows a number: 3 significant digits ("0.412", "13", "1.5e+04"), a
 * true minus sign. */
void view_unit_number(float v, char *buf, size_t n);

#endif
