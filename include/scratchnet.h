/* scratchnet.h - classify handwritten digits (or any 28 x 28 classes) in your own program.
 *
 * The one public header of libscratchnet. It loads a model file written by `scratchnet train`
 * (or an ONNX file, from PyTorch, Keras or `scratchnet export`) and classifies 28 x 28 images and pen drawings (strokes) with exactly the pipeline of the
 * scratchnet-draw app and the `scratchnet predict` command: the preprocessing the model
 * declares (MNIST's crop, fit into 20 x 20 and centring, or none), then the model's own input
 * scaling, then the network, so a drawing gives the same probabilities everywhere.
 *
 *     ScratchnetModel *m = scratchnet_load("models/mnist-mlp.json");
 *     if (!m) { fprintf(stderr, "%s\n", scratchnet_last_error()); return 1; }
 *     float p[SCRATCHNET_MAX_CLASSES];
 *     int top = scratchnet_classify_file(m, "seven.pgm", p, SCRATCHNET_MAX_CLASSES);
 *     if (top >= 0) printf("%s %.3f\n", scratchnet_label(m, top), p[top]);
 *     scratchnet_free(m);
 *
 * Build with `cc prog.c $(pkg-config --cflags --libs scratchnet)`.
 *
 * Errors: no function prints, exits or aborts. A function that fails returns NULL or a negative
 * SCRATCHNET_E_* code, and scratchnet_last_error() then gives one line naming the file (or the
 * argument) and what is wrong, e.g. "m.json: layers[1]: unknown activation \"relux\"".
 *
 * Threads: every function may be called from any thread. Distinct models classify at the same
 * time from different threads: each model has its own worker threads and nothing is shared
 * between models. Threads that share one model take turns (a lock per model), so they wait for
 * each other but get the same answers; no thread may free a model while another uses it, nor
 * use it after. Error messages are kept per thread. A model's worker threads, if a
 * classification started any, end when it is freed.
 */
#ifndef SCRATCHNET_H
#define SCRATCHNET_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the library's exported functions; everything else in the shared library is hidden. */
#if defined(SCRATCHNET_BUILDING) && defined(__GNUC__)
#define SCRATCHNET_API __attribute__((visibility("default")))
#else
#define SCRATCHNET_API
#endif

/* Return codes. Classification functions return the top class (>= 0) on success. */
#define SCRATCHNET_OK 0
#define SCRATCHNET_E_IO (-1)     /* a file could not be opened or read */
#define SCRATCHNET_E_FORMAT (-2) /* a file's contents are malformed (model, strokes, PNG or PGM) */
#define SCRATCHNET_E_NOMEM (-3)  /* out of memory */
#define SCRATCHNET_E_ARG (-4)    /* a NULL pointer, a size out of range, a NaN coordinate */
#define SCRATCHNET_E_LIMIT (-5)  /* a file or drawing larger than the library accepts */
#define SCRATCHNET_E_BLANK (-6)  /* too little ink to classify (an empty or nearly empty input) */
#define SCRATCHNET_E_NONFINITE (-7) /* the model's outputs for this input are not finite numbers
                                     * (its weights overflow): no answer */

/* Verdicts (scratchnet_verdict): what an answer comes to. */
#define SCRATCHNET_VERDICT_CLASS 0  /* the top class, at least 50 % probable */
#define SCRATCHNET_VERDICT_UNSURE 1 /* not sure: the top class is less than 50 % probable */
#define SCRATCHNET_VERDICT_NONE 2   /* none of the model's classes ("not a digit") */

