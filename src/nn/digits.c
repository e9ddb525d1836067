/* digits.c - a data set's images from the full set when present, else the shipped subset
 * (digits.h). */
#include "nn/digits.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* 1 when dir holds prefix's image and label files, each raw or gzipped. */
static int has_set(const char *dir, const char *prefix)
{
    for (int labels = 0; labels <= 1; labels++) {
        int found = 0;
        for (int gz = 0; gz <= 1 && !found; gz++) {
            char path[PATHS_MAX + 64];
            int n = nn_dataset_file_name(path, sizeof path, dir, prefix, labels, gz);
            found = n > 0 && (size_t)n < sizeof path && access(path, F_OK) == 0;
        }
        if (!found)
            return 0;
    }
    return 1;
}

int nn_digits_load(const char *full_dir, const char *subset_dir, const char *prefix,
                   NnDataset *out, const char **from, SnError *err)
{
    if (!subset_dir || !prefix || !out)
        return sn_error(err, SN_E_ARG, "nn_digits_load: NULL argument");
    const char *dir = full_dir && has_set(full_dir, prefix) ? full_dir : subset_dir;
    if (from)
        *from = dir;
    return nn_dataset_load_mnist(dir, prefix, NN_DIGIT_CLASSES, out, err);
}

int nn_digits_load_dataset(const char *dataset, const char *prefix, NnDataset *out, char *from,
                           SnError *err)
{
    int fashion = dataset && strcmp(dataset, "fashion-mnist") == 0;
    if (dataset && dataset[0] && strcmp(dataset, "mnist") != 0 && !fashion)
        return sn_error(err, SN_E_ARG, "no images of the data set \"%s\" to show", dataset);
    DataPaths paths;
    char full[PATHS_MAX];
    if (paths_resolve_here(&paths) != 0)
        return sn_error(err, SN_E_LIMIT, "the data folder's name is longer than %d bytes",
                        PATHS_MAX - 1);
    const char *dir = NULL;
    int rc = fashion ? nn_digits_load(paths_fashion_dir(full), paths.fashion, prefix, out, &dir,
                                      err)
                     : nn_digits_load(paths_mnist_dir(full), paths.digits, prefix, out, &dir,
                                      err);
    if (from)
        snprintf(from, PATHS_MAX, "%s", dir ? dir : "");
    return rc;
}
