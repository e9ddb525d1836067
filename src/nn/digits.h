/* digits.h - the images the "inside the network" views show (the training images nearest to a
 * drawing, the test images that excite a unit most), MNIST's digits or Fashion-MNIST's photos of
 * clothes, wherever the program runs.
 *
 * The full set is used when it is present: the folder `scratchnet train` reads (common/paths.h,
 * paths_mnist_dir: $SCRATCHNET_DATA, else data/mnist under the working folder or the source
 * tree; paths_fashion_dir likewise, then Debian's /usr/share/datasets/fashion-mnist). Otherwise
 * the subset shipped beside the models is (DataPaths.digits, DataPaths.fashion, made by
 * scripts/mnist-subset, gzip IDX: the first 1,000 training and 200 test digits of each class of
 * MNIST; the first 500 training and 100 test images of each class of Fashion-MNIST).
 * Memory: one byte per pixel, 47 MB for a full training set, 7.8 MB for the MNIST subset's.
 */
#ifndef NN_DIGITS_H
#define NN_DIGITS_H

#include "common/error.h"
#include "common/paths.h"
#include "nn/idx.h"

#define NN_DIGIT_CLASSES 10 /* MNIST's and Fashion-MNIST's labels are 0..9 */

/* Loads the split prefix ("train" or "t10k") of an MNIST-format set from full_dir when both of
 * its files are there (raw or .gz; full_dir may be NULL), else from subset_dir. A set that is
 * there but bad (cut, a corrupt gzip stream, counts that disagree) is an error naming its file in
 * one line, not a reason to read the other folder. *from (may be NULL) is set to the folder read.
 * Caller frees out with nn_dataset_free(). */
int nn_digits_load(const char *full_dir, const char *subset_dir, const char *prefix,
                   NnDataset *out, const char **from, SnError *err);

/* The images of the data set a model was trained on (its info.train.dataset), for the views, as
 * nn_digits_load finds them in the running program's folders: "mnist" (or NULL or "", a model
 * that does not say) from the full MNIST (paths_mnist_dir) else the shipped MNIST subset
 * (DataPaths.digits); "fashion-mnist" from the full Fashion-MNIST (paths_fashion_dir) else the
 * shipped Fashion-MNIST subset (DataPaths.fashion). Any other data set: SN_E_ARG. from
 * (PATHS_MAX bytes, may be NULL) receives the folder read. Caller frees out with
 * nn_dataset_free(). */
int nn_digits_load_dataset(const char *dataset, const char *prefix, NnDataset *out, char *from,
                           SnError *err);

#endif
