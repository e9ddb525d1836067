/* cmd_finetune.c - `scratchnet train --finetune MODEL --drawings FILE --out OUT`: adapts a
 * model to a person's labelled drawings mixed with MNIST without forgetting MNIST (the work is
 * ink_finetune, src/ink/finetune.h, which the app calls too); this file reads the command line,
 * checks every file before the work, prints and saves.
 *
 * Steps: options, the outputs (writable, none an input), the model and the drawings (each bad
 * one refused in one line naming it, exit 2), MNIST, the lock on OUT, the fine-tuning with
 * progress on a terminal, the test set before and after, the atomic save. Ctrl-C or SIGTERM
 * stops the run at the next batch and saves nothing (a fine-tuning takes seconds to minutes; it
 * is simply run again), so a killed run never leaves a broken OUT. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common.h"
#include "common/outfile.h"
#include "ink/finetune.h"
#include "ink/labelled.h"
#include "nn/calibration.h"
#include "nn/model_io.h"
#include "nn/train.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

typedef struct Finetune {
    const char *model, *drawings, *out, *data, *name;
    int mnist, copies, epochs, val, quiet;
    float lr;
    uint64_t seed;
    int tty;
    double start, last_draw;
} Finetune;

/* The test set's accuracy, refused share and calibration error (ECE, over the answers not
 * refused, as `eval` reports it). */
typedef struct TestFigures {
    float acc, refused;
    double ece;
} TestFigures;

static int measure_test(NnModel *m, const NnDataset *test, TestFigures *f, SnError *err)
{
    uint8_t *pred = malloc((size_t)test->n), *right = malloc((size_t)test->n);
    float *top = malloc((size_t)test->n * sizeof *top);
    int rc = 0;
    if (!pred || !right || !top) {
        rc = sn_error(err, SN_E_NOMEM, "out of memory");
    } else {
        NnEvalDetail d = {.answer = pred, .top = top};
        f->acc = nn_evaluate(m, test, NULL, test->n, &d, err);
        f->refused = (float)d.refused / (float)test->n;
        if (f->acc < 0.0f)
            rc = err->code ? err->code : SN_E_ARG;
        int n = 0; /* the answers not refused, packed */
        for (int i = 0; rc == 0 && i < test->n; i++)
            if (pred[i] < m->n_out) {
                top[n] = top[i];
                right[n++] = pred[i] == test->labels[i];
            }
        f->ece = rc == 0 ? nn_calibration_error(top, right, n, NN_ECE_BINS) : -1.0;
    }
    free(pred);
    free(right);
    free(top);
    return rc;
}

static int on_batch(void *user, int done, int total, float loss, float acc)
{
    Finetune *o = user;
    if (o->tty) {
        double now = cli_now();
        if (now - o->last_draw >= 0.1 || done == total) {
            o->last_draw = now;
            double el = now - o->start, rate = el > 0 ? done / el : 0.0;
            fprintf(stderr, "\r  fine-tuning %3d%%  %6.0f samples/s  ETA %4.0fs  loss %.4f  acc "
                            "%.2f%% ", (int)(100.0 * done / total), rate,
                    rate > 0 ? (total - done) / rate : 0.0, (double)loss, 100.0 * (double)acc);
            fflush(stderr);
        }
    }
    return stop_requested != 0;
}

