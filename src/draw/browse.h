/* browse.h - the data browser's state: a list of labelled images with a model's answer for each,
 * the filter that picks which of them show (all, the mistakes, one cell of the confusion matrix),
 * their order, the one shown, and the confusion matrix they make. No SDL, no AppState, no
 * printing: a plain value the Data view (app_data.c) keeps and the tests drive by hand.
 *
 * A source is anything that is a list of images with labels and answers: the MNIST test set with
 * the active model's answers today, a person's own collected drawings tomorrow. The browser
 * copies the labels, answers and confidences (the images stay the source's, read through the
 * index of the one shown). An answer is a class, or BROWSE_REFUSED when the model's refusal rule
 * named none: a refusal counts as a mistake and has a column of its own in the matrix.
 *
 * Orders: "all" in the source's order; the mistakes and a cell most confident first (ties: the
 * source's order), so the mistakes the model was surest of come first.
 */
#ifndef DRAW_BROWSE_H
#define DRAW_BROWSE_H

#include <stdint.h>

#include "nn/model.h"

#define BROWSE_REFUSED 255 /* an answer that is no class: the refusal rule named none */
#define BROWSE_PAGE 10     /* PageUp / PageDown move this many */

/* Which images show. */
typedef enum BrowseFilter {
    BROWSE_ALL = 0,  /* every image, in the source's order */
    BROWSE_MISTAKES, /* the answers that are not the label (refusals too), surest first */
    BROWSE_CELL,     /* one cell of the confusion matrix: label cell_label read as cell_answer */
} BrowseFilter;

/* What a source hands over: n images' labels, answers and the answers' confidence. */
typedef struct BrowseSource {
    unsigned id;            /* what the answers are for (a model's serial, or another source's
                               number); 0 means none */
    int n;                  /* images */
    int n_classes;          /* classes of the labels and answers, 1..NN_MAX_CLASSES */
    const uint8_t *labels;  /* (n) each image's class, < n_classes */
    const uint8_t *answers; /* (n) each answer: a class < n_classes, or BROWSE_REFUSED */
    const float *sure;      /* (n) each answer's probability (the top one, refused or not) */
} BrowseSource;

typedef struct Browse {
    unsigned id;             /* the source's id, 0 while the browser holds none */
    int n, n_classes;
    uint8_t *labels;         /* (n), owned copies */
    uint8_t *answers;        /* (n) */
    float *sure;             /* (n) */
    int confusion[NN_MAX_CLASSES][NN_MAX_CLASSES + 1]; /* [label][answer]: images read so; the
                                                          last used column (n_classes) counts
                                                          the refused ones */
    int n_mistakes;          /* images whose answer is not their label, refusals included */
    int n_refused;
    BrowseFilter filter;
    int cell_label, cell_answer; /* the cell shown while filter is BROWSE_CELL (its answer
                                    n_classes: the refused column) */
    int *shown;              /* (n_shown) indices into the source, in the order they show */
    int n_shown;
    int pos;                 /* the one shown: an index into shown (0 when none shows) */
} Browse;

/* Starts an empty browser (no source). */
void browse_init(Browse *b);
/* Frees what it holds and empties it (accepts an empty one). */
void browse_free(Browse *b);
/* Takes a new source (its arrays are copied): the confusion matrix is counted again and the
 * browser starts over on every image, the first one shown. A source with a bad label or answer
 * (out of its classes) or n_classes outside 1..NN_MAX_CLASSES is SN_E_ARG, out of memory
 * SN_E_NOMEM; the browser is then empty. Returns 0 or that code. */
int browse_set(Browse *b, const BrowseSource *src);

/* Shows the images of filter f (BROWSE_ALL or BROWSE_MISTAKES; a cell through browse_cell),
 * from the first. Returns 0, or SN_E_NOMEM (the browser then shows nothing). */
int browse_filter(Browse *b, BrowseFilter f);
/* Shows the images of cell (label, answer) (answer n_classes: the refused ones), from the
 * first; the cell already shown goes back to every image. Returns 0, SN_E_ARG for a cell
 * outside the matrix (nothing changes), or SN_E_NOMEM. */
int browse_cell(Browse *b, int label, int answer);
/* Moves the one shown by k (negative: back), kept within the ones shown; returns 1 if it
 * moved. */
int browse_step(Browse *b, int k);
/* Shows the one at place i of the list (a click on it); returns 1 if it moved. */
int browse_go(Browse *b, int i);
/* The index into the source of the one shown, or -1 when none shows. */
int browse_current(const Browse *b);
/* 1 if image i's answer is right (its label, not refused). */
int browse_right(const Browse *b, int i);
/* The confusion matrix's columns: n_classes, plus one for the refused answers when the source
 * has any or `rule` (the model has a refusal rule) is set. */
int browse_columns(const Browse *b, int rule);

#endif
