/* worker.h - the drawing app's one background thread, for work too slow for a frame (the index
 * of the nearest training digits, the units' best test digits).
 *
 * Jobs run one at a time, in the order given, on data they own: a copy of the model
 * (nn_model_copy) and the images they load or read without changing, so the main thread
 * keeps classifying and drawing while one runs and never waits for it. A job reports its
 * progress through worker_progress (an NnProgress), which also tells it to stop when it is
 * cancelled; a finished (or cancelled) job waits, with its result, until the main thread takes
 * it (worker_take) and frees it. The wake function (may be NULL) is called on the worker's
 * thread when a job's percentage changes and when it ends: it must only wake the main loop
 * (SDL_PushEvent does). No SDL here, no printing.
 */
#ifndef DRAW_WORKER_H
#define DRAW_WORKER_H

#define WORKER_WHAT 96 /* bytes of a job's stage, with its end */

typedef struct AppWorker AppWorker;
typedef struct WorkerJob WorkerJob;

/* A job: embed it first in a job of one's own and set run and free. */
struct WorkerJob {
    int (*run)(WorkerJob *job);   /* on the worker's thread; returns the job's result code */
    void (*free)(WorkerJob *job); /* frees the whole job (on the main thread) */
    int kind;                     /* the caller's: what the job is for */
    /* set by the worker */
    AppWorker *worker;
    int rc;                       /* run's result once it ended; SN_E_CANCELLED if cancelled
                                     before it started */
    WorkerJob *next;
};

/* What the worker is doing, as a copy. */
typedef struct WorkerState {
    int busy;              /* 1 while a job runs or waits to */
    int kind;              /* the running (or next) job's kind */
    char what[WORKER_WHAT]; /* its stage in words, "" before it says */
    int done, total;       /* its progress (total 0: not known) */
} WorkerState;

/* Starts the thread; NULL if it could not be started. */
AppWorker *worker_new(void (*wake)(void *ctx), void *wake_ctx);
/* Cancels the running job, drops the waiting ones, waits for the thread to end (a job stops at
 * its next progress report) and frees every job not taken. Accepts NULL. */
void worker_free(AppWorker *w);

/* Queues job (its run and free set); returns 0, or -1 with the job freed when w is NULL. */
int worker_submit(AppWorker *w, WorkerJob *job);
/* Cancels the running job (it ends at its next progress report, and is then taken with its
 * code) and every waiting one (taken at once with SN_E_CANCELLED, without running). */
void worker_cancel(AppWorker *w);
/* The same for the jobs of one kind only: the running job if it is of that kind, and the
 * waiting ones that are; the others run as they would have. */
void worker_cancel_kind(AppWorker *w, int kind);
/* The next ended job, oldest first, now the caller's (free it with job->free); NULL if none. */
WorkerJob *worker_take(AppWorker *w);
/* A copy of what the worker is doing. */
void worker_state(AppWorker *w, WorkerState *out);

/* For the running job: its stage in words (printf-style), and its progress (an NnProgress:
 * ctx is the job). worker_progress returns 1 when the job is to stop. */
void worker_stage(WorkerJob *job, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int worker_progress(void *job, int done, int total);

#endif