/* Reads the command line; TRAIN_GO_ON-like -1 to go on, else the exit status. */
static int read_options(Finetune *o, int argc, char **argv)
{
    const InkFinetuneConfig d = ink_finetune_defaults();
    *o = (Finetune){.mnist = d.mnist, .copies = d.copies, .epochs = d.epochs, .val = 5000,
                    .seed = d.seed};
    const CliOpt opts[] = {
        {"finetune", OPT_STR, &o->model, "MODEL", "the model file to adapt (required)",
         CLI_NO_RANGE},
        {"drawings", OPT_STR, &o->drawings, "FILE",
         "labelled drawings to adapt it to, one JSON object per line as `eval --drawings` reads "
         "them (required)", CLI_NO_RANGE},
        {"out", OPT_STR, &o->out, "FILE",
         "where to save the adapted model (required; OUT.lock keeps other runs off it)",
         CLI_NO_RANGE},
        {"data", OPT_STR, &o->data, "DIR", "directory of MNIST's raw or .gz IDX files",
         CLI_NO_RANGE},
        {"mnist", OPT_INT, &o->mnist, "N", "MNIST training images mixed in per epoch (30000)",
         CLI_RANGE(0, NN_IDX_MAX_COUNT)},
        {"copies", OPT_INT, &o->copies, "N",
         "distorted copies of each drawing per epoch (10)", CLI_RANGE(1, 10000)},
        {"epochs", OPT_INT, &o->epochs, "N",
         "passes over the mix; the last that keeps held-out MNIST within 0.15 points is kept (3)",
         CLI_RANGE(1, 1000)},
        {"lr", OPT_FLOAT, &o->lr, "RATE",
         "learning rate (default: a tenth of the model's recorded one)", CLI_ABOVE(0, 1000)},
        {"val", OPT_INT, &o->val, "N",
         "the last N MNIST training images, held out: they measure what MNIST keeps and refit "
         "the refusal rule (5000)", CLI_RANGE(100, NN_IDX_MAX_COUNT)},
        {"seed", OPT_U64, &o->seed, "N", "random seed of the mix and the shuffling (1)",
         CLI_NO_RANGE},
        {"name", OPT_STR, &o->name, "NAME", "model name shown in the app (default: file name)",
         CLI_TEXT_BYTES(1, NN_NAME_LEN - 1)},
        {"quiet", OPT_FLAG, &o->quiet, NULL, "print only the final line", CLI_NO_RANGE},
    };
    const CliCommand cmd = {
        "train --finetune", "MODEL --drawings FILE --out FILE [options]",
        "Adapt a model to a person's labelled drawings mixed with MNIST, keeping MNIST within "
        "0.3 points and choosing its refusal rule again on held-out MNIST.",
        opts, (int)(sizeof opts / sizeof opts[0]), 0, 0};
    char *pos[8];
    int n_pos = 0;
    int rc = cli_parse(&cmd, argc, argv, pos, 8, &n_pos);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;
    const char *missing = !o->model ? "--finetune MODEL" : !o->drawings ? "--drawings FILE"
                          : !o->out ? "--out FILE" : NULL;
    if (missing) {
        fprintf(stderr, "scratchnet train: %s is required to fine-tune (e.g. --finetune "
                        "models/mnist-mlp.json --drawings mine.jsonl --out models/mine.json)\n",
                missing);
        return EXIT_USAGE;
    }
    return -1;
}

/* The output can be written and is none of the inputs. */
static int check_files(const Finetune *o)
{
    SnError err;
    if (outfile_check(o->out, &err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", err.msg);
        return EXIT_FAIL;
    }
    const CliFile out = {"--out", o->out};
    const CliFile in[2] = {{"the model (--finetune)", o->model}, {"--drawings", o->drawings}};
    return cli_refuse_inputs_as_outputs("train", &out, 1, in, 2) ? EXIT_USAGE : -1;
}

/* The model's name: --name, else the file name of --out without .json. */
static void name_model(const Finetune *o, NnModel *m)
{
    if (o->name) {
        snprintf(m->info.name, sizeof m->info.name, "%s", o->name);
        return;
    }
    const char *base = strrchr(o->out, '/');
    base = base ? base + 1 : o->out;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".json") == 0)
        len -= 5;
    if (len >= sizeof m->info.name)
        len = sizeof m->info.name - 1;
    while (len > 0 && ((unsigned char)base[len] & 0xC0) == 0x80)
        len--; /* never cut a UTF-8 character */
    memcpy(m->info.name, base, len);
    m->info.name[len] = '\0';
    if (!m->info.name[0])
        snprintf(m->info.name, sizeof m->info.name, "finetuned");
}

