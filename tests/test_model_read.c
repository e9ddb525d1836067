/* test_model_read.c - reading model files: a hand-computed model, the optional training record,
 * every kind of broken file refused with a message naming the file and the JSON path, and the
 * limits that refuse a file before it is parsed or allocated; an ONNX file opened by the same
 * loading functions, with what its conversion did.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model_files.h"
#include "nn/onnx.h"
#include "test.h"

TEST(loading_a_hand_written_model_computes_by_hand)
{
    SnError err = {0};
    NnModel *m = nn_model_from_json(tiny_json, "tiny.json", &err);
    CHECK(m != NULL);
    if (!m) {
        printf("  %s\n", err.msg);
        return;
    }
    CHECK(m->n_layers == 2 && m->n_in == 4 && m->n_out == 2);
    CHECK(m->layers[0].act == NN_ACT_RELU && m->layers[1].act == NN_ACT_SOFTMAX);
    /* (out, in) row-major: output neuron 1's weight from input 3 is the 4th of the 2nd row */
    CHECK(m->layers[0].weight[1 * 4 + 3] == -0.5f);
    CHECK(m->layers[0].weight[2 * 4 + 0] == 0.75f);
    CHECK(m->layers[1].bias[1] == 0.25f);
    CHECK(m->info.in_c == 1 && m->info.in_h == 2 && m->info.in_w == 2);
    CHECK(m->info.in_scale == 1.0f && m->info.in_offset == 0.0f);
    CHECK(m->info.preprocess == NN_PREP_NONE);
    CHECK(strcmp(m->info.name, "tiny") == 0);
    CHECK(m->info.n_classes == 2);
    CHECK(strcmp(m->info.labels[0], "cat") == 0 && strcmp(m->info.labels[1], "dog") == 0);
    CHECK(strcmp(m->info.train.dataset, "hand") == 0);
    CHECK(m->info.train.epochs == 3);
    CHECK(m->info.train.seed == UINT64_MAX);
    CHECK(m->info.train.test_accuracy == 0.75f);
    CHECK(m->info.train.train_accuracy == -1.0f && m->info.train.val_accuracy == -1.0f);

    /* x = (1, 2, 3, 4):
     * layer 0, z = W x + b:
     *   0.5*1 - 0.25*2 + 0.125*3 + 1*4    + 0.5 =  4.875  -> relu  4.875
     *  -1*1   + 0.5*2  + 0.25*3  - 0.5*4  + 1   = -0.25   -> relu  0
     *   0.75*1 + 0.25*2 - 0.125*3 + 0*4   + 2   =  2.875  -> relu  2.875
     * layer 1: z0 = 4.875 - 0 + 0.5*2.875 + 0 = 6.3125; z1 = -0.5*4.875 + 0 + 2*2.875 + 0.25
     *   = 3.5625; softmax: p0 = 1 / (1 + e^(z1 - z0)) = 1 / (1 + e^-2.75) */
    float x[4] = {1, 2, 3, 4}, out[2];
    int best = nn_model_predict(m, x, out);
    double p0 = 1.0 / (1.0 + exp(-2.75));
    CHECK(best == 0);
    CHECK_NEAR(out[0], p0, 1e-6);
    CHECK_NEAR(out[1], 1.0 - p0, 1e-6);
    CHECK_NEAR(m->a[0][0], 4.875, 1e-6);
    CHECK_NEAR(m->a[0][1], 0.0, 0.0);
    CHECK_NEAR(m->a[0][2], 2.875, 1e-6);
    nn_model_free(m);
}

TEST(training_record_is_optional_and_defaults_to_not_measured)
{
    SnError err = {0};
    NnModel *m = nn_model_from_json(tiny_json_untrained, "untrained.json", &err);
    CHECK(m != NULL);
    if (!m)
        return;
    const NnTrainInfo *t = &m->info.train;
    CHECK(t->train_accuracy == -1.0f && t->val_accuracy == -1.0f && t->test_accuracy == -1.0f);
    CHECK(t->seed == 0 && t->epochs == 0 && t->samples == 0 && t->train_seconds == 0.0);
    CHECK(t->outliers == 0 && t->made_digits == 0);
    CHECK(t->dataset[0] == '\0' && t->command[0] == '\0');
    nn_model_free(m);
}

