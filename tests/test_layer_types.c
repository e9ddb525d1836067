/* test_layer_types.c - the layer types: every type's descriptor (layer.h) complete and its shape
 * rule the same when a model is built and when its file is read; the activation layer against
 * values worked out by hand; and the kernels of 2 x 2 max pooling, dropout and batch
 * normalisation, each backward pass checked against central finite differences of
 * L = sum(g * out) for fixed random g, computed in double (convolution: test_conv.c). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gradcheck.h"
#include "nn/batchnorm.h"
#include "nn/dropout.h"
#include "nn/layer.h"
#include "nn/model_io.h"
#include "nn/pool.h"
#include "nn/rng.h"
#include "spec_model.h"
#include "test.h"

/* the kernels run on a pool of nn_threads() (several parts at once), made by main */
static NnPool *pool;

/* ---- the descriptors ---- */

/* Every layer type, each once, as a spec string: the model the tests below build and read. */
static const char every_type[] =
    "1x6x6,conv2x3:tanh,pool,act:sigmoid,bn:tanh,dropout0.25,flatten,4:linear";

TEST(every_layer_type_has_a_complete_descriptor_under_its_own_name)
{
    int types_seen[NN_LAYER_COUNT] = {0};
    for (int t = 0; t < NN_LAYER_COUNT; t++) {
        const NnLayerOps *ops = nn_layer_ops[t];
        CHECK(ops && ops->name && ops->plan && ops->read && ops->write && ops->forward &&
              ops->backward);
        CHECK(ops->parse || ops->spec_form); /* a spec item is parsed or is the word alone */
        NnLayerType back = NN_LAYER_COUNT;
        CHECK(nn_layer_type_parse(ops->name, &back) == 0 && back == (NnLayerType)t);
        CHECK(strcmp(nn_layer_type_name((NnLayerType)t), ops->name) == 0);
        /* the spec strings name every type but dense, whose item is its width */
        CHECK((ops->spec_form == NULL) == (t == NN_LAYER_DENSE));
    }
    NnLayerSpec specs[NN_MAX_LAYERS];
    NnShape in;
    int n = nn_spec_parse(every_type, &in, specs, NULL);
    CHECK(n == NN_LAYER_COUNT);
    for (int l = 0; l < n; l++)
        types_seen[specs[l].type]++;
    for (int t = 0; t < NN_LAYER_COUNT; t++)
        CHECK(types_seen[t] == 1); /* the tests below cover every type */
    CHECK(strcmp(nn_layer_type_name(NN_LAYER_COUNT), "unknown") == 0);
    /* an item no type recognises is explained with every type's spec form, in table order */
    SnError err = {0};
    CHECK(nn_spec_parse("4,abc", &in, specs, &err) == SN_E_ARG);
    CHECK(strcmp(err.msg, "layer spec \"4,abc\": \"abc\" is not a width from 1 to 1048576 or "
                          "a layer (convKxR, pool, dropoutP, bn, flatten, act)") == 0);
}

TEST(each_layer_type_describes_its_own_settings_for_info)
{
    NnModel *m = spec_model(every_type, 3, 1);
    CHECK(m != NULL);
    if (!m)
        return;
    /* conv2x3 (same padding 1), pool, act:sigmoid, bn, dropout0.25, flatten, dense */
    const char *want[] = {"3x3 kernel, padding 1", "", "sigmoid alone", "", "rate 0.25", "", ""};
    for (int l = 0; l < m->n_layers; l++) {
        char text[48] = "junk";
        nn_layer_describe(&m->layers[l], text, sizeof text);
        if (strcmp(text, want[l]) != 0)
            printf("  layer %d: \"%s\", expected \"%s\"\n", l, text, want[l]);
        CHECK(strcmp(text, want[l]) == 0);
    }
    char small[6];
    nn_layer_describe(&m->layers[0], small, sizeof small); /* cut, still a string */
    CHECK(strcmp(small, "3x3 k") == 0);
    nn_model_free(m);
}

TEST(a_model_of_every_layer_type_reads_back_as_it_was_built)
{
    NnModel *a = spec_model(every_type, 5, 1);
    CHECK(a != NULL);
    if (!a)
        return;
    SnError err = {0};
    char *text = nn_model_to_json(a, &err);
    NnModel *b = text ? nn_model_from_json(text, "every-type.json", &err) : NULL;
    char *again = b ? nn_model_to_json(b, &err) : NULL;
    CHECK(b != NULL && again != NULL);
    if (!b || !again) {
        printf("  %s\n", err.msg);
    } else {
        CHECK(strcmp(text, again) == 0);
        /* the reader's shape rule gave what building gave, layer by layer */
        CHECK(a->n_layers == b->n_layers && a->n_params == b->n_params &&
              a->n_state == b->n_state);
        for (int l = 0; l < a->n_layers && l < b->n_layers; l++) {
            const NnLayer *x = &a->layers[l], *y = &b->layers[l];
            CHECK(x->type == y->type && x->act == y->act && x->n_in == y->n_in &&
                  x->n_out == y->n_out && x->out.c == y->out.c && x->out.h == y->out.h &&
                  x->out.w == y->out.w && x->n_weight == y->n_weight && x->n_bias == y->n_bias &&
                  x->n_state == y->n_state && x->kernel == y->kernel && x->pad == y->pad &&
                  x->rate == y->rate);
        }
        CHECK(memcmp(a->params, b->params, a->n_params * sizeof *a->params) == 0);
        CHECK(memcmp(a->state, b->state, a->n_state * sizeof *a->state) == 0);
        float x[36], ya[4], yb[4];
        NnRng rng;
        nn_rng_seed(&rng, 9);
        for (int i = 0; i < 36; i++)
            x[i] = nn_rng_uniform(&rng);
        CHECK(nn_model_predict(a, x, ya) >= 0 && nn_model_predict(b, x, yb) >= 0);
        CHECK(memcmp(ya, yb, sizeof ya) == 0);
    }
    free(text);
    free(again);
    nn_model_free(a);
    nn_model_free(b);
}

