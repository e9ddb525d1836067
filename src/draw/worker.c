/* worker.c - the app's one background thread (worker.h): a queue of jobs under one lock, the
 * running one, the ended ones waiting to be taken, and what the running one last reported.
 */
#include "draw/worker.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"

struct AppWorker {
    pthread_t tid;
    pthread_mutex_t lock;
    pthread_cond_t wake_up;       /* a job was queued, or the worker is to quit */
    WorkerJob *queue, *queue_end; /* waiting, oldest first */
    WorkerJob *running;           /* or NULL */
    WorkerJob *ended, *ended_end; /* waiting to be taken, oldest first */
    int cancel;                   /* the running job is to stop */
    int quit;
    WorkerState state;            /* the running job's stage and progress */
    void (*wake)(void *ctx);
    void *wake_ctx;
};

static void push(WorkerJob **head, WorkerJob **end, WorkerJob *j)
{
    j->next = NULL;
    if (*end)
        (*end)->next = j;
    else
        *head = j;
    *end = j;
}

static WorkerJob *pop(WorkerJob **head, WorkerJob **end)
{
    WorkerJob *j = *head;
    if (j) {
        *head = j->next;
        if (!*head)
            *end = NULL;
        j->next = NULL;
    }
    return j;
}

static void free_all(WorkerJob *j)
{
    while (j) {
        WorkerJob *next = j->next;
        j->free(j);
        j = next;
    }
}

static void *loop(void *arg)
{
    AppWorker *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (!w->quit && !w->queue)
            pthread_cond_wait(&w->wake_up, &w->lock);
        if (w->quit)
            break;
        WorkerJob *j = pop(&w->queue, &w->queue_end);
        w->running = j;
        w->cancel = 0;
        w->state = (WorkerState){.busy = 1, .kind = j->kind};
        pthread_mutex_unlock(&w->lock);
        int rc = j->run(j); /* unlocked: the main thread reads the state meanwhile */
        pthread_mutex_lock(&w->lock);
        j->rc = w->cancel && rc == 0 ? SN_E_CANCELLED : rc;
        w->running = NULL;
        push(&w->ended, &w->ended_end, j);
        w->state = (WorkerState){.busy = w->queue != NULL,
                                 .kind = w->queue ? w->queue->kind : 0};
        pthread_mutex_unlock(&w->lock);
        if (w->wake)
            w->wake(w->wake_ctx);
        pthread_mutex_lock(&w->lock);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

AppWorker *worker_new(void (*wake)(void *ctx), void *wake_ctx)
{
    AppWorker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->wake = wake;
    w->wake_ctx = wake_ctx;
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake_up, NULL);
    if (pthread_create(&w->tid, NULL, loop, w) != 0) {
        pthread_mutex_destroy(&w->lock);
        pthread_cond_destroy(&w->wake_up);
        free(w);
        return NULL;
    }
    return w;
}

void worker_free(AppWorker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->quit = 1;
    w->cancel = 1;
    pthread_cond_signal(&w->wake_up);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->tid, NULL);
    free_all(w->queue);
    free_all(w->ended);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake_up);
    free(w);
}

int worker_submit(AppWorker *w, WorkerJob *job)
{
    if (!w) {
        job->free(job);
        return -1;
    }
    job->worker = w;
    job->rc = 0;
    pthread_mutex_lock(&w->lock);
    push(&w->queue, &w->queue_end, job);
    if (!w->running)
        w->state = (WorkerState){.busy = 1, .kind = w->queue->kind};
    pthread_cond_signal(&w->wake_up);
    pthread_mutex_unlock(&w->lock);
    return 0;
}

/* Cancels the running job and the waiting ones, all of them or (all = 0) those of kind. */
static void cancel(AppWorker *w, int all, int kind)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    if (w->running && (all || w->running->kind == kind))
        w->cancel = 1;
    WorkerJob *j, *keep = NULL, *keep_end = NULL;
    while ((j = pop(&w->queue, &w->queue_end)) != NULL) {
        if (all || j->kind == kind) {
            j->rc = SN_E_CANCELLED;
            push(&w->ended, &w->ended_end, j);
        } else {
            push(&keep, &keep_end, j);
        }
    }
    w->queue = keep;
    w->queue_end = keep_end;
    if (!w->running)
        w->state = (WorkerState){.busy = w->queue != NULL, .kind = w->queue ? w->queue->kind : 0};
    pthread_mutex_unlock(&w->lock);
}

void worker_cancel(AppWorker *w)
{
    cancel(w, 1, 0);
}

void worker_cancel_kind(AppWorker *w, int kind)
{
    cancel(w, 0, kind);
}

WorkerJob *worker_take(AppWorker *w)
{
    if (!w)
        return NULL;
    pthread_mutex_lock(&w->lock);
    WorkerJob *j = pop(&w->ended, &w->ended_end);
    pthread_mutex_unlock(&w->lock);
    return j;
}

void worker_state(AppWorker *w, WorkerState *out)
{
    if (!w) {
        *out = (WorkerState){0};
        return;
    }
    pthread_mutex_lock(&w->lock);
    *out = w->state;
    pthread_mutex_unlock(&w->lock);
}

void worker_stage(WorkerJob *job, const char *fmt, ...)
{
    AppWorker *w = job->worker;
    char what[WORKER_WHAT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&w->lock);
    memcpy(w->state.what, what, sizeof what);
    w->state.done = w->state.total = 0;
    pthread_mutex_unlock(&w->lock);
    if (w->wake)
        w->wake(w->wake_ctx);
}

int worker_progress(void *job, int done, int total)
{
    AppWorker *w = ((WorkerJob *)job)->worker;
    pthread_mutex_lock(&w->lock);
    long long before = w->state.total > 0 ? 100LL * w->state.done / w->state.total : -1;
    long long now = total > 0 ? 100LL * done / total : -1;
    w->state.done = done;
    w->state.total = total;
    int stop = w->cancel;
    pthread_mutex_unlock(&w->lock);
    if (now != before && w->wake)
        w->wake(w->wake_ctx);
    return stop;
}