TEST(a_small_seed_may_be_a_plain_number)
{
    char *text = replace_once(tiny_json, "\"18446744073709551615\"", "42");
    CHECK(text != NULL);
    NnModel *m = text ? nn_model_from_json(text, "seed.json", NULL) : NULL;
    CHECK(m != NULL && m->info.train.seed == 42);
    nn_model_free(m);
    free(text);
}

/* ---- broken files ---- */

typedef struct BadCase {
    const char *from, *to; /* the edit that breaks tiny_json */
    int code;              /* the expected SN_E_* code */
    const char *expect;    /* a piece of the expected message: the JSON path and the reason */
} BadCase;

static const BadCase bad_cases[] = {
    {"\"version\": 1", "\"version\": 7", SN_E_FORMAT,
     "version 7 is not supported (this program reads version 1)"},
    {"\"version\": 1", "\"version\": \"1\"", SN_E_FORMAT, "version: expected an integer"},
    {"\"format\": \"scratchnet-model\"", "\"format\": \"keras\"", SN_E_FORMAT,
     "format: \"keras\" is not \"scratchnet-model\""},
    {"\"format\": \"scratchnet-model\",", "", SN_E_FORMAT, "missing \"format\""},
    {"\"layers\":", "\"layerz\":", SN_E_FORMAT, "missing \"layers\""},
    {"\"name\": \"tiny\",", "\"name\": \"tiny\", \"name\": \"huge\",", SN_E_FORMAT,
     "key \"name\" appears twice"},
    {"\"tiny\"", "\"a name far longer than the sixty-three bytes that a model name may have\"",
     SN_E_FORMAT, "name: 71 bytes long, at most 63 allowed"},
    {"\"channels\": 1, ", "", SN_E_FORMAT, "input: missing \"channels\""},
    {"\"height\": 2", "\"height\": 3", SN_E_FORMAT,
     "layers[0].inputs: 4 does not match the input shape, 1x3x2 = 6"},
    {"\"channels\": 1", "\"channels\": 600000", SN_E_LIMIT,
     "input: 600000x2x2 = 2400000 values is more than 1048576"},
    {"\"width\": 2", "\"width\": 100000", SN_E_LIMIT, "input.width: 100000 is more than 4096"},
    {"\"scale\": 1", "\"scale\": null", SN_E_FORMAT, "input.scale: not a finite number"},
    {"\"none\"", "\"fancy\"", SN_E_FORMAT, "input.preprocess: unknown preprocessing \"fancy\""},
    {"\"none\"", "\"mnist\"", SN_E_FORMAT,
     "input.preprocess: \"mnist\" needs a 1x28x28 input, this model takes 1x2x2"},
    {"[\"cat\", \"dog\"]", "[\"cat\"]", SN_E_FORMAT,
     "labels: 1 labels for the 2 outputs of the last layer"},
    {"\"dog\"", "\"dogdogdogdogdogdogdogdogdogdogdog\"", SN_E_FORMAT,
     "labels[1]: a label must be 1 to 31 bytes long, got 33"},
    {"\"dog\"", "7", SN_E_FORMAT, "labels[1]: expected a string, got a number"},
    /* names and labels are UTF-8 text, never cut and never with a NUL inside */
    {"\"dog\"", "\"d\xffg\"", SN_E_FORMAT, "labels[1]: not valid UTF-8 text"},
    {"\"dog\"", "\"do\xc3\"", SN_E_FORMAT, "labels[1]: not valid UTF-8 text"},
    {"\"dog\"", "\"\xed\xa0\x80\"", SN_E_FORMAT, "labels[1]: not valid UTF-8 text"},
    {"\"tiny\"", "\"ti\xc0\xafny\"", SN_E_FORMAT, "name: not valid UTF-8 text"},
    {"\"tiny\"", "\"ti\\u0000ny\"", SN_E_FORMAT,
     "4:14: \\u0000 (a NUL character) in a string"},
    {"\"cat\"", "\"c\\u0000\"", SN_E_FORMAT, "6:16: \\u0000 (a NUL character) in a string"},
    {"\"name\": \"tiny\"", "\"name\\u0000x\": 1, \"name\": \"tiny\"", SN_E_FORMAT,
     "\\u0000 (a NUL character) in a string"},
    {"\"name\": \"tiny\"", "\"name\": \"\"", SN_E_FORMAT,
     "name: empty (a model's name is 1 to 63 bytes)"},
    {"\"relu\"", "\"relux\"", SN_E_FORMAT, "layers[0].activation: unknown activation \"relux\""},
    {"\"relu\"", "\"softmax\"", SN_E_FORMAT,
     "layers[0].activation: softmax is only allowed on the last layer"},
    {"\"type\": \"dense\", \"inputs\": 3", "\"type\": \"conv\", \"inputs\": 3", SN_E_FORMAT,
     "layers[1].type: unknown layer type \"conv\""},
    {"\"outputs\": 3", "\"outputs\": 1e12", SN_E_LIMIT,
     "layers[0].outputs: 1000000000000 is more than 1048576"},
    {"\"outputs\": 3", "\"outputs\": 0", SN_E_FORMAT, "layers[0].outputs: 0 is out of range"},
    {"\"outputs\": 2", "\"outputs\": 2.5", SN_E_FORMAT,
     "layers[1].outputs: expected an integer, got 2.5"},
    {"\"inputs\": 3", "\"inputs\": 4", SN_E_FORMAT,
     "layers[1].inputs: 4 does not match the output of layers[0], 3x1x1 = 3"},
    {"-0.125, 0]", "-0.125]", SN_E_FORMAT, "layers[0].weights: expected 12 numbers, got 11"},
    {"-0.125, 0]", "-0.125, 0, 0]", SN_E_FORMAT,
     "layers[0].weights: expected 12 numbers, got 13"},
    {"\"biases\": [0.5, 1, 2]", "\"biases\": \"0.5 1 2\"", SN_E_FORMAT,
     "layers[0].biases: expected an array of 3 numbers, got a string"},
    {"\"biases\": [0, 0.25]", "\"bias\": [0, 0.25]", SN_E_FORMAT,
     "layers[1]: missing \"biases\""},
    {"-0.5, 0.25, 2]", "-0.5, null, 2]", SN_E_FORMAT,
     "layers[1].weights[4]: not a finite number"},
    {"[0.5, 1, 2]", "[0.5, 1e999, 2]", SN_E_FORMAT, "layers[0].biases[1]: not a finite number"},
    {"[0, 0.25]", "[0, 1e39]", SN_E_FORMAT, "layers[1].biases[1]: 1e+39 is too large for a float"},
    {"[0.5, -0.25", "[\"0.5\", -0.25", SN_E_FORMAT,
     "layers[0].weights[0]: expected a number, got a string"},
    {"[0.5, -0.25", "[[0.5], -0.25", SN_E_FORMAT,
     "layers[0].weights[0]: expected a number, got an array"},
    {"\"18446744073709551615\"", "\"12x\"", SN_E_FORMAT,
     "training.seed: \"12x\" is not a string of decimal digits"},
    {"\"18446744073709551615\"", "\"18446744073709551616\"", SN_E_FORMAT,
     "training.seed: \"18446744073709551616\" does not fit in 64 bits"},
    {"\"18446744073709551615\"", "1e300", SN_E_FORMAT, "training.seed: a numeric seed"},
    {"\"epochs\": 3", "\"epochs\": 3, \"learning_rate\": \"fast\"", SN_E_FORMAT,
     "training.learning_rate: expected a number, got a string"},
    {"\"epochs\": 3", "\"epochs\": -3", SN_E_FORMAT, "training.epochs: -3 is out of range"},
    {"\"test_accuracy\": 0.75", "\"test_accuracy\": 1.5", SN_E_FORMAT,
     "training.test_accuracy: 1.5 is not a fraction in [0, 1]"},
    {"\"dataset\": \"hand\"", "\"dataset\": [\"hand\"]", SN_E_FORMAT,
     "training.dataset: expected a string, got an array"},
    {"\"training\": {", "\"training\": [{", SN_E_FORMAT, "invalid JSON"}, /* unbalanced */
    {"\"name\": \"tiny\",", "\"name\": \"tiny\"", SN_E_FORMAT, "5:3: invalid JSON"},
    {"\n}\n", "\n}\nx", SN_E_FORMAT, "invalid JSON"},
};