static void print_report(const Finetune *o, const InkFinetuneReport *r, const TestFigures *b,
                         const TestFigures *a, const NnModel *m)
{
    printf("drawings: %d trained on%s", r->n_tuned, r->n_held ? "" : "\n");
    if (r->n_held)
        printf(", %d held back\n", r->n_held);
    if (r->tuned_before >= 0.0f)
        printf("  read right before %.2f %%, after %.2f %% (the drawings trained on)\n",
               100.0 * (double)r->tuned_before, 100.0 * (double)r->tuned_after);
    if (r->held_before >= 0.0f)
        printf("  read right before %.2f %%, after %.2f %% (held back)\n",
               100.0 * (double)r->held_before, 100.0 * (double)r->held_after);
    printf("mix: %d images an epoch; epoch %d of %d kept; %.1f s\n", r->n_mix, r->epoch_kept,
           o->epochs, r->seconds);
    printf("held-out MNIST (%d): %.2f %% before, %.2f %% after\n", o->val,
           100.0 * (double)r->mnist_before, 100.0 * (double)r->mnist_after);
    printf("MNIST test: %.2f %% before, %.2f %% after (%+.2f points); refused %.2f %% -> %.2f "
           "%%; calibration error (ECE) %.2f %% -> %.2f %%\n",
           100.0 * (double)b->acc, 100.0 * (double)a->acc, 100.0 * (double)(a->acc - b->acc),
           100.0 * (double)b->refused, 100.0 * (double)a->refused, 100.0 * b->ece,
           100.0 * a->ece);
    if (r->refit)
        printf("refusal rule refit on held-out MNIST: below %.4g, which %s\n",
               (double)m->info.refuse_below, m->info.refuse_chosen);
}

/* Everything one run holds, given back by release(). */
typedef struct FtRun {
    Finetune o;
    NnModel *m;
    InkLabelled set;
    NnDataset train, test;
    OutfileLock lock;
} FtRun;

static void release(FtRun *r)
{
    outfile_unlock(&r->lock);
    nn_model_free(r->m);
    ink_labelled_free(&r->set);
    nn_dataset_free(&r->train);
    nn_dataset_free(&r->test);
}

