/* labelled.h - a file of labelled drawings read whole: JSON lines, one drawing a line in the
 * labelled form of ink.h ({"label":3,"strokes":[[[x,y],...],...]}, "label": null for a drawing
 * of no class), blank lines skipped, as `scratchnet eval --drawings` reads them and the app's
 * personal collection keeps them. Each drawing is placed on the 28 x 28 canvas as the app and
 * `eval` place it (ink_drawing_fit to INK_FIT_BOX). Nothing here prints or exits.
 */
#ifndef INK_LABELLED_H
#define INK_LABELLED_H

#include <stddef.h>

#include "common/error.h"
#include "ink/ink.h"

#define INK_LABELLED_MAX_BYTES (64L << 20) /* the largest file read: 64 MiB */
#define INK_LABELLED_MAX 100000            /* the most drawings in one file */

typedef struct InkLabelled {
    InkDrawing *d; /* (n) the drawings, each on a 28 x 28 canvas, owned */
    int *label;    /* (n) each one's label: 0-9, or INK_NO_CLASS */
    int n;
} InkLabelled;

/* Reads the file at path into *set (replaced; free with ink_labelled_free). Every line is
 * checked: a line that is not a labelled drawing, a drawing without a label, more than
 * INK_LABELLED_MAX drawings, a file over INK_LABELLED_MAX_BYTES or not a regular file is
 * refused with err naming the file and the line ("p.jsonl:7: ..."). A file with no drawing is
 * read as an empty set (n 0): the caller decides whether that is an error. Returns 0, or a
 * negative SN_E_* code with *set empty. */
int ink_labelled_read(const char *path, InkLabelled *set, SnError *err);

/* Frees the drawings and the labels; accepts an empty or zeroed set. */
void ink_labelled_free(InkLabelled *set);

#endif
