/* flip.c - the smallest change to a grid that the search can find which makes a network choose
 * a class (flip.h): reach the target's side of the boundary with DeepFool steps, walk along the
 * boundary towards the original grid, then shrink the change.
 *
 * N = INK_SIDE * INK_SIDE cells; x0 the original grid, x a grid being tried, all in 0..1; z the
 * class scores (logits), t the target. Reach works on the smooth margin S (see reach), the walk
 * on the margin against the strongest rival k, M(x) = z_t(x) - z_k(x), linearised at x:
 *     M(y) ~ M(x) + w . (y - x),   w = dz_t/dx - dz_k/dx   (one backward pass, ds = e_t - e_k).
 * Whether x is a flip is always decided on the real top class, never on a linearisation.
 */
#include "ink/flip.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ink/classify.h"
#include "ink/pipeline.h"
#include "nn/inspect.h"

#define N (INK_SIDE * INK_SIDE)
/* Bisection steps on the projection's multiplier. */
#define PROJECT_ITERS 40
/* A reach step aims this fraction past the linear boundary, and at least MARGIN_MIN (logits). */
#define OVERSHOOT  0.02
#define MARGIN_MIN 1e-3
/* The first margin on the grid aimed past when the drawing made from it must read the target
 * too (doubled while it does not). */
#define KAPPA_START 0.5
/* The longest reach step (L2 on the grid): a linearisation holds only near x, and a longer step
 * can land where every unit is silent and no gradient is left. */
#define REACH_RADIUS 1.0

/* One search's state. */
typedef struct Search {
    NnModel *m;
    int t;                       /* the target */
    int mnist;                   /* 1: the flip must hold through MNIST's preprocessing too */
    InkAnswer a;                 /* holds the grid being evaluated */
    float x0[N];                 /* the original grid */
    float zero[N];               /* the box's usual floor */
    float z[NN_MAX_CLASSES];     /* the logits of the last grid evaluated ... */
    float probs[NN_MAX_CLASSES]; /* ... its probabilities (nn_model_probabilities) */
    int top;                     /* ... and its top class, as ink_classify picks it */
    float w[N];                  /* the gradient of the last gradient step */
    float best[N];               /* the smallest flip so far */
    double best_norm;            /* its squared distance from x0; HUGE_VAL while none */
    float drawn[N];              /* the base image of the drawing read through MNIST's steps */
    double kappa;                /* the margin on the grid that reach aims past (logits) */
    int steps, passes;
    NnProgress progress;
    void *ctx;
    SnError *err;
} Search;

static double dist2(const float *a, const float *b)
{
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += ((double)a[i] - (double)b[i]) * ((double)a[i] - (double)b[i]);
    return s;
}

static double dot(const float *a, const float *b)
{
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += (double)a[i] * (double)b[i];
    return s;
}

/* The strongest rival of t in s->z: the largest score of another class. */
static int rival(const Search *s)
{
    int k = s->t == 0 ? 1 : 0;
    for (int j = 0; j < s->m->n_out; j++)
        if (j != s->t && s->z[j] > s->z[k])
            k = j;
    return k;
}

/* Takes the model's last pass into s->z, s->probs and s->top; 1 if its top class is t, else 0,
 * or a code. */
static int take_pass(Search *s)
{
    const NnModel *m = s->m;
    const float *z = nn_inspect_logits(m), *out = nn_inspect_output(m, m->n_layers - 1);
    for (int j = 0; j < m->n_out; j++) {
        if (!isfinite(z[j]) || !isfinite(out[j]))
            return sn_error(s->err, SN_E_NONFINITE, "the model's outputs are not finite numbers");
        s->z[j] = z[j];
    }
    nn_model_probabilities(m, out, s->probs);
    s->top = nn_top_class(s->probs, m->n_out, NULL);
    return s->top == s->t;
}

/* 1 if the drawing made from x (its base image, ink_flip_to_drawing) read through MNIST's
 * preprocessing, as ink_classify reads it, has t on top; else 0, or a code. */
static int drawing_flipped(Search *s, const float *x)
{
    InkDrawing d;
    ink_drawing_init(&d, (float)INK_SIDE, (float)INK_SIDE);
    memcpy(s->drawn, x, sizeof s->drawn);
    d.base = s->drawn;
    int rc = ink_drawing_to_input(&d, 1, s->a.grid, NULL);
    if (rc != 0) /* too little ink left to read: not a flip */
        return rc == 1 ? 0 : sn_error(s->err, SN_E_NOMEM, "out of memory for the drawing");
    if ((rc = ink_inspect(s->m, &s->a, s->err)) != 0)
        return rc;
    s->passes++;
    const NnModel *m = s->m;
    float p[NN_MAX_CLASSES];
    nn_model_probabilities(m, nn_inspect_output(m, m->n_layers - 1), p);
    return nn_top_class(p, m->n_out, NULL) == s->t;
}

