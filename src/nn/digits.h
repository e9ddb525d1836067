/* digits.h - the MNIST digits the "inside the network" views show (the training digits nearest
 * to a drawing, the test digits that excite a unit most), wherever the program runs.
 *
 * The full MNIST set is used when it is present: the folder `scratchnet train` reads (common/
 * paths.h, paths_mnist_dir: $SCRATCHNET_DATA, else data/mnist under the working folder or the
 * source tree). Otherwise the subset shipped beside the models is (DataPaths.digits, made by
 * scripts/mnist-subset: the first 1,000 training and 200 test digits of each class, gzip IDX).
 * Memory: one byte per pixel, 47 MB for the full training set, 7.8 MB for the subset's.
 */
#ifndef NN_DIGITS_H
#define NN_DIGITS_H

#include "common/error.h"
#include "common/paths.h"
#include "nn/idx.h"

#define NN_DIGIT_CLASSES 10 /* MNIST's labels are 0..9 */

/* Loads MNIST's split prefix ("train" or "t10k") from full_dir when both of its files are there
 * (raw or .gz; full_dir may be NULL), else from subset_dir. A set that is there but bad (cut, a
 * corrupt gzip stream, counts that disagree) is an error naming its file in one line, not a
 * reason to read the other folder. *from (may be NULL) is set to the folder read. Caller frees
 * out with nn_dataset_free(). */
int nn_digits_load(const char *full_dir, const char *subset_dir, const char *prefix,
                   NnDataset *out, const char **from, SnError *err);

/* nn_digits_load with the running program's folders (paths_mnist_dir, paths_resolve_here);
 * from (PATHS_MAX bytes, may be NULL) receives the folder read. */
int nn_digits_load_here(const char *prefix, NnDataset *out, char *from, SnError *err);

/* The images of the data set a model was trained on (its info.train.dataset), for the views:
 * "mnist" (or "", a model that does not say) as nn_digits_load_here; "fashion-mnist" from the
 * full Fashion-MNIST folder only (paths_fashion_dir; no subset is shipped), SN_E_IO naming the
 * folder when its files are not there. Any other data set: SN_E_ARG. from as
 * nn_digits_load_here. Caller frees out with nn_dataset_free(). */
int nn_digits_load_dataset(const char *dataset, const char *prefix, NnDataset *out, char *from,
                           SnError *err);

#endif