/* L = sum(g * out) of a training batch through the whole model, in double. */
static double model_loss(NnModel *m, const float *x, const float *g, int n)
{
    const float *y = nn_model_forward(m, x, n);
    double L = 0.0;
    for (size_t i = 0; i < (size_t)n * (size_t)m->n_out; i++)
        L += (double)g[i] * (double)y[i];
    return L;
}

/* The model's backward pass through every type (dropout at rate 0.25 with its mask replayed)
 * against central differences of the same float forward pass. */
TEST(backpropagation_through_every_layer_type_matches_finite_differences)
{
    NnModel *m = spec_model(every_type, 11, 1);
    CHECK(m != NULL);
    if (!m)
        return;
    const int n = 3;
    NnRng rng;
    nn_rng_seed(&rng, 12);
    float *x = randn(&rng, (size_t)n * (size_t)m->n_in, 1.0f);
    float *g = randn(&rng, (size_t)n * (size_t)m->n_out, 1.0f);
    CHECK(nn_model_reserve(m, n, NULL) == 0);
    nn_model_set_training(m, 1);
    NnRng start = m->rng; /* dropout's stream: every forward pass below drops the same values */
    model_loss(m, x, g, n);
    nn_model_zero_grad(m);
    nn_model_backward(m, x, g, n, 0);
    double *num = malloc(m->n_params * sizeof *num);
    const float h = 1e-2f;
    for (size_t i = 0; i < m->n_params; i++) {
        float keep = m->params[i];
        m->params[i] = keep + h;
        m->rng = start;
        double up = model_loss(m, x, g, n);
        m->params[i] = keep - h;
        m->rng = start;
        double down = model_loss(m, x, g, n);
        m->params[i] = keep;
        num[i] = (up - down) / (2.0 * (double)h);
    }
    double e = rel_error(num, m->grads, m->n_params);
    printf("  relative error of %zu parameter gradients: %.2e\n", m->n_params, e);
    CHECK(e < 2e-2);
    free(num);
    free(x);
    free(g);
    nn_model_free(m);
}

/* ---- the activation layer ---- */

/* The output of a model of one activation layer (spec "<n>,act:<f>") for the n inputs x, into
 * y; 0, or -1 when the model cannot be built. */
static int act_alone(const char *f, const float *x, float *y, int n)
{
    char spec[64];
    snprintf(spec, sizeof spec, "%d,act:%s", n, f);
    NnModel *m = spec_model_bare(spec);
    if (!m)
        return -1;
    int ok = m->n_params == 0 && m->n_out == n && nn_model_predict(m, x, y) >= 0;
    nn_model_free(m);
    return ok ? 0 : -1;
}