/* One forward pass on x (two when the flip must hold through MNIST's preprocessing): 1 if the
 * top class is t, keeping x as the best flip when it is nearer x0; 0 if not; or a code. s->z,
 * s->probs and s->top are x's on the grid. */
static int flipped(Search *s, const float *x)
{
    memcpy(s->a.grid, x, sizeof s->a.grid);
    int rc = ink_inspect(s->m, &s->a, s->err);
    if (rc != 0)
        return rc;
    s->passes++;
    rc = take_pass(s);
    if (rc == 1 && s->mnist)
        rc = drawing_flipped(s, x);
    if (rc != 1)
        return rc;
    double d = dist2(x, s->x0);
    if (d < s->best_norm) {
        s->best_norm = d;
        memcpy(s->best, x, sizeof s->best);
    }
    return 1;
}

/* One gradient step at x: s->w = d (sum_c ds[c] z_c) / d x by one backward pass of the model
 * (ink_saliency_sum), reporting progress. 0 or a negative code. */
static int gradient_step(Search *s, const float *x, const float *ds)
{
    memcpy(s->a.grid, x, sizeof s->a.grid);
    int rc = ink_saliency_sum(s->m, &s->a, ds, s->w, s->err);
    if (rc != 0)
        return rc;
    s->steps++;
    if (s->progress && s->progress(s->ctx, s->steps, INK_FLIP_MAX_STEPS) != 0)
        return sn_error(s->err, SN_E_CANCELLED, "the search was stopped");
    return 0;
}

/* y = clip(p + mu w, lo, 1), lo per cell (0, or x0 when ink may only be added) */
static void along(const float *p, const float *w, double mu, const float *lo, float *y)
{
    for (int i = 0; i < N; i++) {
        double v = (double)p[i] + mu * (double)w[i];
        y[i] = (float)(v < (double)lo[i] ? (double)lo[i] : v > 1.0 ? 1.0 : v);
    }
}

/* y = the point of the box lo..1 nearest to p (in the box) with w . y >= b: clip(p + mu w) for
 * the smallest mu >= 0 that reaches b, as w . clip(p + mu w) grows with mu (bisection on mu).
 * When no point of the box reaches b, the one that comes nearest. */
static void project(const float *p, const float *w, double b, const float *low, float *y)
{
    double ww = dot(w, w);
    if (dot(w, p) >= b || ww == 0.0) {
        memcpy(y, p, sizeof(float) * N);
        return;
    }
    double lo = 0.0, hi = (b - dot(w, p)) / ww; /* the step without the box */
    for (int i = 0; i < 60; i++) {              /* the box slows it: widen until it reaches */
        along(p, w, hi, low, y);
        if (dot(w, y) >= b)
            break;
        lo = hi;
        hi *= 2.0;
    }
    for (int i = 0; i < PROJECT_ITERS; i++) {
        double mid = 0.5 * (lo + hi);
        along(p, w, mid, low, y);
        if (dot(w, y) >= b)
            hi = mid;
        else
            lo = mid;
    }
    along(p, w, hi, low, y);
}

/* Limits the move from p to y (y = clip(p + mu w) for some mu >= 0) to the distance r: y moved
 * back along the same path, clip(p + mu' w), to the mu' that is r from p (bisection). */
static void limit(const float *p, const float *w, double r, const float *low, float *y)
{
    if (dist2(p, y) <= r * r)
        return;
    double lo = 0.0, hi = 1.0;
    along(p, w, hi, low, y);
    while (dist2(p, y) < r * r && hi < 1e30) {
        lo = hi;
        hi *= 2.0;
        along(p, w, hi, low, y);
    }
    for (int i = 0; i < PROJECT_ITERS; i++) {
        double mid = 0.5 * (lo + hi);
        along(p, w, mid, low, y);
        if (dist2(p, y) <= r * r)
            lo = mid;
        else
            hi = mid;
    }
    along(p, w, lo, low, y);
}

/* On the segment x0 + u (x - x0), u in 0..1, x flipped: out = the flipped end of the boundary
 * found by bisection (INK_FLIP_BISECT forward passes), the smallest u kept. 0 or a code. */