TEST(every_broken_file_is_refused_with_the_file_and_json_path)
{
    char path[1024];
    path_in_dir(path, sizeof path, "bad-model.json");
    for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
        const BadCase *c = &bad_cases[k];
        char *text = replace_once(tiny_json, c->from, c->to);
        if (!text) {
            printf("  case %zu: \"%s\" is not in tiny_json exactly once\n", k, c->from);
            CHECK(text != NULL);
            continue;
        }
        CHECK(write_file(path, text, strlen(text)) == 0);
        SnError err = {0};
        NnModel *m = nn_model_load(path, &err);
        int ok = m == NULL && err.code == c->code && strstr(err.msg, path) == err.msg &&
                 strstr(err.msg, c->expect) != NULL && strchr(err.msg, '\n') == NULL;
        if (!ok) {
            printf("  case %zu: expected code %d and \"%s\"\n           got code %d \"%s\"\n", k,
                   c->code, c->expect, err.code, err.msg);
            CHECK(ok);
        } else {
            printf("  %s\n", err.msg);
        }
        nn_model_free(m);
        free(text);
    }
}

/* A small network of every layer type: input 1x4x4, a 3x3 convolution to 1 channel ("same"
 * size), 2x2 pooling to 1x2x2, batch normalisation, dropout, flatten, a dense softmax of 2. */