TEST(an_activation_layer_applies_its_function_alone_to_values_worked_out_by_hand)
{
    const float x[4] = {-2.0f, -0.5f, 0.0f, 3.0f};
    float y[4];
    CHECK(act_alone("relu", x, y, 4) == 0);
    CHECK(y[0] == 0.0f && y[1] == 0.0f && y[2] == 0.0f && y[3] == 3.0f);
    CHECK(act_alone("step", x, y, 4) == 0);
    CHECK(y[0] == 0.0f && y[1] == 0.0f && y[2] == 0.0f && y[3] == 1.0f);
    CHECK(act_alone("linear", x, y, 4) == 0);
    CHECK(memcmp(x, y, sizeof x) == 0);
    CHECK(act_alone("sigmoid", x, y, 4) == 0);
    CHECK_NEAR(y[0], 0.11920292, 1e-7);  /* 1 / (1 + e^2) */
    CHECK_NEAR(y[1], 0.37754067, 1e-7);  /* 1 / (1 + e^0.5) */
    CHECK_NEAR(y[2], 0.5, 1e-7);
    CHECK_NEAR(y[3], 0.95257413, 1e-7);  /* 1 / (1 + e^-3) */
    CHECK(act_alone("tanh", x, y, 4) == 0);
    CHECK_NEAR(y[0], -0.96402758, 1e-7);
    CHECK_NEAR(y[1], -0.46211716, 1e-7);
    CHECK_NEAR(y[2], 0.0, 1e-7);
    CHECK_NEAR(y[3], 0.99505475, 1e-7);
    /* softmax on the last layer: e^x_i / (e^-2 + e^-0.5 + e^0 + e^3) */
    CHECK(act_alone("softmax", x, y, 4) == 0);
    CHECK_NEAR(y[0], 0.0062002, 1e-6); /* 0.135335 / 21.827403 */
    CHECK_NEAR(y[1], 0.0277876, 1e-6); /* 0.606531 / 21.827403 */
    CHECK_NEAR(y[2], 0.0458142, 1e-6); /* 1 / 21.827403 */
    CHECK_NEAR(y[3], 0.9201980, 1e-6); /* 20.085537 / 21.827403 */

    /* an image keeps its shape: 2 maps of 2 x 3 in, the same out, value by value */
    NnModel *m = spec_model_bare("2x2x3,act:relu,flatten");
    CHECK(m != NULL);
    if (!m)
        return;
    const NnLayer *L = &m->layers[0];
    CHECK(L->type == NN_LAYER_ACTIVATION && L->act == NN_ACT_RELU);
    CHECK(L->out.c == 2 && L->out.h == 2 && L->out.w == 3 && L->n_in == 12 && L->n_out == 12);
    CHECK(L->n_weight == 0 && L->n_bias == 0 && L->n_state == 0 && m->n_params == 0);
    float img[12], out[12];
    for (int i = 0; i < 12; i++)
        img[i] = (float)(i - 6) * 0.5f;
    CHECK(nn_model_predict(m, img, out) >= 0);
    for (int i = 0; i < 12; i++)
        CHECK(out[i] == (i > 6 ? img[i] : 0.0f));
    nn_model_free(m);
}

/* L = sum(g * out) of a model's inference pass, in double */
static double act_loss(NnModel *m, const float *x, const float *g)
{
    const float *y = nn_model_forward(m, x, 1);
    double L = 0.0;
    for (int i = 0; i < m->n_out; i++)
        L += (double)g[i] * (double)y[i];
    return L;
}

/* The gradient an activation layer hands to its input (nn_model_backward_input) against
 * central differences, for each smooth function; for ReLU exactly g where the input is positive
 * and 0 elsewhere. */
TEST(an_activation_layers_backward_pass_matches_finite_differences_of_its_input)
{
    const char *fs[] = {"sigmoid", "tanh", "softmax", "linear"};
    enum { n = 6 };
    for (size_t k = 0; k < sizeof fs / sizeof fs[0]; k++) {
        char spec[48];
        snprintf(spec, sizeof spec, "1x2x3,act:%s,flatten", fs[k]);
        if (strcmp(fs[k], "softmax") == 0)
            snprintf(spec, sizeof spec, "%d,act:softmax", n); /* softmax only last */
        NnModel *m = spec_model_bare(spec);
        CHECK(m != NULL);
        if (!m)
            continue;
        NnRng rng;
        nn_rng_seed(&rng, 80 + k);
        float *x = randn(&rng, n, 1.5f), *g = randn(&rng, n, 1.0f), dx[n];
        CHECK(nn_model_reserve(m, 1, NULL) == 0);
        act_loss(m, x, g);
        nn_model_backward_input(m, x, g, 1, 0, dx);
        double num[n];
        const float h = 1e-2f;
        for (int i = 0; i < n; i++) {
            float keep = x[i];
            x[i] = keep + h;
            double up = act_loss(m, x, g);
            x[i] = keep - h;
            double down = act_loss(m, x, g);
            x[i] = keep;
            num[i] = (up - down) / (2.0 * (double)h);
        }
        double e = rel_error(num, dx, n);
        if (!(e < 1e-3))
            printf("  act:%s: relative error %g\n", fs[k], e);
        CHECK(e < 1e-3);
        CHECK(sum_sq(dx, n) > 1e-4);
        free(x), free(g);
        nn_model_free(m);
    }
    NnModel *m = spec_model_bare("4,act:relu");
    CHECK(m != NULL);
    if (!m)
        return;
    const float x[4] = {-1.0f, 2.0f, -0.25f, 0.5f}, g[4] = {3.0f, -4.0f, 5.0f, 6.0f};
    float dx[4];
    CHECK(nn_model_reserve(m, 1, NULL) == 0);
    nn_model_forward(m, x, 1);
    nn_model_backward_input(m, x, g, 1, 0, dx);
    CHECK(dx[0] == 0.0f && dx[1] == -4.0f && dx[2] == 0.0f && dx[3] == 6.0f);
    nn_model_free(m);
}

TEST(an_activation_layer_takes_a_softmax_only_as_the_last_layer)
{
    NnLayerSpec specs[NN_MAX_LAYERS];
    NnShape in;
    SnError err = {0};
    int n = nn_spec_parse("4,act:softmax,3", &in, specs, &err);
    CHECK(n == 2 && specs[0].type == NN_LAYER_ACTIVATION && specs[0].act == NN_ACT_SOFTMAX);
    CHECK(nn_model_new_shape(in, specs, n, &err) == NULL);
    CHECK(strcmp(err.msg, "layer 0: softmax is only allowed on the last layer") == 0);
    CHECK(nn_spec_parse("4,act:swish", &in, specs, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "unknown activation \"swish\"") != NULL);
    CHECK(nn_spec_parse("4,act2:relu", &in, specs, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "\"act2\" is not a width") != NULL);
}