static int bisect(Search *s, const float *x, float *out)
{
    double lo = 0.0, hi = 1.0;
    float y[N];
    for (int it = 0; it < INK_FLIP_BISECT; it++) {
        double mid = 0.5 * (lo + hi);
        for (int i = 0; i < N; i++)
            y[i] = (float)((double)s->x0[i] + mid * ((double)x[i] - (double)s->x0[i]));
        int rc = flipped(s, y);
        if (rc < 0)
            return rc;
        if (rc)
            hi = mid;
        else
            lo = mid;
    }
    for (int i = 0; i < N; i++)
        out[i] = (float)((double)s->x0[i] + hi * ((double)x[i] - (double)s->x0[i]));
    return 0;
}

/* Reach: DeepFool steps from x0 until the top class is t, on the smooth margin
 *     S(x) = z_t - log sum_{j != t} exp z_j    (S > 0 makes t the top class, as log-sum-exp >= max)
 * whose gradient is dz_t/dx - sum_{j != t} q_j dz_j/dx, q the softmax of the rivals' scores:
 * one backward pass. Unlike the margin against the strongest rival alone, it cannot be won by
 * silencing the whole network (every score near 0 leaves S at -log(n - 1)). With add_only
 * ink is only added (the box is x0..1) and only z_t is to rise, past the strongest rival taken
 * as fixed (gradient dz_t/dx): the way when erasing the rivals' ink leaves a silent network
 * whose biases alone choose (a thin 1 erased on the way to a 3). Each step goes from
 * x to the point of the box nearest to x where the linearised S is past 0:
 *     w . (y - x) >= -S(x) (1 + OVERSHOOT) + MARGIN_MIN.
 * A step that leaves no move (every unit silent, no gradient left) is taken back and tried at
 * half the distance, down to REACH_RADIUS / 4.
 * 1 once flipped (x holds the flip), 0 when the steps run out or no move is left, or a
 * negative code. */
static int reach(Search *s, int add_only, float *x)
{
    float y[N], prev[N], ds[NN_MAX_CLASSES];
    double radius = REACH_RADIUS;
    memcpy(x, s->x0, sizeof(float) * N);
    memcpy(prev, s->x0, sizeof prev);
    int rc;
    while ((rc = flipped(s, x)) == 0 && s->steps < INK_FLIP_MAX_STEPS) {
        double top = -HUGE_VAL, sum = 0.0;
        for (int j = 0; j < s->m->n_out; j++)
            if (j != s->t && (double)s->z[j] > top)
                top = (double)s->z[j];
        for (int j = 0; j < s->m->n_out; j++) /* subtract the largest for stability */
            sum += j == s->t ? 0.0 : exp((double)s->z[j] - top);
        for (int j = 0; j < s->m->n_out; j++)
            ds[j] = j == s->t ? 1.0f : add_only ? 0.0f : (float)(-exp((double)s->z[j] - top) / sum);
        /* -S(x); adding only, how far z_t is below its strongest rival */
        double gap = (add_only ? top : top + log(sum)) - (double)s->z[s->t];
        if (s->top == s->t) /* the grid reads t, the drawing made from it not yet: aim further */
            s->kappa = fmax(2.0 * s->kappa, KAPPA_START - gap);
        gap += s->kappa;
        if ((rc = gradient_step(s, x, ds)) != 0)
            return rc;
        const float *lo = add_only ? s->x0 : s->zero;
        project(x, s->w, dot(s->w, x) + gap * (1.0 + OVERSHOOT) + MARGIN_MIN, lo, y);
        limit(x, s->w, radius, lo, y);
        if (memcmp(x, y, sizeof y) == 0) { /* no move left: no gradient, or the box's corner */
            if (radius < REACH_RADIUS / 4.0 || memcmp(x, prev, sizeof prev) == 0)
                return 0;
            radius *= 0.5; /* the last step went too far (a silent network): go back, shorter */
            memcpy(x, prev, sizeof prev);
            continue;
        }
        memcpy(prev, x, sizeof prev);
        memcpy(x, y, sizeof y);
    }
    return rc;
}

/* Refine: from a flipped grid xa, repeatedly find the boundary point xb between x0 and xa
 * (bisection), linearise there and try c = xb + eta (y0 - xb), y0 the point of the box nearest
 * x0 past the linear boundary (w . (y - xb) >= -M(xb) + MARGIN_MIN; through MNIST's
 * preprocessing, where M(xb) > 0 was needed, w . (y - xb) >= 0). c flipped: it is the new xa
 * (nearer x0 than xb when the boundary is nearly flat), eta doubles up to 1; else eta halves,
 * down to 1/64, and the walk ends. Keeps the best flip in s. 0 or a negative code. */
