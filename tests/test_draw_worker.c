/* test_draw_worker.c - the app's background thread (src/draw/worker.c): jobs run in order and
 * are taken with their results, progress and stages are seen, cancelling stops a running job
 * and drops waiting ones (all of them, or those of one kind, the others left alone), and
 * freeing the worker ends a job that would run forever, at once, with every job freed (the
 * sanitizers' leak check). */
#include "draw/worker.h"

#include <stdatomic.h>
#include <time.h>

#include "common/error.h"
#include "test.h"

static atomic_int freed, wakes;

typedef struct Job {
    WorkerJob base;
    int result;  /* what run returns */
    int forever; /* report progress until told to stop */
    atomic_int ran;
} Job;

static void sleep_ms(int ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static int run(WorkerJob *job)
{
    Job *j = (Job *)job;
    j->ran = 1;
    if (!j->forever)
        return j->result;
    worker_stage(job, "counting %s", "sheep");
    for (int i = 0;; i++) {
        if (worker_progress(job, i % 100, 100))
            return SN_E_CANCELLED;
        sleep_ms(1);
    }
}

static void job_free(WorkerJob *job)
{
    freed++;
    free(job);
}

static Job *job_new(int result, int forever)
{
    Job *j = calloc(1, sizeof *j);
    j->base.run = run;
    j->base.free = job_free;
    j->base.kind = result;
    j->result = result;
    j->forever = forever;
    return j;
}

static void wake(void *ctx)
{
    (void)ctx;
    wakes++;
}

/* The next ended job, waiting up to 5 s. */
static WorkerJob *take_wait(AppWorker *w)
{
    for (int i = 0; i < 5000; i++) {
        WorkerJob *j = worker_take(w);
        if (j)
            return j;
        sleep_ms(1);
    }
    return NULL;
}

/* The worker's state once its running job has reported its total, waiting up to 5 s. */
static void state_running(AppWorker *w, WorkerState *st)
{
    *st = (WorkerState){0};
    for (int i = 0; i < 5000 && st->total == 0; i++) {
        sleep_ms(1);
        worker_state(w, st);
    }
}

TEST(jobs_run_in_order_and_are_taken_with_their_results)
{
    freed = wakes = 0;
    AppWorker *w = worker_new(wake, NULL);
    CHECK(w != NULL);
    for (int i = 1; i <= 3; i++)
        CHECK(worker_submit(w, &job_new(-i, 0)->base) == 0);
    for (int i = 1; i <= 3; i++) {
        WorkerJob *j = take_wait(w);
        CHECK(j && j->rc == -i && j->kind == -i && ((Job *)j)->ran);
        if (j)
            j->free(j);
    }
    CHECK(worker_take(w) == NULL);
    CHECK(wakes >= 3); /* the main loop was woken for each */
    WorkerState st;
    worker_state(w, &st);
    CHECK(st.busy == 0);
    worker_free(w);
    CHECK(freed == 3);
}

TEST(cancelling_stops_the_running_job_and_drops_the_waiting_ones)
{
    freed = 0;
    AppWorker *w = worker_new(NULL, NULL);
    Job *forever = job_new(7, 1), *next = job_new(8, 0);
    worker_submit(w, &forever->base);
    worker_submit(w, &next->base);
    WorkerState st;
    state_running(w, &st);
    CHECK(st.busy && st.kind == 7 && st.total == 100 && strcmp(st.what, "counting sheep") == 0);
    worker_cancel(w);
    WorkerJob *a = take_wait(w), *b = take_wait(w);
    /* the waiting job ends at once, without running; the running one at its next report */
    CHECK(a == &next->base && a->rc == SN_E_CANCELLED && !next->ran);
    CHECK(b == &forever->base && b->rc == SN_E_CANCELLED);
    if (a)
        a->free(a);
    if (b)
        b->free(b);
    worker_state(w, &st);
    CHECK(st.busy == 0);
    /* the worker runs the next job as usual */
    worker_submit(w, &job_new(3, 0)->base);
    WorkerJob *c = take_wait(w);
    CHECK(c && c->rc == 3);
    if (c)
        c->free(c);
    worker_free(w);
    CHECK(freed == 3);
}

TEST(cancelling_one_kind_leaves_the_others_alone)
{
    freed = 0;
    AppWorker *w = worker_new(NULL, NULL);
    Job *forever = job_new(7, 1), *other = job_new(8, 0), *same = job_new(7, 0);
    worker_submit(w, &forever->base);
    worker_submit(w, &other->base);
    worker_submit(w, &same->base);
    WorkerState st;
    state_running(w, &st);
    CHECK(st.busy && st.kind == 7);
    worker_cancel_kind(w, 8); /* not running, and its job waits: dropped alone */
    WorkerJob *a = take_wait(w);
    CHECK(a == &other->base && a->rc == SN_E_CANCELLED && !other->ran);
    sleep_ms(20);
    CHECK(!same->ran && worker_take(w) == NULL); /* the running job goes on */
    worker_cancel_kind(w, 7);
    WorkerJob *b = take_wait(w), *c = take_wait(w);
    CHECK(b == &same->base && b->rc == SN_E_CANCELLED && !same->ran);
    CHECK(c == &forever->base && c->rc == SN_E_CANCELLED);
    /* a job of another kind submitted after runs as usual */
    worker_submit(w, &job_new(3, 0)->base);
    WorkerJob *d = take_wait(w);
    CHECK(d && d->rc == 3);
    WorkerJob *all[] = {a, b, c, d};
    for (int i = 0; i < 4; i++)
        if (all[i])
            all[i]->free(all[i]);
    worker_free(w);
    CHECK(freed == 4);
}

TEST(freeing_the_worker_ends_a_running_job_at_once_and_frees_every_job)
{
    freed = 0;
    AppWorker *w = worker_new(wake, NULL);
    Job *forever = job_new(1, 1);
    worker_submit(w, &forever->base);
    worker_submit(w, &job_new(2, 0)->base);
    for (int i = 0; i < 5000 && !forever->ran; i++)
        sleep_ms(1);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    worker_free(w);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    CHECK(s < 1.0);
    CHECK(freed == 2);
    worker_free(NULL);
    /* without a worker a job is freed, not lost */
    CHECK(worker_submit(NULL, &job_new(3, 0)->base) == -1 && freed == 3);
}

int main(void)
{
    RUN(jobs_run_in_order_and_are_taken_with_their_results);
    RUN(cancelling_stops_the_running_job_and_drops_the_waiting_ones);
    RUN(cancelling_one_kind_leaves_the_others_alone);
    RUN(freeing_the_worker_ends_a_running_job_at_once_and_frees_every_job);
    return test_main_result();
}
