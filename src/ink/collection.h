/* collection.h - a person's own digits, collected: labelled drawings kept in one file, with the
 * images a network is trained on beside it.
 *
 * The collection is three files in one folder (the user's data folder, paths.h's
 * PATHS_USER_DATA, for the drawing app: ink_collection_default_path):
 *   drawings.jsonl               one drawing a line, the labelled JSON lines `scratchnet eval
 *                                --drawings` reads: a strokes drawing (ink_labelled_to_json,
 *                                strokes_file.c, the one writer of strokes) with "label": 0-9.
 *                                It is the collection: the source of truth.
 *   drawings-images-idx3-ubyte   each drawing rendered through the app's own path as a model
 *                                with MNIST's preprocessing sees it (ink_classify with
 *                                INK_PREP_MNIST: 28 x 28, ink 255), in the file's order, as MNIST
 *                                stores its images (IDX, nn/idx.h)
 *   drawings-labels-idx1-ubyte   their labels, in the same order.
 * Every change rewrites a whole file to a temporary file and renames it over the old one
 * (atomic.h): first the JSONL, then the images, then the labels. A run killed at any point
 * leaves the JSONL either as it was or with the change, never half; an IDX pair that does not
 * match the JSONL (killed between the renames, or edited) is rebuilt from it on the next load.
 * A pair matches when its labels file holds exactly the JSONL's labels and its images file
 * that many images (a kill between renames always changes the count): loading then takes the
 * images from it instead of rendering every drawing again. An image edited in place by hand,
 * with the same size, is not noticed.
 * Limits: at most INK_COLLECTION_MAX drawings and INK_COLLECTION_MAX_BYTES bytes of JSONL; a
 * larger file is refused, naming it. A bad line is refused naming the file and the line
 * ("drawings.jsonl:7: label: ..."): the file is then left alone, never rewritten.
 * Pure: no SDL, no printing, no exit. Nothing is kept open between calls.
 */
#ifndef INK_COLLECTION_H
#define INK_COLLECTION_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/error.h"
#include "common/paths.h"
#include "ink/ink.h"
#include "ink/preprocess.h"

#define INK_COLLECTION_FILE "drawings.jsonl"
#define INK_COLLECTION_IMAGES "drawings-images-idx3-ubyte"
#define INK_COLLECTION_LABELS "drawings-labels-idx1-ubyte"
#define INK_COLLECTION_CLASSES 10 /* the labels: the digits 0-9 */
#define INK_COLLECTION_MAX 10000  /* most drawings in a collection (a class of 30 children
                                     drawing each digit ten times is 3,000) */
/* The largest JSONL read (64 MiB): a drawing the app saves is a few kilobytes, 8 more with an
 * opened image under it, so INK_COLLECTION_MAX of them fit. */
#define INK_COLLECTION_MAX_BYTES (64L << 20)

/* One collected drawing. */
typedef struct InkSample {
    char *json;     /* its line in the JSONL, without the line end; owned */
    int label;      /* 0..9 */
    uint8_t image[INK_SIDE * INK_SIDE]; /* its IDX image: ink_collection_render's */
} InkSample;

typedef struct InkCollection {
    char path[PATHS_MAX];   /* the JSONL */
    char images[PATHS_MAX]; /* the IDX images beside it (INK_COLLECTION_IMAGES) */
    char labels[PATHS_MAX]; /* the IDX labels beside it (INK_COLLECTION_LABELS) */
    InkSample *samples;     /* (n), in the file's order; owned */
    int n;
    size_t cap;             /* samples allocated (buf.h) */
    size_t bytes;           /* the JSONL's length in bytes */
    int counts[INK_COLLECTION_CLASSES]; /* drawings of each digit */
} InkCollection;

/* The collection's JSONL in the user's data folder: $XDG_DATA_HOME/scratchnet/drawings.jsonl,
 * else under $HOME/.local/share (paths_user_dir_here) into buf (PATHS_MAX bytes). Creates
 * nothing. Returns 0, or SN_E_ARG / SN_E_LIMIT as paths_user_dir_here, err saying why. */
int ink_collection_default_path(char *buf, SnError *err);

/* Starts an empty collection kept at path (the JSONL; the IDX pair's names are made beside
 * it). Reads nothing. Returns 0, or SN_E_LIMIT when a name would not fit in PATHS_MAX. */
int ink_collection_init(InkCollection *c, const char *path, SnError *err);

/* Frees the samples (the paths stay); the collection is empty and reusable. NULL-safe. */
void ink_collection_free(InkCollection *c);

/* Reads the JSONL at c->path into c, replacing what c held (a missing file is an empty
 * collection); each line goes through ink_drawing_from_json and must have a label 0-9; blank
 * lines are skipped. Then the images come from the IDX pair when it matches the JSONL (above);
 * otherwise every drawing is rendered and the pair rewritten (*rebuilt, if non-NULL, is set to
 * 1 then, else 0). Returns 0; 1 when
 * the drawings were read but the IDX pair could not be rewritten (err says why; the next change
 * tries again); or a negative SN_E_* code with err naming the file and, for a bad line, the
 * line ("drawings.jsonl:7: ..."), c then left empty: SN_E_LIMIT for a file over the limits,
 * SN_E_FORMAT for a bad line, SN_E_IO, SN_E_NOTREG, SN_E_NOMEM. */
int ink_collection_load(InkCollection *c, int *rebuilt, SnError *err);

/* Renders drawing d as the IDX keeps it: ink_classify's grid for a model with MNIST's
 * preprocessing (the app's path), each value v in 0..1 as the byte round(255 v). Returns 0,
 * 1 when there is too little ink to read (image all zero), or SN_E_NOMEM. */
int ink_collection_render(const InkDrawing *d, uint8_t *image, SnError *err);

/* Adds drawing d with label (0-9) at the end: the whole JSONL with the new line, then the IDX
 * pair, each written atomically (its folder must exist: paths_make_dirs). Refused (c and the
 * files unchanged, a negative code): a label out of 0..9 or a drawing with too little ink to
 * read (SN_E_ARG), a full collection or a file over INK_COLLECTION_MAX_BYTES (SN_E_LIMIT), the
 * JSONL not written (SN_E_IO, ...). Returns 0, or 1 when the drawing is in the JSONL (and in c)
 * but the IDX pair could not be written (err says why; it is rebuilt on the next load). */
int ink_collection_add(InkCollection *c, const InkDrawing *d, int label, SnError *err);

/* Removes drawing i (0..n-1) from c and its files, as ink_collection_add writes them. Returns
 * 0, 1 (the IDX pair not written, as above), SN_E_ARG for i out of range, or a negative code
 * from writing the JSONL (c and the files unchanged). */
int ink_collection_delete(InkCollection *c, int i, SnError *err);

/* Drawing i's strokes, read back from its line (d initialised, replaced on success): the
 * drawing as the app drew it, on its canvas. Returns 0 or a negative SN_E_* code. */
int ink_collection_drawing(const InkCollection *c, int i, InkDrawing *d, SnError *err);

#endif