static const char cnn_json[] =
    "{\"format\": \"scratchnet-model\", \"version\": 1, \"name\": \"cnn\",\n"
    " \"input\": {\"channels\": 1, \"height\": 4, \"width\": 4, \"scale\": 1, \"offset\": 0, "
    "\"preprocess\": \"none\"},\n"
    " \"labels\": [\"a\", \"b\"],\n"
    " \"layers\": [\n"
    "  {\"type\": \"conv2d\", \"in_channels\": 1, \"out_channels\": 1, \"kernel\": 3, "
    "\"padding\": 1, \"activation\": \"relu\",\n"
    "   \"weights\": [0, 0.5, 0, 0.5, 1, 0.5, 0, 0.5, 0], \"biases\": [0.25]},\n"
    "  {\"type\": \"maxpool2\"},\n"
    "  {\"type\": \"batchnorm\", \"channels\": 1, \"activation\": \"linear\", \"gamma\": [2], "
    "\"beta\": [0.5], \"running_mean\": [1], \"running_var\": [4]},\n"
    "  {\"type\": \"dropout\", \"rate\": 0.5},\n"
    "  {\"type\": \"flatten\"},\n"
    "  {\"type\": \"dense\", \"inputs\": 4, \"outputs\": 2, \"activation\": \"softmax\",\n"
    "   \"weights\": [1, 0, 0, 0, 0, 0, 0, 1], \"biases\": [0, 0]}\n"
    " ]}\n";

/* Each layer type's settings are checked by its shape rule, reported at the JSON path. */
static const BadCase cnn_bad_cases[] = {
    {"\"height\": 4, \"width\": 4", "\"height\": 1, \"width\": 1", SN_E_FORMAT,
     "layers[0].type: a convolution needs an image, but its input is a flat vector of 1"},
    {"\"in_channels\": 1", "\"in_channels\": 2", SN_E_FORMAT,
     "layers[0].in_channels: 2 does not match the input shape, 1x4x4 = 1"},
    {"\"out_channels\": 1", "\"out_channels\": 0", SN_E_FORMAT,
     "layers[0].out_channels: 0 is out of range (1 to 4096)"},
    {"\"kernel\": 3", "\"kernel\": 16", SN_E_LIMIT,
     "layers[0].kernel: 16 is more than 15, the most this program accepts"},
    {"\"padding\": 1", "\"padding\": 3", SN_E_FORMAT,
     "layers[0]: a 3x3 kernel with padding 3 does not fit a 4x4 image"},
    {"\"kernel\": 3, \"padding\": 1", "\"kernel\": 7, \"padding\": 1", SN_E_FORMAT,
     "layers[0]: a 7x7 kernel with padding 1 does not fit a 4x4 image"},
    {"{\"type\": \"maxpool2\"}", "{\"type\": \"maxpool2\"}, {\"type\": \"maxpool2\"}, "
     "{\"type\": \"maxpool2\"}", SN_E_FORMAT,
     "layers[3].type: 2x2 pooling needs an image of at least 2x2, its input is 1x1x1"},
    {"\"channels\": 1, \"activation\"", "\"channels\": 2, \"activation\"", SN_E_FORMAT,
     "layers[2].channels: 2 does not match the output of layers[1], 1x2x2 = 1"},
    {"\"running_var\": [4]", "\"running_var\": [-1]", SN_E_FORMAT,
     "layers[2].running_var[0]: a variance cannot be negative (-1)"},
    {"\"gamma\": [2], ", "", SN_E_FORMAT, "layers[2]: missing \"gamma\""},
    {"\"rate\": 0.5", "\"rate\": 1", SN_E_FORMAT, "layers[3].rate: 1 is not in [0, 1)"},
    {"\"inputs\": 4", "\"inputs\": 5", SN_E_FORMAT,
     "layers[5].inputs: 5 does not match the output of layers[4], 4x1x1 = 4"},
    {"\"type\": \"flatten\"", "\"type\": \"flat\"", SN_E_FORMAT,
     "layers[4].type: unknown layer type \"flat\" (dense, conv2d, maxpool2, dropout, "
     "batchnorm, flatten, activation)"},
};