/* A linear layer whose output goes into a ReLU alone is initialised for the ReLU (He: variance
 * 2 / fan_in), one into a tanh alone as a tanh layer (Glorot: 2 / (fan_in + fan_out)). */
TEST(a_linear_layer_before_an_activation_layer_is_initialised_for_that_activation)
{
    const char *specs[] = {"400,200,act:relu,10", "400,200,act:tanh,10"};
    const double want[] = {2.0 / 400.0, 2.0 / 600.0};
    for (int k = 0; k < 2; k++) {
        NnModel *m = spec_model_moved(specs[k], 90, 0.0f); /* as initialised */
        CHECK(m != NULL);
        if (!m)
            continue;
        const NnLayer *L = &m->layers[0];
        double var = sum_sq(L->weight, L->n_weight) / (double)L->n_weight;
        if (fabs(var / want[k] - 1.0) > 0.03)
            printf("  %s: weight variance %g, expected %g\n", specs[k], var, want[k]);
        CHECK_NEAR(var / want[k], 1.0, 0.03); /* 80000 draws: about 0.5% spread */
        nn_model_free(m);
    }
}

/* The whole file, NUL-terminated and malloc'd, or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = NULL;
    size_t n = 0;
    if (fseek(f, 0, SEEK_END) == 0) {
        long len = ftell(f);
        s = len >= 0 && fseek(f, 0, SEEK_SET) == 0 ? malloc((size_t)len + 1) : NULL;
        n = s ? fread(s, 1, (size_t)len, f) : 0;
        if (s)
            s[n] = '\0';
    }
    fclose(f);
    return s;
}

/* tests/data/activation-layers.json, written by hand: tanh on the input, flatten, a dense layer
 * with weights of 0 and 1, ReLU alone, dropout, softmax alone. */
TEST(a_hand_written_file_with_activation_layers_computes_by_hand_and_writes_back_unchanged)
{
    const char *root, *data;
    if (test_roots(&root, &data) != 0) {
        CHECK(0);
        return;
    }
    const char *path = test_path_in(data, "activation-layers.json");
    char *text = slurp(path);
    SnError err = {0};
    NnModel *m = nn_model_load(path, &err);
    CHECK(text != NULL && m != NULL);
    if (!text || !m) {
        printf("  %s\n", err.msg);
        free(text);
        nn_model_free(m);
        return;
    }
    CHECK(m->n_layers == 6 && m->n_params == 10);
    CHECK(m->layers[0].type == NN_LAYER_ACTIVATION && m->layers[0].act == NN_ACT_TANH);
    CHECK(m->layers[3].type == NN_LAYER_ACTIVATION && m->layers[3].act == NN_ACT_RELU);
    CHECK(m->layers[5].type == NN_LAYER_ACTIVATION && m->layers[5].act == NN_ACT_SOFTMAX);
    char *again = nn_model_to_json(m, &err);
    CHECK(again != NULL && strcmp(text, again) == 0); /* byte for byte */
    /* x = (-1, 0.5, 2, -0.25): h0 = relu(tanh -1) = 0, h1 = relu(tanh 0.5 + tanh 2 - 0.5),
     * then the softmax of the two */
    const float x[4] = {-1.0f, 0.5f, 2.0f, -0.25f};
    float y[2];
    CHECK(nn_model_predict(m, x, y) == 1);
    double h1 = tanh(0.5) + tanh(2.0) - 0.5;
    CHECK_NEAR(h1, 0.926145, 1e-6); /* 0.462117 + 0.964028 - 0.5 */
    CHECK_NEAR(y[0], 1.0 / (1.0 + exp(h1)), 1e-6);
    CHECK_NEAR(y[1], 1.0 / (1.0 + exp(-h1)), 1e-6);
    free(again);
    nn_model_free(m);

    /* the same file with a softmax alone before the end, an unknown function, none at all */
    const struct {
        const char *from, *to, *msg;
    } bad[] = {
        {"\"activation\", \"activation\": \"relu\"", "\"activation\", \"activation\": \"softmax\"",
         "layers[3].activation: softmax is only allowed on the last layer"},
        {"\"activation\", \"activation\": \"tanh\"", "\"activation\", \"activation\": \"gelu\"",
         "layers[0].activation: unknown activation \"gelu\""},
        {"\"activation\", \"activation\": \"tanh\"", "\"activation\"",
         "layers[0]: missing \"activation\""},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        const char *at = strstr(text, bad[k].from);
        CHECK(at != NULL);
        if (!at)
            continue;
        size_t a = (size_t)(at - text), f = strlen(bad[k].from), t = strlen(bad[k].to);
        char *changed = malloc(strlen(text) + t + 1);
        memcpy(changed, text, a);
        memcpy(changed + a, bad[k].to, t);
        strcpy(changed + a + t, at + f);
        SnError e = {0};
        NnModel *b = nn_model_from_json(changed, "bad.json", &e);
        CHECK(b == NULL && e.code == SN_E_FORMAT && strstr(e.msg, bad[k].msg) != NULL);
        if (b || !strstr(e.msg, bad[k].msg))
            printf("  got \"%s\", expected \"%s\"\n", e.msg, bad[k].msg);
        nn_model_free(b);
        free(changed);
    }
    free(text);
}