/* The model and the drawings, each refused in one line naming it; then MNIST. */
static int load_inputs(FtRun *r)
{
    const Finetune *o = &r->o;
    SnError err = {0};
    r->m = nn_model_load(o->model, &err);
    if (!r->m) {
        fprintf(stderr, "scratchnet train: %s\n", err.msg);
        return err.code == SN_E_NOMEM ? EXIT_FAIL : EXIT_USAGE;
    }
    nn_model_set_pool(r->m, cli_pool());
    if (ink_labelled_read(o->drawings, &r->set, &err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", err.msg);
        return err.code == SN_E_NOMEM ? EXIT_FAIL : EXIT_USAGE;
    }
    if (r->set.n == 0) {
        fprintf(stderr, "scratchnet train: %s: no drawings in the file\n", o->drawings);
        return EXIT_USAGE;
    }
    if (ink_finetune_check(r->m, o->model, &r->set, o->drawings, &err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", err.msg);
        return EXIT_USAGE;
    }
    const char *dir = cli_data_dir(o->data);
    if (nn_dataset_load_mnist(dir, "train", r->m->n_out, &r->train, &err) != 0 ||
        nn_dataset_load_mnist(dir, "t10k", r->m->n_out, &r->test, &err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", err.msg);
        return EXIT_FAIL;
    }
    if (o->val >= r->train.n) {
        fprintf(stderr, "scratchnet train: --val %d leaves no MNIST training images out of %d\n",
                o->val, r->train.n);
        return EXIT_USAGE;
    }
    return -1;
}

/* Catches Ctrl-C and SIGTERM and takes OUT's lock; removes temporary files of killed runs. */
static int take_lock(FtRun *r)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    SnError err;
    long holder;
    if (outfile_lock(r->o.out, &r->lock, &holder, &err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", err.msg);
        return EXIT_FAIL;
    }
    const char *own[3] = {r->o.out, r->o.model, r->o.drawings};
    int removed = 0;
    if (outfile_remove_stale_temps(r->o.out, own, 3, &removed, &err) != 0)
        fprintf(stderr, "scratchnet train: %s; fine-tuning goes on\n", err.msg);
    return -1;
}

/* Fine-tunes, measures the test set before and after, records and saves. */
static int run(FtRun *r, int argc, char **argv)
{
    Finetune *o = &r->o;
    SnError err = {0};
    TestFigures before, after;
    if (measure_test(r->m, &r->test, &before, &err) != 0) {
        fprintf(stderr, "scratchnet train: testing: %s\n", err.msg);
        return EXIT_FAIL;
    }
    if (!o->quiet)
        printf("fine-tuning %s (%s) on %d drawings of %s mixed with MNIST\n", o->model,
               r->m->info.name, r->set.n, o->drawings);
    fflush(stdout);
    InkFinetuneConfig cfg = {.mnist = o->mnist, .copies = o->copies, .epochs = o->epochs,
                             .lr = o->lr, .seed = o->seed, .progress = on_batch, .user = o};
    o->tty = !o->quiet && cli_isatty(stderr);
    o->start = cli_now();
    InkFinetuneReport rep;
    int rc = ink_finetune(r->m, &r->set, &r->train, r->train.n - o->val, o->val, &cfg, &rep,
                          &err);
    if (o->tty)
        fprintf(stderr, "\r%100s\r", "");
    if (rc == 1) {
        fprintf(stderr, "scratchnet train: interrupted; nothing saved (%s is as it was)\n",
                o->out);
        return EXIT_INTERRUPTED;
    }
    if (rc < 0) {
        fprintf(stderr, "scratchnet train: fine-tuning: %s\n", err.msg);
        return EXIT_FAIL;
    }
    if (measure_test(r->m, &r->test, &after, &err) != 0) {
        fprintf(stderr, "scratchnet train: testing: %s\n", err.msg);
        return EXIT_FAIL;
    }
    NnTrainInfo *ti = &r->m->info.train;
    ti->test_accuracy = after.acc;
    ti->test_refused = r->m->info.refuse_below > 0.0f ? after.refused : -1.0f;
    const char *base = strrchr(o->drawings, '/');
    snprintf(ti->ft.drawings, sizeof ti->ft.drawings, "%s", base ? base + 1 : o->drawings);
    cli_iso_date(ti->ft.date, sizeof ti->ft.date);
    (void)argc, (void)argv;
    name_model(o, r->m);
    if (!o->quiet)
        print_report(o, &rep, &before, &after, r->m);
    if (nn_model_save(o->out, r->m, &err) != 0) {
        fprintf(stderr, "scratchnet train: %s\n", err.msg);
        return EXIT_FAIL;
    }
    printf("saved %s: MNIST test %.2f %% (was %.2f %%)", o->out, 100.0 * (double)after.acc,
           100.0 * (double)before.acc);
    if (rep.held_before >= 0.0f)
        printf(", held-back drawings %.2f %% (were %.2f %%)", 100.0 * (double)rep.held_after,
               100.0 * (double)rep.held_before);
    printf(", %.1f s\n", rep.seconds);
    return EXIT_OK;
}

int cmd_finetune(int argc, char **argv)
{
    FtRun r = {.lock = OUTFILE_LOCK_NONE};
    int status = read_options(&r.o, argc, argv);
    if (status < 0)
        status = check_files(&r.o);
    if (status < 0)
        status = load_inputs(&r);
    if (status < 0)
        status = take_lock(&r);
    if (status < 0)
        status = run(&r, argc, argv);
    release(&r);
    return status;
}