#define SCRATCHNET_MAX_CLASSES 64 /* no model has more classes: a probs array this long always fits */
#define SCRATCHNET_SIDE 28        /* inputs are prepared as SCRATCHNET_SIDE x SCRATCHNET_SIDE images
                                   * (then resampled to the model's own input size) */

/* A loaded model; opaque. Created by scratchnet_load, freed by scratchnet_free. */
typedef struct ScratchnetModel ScratchnetModel;

/* One point of a pen stroke, in canvas cells: x grows to the right, y downwards; the cell
 * (row i, column j) covers [j, j+1) x [i, i+1). */
typedef struct ScratchnetPoint {
    float x, y;
} ScratchnetPoint;

/* One pen-down trace: a polyline swept by a round brush. */
typedef struct ScratchnetStroke {
    const ScratchnetPoint *points; /* n_points points, read only, owned by the caller */
    int n_points;                  /* >= 1; a single point draws a dot */
    float width;                   /* brush diameter in canvas cells (the app's default is 2.5) */
    int erase;                     /* 1: the stroke removes ink (eraser), 0: it draws ink */
} ScratchnetStroke;

/* The library's version, e.g. "0.1.0" (the same as `scratchnet --version`). Never NULL; the
 * string is static. */
SCRATCHNET_API const char *scratchnet_version(void);

/* The message of the last failed call made by the calling thread: one line without a newline,
 * naming the file or argument and what is wrong. Empty ("") if no call of this thread has
 * failed yet. The string is owned by the library and valid until this thread's next failing
 * call; copy it to keep it. */
SCRATCHNET_API const char *scratchnet_last_error(void);

/* Loads a model file: JSON, as written by `scratchnet train`, or ONNX (a name ending in
 * ".onnx": a classifier exported by PyTorch, Keras converters or `scratchnet export`), converted
 * on load as `scratchnet import MODEL.onnx` converts it with its default options (input pixels
 * / 255 unless the graph scales its input itself; the preprocessing and labels its metadata
 * names, else MNIST preprocessing for a 1 x 28 x 28 input and the class numbers; a softmax
 * added to a graph ending in logits). The model must read one-channel images, 1 x H x W (usually 1 x 28 x 28). Returns the
 * model (caller frees with scratchnet_free), or NULL when the file is missing, unreadable or
 * malformed, an ONNX graph holds what scratchnet cannot run (the message names the node and its
 * op: "m.onnx: node 'conv2' (Conv): strides [2, 2] are not supported; ..."), the model reads
 * images of more than one channel, or memory runs out; scratchnet_last_error() then says which.
 * path must not be NULL (NULL gives an error). */
SCRATCHNET_API ScratchnetModel *scratchnet_load(const char *path);

/* Frees a model and everything it owns (its labels too). Accepts NULL. */
SCRATCHNET_API void scratchnet_free(ScratchnetModel *model);

/* The number of classes the model tells apart (10 for digits), 1..SCRATCHNET_MAX_CLASSES, or
 * SCRATCHNET_E_ARG when model is NULL. */
SCRATCHNET_API int scratchnet_classes(const ScratchnetModel *model);

/* The display name of class cls stored in the model ("7", "Ankle boot"). The string is owned by
 * the model and valid until scratchnet_free. Returns NULL when model is NULL or cls is not in
 * 0..scratchnet_classes()-1 (and sets the error message). */
SCRATCHNET_API const char *scratchnet_label(const ScratchnetModel *model, int cls);

/* The three classify functions below share these rules.
 * probs: if not NULL, an array of n_probs >= scratchnet_classes() floats, owned by the caller,
 *   that receives the probability of every class: the first scratchnet_classes() values sum to 1,
 *   the rest are set to 0; on failure all n_probs values are 0. May be NULL (then n_probs is
 *   ignored) when only the top class is wanted.
 * Returns the most probable class, 0..scratchnet_classes()-1, or a negative SCRATCHNET_E_* code:
 *   SCRATCHNET_E_BLANK when there is too little ink to classify (the app shows "Too little
 *   ink"), SCRATCHNET_E_NONFINITE when the model's outputs are not finite numbers (weights that
 *   overflow on this input: no answer, the app shows "No answer from this model"),
 *   SCRATCHNET_E_ARG for a NULL model, bad sizes or n_probs too small, and the errors of reading
 *   a file. */

/* Classifies a greyscale image of width x height bytes, row-major (pixels[row * width + col]),
 * in the MNIST convention: 0 = background, 255 = full ink (light ink on a dark ground). A 28 x 28
 * image is the usual case; other sizes (1..8192 per side) are resampled, or cropped and fitted
 * by the model's MNIST preprocessing. Dark-on-light images must be inverted first (255 - v). */
SCRATCHNET_API int scratchnet_classify_image(ScratchnetModel *model, const unsigned char *pixels,
                                             int width, int height, float *probs, int n_probs);

/* Classifies a drawing of n_strokes strokes (0..1000, at most 10000 points in all, not
 * counting a point within 0.05 cells of the one before it, which is dropped; brushes at most
 * a quarter of the canvas's longer side wide; no
 * strokes at all is SCRATCHNET_E_BLANK, too little ink) on a canvas of canvas_width x
 * canvas_height cells (28 x 28 in the app, whose strokes are in cells; a bigger canvas, say
 * 280 x 280 screen pixels with brushes 25 pixels wide, maps onto the same 28 x 28 image). Strokes are drawn in order; later eraser strokes remove earlier ink. */
SCRATCHNET_API int scratchnet_classify_strokes(ScratchnetModel *model,
                                               const ScratchnetStroke *strokes, int n_strokes,
                                               float canvas_width, float canvas_height,
                                               float *probs, int n_probs);

/* Classifies a file, as `scratchnet predict` does: a name ending in ".json" is read as a strokes
 * file (the drawing app's Ctrl+S format, {"format":"scratchnet-strokes",...}, with the image
 * the strokes were drawn over in its optional "base" field: 28 x 28 values 0..1), anything else as
 * an image, PNG or PGM by its first bytes (any size, colour or bit depth; colour is turned into
 * grey; dark-on-light scans are inverted automatically). The file must be a regular file (a
 * FIFO or a device is refused at once, SCRATCHNET_E_IO); a strokes file holds at most 8 MiB
 * and 100000 points before thinning, else SCRATCHNET_E_LIMIT. */
SCRATCHNET_API int scratchnet_classify_file(ScratchnetModel *model, const char *path,
                                            float *probs, int n_probs);

/* The verdict on probabilities a classify function above wrote (on success) for this model:
 * SCRATCHNET_VERDICT_NONE when the model's file holds a refusal rule and the top probability is
 * below its threshold (the app shows "That doesn't look like a digit", `scratchnet predict`
 * "not a digit", or "none of these classes" for other labels); else SCRATCHNET_VERDICT_UNSURE
 * when the top probability is below 0.5 ("not sure: 4 or 9?"); else SCRATCHNET_VERDICT_CLASS.
 * A model without a rule (every file from before rules existed) is never NONE. The classify
 * functions return the top class either way, so a program that ignores verdicts works as
 * before. probs holds n_probs >= scratchnet_classes() values; returns SCRATCHNET_E_ARG when
 * model or probs is NULL or n_probs is too small.
 *
 *     int top = scratchnet_classify_file(m, "drawing.png", p, SCRATCHNET_MAX_CLASSES);
 *     if (top >= 0 && scratchnet_verdict(m, p, SCRATCHNET_MAX_CLASSES) == SCRATCHNET_VERDICT_NONE)
 *         puts("not a digit");
 */
SCRATCHNET_API int scratchnet_verdict(const ScratchnetModel *model, const float *probs,
                                      int n_probs);

/* ---- inside the network ----
 * What the network does with an input, for programs that show it: its layers, each layer's
 * output, the saliency of a class (which ink argues for it) and units knocked out. They work on
 * the 28 x 28 grid a prepare function gives, the input as the network sees it, so one
 * preparation serves every question:
 *
 *     float grid[SCRATCHNET_SIDE * SCRATCHNET_SIDE], grad[SCRATCHNET_SIDE * SCRATCHNET_SIDE];
 *     if (scratchnet_prepare_file(m, "seven.pgm", grid, SCRATCHNET_SIDE * SCRATCHNET_SIDE) == 0 &&
 *         scratchnet_saliency(m, grid, 7, grad, SCRATCHNET_SIDE * SCRATCHNET_SIDE) == 0)
 *         ... grad[row * SCRATCHNET_SIDE + col] > 0: ink there makes "7" more likely
 */

/* One layer of a model (scratchnet_layer). The strings are static. */
typedef struct ScratchnetLayer {
    const char *type;       /* "dense", "conv2d", "maxpool2", "dropout", "batchnorm", "flatten" */
    const char *activation; /* "linear", "step", "sigmoid", "relu", "tanh" or "softmax" */
    int channels, height, width; /* its output for one input: channels x height x width, row-major
                                  * (a dense layer's n neurons are n x 1 x 1) */
    int size;                    /* values in that output: channels * height * width */
    int units;                   /* units scratchnet_knockout takes: a dense layer's neurons, a
                                  * convolution's filters (feature maps); 0 for the other types,
                                  * which have no units of their own, and for the last layer,
                                  * whose units are the classes */
} ScratchnetLayer;

/* The number of layers of the model, 1 or more, or SCRATCHNET_E_ARG when model is NULL. */
SCRATCHNET_API int scratchnet_layers(const ScratchnetModel *model);

/* Describes layer `layer` (0 = the first, scratchnet_layers() - 1 = the output layer) in *info.
 * Returns 0, or SCRATCHNET_E_ARG for a NULL argument or a layer out of range. */
SCRATCHNET_API int scratchnet_layer(const ScratchnetModel *model, int layer,
                                    ScratchnetLayer *info);

/* The prepare functions take the same inputs as the classify functions of the same name and
 * write the input as the network sees it into grid: SCRATCHNET_SIDE x SCRATCHNET_SIDE values,
 * row-major, 0 = background, 1 = full ink, after the model's preprocessing (the image the app
 * shows as what the network sees). grid is owned by the caller and holds n_grid >=
 * SCRATCHNET_SIDE * SCRATCHNET_SIDE floats. They return 0, SCRATCHNET_E_BLANK when there is too
 * little ink to classify (grid is filled all the same), or another negative code as the
 * classify functions do, with grid zeroed. */
SCRATCHNET_API int scratchnet_prepare_image(ScratchnetModel *model, const unsigned char *pixels,
                                            int width, int height, float *grid, int n_grid);
SCRATCHNET_API int scratchnet_prepare_strokes(ScratchnetModel *model,
                                              const ScratchnetStroke *strokes, int n_strokes,
                                              float canvas_width, float canvas_height,
                                              float *grid, int n_grid);
SCRATCHNET_API int scratchnet_prepare_file(ScratchnetModel *model, const char *path, float *grid,
                                           int n_grid);

/* Writes layer `layer`'s output for grid (as a prepare function gives it; values must be
 * finite) into out, after the layer's activation: scratchnet_layer's size values, row-major
 * channels x height x width. out is owned by the caller and holds n_out >= size floats. The
 * output layer's values are the probabilities of a softmax model. Returns size, or a negative
 * code: SCRATCHNET_E_ARG for a NULL argument, a layer out of range, n_out too small or a
 * non-finite grid value; SCRATCHNET_E_NOMEM. */
SCRATCHNET_API int scratchnet_layer_output(ScratchnetModel *model, const float *grid, int layer,
                                           float *out, int n_out);

/* The saliency of class cls for grid: grad[i] = d score / d grid[i], how class cls's score (the
 * output layer's value before its activation, the logit) moves with the ink of each cell,
 * computed by the network's own backward pass. Positive: more ink there argues for the class;
 * negative: against it. grad holds n_grad >= SCRATCHNET_SIDE * SCRATCHNET_SIDE floats, owned by
 * the caller. Returns 0, or SCRATCHNET_E_ARG (NULL, cls not in 0..scratchnet_classes()-1,
 * n_grad too small, a non-finite grid value) or SCRATCHNET_E_NOMEM. */
SCRATCHNET_API int scratchnet_saliency(ScratchnetModel *model, const float *grid, int cls,
                                       float *grad, int n_grad);

/* Flip it: a small change to grid (as a prepare function gives it, values in 0..1) that makes
 * the model choose class cls, found by gradient steps on the grid by the network's own backward
 * pass that keep the change's size (its L2 norm) as small as the search can, then scaled down
 * while the model still chooses cls. Writes the changed grid into changed (n_changed >=
 * SCRATCHNET_SIDE * SCRATCHNET_SIDE floats, owned by the caller, every value in 0..1: ink added
 * where it is above grid, removed where below) and its distance from grid, sqrt(sum (changed -
 * grid)^2), into *norm (may be NULL). The class the model already chooses gives changed = grid
 * and norm 0. Bounded: at most 40 gradient steps and a few hundred forward passes (about 10 ms
 * with the shipped MLP, 0.1 s with the CNN); the same arguments give the same change. Returns
 * the top class of changed, which is cls when the search succeeded (another class when it did
 * not: changed is then grid, norm 0), or SCRATCHNET_E_ARG (NULL, cls not in
 * 0..scratchnet_classes()-1, n_changed too small, a grid value not in 0..1),
 * SCRATCHNET_E_NOMEM or SCRATCHNET_E_NONFINITE.
 *
 *     float flipped[SCRATCHNET_SIDE * SCRATCHNET_SIDE], norm;
 *     if (scratchnet_flip(m, grid, 3, flipped, SCRATCHNET_SIDE * SCRATCHNET_SIDE, &norm) == 3)
 *         printf("a change of size %.2f makes it a 3\n", norm);
 */
SCRATCHNET_API int scratchnet_flip(ScratchnetModel *model, const float *grid, int cls,
                                   float *changed, int n_changed, float *norm);

/* Knocks unit `unit` of layer `layer` out (off 1: its output is 0 whatever it computes) or puts
 * it back (off 0), for every later call on this model (classifications included, from every
 * thread sharing it) until put back or scratchnet_knockout_clear. A unit is a dense layer's
 * neuron or a convolution's filter: 0..units-1 of scratchnet_layer. The model file is never
 * changed. Returns 0, or SCRATCHNET_E_ARG (a layer without units, a unit out of range: the
 * message says which) or SCRATCHNET_E_LIMIT (too many at once). */
SCRATCHNET_API int scratchnet_knockout(ScratchnetModel *model, int layer, int unit, int off);

/* Puts every knocked-out unit of the model back. Returns 0, or SCRATCHNET_E_ARG for NULL. */
SCRATCHNET_API int scratchnet_knockout_clear(ScratchnetModel *model);

/* ---- the MNIST digits as the model sees them ----
 *
 * The training digits nearest to an image in the model's last hidden layer ("it thinks your 4
 * looks like these 9s"), and the test digits that excite one of its units most. The digits are
 * those of the data set the model was trained on (its file's "dataset"). MNIST's (a model that
 * does not say is an MNIST model): the full set when it is present ($SCRATCHNET_DATA, else
 * data/mnist under the working folder or the source tree, as `scratchnet train` finds it), else
 * the subset installed beside the models (10,000 training and 2,000 test digits).
 * Fashion-MNIST's photos of clothes: the full set ($SCRATCHNET_FASHION_DATA, else
 * data/fashion-mnist, else /usr/share/datasets/fashion-mnist), else the subset installed beside
 * the models (5,000 training and 1,000 test images). scratchnet_use_digits names another folder.
 * The model must read 28 x 28 images. Each model keeps its own digits and, built on its first
 * search and kept until scratchnet_free, an index: a pass of every training digit through the
 * network for the nearest digits (0.1 s for the MLP on the subset, several seconds for the CNN;
 * 10,000 x 256 floats, 10 MB, for the CNN on the subset, 61 MB on the full set), a pass of every
 * test digit for the exciting ones. Later searches take about a millisecond. */

/* One digit found: where it is in its set, its class and the pixels to show. */
typedef struct ScratchnetDigit {
    int index;   /* its place in MNIST's training set (nearest) or test set (exciting), counted
                  * in the files read: the subset's own order when the subset is used */
    int label;   /* its class, 0..9 */
    float score; /* nearest: the squared Euclidean distance between the features; exciting: the
                  * unit's output on it */
    unsigned char pixels[SCRATCHNET_SIDE * SCRATCHNET_SIDE]; /* row-major, 0 = background,
                                                              * 255 = full ink */
} ScratchnetDigit;

/* Reads the digits model compares with from dir, which holds MNIST's four IDX files under their
 * usual names (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-..., each raw or with
 * ".gz"), of 28 x 28 images and labels 0..9; dir NULL goes back to the default (above). Reads
 * them now and drops any index built from the digits before. Returns SCRATCHNET_OK, or a
 * negative code with a message naming the file that is missing or bad (the model then has no
 * digits until a later call succeeds). */
SCRATCHNET_API int scratchnet_use_digits(ScratchnetModel *model, const char *dir);

/* The k training digits nearest to grid (as a prepare function gives it: a drawing, an image or
 * a file as the network sees it) into out (k entries, 1 <= k <= 1000), closest first; equal
 * distances in the order of the training set. The distance is measured between features: the
 * input of the model's last weighted (dense or convolution) layer, i.e. the output of the layer
 * before it. The index is built from the model as it is at the first search (with any units
 * knocked out then). Returns how many were found (k, or fewer when the set is smaller), or a
 * negative code: SCRATCHNET_E_ARG for bad arguments, a non-finite grid value or a model that
 * does not read 28 x 28 images; the errors of reading the digits. */
SCRATCHNET_API int scratchnet_nearest_digits(ScratchnetModel *model, const float *grid,
                                             ScratchnetDigit *out, int k);

/* The k test digits (1 <= k <= 1000) that excite unit unit of layer layer most into out, highest
 * first; equal scores in the order of the test set. The units are a dense layer's neurons and a
 * convolution layer's filters (scratchnet_layer's units, and the output layer's classes). A
 * neuron's score is its output (after its activation); a filter's is the largest value of its
 * feature map. All units' scores come from one pass over the test digits at the first call (with
 * any units knocked out then).
 * Returns how many (k, or fewer), or a negative code: SCRATCHNET_E_ARG for a layer of another
 * type, a unit out of range or bad arguments; the errors of reading the digits. */
SCRATCHNET_API int scratchnet_exciting_digits(ScratchnetModel *model, int layer, int unit,
                                              ScratchnetDigit *out, int k);

#ifdef __cplusplus
}
#endif

#endif