/* ---- max pooling ---- */

TEST(maxpool_passes_a_nan_on_wherever_it_is_in_the_block)
{
    /* a NaN (from an overflowing layer) must reach the outputs, where it is reported as no
     * answer, not be dropped for the largest number beside it */
    for (int k = 0; k < 4; k++) {
        float x[4] = {1, 2, 3, 4};
        x[k] = NAN;
        float y;
        int32_t am;
        nn_maxpool2_forward(pool, &y, &am, x, 1, 1, 2, 2);
        CHECK(isnan(y));
        CHECK(am == k);
    }
}

TEST(maxpool_keeps_the_largest_of_each_2x2_block_and_drops_the_odd_edge)
{
    /* one 5 x 5 plane: the last row and column are dropped, output 2 x 2 */
    const float x[] = {1, 9, 2, 3, 99,
                       4, 0, 8, 1, 99,
                       -5, -6, 7, 7, 99,
                       -1, -2, 6, 5, 99,
                       99, 99, 99, 99, 99};
    float y[4];
    int32_t am[4];
    nn_maxpool2_forward(pool, y, am, x, 1, 1, 5, 5);
    CHECK(y[0] == 9 && am[0] == 1);
    CHECK(y[1] == 8 && am[1] == 7);
    CHECK(y[2] == -1 && am[2] == 15);
    CHECK(y[3] == 7 && am[3] == 12); /* a tie goes to the first in reading order */
    /* the gradient lands on the winners only, and adds */
    const float dy[] = {1, 2, 3, 4};
    float dx[25];
    for (int i = 0; i < 25; i++)
        dx[i] = 0.5f;
    nn_maxpool2_backward(pool, dx, dy, am, 1, 1, 5, 5);
    for (int i = 0; i < 25; i++) {
        float want = 0.5f + (i == 1 ? 1 : i == 7 ? 2 : i == 15 ? 3 : i == 12 ? 4 : 0);
        CHECK_NEAR(dx[i], want, 0);
    }
}

static double pool_loss(const float *x, const float *g, int N, int C, int H, int W)
{
    const size_t no = (size_t)N * C * (H / 2) * (W / 2);
    float *y = zeros(no);
    int32_t *am = malloc(sizeof(int32_t) * no);
    nn_maxpool2_forward(pool, y, am, x, N, C, H, W);
    double L = 0.0;
    for (size_t i = 0; i < no; i++)
        L += (double)g[i] * (double)y[i];
    free(y), free(am);
    return L;
}

TEST(maxpool_backward_matches_finite_differences)
{
    enum { N = 2, C = 3, H = 6, W = 7 };
    const size_t ni = (size_t)N * C * H * W, no = (size_t)N * C * (H / 2) * (W / 2);
    NnRng rng;
    nn_rng_seed(&rng, 41);
    /* distinct values 0.1 apart in a random order, so a step of eps never changes a winner */
    float *x = zeros(ni);
    int *perm = malloc(sizeof(int) * ni);
    for (size_t i = 0; i < ni; i++)
        perm[i] = (int)i;
    nn_rng_shuffle(&rng, perm, ni);
    for (size_t i = 0; i < ni; i++)
        x[i] = 0.1f * (float)perm[i] - 10.0f;
    float *g = randn(&rng, no, 1.0f), *y = zeros(no), *dx = zeros(ni);
    int32_t *am = malloc(sizeof(int32_t) * no);
    nn_maxpool2_forward(pool, y, am, x, N, C, H, W);
    nn_maxpool2_backward(pool, dx, g, am, N, C, H, W);
    double *num = malloc(sizeof(double) * ni);
    const float eps = 1e-2f;
    for (size_t i = 0; i < ni; i++) {
        float keep = x[i];
        x[i] = keep + eps;
        double lp = pool_loss(x, g, N, C, H, W);
        x[i] = keep - eps;
        double lm = pool_loss(x, g, N, C, H, W);
        x[i] = keep;
        num[i] = (lp - lm) / (2.0 * (double)eps);
    }
    double e = rel_error(num, dx, ni);
    if (!(e < 1e-3))
        printf("maxpool: relative error %g\n", e);
    CHECK(e < 1e-3);
    CHECK(sum_sq(dx, ni) > 1e-3);
    free(x), free(perm), free(g), free(y), free(dx), free(am), free(num);
}

/* ---- dropout ---- */