TEST(every_layer_type_is_read_by_its_shape_rule_and_its_faults_named_by_path)
{
    SnError err = {0};
    NnModel *m = nn_model_from_json(cnn_json, "cnn.json", &err);
    CHECK(m != NULL);
    if (!m)
        printf("  %s\n", err.msg);
    CHECK(m && m->n_layers == 6 && m->layers[1].out.h == 2 && m->n_out == 2);
    nn_model_free(m);
    for (size_t k = 0; k < sizeof cnn_bad_cases / sizeof cnn_bad_cases[0]; k++) {
        const BadCase *c = &cnn_bad_cases[k];
        char *text = replace_once(cnn_json, c->from, c->to);
        CHECK(text != NULL);
        if (!text)
            continue;
        m = nn_model_from_json(text, "cnn.json", &err);
        int ok = m == NULL && err.code == c->code && strstr(err.msg, "cnn.json: ") == err.msg &&
                 strcmp(err.msg + strlen("cnn.json: "), c->expect) == 0;
        printf("  %s\n", err.msg);
        if (!ok)
            printf("  case %zu: expected code %d and \"%s\"\n", k, c->code, c->expect);
        CHECK(ok);
        nn_model_free(m);
        free(text);
    }
}

static int refused(const char *text, const char *where, const char *expect)
{
    SnError err = {0};
    NnModel *m = nn_model_from_json(text, where, &err);
    int ok = m == NULL && strstr(err.msg, where) == err.msg && strstr(err.msg, expect) != NULL;
    if (!ok)
        printf("  expected \"%s\", got \"%s\"\n", expect, err.msg);
    else
        printf("  %s\n", err.msg);
    nn_model_free(m);
    return ok;
}

TEST(texts_that_are_not_models_are_refused)
{
    CHECK(refused("", "empty.json", "empty.json: 1:1: invalid JSON (the text ends too early)"));
    CHECK(refused("[1, 2]", "array.json", "expected a JSON object at the top level, got an array"));
    CHECK(refused("{\"format\": \"scratchnet-model\", \"version\": 1, \"name\": \"x\", "
                  "\"input\": {\"channels\": 1, \"height\": 1, \"width\": 1, \"scale\": 1, "
                  "\"offset\": 0, \"preprocess\": \"none\"}, \"labels\": [], \"layers\": []}",
                  "nolayers.json", "layers: a model needs at least one layer"));
    /* truncated halfway through the weights */
    char cut[200];
    snprintf(cut, sizeof cut, "%.*s", 180, tiny_json);
    CHECK(refused(cut, "cut.json", "(the text ends too early)"));
    SnError err = {0};
    CHECK(nn_model_from_json(NULL, "null.json", &err) == NULL && err.code == SN_E_ARG);
}

