/* checkpoint.c - saving and resuming a training run (checkpoint.h). */
#include "nn/checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "common/readfile.h"
#include "nn/model_io.h"

/* The magic line names the format's version. 2: the caller's record is its own fields, written
 * one by one (version 1 held the memory image of the command line's structure), so a file of
 * version 1 is refused as coming from an older version. */
#define VERSION      2
#define MAGIC_PREFIX "scratchnet checkpoint "
#define STRING(x)    #x
#define VERSION_TEXT(x) STRING(x)
#define MAGIC        MAGIC_PREFIX VERSION_TEXT(VERSION) "\n"
#define MAGIC_LEN    (sizeof MAGIC - 1)

/* ---- writing --------------------------------------------------------------------------------- */

static void put_u64(Bytes *b, uint64_t v)
{
    bytes_add(b, &v, sizeof v);
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

int nn_checkpoint_save(const char *path, NnTrainer *t, const void *extra, size_t extra_len,
                       SnError *err)
{
    NnModel *m = t->model;
    if (t->online)
        nn_online_end(&t->one, m); /* mid-epoch the weights live transposed: bring them back */
    Bytes b = {0};
    const size_t n = m->n_params;
    bytes_add(&b, MAGIC, MAGIC_LEN);
    put_u64(&b, n);
    put_u64(&b, m->n_state);
    put_u64(&b, (uint64_t)t->cfg.opt.kind);
    put_u64(&b, t->opt.m != NULL);
    put_u64(&b, t->opt.v != NULL);
    put_u64(&b, (uint64_t)t->opt.t);
    bytes_add(&b, m->params, n * sizeof(float));
    bytes_add(&b, m->state, m->n_state * sizeof(float));
    if (t->opt.m)
        bytes_add(&b, t->opt.m, n * sizeof(float));
    if (t->opt.v)
        bytes_add(&b, t->opt.v, n * sizeof(float));
    bytes_add(&b, t->rng.s, sizeof t->rng.s);
    bytes_add(&b, m->rng.s, sizeof m->rng.s);
    int32_t pos[3] = {t->epoch, t->pos, t->pos > 0 ? t->pos_n : 0};
    bytes_add(&b, pos, sizeof pos);
    bytes_add(&b, &t->pos_loss, sizeof t->pos_loss);
    int64_t correct = t->pos_correct;
    bytes_add(&b, &correct, sizeof correct);
    if (t->pos > 0)
        bytes_add(&b, t->order, (size_t)t->pos_n * sizeof(int));
    put_u64(&b, extra_len);
    bytes_add(&b, extra, extra_len);
    if (!b.failed)
        put_u64(&b, fnv1a((const unsigned char *)b.p, b.len));
    if (b.failed) {
        free(b.p);
        return sn_error(err, SN_E_NOMEM, "%s: out of memory for the checkpoint", path);
    }
    int rc = atomic_write_file(path, b.p, b.len, err);
    free(b.p);
    return rc;
}

/* ---- reading ----------------------------------------------------------------------------- */

typedef struct Reader {
    const unsigned char *p;
    size_t len, at;
} Reader;

static int take(Reader *r, void *out, size_t n)
{
    if (n > r->len - r->at)
        return -1;
    memcpy(out, r->p + r->at, n);
    r->at += n;
    return 0;
}

static int take_u64(Reader *r, uint64_t *v)
{
    return take(r, v, sizeof *v);
}

/* The whole file, at most max bytes. */
static unsigned char *read_all(const char *path, size_t max, size_t *len, SnError *err)
{
    char *bytes = NULL;
    if (readfile_all(path, max, 0, &bytes, len, err) == SN_E_LIMIT)
        sn_error(err, SN_E_LIMIT, "%s: larger than %zu MB, not a checkpoint of this model", path,
                 max >> 20);
    return (unsigned char *)bytes;
}

/* A checkpoint file being loaded: its header and position, and where its parts start. */
typedef struct Loaded {
    unsigned char *data;
    size_t len;
    Reader r;                            /* reads data, short of the checksum once it matched */
    uint64_t n_params, n_state, kind, has_m, has_v, steps, order_n, extra_n;
    uint32_t rng[4], mrng[4];
    int32_t pos[3];                      /* epoch, position in it, its number of samples */
    double loss;
    int64_t correct;
    size_t at_params, at_order;          /* where the arrays and the order start */
} Loaded;

/* The largest file this trainer can take: every array, the order and the extra bytes. */
static size_t largest_checkpoint(const NnTrainer *t, size_t extra_len)
{
    const NnModel *m = t->model;
    return MAGIC_LEN + 16 * sizeof(uint64_t) + (4 * m->n_params + m->n_state) * sizeof(float) +
           (size_t)(t->cap_order > 0 ? t->cap_order : 0) * sizeof(int) + extra_len +
           ((size_t)64 << 20);
}

/* The version in the magic line "scratchnet checkpoint N\n" that starts p, or -1 without one. */
static long magic_version(const unsigned char *p, size_t len)
{
    const size_t k = sizeof MAGIC_PREFIX - 1;
    if (len < k || memcmp(p, MAGIC_PREFIX, k) != 0)
        return -1;
    long v = 0;
    size_t i = k;
    while (i < len && i < k + 9 && p[i] >= '0' && p[i] <= '9')
        v = 10 * v + (p[i++] - '0');
    return i > k && i < len && p[i] == '\n' ? v : -1;
}

/* Checks the file starts with this version's magic line and ends with its checksum; NULL or
 * why not. */
static const char *check_frame(Loaded *c)
{
    long version = magic_version(c->data, c->len);
    if (version >= 0 && version < VERSION)
        return "checkpoint from an older version of scratchnet; start the run again without "
               "--resume";
    if (version > VERSION)
        return "checkpoint from a newer version of scratchnet, which this one cannot read";
    if (version != VERSION || c->len < MAGIC_LEN + 8)
        return "not a scratchnet checkpoint";
    c->r.at = MAGIC_LEN;
    uint64_t stored;
    memcpy(&stored, c->data + c->len - 8, sizeof stored);
    if (fnv1a(c->data, c->len - 8) != stored)
        return "damaged (its checksum does not match)";
    c->r.len = c->len - 8;
    return NULL;
}

/* Reads the header and checks it against the trainer's model and optimiser; NULL or why not. */
static const char *check_header(Loaded *c, const NnTrainer *t)
{
    Reader *r = &c->r;
    if (take_u64(r, &c->n_params) || take_u64(r, &c->n_state) || take_u64(r, &c->kind) ||
        take_u64(r, &c->has_m) || take_u64(r, &c->has_v) || take_u64(r, &c->steps))
        return "truncated";
    if (c->n_params != t->model->n_params || c->n_state != t->model->n_state)
        return "made for a model of another size";
    if (c->kind != (uint64_t)t->cfg.opt.kind || c->has_m != (t->opt.m != NULL) ||
        c->has_v != (t->opt.v != NULL))
        return "made with another optimiser";
    return NULL;
}

/* Finds where the arrays start and steps over them; NULL or why not. */
static const char *skip_arrays(Loaded *c)
{
    const size_t n = (size_t)c->n_params;
    c->at_params = c->r.at;
    size_t arrays =
        (n + (size_t)c->n_state + (c->has_m ? n : 0) + (c->has_v ? n : 0)) * sizeof(float);
    if (arrays > c->r.len - c->r.at)
        return "truncated";
    c->r.at += arrays;
    return NULL;
}

/* Reads the random states and the epoch position and checks they are possible; NULL or why
 * not. */
static const char *read_position(Loaded *c)
{
    Reader *r = &c->r;
    if (take(r, c->rng, sizeof c->rng) || take(r, c->mrng, sizeof c->mrng) ||
        take(r, c->pos, sizeof c->pos) || take(r, &c->loss, sizeof c->loss) ||
        take(r, &c->correct, sizeof c->correct))
        return "truncated";
    const int32_t *pos = c->pos;
    if (pos[1] == 0) {
        /* between epochs the running sums belong to no epoch (earlier versions kept the last
         * epoch's there): the next epoch starts from zero either way */
        c->loss = 0.0;
        c->correct = 0;
    }
    if (pos[0] < 0 || pos[1] < 0 || pos[2] < 0 || (pos[1] > 0 && pos[1] >= pos[2]) ||
        (c->rng[0] | c->rng[1] | c->rng[2] | c->rng[3]) == 0 ||
        (c->mrng[0] | c->mrng[1] | c->mrng[2] | c->mrng[3]) == 0 || !(c->loss >= 0.0) ||
        c->correct < 0 || c->correct > pos[1])
        return "inconsistent (its epoch position or random state is impossible)";
    return NULL;
}

/* Steps over the order and checks the extra record is the size asked for and ends the file;
 * NULL or why not. */
static const char *check_tail(Loaded *c, size_t extra_len)
{
    Reader *r = &c->r;
    c->order_n = c->pos[1] > 0 ? (uint64_t)c->pos[2] : 0;
    c->at_order = r->at;
    if (c->order_n * sizeof(int) > r->len - r->at)
        return "truncated";
    r->at += (size_t)c->order_n * sizeof(int);
    if (take_u64(r, &c->extra_n) || c->extra_n != extra_len || extra_len > r->len - r->at)
        return "not from this kind of run (its extra record has another size)";
    if (r->len - r->at != extra_len)
        return "followed by unexpected bytes";
    return NULL;
}

/* Copies the checked file into the trainer, its model and the extra record. */
static void restore(const Loaded *c, NnTrainer *t, void *extra, size_t extra_len)
{
    NnModel *m = t->model;
    const size_t n = m->n_params;
    const size_t n_state = (size_t)c->n_state;
    const unsigned char *q = c->data + c->at_params;
    memcpy(m->params, q, n * sizeof(float)), q += n * sizeof(float);
    if (n_state)
        memcpy(m->state, q, n_state * sizeof(float)), q += n_state * sizeof(float);
    if (c->has_m)
        memcpy(t->opt.m, q, n * sizeof(float)), q += n * sizeof(float);
    if (c->has_v)
        memcpy(t->opt.v, q, n * sizeof(float));
    t->opt.t = (long)c->steps;
    memcpy(t->rng.s, c->rng, sizeof c->rng);
    memcpy(m->rng.s, c->mrng, sizeof c->mrng);
    t->epoch = c->pos[0];
    t->pos = c->pos[1];
    t->pos_n = c->pos[2];
    t->pos_loss = c->loss;
    t->pos_correct = (long)c->correct;
    if (c->order_n)
        memcpy(t->order, c->data + c->at_order, (size_t)c->order_n * sizeof(int));
    if (extra_len)
        memcpy(extra, c->data + c->r.at, extra_len);
    nn_model_thaw(m);
}

int nn_checkpoint_load(const char *path, NnTrainer *t, void *extra, size_t extra_len, SnError *err)
{
    Loaded c = {0};
    c.data = read_all(path, largest_checkpoint(t, extra_len), &c.len, err);
    if (!c.data)
        return err ? err->code : SN_E_IO;
    c.r = (Reader){c.data, c.len, 0};
    /* everything is read into place only once the whole file has been checked */
    const char *why = check_frame(&c);
    if (!why)
        why = check_header(&c, t);
    if (!why)
        why = skip_arrays(&c);
    if (!why)
        why = read_position(&c);
    if (!why)
        why = check_tail(&c, extra_len);
    if (why) {
        int rc = sn_error(err, SN_E_FORMAT, "%s: %s", path, why);
        free(c.data);
        return rc;
    }
    if (c.order_n > (uint64_t)t->cap_order) {
        int *o = realloc(t->order, (size_t)c.order_n * sizeof *o);
        if (!o) {
            int rc = sn_error(err, SN_E_NOMEM, "%s: out of memory", path);
            free(c.data);
            return rc;
        }
        t->order = o;
        t->cap_order = (int)c.order_n;
    }
    restore(&c, t, extra, extra_len);
    free(c.data);
    return 0;
}