TEST(dropout_drops_about_p_of_100k_values_and_scales_the_kept_ones)
{
    enum { n = 100000 };
    const float p = 0.3f;
    float *x = zeros(n), *y = zeros(n), *mask = zeros(n);
    for (size_t i = 0; i < n; i++)
        x[i] = 1.0f + (float)(i % 7);
    NnRng rng;
    nn_rng_seed(&rng, 51);
    nn_dropout_forward(y, mask, x, n, p, &rng, 1);
    size_t dropped = 0;
    int scaled = 1;
    double sum_x = 0.0, sum_y = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (mask[i] == 0.0f) {
            dropped++;
            scaled &= y[i] == 0.0f;
        } else {
            scaled &= mask[i] == 1.0f / (1.0f - p) && y[i] == x[i] * (1.0f / (1.0f - p));
        }
        sum_x += (double)x[i];
        sum_y += (double)y[i];
    }
    /* binomial: standard deviation sqrt(n p (1 - p)) = 145, allow five of them */
    CHECK_NEAR((double)dropped / n, 0.3, 0.0073);
    CHECK(scaled);
    CHECK_NEAR(sum_y / sum_x, 1.0, 0.02); /* the expected activation is unchanged */
    free(x), free(y), free(mask);
}

TEST(dropout_is_deterministic_for_a_seed)
{
    enum { n = 1000 };
    float x[n], y1[n], y2[n], m1[n], m2[n];
    for (int i = 0; i < n; i++)
        x[i] = (float)i;
    NnRng a, b;
    nn_rng_seed(&a, 52);
    nn_rng_seed(&b, 52);
    nn_dropout_forward(y1, m1, x, n, 0.5f, &a, 1);
    nn_dropout_forward(y2, m2, x, n, 0.5f, &b, 1);
    CHECK(memcmp(y1, y2, sizeof y1) == 0 && memcmp(m1, m2, sizeof m1) == 0);
    nn_rng_seed(&b, 53);
    nn_dropout_forward(y2, m2, x, n, 0.5f, &b, 1);
    CHECK(memcmp(m1, m2, sizeof m1) != 0);
}

TEST(dropout_is_the_identity_at_inference)
{
    float x[5] = {1, -2, 3, -4, 5}, y[5];
    nn_dropout_forward(y, NULL, x, 5, 0.9f, NULL, 0);
    CHECK(memcmp(x, y, sizeof x) == 0);
    nn_dropout_forward(x, NULL, x, 5, 0.9f, NULL, 0); /* in place */
    CHECK(memcmp(x, y, sizeof x) == 0);
    float dx[5] = {1, 1, 1, 1, 1};
    const float dy[5] = {0.5f, 1, 2, 3, 4};
    nn_dropout_backward(dx, dy, NULL, 5, 0);
    for (int i = 0; i < 5; i++)
        CHECK_NEAR(dx[i], 1.0f + dy[i], 0);
}

/* L = sum g * dropout(x); in training the rng is re-seeded each time, so the mask is fixed */
static double dropout_loss(const float *x, const float *g, size_t n, float p, int training)
{
    float *y = zeros(n), *mask = zeros(n);
    NnRng rng;
    nn_rng_seed(&rng, 54);
    nn_dropout_forward(y, mask, x, n, p, &rng, training);
    double L = 0.0;
    for (size_t i = 0; i < n; i++)
        L += (double)g[i] * (double)y[i];
    free(y), free(mask);
    return L;
}

TEST(dropout_backward_matches_finite_differences_in_both_modes)
{
    enum { n = 64 };
    const float p = 0.25f;
    NnRng rng;
    nn_rng_seed(&rng, 55);
    float *x = randn(&rng, n, 1.0f), *g = randn(&rng, n, 1.0f);
    for (int training = 0; training <= 1; training++) {
        float y[n], mask[n], dx[n] = {0};
        NnRng r;
        nn_rng_seed(&r, 54);
        nn_dropout_forward(y, mask, x, n, p, &r, training);
        nn_dropout_backward(dx, g, mask, n, training);
        double num[n];
        const float eps = 1e-2f;
        for (size_t i = 0; i < n; i++) {
            float keep = x[i];
            x[i] = keep + eps;
            double lp = dropout_loss(x, g, n, p, training);
            x[i] = keep - eps;
            double lm = dropout_loss(x, g, n, p, training);
            x[i] = keep;
            num[i] = (lp - lm) / (2.0 * (double)eps);
        }
        double e = rel_error(num, dx, n);
        if (!(e < 1e-3))
            printf("dropout (training %d): relative error %g\n", training, e);
        CHECK(e < 1e-3);
        CHECK(sum_sq(dx, n) > 1e-3);
        if (training) { /* some were dropped, so some gradients are exactly zero */
            int zero = 0;
            for (int i = 0; i < n; i++)
                zero += dx[i] == 0.0f;
            CHECK(zero > 0 && zero < n);
        }
    }
    free(x), free(g);
}

/* ---- batch normalisation ---- */