TEST(files_that_cannot_be_models_are_refused_before_reading)
{
    char path[1024];
    SnError err = {0};
    path_in_dir(path, sizeof path, "missing.json");
    CHECK(nn_model_load(path, &err) == NULL && err.code == SN_E_IO);
    CHECK(strstr(err.msg, path) && strstr(err.msg, strerror(ENOENT)));
    printf("  %s\n", err.msg);

    CHECK(nn_model_load(dir, &err) == NULL && err.code == SN_E_NOTREG);
    CHECK(strstr(err.msg, dir) && strstr(err.msg, "directory"));
    printf("  %s\n", err.msg);

    /* a sparse file one byte over the limit: refused from its size, nothing read */
    path_in_dir(path, sizeof path, "huge.json");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(ftruncate(fd, (off_t)NN_MODEL_MAX_FILE + 1) == 0);
        close(fd);
        CHECK(nn_model_load(path, &err) == NULL && err.code == SN_E_LIMIT);
        CHECK(strstr(err.msg, path) == err.msg && strstr(err.msg, "largest model file"));
        printf("  %s\n", err.msg);
        unlink(path);
    }

    path_in_dir(path, sizeof path, "nul.json");
    static const char with_nul[] = "{\"format\": \"scratchnet-model\"\0, \"version\": 1}";
    CHECK(write_file(path, with_nul, sizeof with_nul - 1) == 0);
    CHECK(nn_model_load(path, &err) == NULL && err.code == SN_E_FORMAT);
    CHECK(strstr(err.msg, path) && strstr(err.msg, "byte 29: a NUL byte"));
    printf("  %s\n", err.msg);
}

/* The address sanitizer reserves terabytes of shadow memory: it cannot run under a limit. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#ifndef UNDER_ASAN
/* Bytes of address space this process uses now (/proc/self/statm), or 0 if unknown. */
static size_t address_space_now(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

#endif

/* Appends n zeros as a JSON array ("[0,0,...,0]") at text + *len. */
static void append_zeros(char *text, size_t *len, size_t n)
{
    text[(*len)++] = '[';
    for (size_t k = 0; k < n; k++) {
        text[(*len)++] = '0';
        text[(*len)++] = k + 1 < n ? ',' : ']';
    }
    text[*len] = '\0';
}

#ifndef UNDER_ASAN
/* Runs nn_model_from_json(text) in a child whose address space may grow by extra bytes; returns
 * the error code (0: loaded) and copies the message into msg. */
static int load_under_limit(const char *text, size_t extra, char *msg, size_t msg_size)
{
    fflush(stdout);
    int fds[2];
    if (pipe(fds) != 0)
        return 99;
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        struct rlimit lim;
        lim.rlim_cur = lim.rlim_max = address_space_now() + extra;
        setrlimit(RLIMIT_AS, &lim);
        SnError err = {0};
        NnModel *m = nn_model_from_json(text, "big.json", &err);
        int code = m ? 0 : err.code;
        if (write(fds[1], err.msg, strlen(err.msg) + 1) < 0)
            code = 99;
        nn_model_free(m);
        _exit(-code);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], msg, msg_size - 1);
    msg[got > 0 ? got : 0] = '\0';
    close(fds[0]);
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return 98;
    return -WEXITSTATUS(status);
}
#endif

TEST(a_model_that_does_not_fit_in_memory_is_out_of_memory_not_invalid)
{
#ifdef UNDER_ASAN
    SKIP("the address sanitizer cannot run under an address-space limit");
#else
    /* a valid model of 4 million zeros: 8 MB of text, about 300 MB once parsed */
    enum { I = 2000, O = 2000 };
    size_t len = 0;
    char *text = malloc((size_t)I * O * 2 + 4 * (size_t)O + 4096);
    CHECK(text != NULL);
    if (!text)
        return;
    len += (size_t)sprintf(text,
                           "{\"format\": \"scratchnet-model\", \"version\": 1, \"name\": \"big\", "
                           "\"input\": {\"channels\": 1, \"height\": 40, \"width\": 50, "
                           "\"scale\": 1, \"offset\": 0, \"preprocess\": \"none\"}, "
                           "\"labels\": [\"a\", \"b\"], \"layers\": [{\"type\": \"dense\", "
                           "\"inputs\": %d, \"outputs\": %d, \"activation\": \"relu\", "
                           "\"weights\": ", I, O);
    append_zeros(text, &len, (size_t)I * O);
    len += (size_t)sprintf(text + len, ", \"biases\": ");
    append_zeros(text, &len, O);
    len += (size_t)sprintf(text + len, "}, {\"type\": \"dense\", \"inputs\": %d, \"outputs\": 2, "
                           "\"activation\": \"softmax\", \"weights\": ", O);
    append_zeros(text, &len, 2 * (size_t)O);
    len += (size_t)sprintf(text + len, ", \"biases\": [0, 0]}]}");

    char msg[512];
    CHECK(load_under_limit(text, (size_t)1 << 40, msg, sizeof msg) == 0); /* it is valid */
    for (size_t mb = 16; mb <= 64; mb *= 2) {
        int code = load_under_limit(text, mb << 20, msg, sizeof msg);
        printf("  %zu MB to spare: %s\n", mb, msg);
        CHECK(code == SN_E_NOMEM && strstr(msg, "big.json: ") == msg &&
              strstr(msg, "out of memory"));
    }
    free(text);
#endif
}

