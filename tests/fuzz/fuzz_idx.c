/* fuzz_idx.c - libFuzzer target: any bytes as an IDX file, raw or gzip-compressed (the reader
 * tells them apart by the gzip magic), read both as images and as labels. The bytes go through
 * a real file because the reader takes a path, as the command does. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "nn/idx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/scratchnet-fuzz-idx-%ld", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    if (size && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return 0;
    }
    fclose(f);
    SnError err = {0};
    uint8_t *images = NULL, *labels = NULL;
    int n = 0, rows = 0, cols = 0;
    if (nn_idx_read_images(path, &images, &n, &rows, &cols, &err) == 0) {
        if (n < 1 || rows < 1 || cols < 1 || !images)
            abort();
        volatile uint8_t last = images[(size_t)n * rows * cols - 1]; /* all of it is there */
        (void)last;
        free(images);
    } else if (!err.msg[0] || images) {
        abort();
    }
    err.msg[0] = '\0';
    if (nn_idx_read_labels(path, &labels, &n, &err) == 0) {
        if (n < 1 || !labels)
            abort();
        free(labels);
    } else if (!err.msg[0] || labels) {
        abort();
    }
    return 0;
}
