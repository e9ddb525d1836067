/* lib.h - what the library's own files share: a loaded model as the library keeps it, and the
 * per-thread error message every public function leaves on failure. Not installed. */
#ifndef LIB_LIB_H
#define LIB_LIB_H

#include <pthread.h>

#include "scratchnet.h"

#include "ink/classify.h"
#include "nn/excite.h"
#include "nn/idx.h"
#include "nn/model.h"
#include "nn/neighbours.h"

/* The MNIST digits a model is compared with (digits.c), loaded and indexed on first use. */
typedef struct LibDigits {
    char *dir;               /* the folder scratchnet_use_digits named; NULL: the default lookup */
    int loaded;              /* 1 once train and test hold the digits */
    NnDataset train, test;   /* owned */
    NnNeighbourIndex index;  /* built on the first nearest-digit search (index.n > 0) */
    NnExcite excite;         /* built on the first exciting-digit search (excite.n > 0) */
} LibDigits;

/* Each model runs on its own pool of threads, so that distinct models classify at once from
 * different threads; its lock makes threads that share one model take turns (a model's
 * workspace is reused by every pass). */
struct ScratchnetModel {
    NnModel *net;                                 /* owned */
    NnPool *pool;                                 /* owned: the threads net runs on */
    pthread_mutex_t lock;                         /* held while net runs */
    char labels[NN_MAX_CLASSES][NN_LABEL_LEN];    /* the stored labels, or the class number */
    LibDigits digits;                             /* the digits it is compared with */
};

/* Records a printf-style message for scratchnet_last_error and returns code. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int fail(int code, const char *fmt, ...);

/* The public code of a core failure (common/error.h): the same value for a file that cannot be
 * read, malformed contents, memory, an argument and a limit; a path that is not a regular file
 * (a FIFO, a device) is a file that cannot be read; outputs that are not finite have their own
 * public code. */
int public_code(int code);

/* An answer holding the caller's grid (SCRATCHNET_SIDE^2 values, which must be finite), the
 * input ink_inspect, ink_saliency and ink_classify_input read; 0 or a code with the message, fn
 * naming the public function in it. */
int grid_answer(const char *fn, const float *grid, InkAnswer *a);

/* Frees what digits.c keeps for a model (scratchnet_free calls it). */
void lib_digits_free(LibDigits *d);

#endif