TEST(batchnorm_training_output_has_zero_mean_and_unit_variance_per_channel)
{
    enum { N = 8, C = 3, S = 10 };
    NnRng rng;
    nn_rng_seed(&rng, 61);
    float x[N * C * S], y[N * C * S], xhat[N * C * S];
    for (int n = 0; n < N; n++)
        for (int c = 0; c < C; c++)
            for (int s = 0; s < S; s++) /* each channel with its own offset and spread */
                x[(n * C + c) * S + s] = 5.0f * (float)c - 3.0f +
                                         (1.0f + (float)c) * 2.0f * nn_rng_normal(&rng);
    const float gamma[C] = {1, 1, 1}, beta[C] = {0, 0, 0};
    float rm[C] = {0}, rv[C] = {1, 1, 1}, mean[C], rstd[C];
    nn_batchnorm_forward(y, xhat, mean, rstd, x, gamma, beta, rm, rv, N, C, S, 1e-5f, 0.1f, 1);
    for (int c = 0; c < C; c++) {
        double m = 0.0, v = 0.0;
        for (int n = 0; n < N; n++)
            for (int s = 0; s < S; s++)
                m += (double)y[(n * C + c) * S + s];
        m /= N * S;
        for (int n = 0; n < N; n++)
            for (int s = 0; s < S; s++) {
                double d = (double)y[(n * C + c) * S + s] - m;
                v += d * d;
            }
        v /= N * S;
        CHECK_NEAR(m, 0.0, 1e-6);
        CHECK_NEAR(v, 1.0, 1e-4); /* eps shrinks it by about eps / var */
    }
    CHECK(memcmp(y, xhat, sizeof y) == 0); /* gamma 1, beta 0: out is xhat */
}

TEST(batchnorm_running_stats_move_by_momentum_with_the_unbiased_variance)
{
    /* one channel, N = 2, S = 2: values 1, 3, 5, 7; mean 4, biased var 5, unbiased 20 / 3 */
    const float x[] = {1, 3, 5, 7}, gamma[] = {2}, beta[] = {1};
    float y[4], xhat[4], mean[1], rstd[1], rm[1] = {10}, rv[1] = {2};
    nn_batchnorm_forward(y, xhat, mean, rstd, x, gamma, beta, rm, rv, 2, 1, 2, 0.0f, 0.25f, 1);
    CHECK_NEAR(mean[0], 4.0, 1e-6);
    CHECK_NEAR(rstd[0], 1.0 / sqrt(5.0), 1e-6);
    CHECK_NEAR(rm[0], 0.75 * 10 + 0.25 * 4, 1e-5);
    CHECK_NEAR(rv[0], 0.75 * 2 + 0.25 * (20.0 / 3.0), 1e-5);
    CHECK_NEAR(y[0], 2 * (-3 / sqrt(5.0)) + 1, 1e-5);
    CHECK_NEAR(y[3], 2 * (3 / sqrt(5.0)) + 1, 1e-5);
}

TEST(batchnorm_inference_uses_the_running_stats)
{
    /* two channels, S = 2, N = 1: out = gamma * (x - run_mean) / sqrt(run_var + eps) + beta */
    const float x[] = {3, 5, -1, 0}, gamma[] = {2, -1}, beta[] = {0.5f, 1};
    float y[4], rm[] = {1, -2}, rv[] = {3.99f, 0.24f};
    nn_batchnorm_forward(y, NULL, NULL, NULL, x, gamma, beta, rm, rv, 1, 2, 2, 0.01f, 0.1f, 0);
    CHECK_NEAR(y[0], 2 * (3 - 1) / 2.0 + 0.5, 1e-6);  /* sqrt(3.99 + 0.01) = 2 */
    CHECK_NEAR(y[1], 2 * (5 - 1) / 2.0 + 0.5, 1e-6);
    CHECK_NEAR(y[2], -1 * (-1 + 2) / 0.5 + 1, 1e-6); /* sqrt(0.24 + 0.01) = 0.5 */
    CHECK_NEAR(y[3], -1 * (0 + 2) / 0.5 + 1, 1e-6);
    CHECK(rm[0] == 1 && rm[1] == -2 && rv[0] == 3.99f && rv[1] == 0.24f); /* untouched */
}

/* L = sum g * batchnorm(x) in training mode, in double */
static double bn_loss_d(const double *x, const double *gamma, const double *beta,
                        const float *g, int N, int C, int S, double eps)
{
    double L = 0.0;
    for (int c = 0; c < C; c++) {
        double m = 0.0, v = 0.0;
        for (int n = 0; n < N; n++)
            for (int s = 0; s < S; s++)
                m += x[(n * C + c) * S + s];
        m /= N * S;
        for (int n = 0; n < N; n++)
            for (int s = 0; s < S; s++)
                v += (x[(n * C + c) * S + s] - m) * (x[(n * C + c) * S + s] - m);
        v /= N * S;
        for (int n = 0; n < N; n++)
            for (int s = 0; s < S; s++) {
                int i = (n * C + c) * S + s;
                L += (double)g[i] * (gamma[c] * (x[i] - m) / sqrt(v + eps) + beta[c]);
            }
    }
    return L;
}