/* tiny_json with `extra` (a member, e.g. "\"comment\": ") holding n zeros added at the end;
 * malloc'd. */
static char *tiny_with_zeros(const char *extra, size_t n)
{
    size_t base = sizeof tiny_json - 1;
    char *text = malloc(base + strlen(extra) + 2 * n + 16);
    if (!text)
        return NULL;
    size_t len = base - 3; /* without the closing "\n}\n" */
    memcpy(text, tiny_json, len);
    len += (size_t)sprintf(text + len, ", %s", extra);
    append_zeros(text, &len, n);
    strcpy(text + len, "\n}\n");
    return text;
}

TEST(values_under_a_key_the_format_does_not_define_are_bounded)
{
    SnError err = {0};
    char *text = tiny_with_zeros("\"comment\": ", NN_MODEL_MAX_EXTRA_VALUES - 1);
    NnModel *m = text ? nn_model_from_json(text, "c.json", &err) : NULL;
    CHECK(m != NULL); /* the array and its values: just within */
    nn_model_free(m);
    free(text);
    /* a comment of 100 million zeros took 8 GB and a minute to parse */
    text = tiny_with_zeros("\"comment\": ", 10 * NN_MODEL_MAX_EXTRA_VALUES);
    CHECK(text && nn_model_from_json(text, "c.json", &err) == NULL && err.code == SN_E_LIMIT);
    CHECK(strstr(err.msg, "c.json: comment: ") == err.msg);
    printf("  %s\n", err.msg);
    free(text);
}

TEST(more_values_than_a_model_can_need_are_refused_before_parsing)
{
    SnError err = {0};
    size_t n = (size_t)NN_MODEL_MAX_VALUES;
    size_t base = sizeof tiny_json - 1;
    char *text = malloc(base + 2 * n + 64);
    CHECK(text != NULL);
    if (!text)
        return;
    /* the values in "labels", which the format defines: counted against the total */
    const char *at = strstr(tiny_json, "\"labels\": ");
    size_t len = (size_t)(at - tiny_json);
    memcpy(text, tiny_json, len);
    len += (size_t)sprintf(text + len, "\"labels\": ");
    append_zeros(text, &len, n);
    const char *rest = strstr(at, "],") + 1;
    strcpy(text + len, rest);
    double t0 = (double)clock() / CLOCKS_PER_SEC;
    CHECK(nn_model_from_json(text, "v.json", &err) == NULL && err.code == SN_E_LIMIT);
    double seconds = (double)clock() / CLOCKS_PER_SEC - t0;
    CHECK(strstr(err.msg, "v.json: ") == err.msg && strstr(err.msg, "values"));
    printf("  %s (%.2f s)\n", err.msg, seconds);
    CHECK(seconds < 5.0); /* counted, not parsed: parsing took about 20 s */
    free(text);
}

TEST(an_endless_stream_is_refused_without_reading_it_all)
{
    SnError err = {0};
    struct stat st;
    if (stat("/dev/zero", &st) != 0) {
        SKIP("no /dev/zero");
        return;
    }
    double t0 = (double)clock() / CLOCKS_PER_SEC;
    CHECK(nn_model_load("/dev/zero", &err) == NULL && err.code == SN_E_NOTREG);
    double seconds = (double)clock() / CLOCKS_PER_SEC - t0;
    CHECK(strcmp(err.msg, "/dev/zero: not a regular file (a character device)") == 0);
    /* a FIFO nobody writes to is refused at once, not waited on */
    char fifo[1024];
    path_in_dir(fifo, sizeof fifo, "fifo.json");
    CHECK(mkfifo(fifo, 0600) == 0);
    CHECK(nn_model_load(fifo, &err) == NULL && err.code == SN_E_NOTREG);
    CHECK(strstr(err.msg, "fifo.json: not a regular file (a FIFO)") != NULL);
    unlink(fifo);
    printf("  %s (%.2f s)\n", err.msg, seconds);
    CHECK(seconds < 1.0); /* it read a gigabyte of zeros first */
}

