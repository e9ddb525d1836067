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
#include "common/readfile.h"
#include "nn/model_io.h"

#define MAGIC     "scratchnet checkpoint 1\n"
#define MAGIC_LEN (sizeof MAGIC - 1)

/* ---- writing: a growing byte buffer ------------------------------------------------------ */

typedef struct Buf {
    unsigned char *p;
    size_t len, cap;
    int failed;
} Buf;

static void put(Buf *b, const void *data, size_t n)
{
    if (b->failed || n == 0)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void put_u64(Buf *b, uint64_t v)
{
    put(b, &v, sizeof v);
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
                       NnError *err)
{
    NnModel *m = t->model;
    if (t->online)
        nn_online_end(&t->one, m); /* mid-epoch the weights live transposed: bring them back */
    Buf b = {0};
    const size_t n = m->n_params;
    put(&b, MAGIC, MAGIC_LEN);
    put_u64(&b, n);
    put_u64(&b, m->n_state);
    put_u64(&b, (uint64_t)t->cfg.opt.kind);
    put_u64(&b, t->opt.m != NULL);
    put_u64(&b, t->opt.v != NULL);
    put_u64(&b, (uint64_t)t->opt.t);
    put(&b, m->params, n * sizeof(float));
    put(&b, m->state, m->n_state * sizeof(float));
    if (t->opt.m)
        put(&b, t->opt.m, n * sizeof(float));
    if (t->opt.v)
        put(&b, t->opt.v, n * sizeof(float));
    put(&b, t->rng.s, sizeof t->rng.s);
    put(&b, m->rng.s, sizeof m->rng.s);
    int32_t pos[3] = {t->epoch, t->pos, t->pos > 0 ? t->pos_n : 0};
    put(&b, pos, sizeof pos);
    put(&b, &t->pos_loss, sizeof t->pos_loss);
    int64_t correct = t->pos_correct;
    put(&b, &correct, sizeof correct);
    if (t->pos > 0)
        put(&b, t->order, (size_t)t->pos_n * sizeof(int));
    put_u64(&b, extra_len);
    put(&b, extra, extra_len);
    if (!b.failed)
        put_u64(&b, fnv1a(b.p, b.len));
    if (b.failed) {
        free(b.p);
        return nn_error(err, NN_E_NOMEM, "%s: out of memory for the checkpoint", path);
    }
    int rc = nn_write_file_atomic(path, b.p, b.len, err);
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
static unsigned char *read_all(const char *path, size_t max, size_t *len, NnError *err)
{
    char *bytes = NULL, msg[sizeof err->msg];
    int rc = readfile_all(path, max, 0, &bytes, len, msg, sizeof msg);
    if (rc == READFILE_E_LIMIT)
        nn_error(err, NN_E_LIMIT, "%s: larger than %zu MB, not a checkpoint of this model", path,
                 max >> 20);
    else if (rc != 0)
        nn_error(err, rc == READFILE_E_NOMEM ? NN_E_NOMEM : NN_E_IO, "%s", msg);
    return (unsigned char *)bytes;
}

int nn_checkpoint_load(const char *path, NnTrainer *t, void *extra, size_t extra_len, NnError *err)
{
    NnModel *m = t->model;
    const size_t n = m->n_params;
    /* the largest file this trainer can take: every array, the order and the extra bytes */
    size_t max = MAGIC_LEN + 16 * sizeof(uint64_t) + (4 * n + m->n_state) * sizeof(float) +
                 (size_t)(t->cap_order > 0 ? t->cap_order : 0) * sizeof(int) + extra_len +
                 ((size_t)64 << 20);
    size_t len = 0;
    unsigned char *data = read_all(path, max, &len, err);
    if (!data)
        return err ? err->code : NN_E_IO;
    int rc = NN_E_FORMAT;
    const char *why = NULL;
    Reader r = {data, len, 0};
    char magic[MAGIC_LEN];
    uint64_t n_params, n_state, kind, has_m, has_v, steps, order_n = 0, extra_n;
    int32_t pos[3];
    double loss;
    int64_t correct;
    if (len < MAGIC_LEN + 8 || take(&r, magic, MAGIC_LEN) || memcmp(magic, MAGIC, MAGIC_LEN)) {
        why = "not a scratchnet checkpoint";
        goto out;
    }
    uint64_t stored;
    memcpy(&stored, data + len - 8, sizeof stored);
    if (fnv1a(data, len - 8) != stored) {
        why = "damaged (its checksum does not match)";
        goto out;
    }
    r.len = len - 8;
    if (take_u64(&r, &n_params) || take_u64(&r, &n_state) || take_u64(&r, &kind) ||
        take_u64(&r, &has_m) || take_u64(&r, &has_v) || take_u64(&r, &steps)) {
        why = "truncated";
        goto out;
    }
    if (n_params != n || n_state != m->n_state) {
        why = "made for a model of another size";
        goto out;
    }
    if (kind != (uint64_t)t->cfg.opt.kind || has_m != (t->opt.m != NULL) ||
        has_v != (t->opt.v != NULL)) {
        why = "made with another optimiser";
        goto out;
    }
    /* everything is read into place only once the whole file has been checked: first find
     * where each part starts */
    size_t at_params = r.at;
    size_t arrays = (n + (size_t)n_state + (has_m ? n : 0) + (has_v ? n : 0)) * sizeof(float);
    if (arrays > r.len - r.at) {
        why = "truncated";
        goto out;
    }
    r.at += arrays;
    uint32_t rng[4], mrng[4];
    if (take(&r, rng, sizeof rng) || take(&r, mrng, sizeof mrng) || take(&r, pos, sizeof pos) ||
        take(&r, &loss, sizeof loss) || take(&r, &correct, sizeof correct)) {
        why = "truncated";
        goto out;
    }
    if (pos[1] == 0) {
        /* between epochs the running sums belong to no epoch (earlier versions kept the last
         * epoch's there): the next epoch starts from zero either way */
        loss = 0.0;
        correct = 0;
    }
    if (pos[0] < 0 || pos[1] < 0 || pos[2] < 0 || (pos[1] > 0 && pos[1] >= pos[2]) ||
        (rng[0] | rng[1] | rng[2] | rng[3]) == 0 || (mrng[0] | mrng[1] | mrng[2] | mrng[3]) == 0 ||
        !(loss >= 0.0) || correct < 0 || correct > pos[1]) {
        why = "inconsistent (its epoch position or random state is impossible)";
        goto out;
    }
    order_n = pos[1] > 0 ? (uint64_t)pos[2] : 0;
    size_t at_order = r.at;
    if (order_n * sizeof(int) > r.len - r.at) {
        why = "truncated";
        goto out;
    }
    r.at += (size_t)order_n * sizeof(int);
    if (take_u64(&r, &extra_n) || extra_n != extra_len || extra_len > r.len - r.at) {
        why = "not from this kind of run (its extra record has another size)";
        goto out;
    }
    if (r.len - r.at != extra_len) {
        why = "followed by unexpected bytes";
        goto out;
    }
    if (order_n > (uint64_t)t->cap_order) {
        int *o = realloc(t->order, (size_t)order_n * sizeof *o);
        if (!o) {
            rc = nn_error(err, NN_E_NOMEM, "%s: out of memory", path);
            free(data);
            return rc;
        }
        t->order = o;
        t->cap_order = (int)order_n;
    }
    /* all checked: copy into place */
    const unsigned char *q = data + at_params;
    memcpy(m->params, q, n * sizeof(float)), q += n * sizeof(float);
    if (n_state)
        memcpy(m->state, q, (size_t)n_state * sizeof(float)), q += (size_t)n_state * sizeof(float);
    if (has_m)
        memcpy(t->opt.m, q, n * sizeof(float)), q += n * sizeof(float);
    if (has_v)
        memcpy(t->opt.v, q, n * sizeof(float));
    t->opt.t = (long)steps;
    memcpy(t->rng.s, rng, sizeof rng);
    memcpy(m->rng.s, mrng, sizeof mrng);
    t->epoch = pos[0];
    t->pos = pos[1];
    t->pos_n = pos[2];
    t->pos_loss = loss;
    t->pos_correct = (long)correct;
    if (order_n)
        memcpy(t->order, data + at_order, (size_t)order_n * sizeof(int));
    if (extra_len)
        memcpy(extra, data + r.at, extra_len);
    nn_model_thaw(m);
    rc = 0;
out:
    if (why)
        rc = nn_error(err, NN_E_FORMAT, "%s: %s", path, why);
    free(data);
    return rc;
}