static void bn_gradient_check(int N, int C, int S, uint64_t seed)
{
    const size_t n = (size_t)N * C * S;
    const float eps = 1e-5f;
    NnRng rng;
    nn_rng_seed(&rng, seed);
    float *x = randn(&rng, n, 2.0f), *g = randn(&rng, n, 1.0f);
    float *gamma = randn(&rng, (size_t)C, 1.0f), *beta = randn(&rng, (size_t)C, 1.0f);
    float *y = zeros(n), *xhat = zeros(n), *mean = zeros((size_t)C), *rstd = zeros((size_t)C);
    float *rm = zeros((size_t)C), *rv = zeros((size_t)C);
    nn_batchnorm_forward(y, xhat, mean, rstd, x, gamma, beta, rm, rv, N, C, S, eps, 0.1f, 1);
    float *dx = zeros(n), *dgamma = zeros((size_t)C), *dbeta = zeros((size_t)C);
    nn_batchnorm_backward(dx, dgamma, dbeta, g, xhat, rstd, gamma, N, C, S);

    double *xd = to_double(x, n), *gd = to_double(gamma, (size_t)C);
    double *bd = to_double(beta, (size_t)C);
    double *num = malloc(sizeof(double) * n), *numg = malloc(sizeof(double) * (size_t)C);
    double *numb = malloc(sizeof(double) * (size_t)C);
    double *params[3] = {xd, gd, bd}, *nums[3] = {num, numg, numb};
    const size_t counts[3] = {n, (size_t)C, (size_t)C};
    const double h = 1e-5;
    for (int t = 0; t < 3; t++)
        for (size_t i = 0; i < counts[t]; i++) {
            double keep = params[t][i];
            params[t][i] = keep + h;
            double lp = bn_loss_d(xd, gd, bd, g, N, C, S, (double)eps);
            params[t][i] = keep - h;
            double lm = bn_loss_d(xd, gd, bd, g, N, C, S, (double)eps);
            params[t][i] = keep;
            nums[t][i] = (lp - lm) / (2.0 * h);
        }
    double ex = rel_error(num, dx, n), eg = rel_error(numg, dgamma, (size_t)C);
    double eb = rel_error(numb, dbeta, (size_t)C);
    if (!(ex < 1e-3 && eg < 1e-3 && eb < 1e-3))
        printf("batchnorm N=%d C=%d S=%d: relative error input %g gamma %g beta %g\n", N, C, S,
               ex, eg, eb);
    CHECK(ex < 1e-3);
    CHECK(eg < 1e-3);
    CHECK(eb < 1e-3);
    CHECK(sum_sq(dx, n) > 1e-6);
    CHECK(sum_sq(dgamma, (size_t)C) > 1e-6);
    CHECK(sum_sq(dbeta, (size_t)C) > 1e-6);
    free(x), free(g), free(gamma), free(beta), free(y), free(xhat), free(mean), free(rstd);
    free(rm), free(rv), free(dx), free(dgamma), free(dbeta);
    free(xd), free(gd), free(bd), free(num), free(numg), free(numb);
}

TEST(batchnorm_backward_matches_finite_differences_for_input_gamma_and_beta)
{
    bn_gradient_check(4, 3, 5, 71); /* after a convolution: S = H * W positions */
    bn_gradient_check(6, 4, 1, 72); /* after a dense layer: S = 1 */
    /* three values per channel: with two, xhat is always -1 and +1 and dinp vanishes */
    bn_gradient_check(3, 2, 1, 73);
}

int main(void)
{
    pool = nn_pool_new(0, NULL);
    if (!pool)
        return 1;
    RUN(every_layer_type_has_a_complete_descriptor_under_its_own_name);
    RUN(each_layer_type_describes_its_own_settings_for_info);
    RUN(a_model_of_every_layer_type_reads_back_as_it_was_built);
    RUN(backpropagation_through_every_layer_type_matches_finite_differences);
    RUN(an_activation_layer_applies_its_function_alone_to_values_worked_out_by_hand);
    RUN(an_activation_layers_backward_pass_matches_finite_differences_of_its_input);
    RUN(an_activation_layer_takes_a_softmax_only_as_the_last_layer);
    RUN(a_linear_layer_before_an_activation_layer_is_initialised_for_that_activation);
    RUN(a_hand_written_file_with_activation_layers_computes_by_hand_and_writes_back_unchanged);
    RUN(maxpool_keeps_the_largest_of_each_2x2_block_and_drops_the_odd_edge);
    RUN(maxpool_passes_a_nan_on_wherever_it_is_in_the_block);
    RUN(maxpool_backward_matches_finite_differences);
    RUN(dropout_drops_about_p_of_100k_values_and_scales_the_kept_ones);
    RUN(dropout_is_deterministic_for_a_seed);
    RUN(dropout_is_the_identity_at_inference);
    RUN(dropout_backward_matches_finite_differences_in_both_modes);
    RUN(batchnorm_training_output_has_zero_mean_and_unit_variance_per_channel);
    RUN(batchnorm_running_stats_move_by_momentum_with_the_unbiased_variance);
    RUN(batchnorm_inference_uses_the_running_stats);
    RUN(batchnorm_backward_matches_finite_differences_for_input_gamma_and_beta);
    nn_pool_free(pool);
    return test_main_result();
}