TEST(escaped_and_raw_utf8_names_and_labels_load_and_a_backslash_is_no_nul)
{
    char *text = replace_once(tiny_json, "\"cat\"", "\"caf\\u00e9 \\\\u0000\"");
    char *text2 = text ? replace_once(text, "\"tiny\"", "\"\xe6\x95\xb0\xe5\xad\x97 \xf0\x9f\x90\x88\"")
                       : NULL;
    SnError err = {0};
    NnModel *m = text2 ? nn_model_from_json(text2, "utf8.json", &err) : NULL;
    CHECK(m != NULL);
    if (m) {
        CHECK(strcmp(m->info.labels[0], "caf\xc3\xa9 \\u0000") == 0);
        CHECK(strcmp(m->info.name, "\xe6\x95\xb0\xe5\xad\x97 \xf0\x9f\x90\x88") == 0);
    } else {
        printf("  %s\n", err.msg);
    }
    nn_model_free(m);
    free(text);
    free(text2);
}

TEST(the_loader_opens_onnx_files_and_tells_what_their_conversion_did)
{
    const char *data = getenv("SCRATCHNET_TEST_DATA");
    char json[1024], onnx[1024], missing[1024];
    snprintf(json, sizeof json, "%s/tiny-model.json", data ? data : "tests/data");
    snprintf(onnx, sizeof onnx, "%s/onnx/mlp-logits-opset9.onnx", data ? data : "tests/data");
    snprintf(missing, sizeof missing, "%s/no-such-model.onnx", dir);
    SnError err = {0};
    NnOnnxReport rep;

    memset(&rep, 0x55, sizeof rep); /* a model file: no notes */
    NnModel *m = nn_model_load_report(json, &rep, &err);
    CHECK(m != NULL);
    CHECK(rep.n_notes == 0 && rep.opset == 0 && rep.softmax_added == 0);
    nn_model_free(m);

    memset(&rep, 0x55, sizeof rep); /* PyTorch's MLP ending in logits */
    m = nn_model_load_report(onnx, &rep, &err);
    CHECK(m != NULL);
    CHECK(rep.opset == 9 && rep.softmax_added == 1 && rep.n_notes >= 1);
    CHECK(strncmp(rep.producer, "pytorch", 7) == 0);
    CHECK(m && strcmp(m->info.name, "mlp-logits-opset9") == 0);
    int said = 0;
    for (int k = 0; k < rep.n_notes && k < NN_ONNX_NOTES; k++)
        said |= strstr(rep.notes[k], "softmax") != NULL;
    CHECK(said);
    nn_model_free(m);

    m = nn_model_load(onnx, &err); /* the same without a report */
    CHECK(m && m->n_out == 10);
    nn_model_free(m);

    memset(&rep, 0x55, sizeof rep); /* gone before it is read: the report says nothing */
    CHECK(nn_model_load_report(missing, &rep, &err) == NULL);
    CHECK(strstr(err.msg, missing) == err.msg);
    CHECK(rep.n_notes == 0 && rep.opset == 0);
}


int main(void)
{
    if (make_dir("test_model_read") != 0)
        return 1;
    RUN(loading_a_hand_written_model_computes_by_hand);
    RUN(training_record_is_optional_and_defaults_to_not_measured);
    RUN(a_small_seed_may_be_a_plain_number);
    RUN(every_broken_file_is_refused_with_the_file_and_json_path);
    RUN(every_layer_type_is_read_by_its_shape_rule_and_its_faults_named_by_path);
    RUN(texts_that_are_not_models_are_refused);
    RUN(files_that_cannot_be_models_are_refused_before_reading);
    RUN(a_model_that_does_not_fit_in_memory_is_out_of_memory_not_invalid);
    RUN(values_under_a_key_the_format_does_not_define_are_bounded);
    RUN(more_values_than_a_model_can_need_are_refused_before_parsing);
    RUN(an_endless_stream_is_refused_without_reading_it_all);
    RUN(escaped_and_raw_utf8_names_and_labels_load_and_a_backslash_is_no_nul);
    RUN(the_loader_opens_onnx_files_and_tells_what_their_conversion_did);
    test_remove_dir(dir);
    return test_main_result();
}