static int refine(Search *s, const float *flip)
{
    float xa[N], xb[N], y0[N], c[N];
    double eta = 1.0;
    memcpy(xa, flip, sizeof xa);
    while (s->steps < INK_FLIP_MAX_STEPS && eta >= 1.0 / 64.0) {
        int rc = bisect(s, xa, xb);
        if (rc == 0)
            rc = flipped(s, xb); /* xb's scores */
        if (rc < 0)
            return rc;
        const int k = rival(s);
        float ds[NN_MAX_CLASSES] = {0}; /* the margin z_t - z_k */
        ds[s->t] = 1.0f;
        ds[k] = -1.0f;
        double margin = (double)s->z[s->t] - (double)s->z[k]; /* >= 0 at xb */
        if ((rc = gradient_step(s, xb, ds)) != 0)
            return rc;
        /* through MNIST's preprocessing the flip needs xb's margin on the grid, not just > 0 */
        project(s->x0, s->w, dot(s->w, xb) + (s->mnist ? 0.0 : MARGIN_MIN - margin), s->zero, y0);
        for (int i = 0; i < N; i++)
            c[i] = (float)((double)xb[i] + eta * ((double)y0[i] - (double)xb[i]));
        if ((rc = flipped(s, c)) < 0)
            return rc;
        if (rc) {
            memcpy(xa, c, sizeof xa);
            eta = eta * 2.0 > 1.0 ? 1.0 : eta * 2.0;
        } else {
            memcpy(xa, xb, sizeof xa);
            eta *= 0.5;
        }
    }
    return 0;
}

/* Fills f from the search: the best flip (or x0), its change and the pass on it. */
static int finish(Search *s, InkFlip *f)
{
    f->found = s->best_norm < (double)INFINITY;
    memcpy(f->grid, f->found ? s->best : s->x0, sizeof f->grid);
    double sum = 0.0;
    for (int i = 0; i < N; i++) {
        f->change[i] = f->grid[i] - s->x0[i];
        sum += (double)f->change[i] * (double)f->change[i];
    }
    f->norm = (float)sqrt(sum);
    int rc = flipped(s, f->grid);
    if (rc < 0)
        return rc;
    f->top = s->top;
    f->n_classes = s->m->n_out;
    memcpy(f->probs, s->probs, sizeof f->probs);
    f->steps = s->steps;
    f->passes = s->passes;
    return 0;
}

int ink_flip(NnModel *m, const float *grid, const InkFlipAsk *ask, InkFlip *f, SnError *err)
{
    const int target = ask->target;
    memset(f, 0, sizeof *f);
    f->target = target;
    f->top = -1;
    if (target < 0 || target >= m->n_out)
        return sn_error(err, SN_E_ARG, "class %d is not one of the model's %d classes", target,
                        m->n_out);
    for (int i = 0; i < N; i++)
        if (!(grid[i] >= 0.0f && grid[i] <= 1.0f)) /* NaN too */
            return sn_error(err, SN_E_ARG, "grid[%d] is not a number in 0..1", i);
    Search *s = calloc(1, sizeof *s);
    if (!s)
        return sn_error(err, SN_E_NOMEM, "out of memory for the search");
    *s = (Search){.m = m,
                  .t = target,
                  .best_norm = HUGE_VAL,
                  .progress = ask->progress,
                  .ctx = ask->ctx,
                  .err = err};
    s->mnist = ask->prep == INK_PREP_MNIST ||
               (ask->prep == INK_PREP_DECLARED && nn_model_mnist_preprocessing(m));
    s->a.prepared = 1;
    memcpy(s->x0, grid, sizeof s->x0);
    float x[N];
    int rc = reach(s, 0, x);
    if (rc == 0 && s->steps < INK_FLIP_MAX_STEPS)
        rc = reach(s, 1, x);           /* erasing led nowhere: add ink only */
    if (rc == 1 && s->best_norm > 0.0) /* already t: no change to refine */
        rc = refine(s, s->best);
    if (rc == 0 && s->best_norm > 0.0 && s->best_norm < (double)INFINITY)
        rc = bisect(s, s->best, x); /* shrink: keeps the smallest flip */
    int done = finish(s, f);
    free(s);
    return rc < 0 ? rc : done;
}

int ink_flip_to_drawing(const InkFlip *f, InkDrawing *d)
{
    InkDrawing next;
    ink_drawing_init(&next, d->width, d->height);
    if (ink_drawing_set_base(&next, f->grid) != 0)
        return SN_E_NOMEM;
    ink_drawing_free(d);
    *d = next;
    return 0;
}
