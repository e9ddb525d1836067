/* test_draw_models.c - the drawing app's models, without SDL: selection by recorded
 * accuracy, models that do not fit the canvas, no model at all, the "not sure" and "draw a
 * digit" logic, named classes, input scaling, preprocessing defaults, a models folder, ONNX
 * files (listed, converted and said so, or refused in one line).
 */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "draw_test.h"
#include "nn/model_io.h"
#include "nn/onnx.h"

TEST(the_model_with_the_best_recorded_accuracy_starts_active)
{
    AppState s;
    app_init(&s);
    app_select_best(&s);
    CHECK(s.active == -1);
    app_add_model(&s, NULL, "models/broken.json", "models/broken.json: layers: missing");
    app_add_model(&s, flat_model("a", 0.91f), "a.json", NULL);
    app_add_model(&s, flat_model("no-record", -1.0f), "n.json", NULL);
    app_add_model(&s, flat_model("b", 0.97f), "b.json", NULL);
    app_add_model(&s, flat_model("c", 0.95f), "c.json", NULL);
    CHECK(s.n_models == 5);
    app_select_best(&s);
    CHECK(s.active == 3);
    CHECK(strcmp(s.models[s.active].name, "b") == 0);
    CHECK(app_model(&s) == s.models[3].model);
    CHECK(s.models[0].model == NULL);
    CHECK(strstr(s.models[0].error, "models/broken.json") != NULL);
    CHECK(strcmp(s.models[0].name, "broken") == 0);

    app_cycle_model(&s, 1);
    CHECK(s.active == 4);
    app_cycle_model(&s, 1);
    CHECK(s.active == 0); /* wraps, onto the broken one */
    CHECK(app_model(&s) == NULL);
    app_update(&s);
    CHECK(s.verdict == APP_BAD_MODEL);
    app_cycle_model(&s, -1);
    CHECK(s.active == 4);
    app_free(&s);

    /* nothing recorded anywhere: the first loaded one */
    app_init(&s);
    app_add_model(&s, NULL, "x.json", "x.json: bad");
    app_add_model(&s, flat_model("p", -1.0f), "p.json", NULL);
    app_add_model(&s, flat_model("q", -1.0f), "q.json", NULL);
    app_select_best(&s);
    CHECK(s.active == 1);
    app_free(&s);

    /* only broken ones: the first is selected so its error shows */
    app_init(&s);
    app_add_model(&s, NULL, "x.json", "x.json: bad");
    app_select_best(&s);
    CHECK(s.active == 0);
    app_update(&s);
    CHECK(s.verdict == APP_BAD_MODEL);
    app_free(&s);
}

TEST(a_model_that_does_not_fit_the_canvas_is_listed_with_the_reason)
{
    AppState s;
    app_init(&s);
    NnLayerSpec spec = NN_DENSE(10, NN_ACT_SOFTMAX);
    NnModel *m = nn_model_new(100, &spec, 1, NULL);
    CHECK(m != NULL);
    int i = app_add_model(&s, m, "small-input.json", NULL);
    CHECK(i == 0);
    CHECK(s.models[0].model == NULL);
    CHECK(strstr(s.models[0].error, "small-input.json") != NULL);
    CHECK(strstr(s.models[0].error, "100") != NULL);
    app_free(&s);
}

/* The canvas stays 28 x 28: a model of 1 x 14 x 14 inputs reads it resampled and answers; one of
 * three channels is listed as failed with one line naming its file and its input shape. */
TEST(a_model_of_another_image_size_answers_and_one_of_three_channels_is_refused)
{
    AppState s;
    app_init(&s);
    NnLayerSpec spec = NN_DENSE(10, NN_ACT_SOFTMAX);
    NnModel *colour = nn_model_new_shape((NnShape){3, 28, 28}, &spec, 1, NULL);
    NnModel *small = nn_model_new_shape((NnShape){1, 14, 14}, &spec, 1, NULL);
    CHECK(colour && small);
    CHECK(app_add_model(&s, colour, "colour.json", NULL) == 0);
    CHECK(s.models[0].model == NULL);
    CHECK(strstr(s.models[0].error, "colour.json") != NULL);
    CHECK(strstr(s.models[0].error, "3x28x28") != NULL);
    CHECK(strchr(s.models[0].error, '\n') == NULL);
    CHECK(app_add_model(&s, small, "small.json", NULL) == 1);
    CHECK(s.models[1].model != NULL);
    app_select_model(&s, 1);
    draw_bar(&s, 14.0f);
    app_update(&s);
    CHECK(s.n_probs == 10);
    CHECK(s.verdict == APP_UNSURE); /* zero weights: every class 10 % */
    app_free(&s);
}

TEST(no_model_at_all_says_so)
{
    AppState s;
    app_init(&s);
    draw_bar(&s, 14.0f);
    app_update(&s);
    CHECK(s.verdict == APP_NO_MODEL);
    CHECK(s.n_probs == 0);
    char t[256];
    app_title(&s, t, sizeof t);
    CHECK(strcmp(t, "scratchnet-draw \xe2\x80\x94 no model loaded") == 0);
    app_free(&s);
}

TEST(low_confidence_reads_not_sure_with_the_two_leading_classes)
{
    float p[10] = {0.01f, 0.02f, 0.03f, 0.04f, 0.41f, 0.01f, 0.02f, 0.03f, 0.05f, 0.38f};
    int top, second;
    CHECK(app_classify(p, 10, &top, &second) == APP_UNSURE);
    CHECK(top == 4 && second == 9);

    float q[10] = {0};
    q[7] = 0.98f;
    q[1] = 0.02f;
    CHECK(app_classify(q, 10, &top, &second) == APP_SURE);
    CHECK(top == 7 && second == 1);

    float half[2] = {0.5f, 0.5f}; /* a tie at the threshold: the first, and named */
    CHECK(app_classify(half, 2, &top, &second) == APP_LEANING);
    CHECK(top == 0 && second == 1);

    float one[1] = {1.0f};
    CHECK(app_classify(one, 1, &top, &second) == APP_SURE);
    CHECK(top == 0 && second == -1);

    /* and as text, with the model's labels */
    AppState s;
    app_init(&s);
    app_add_model(&s, flat_model("m", 0.9f), "m.json", NULL);
    app_select_best(&s);
    memcpy(s.probs, p, sizeof p);
    s.n_probs = 10;
    s.verdict = app_classify(s.probs, 10, &s.top, &s.second);
    char buf[256];
    app_verdict_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "Not sure: 4 or 9?") == 0);
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 not sure: 4 or 9?") == 0);
    memcpy(s.probs, q, sizeof q);
    s.verdict = app_classify(s.probs, 10, &s.top, &s.second);
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 7 (98%)") == 0);
    s.probs[7] = 0.9996f; /* shown as 100.0%, so the title may say 100% */
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 7 (100%)") == 0);
    s.probs[7] = 0.9994f; /* shown as 99.9%: the title must not round up */
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 7 (99%)") == 0);
    snprintf(app_model(&s)->info.labels[7], NN_LABEL_LEN, "seven");
    app_verdict_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "seven (99%)") == 0);
    app_percent(0.98234f, buf, sizeof buf);
    CHECK(strcmp(buf, "98.2%") == 0);
    app_free(&s);
}

TEST(the_words_follow_the_probability_confident_leaning_or_not_sure)
{
    /* the grades' bounds belong to the grade above them; just below, the grade below */
    struct {
        float p;
        AppVerdict v;
        const char *text, *title;
    } cases[] = {
        {INK_CONFIDENT_FROM, APP_SURE, "7 (90%)", "7 (90%)"},
        {0.93f, APP_SURE, "7 (93%)", "7 (93%)"},
        {nextafterf(INK_CONFIDENT_FROM, 0.0f), APP_LEANING, "Leaning towards 7 (90%)",
         "leaning towards 7 (90%)"},
        {0.632f, APP_LEANING, "Leaning towards 7 (63%)", "leaning towards 7 (63%)"},
        {INK_UNSURE_BELOW, APP_LEANING, "Leaning towards 7 (50%)", "leaning towards 7 (50%)"},
        {nextafterf(INK_UNSURE_BELOW, 0.0f), APP_UNSURE, "Not sure: 7 or 1?",
         "not sure: 7 or 1?"},
    };
    AppState s;
    app_init(&s);
    app_add_model(&s, flat_model("m", 0.9f), "m.json", NULL);
    app_select_best(&s);
    s.n_probs = 10;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(s.probs, 0, sizeof s.probs);
        s.probs[7] = cases[i].p;
        s.probs[1] = 1.0f - cases[i].p - 0.05f;
        s.probs[3] = 0.01f;
        s.verdict = app_classify(s.probs, 10, &s.top, &s.second);
        CHECK(s.verdict == cases[i].v && s.top == 7 && s.second == 1);
        char buf[256], want[256];
        app_verdict_text(&s, buf, sizeof buf);
        CHECK(strcmp(buf, cases[i].text) == 0);
        app_title(&s, buf, sizeof buf);
        snprintf(want, sizeof want, "scratchnet-draw \xe2\x80\x94 %s", cases[i].title);
        CHECK(strcmp(buf, want) == 0);
        if (s.verdict == APP_SURE || s.verdict == APP_LEANING) { /* under the large 7 */
            app_sureness_text(&s, buf, sizeof buf);
            CHECK(strcmp(buf, s.verdict == APP_SURE ? "confident" : "leaning towards 7") == 0);
        }
    }
    app_free(&s);
}

TEST(a_model_of_named_classes_asks_for_something_to_draw_and_names_the_top_class)
{
    AppState s;
    app_init(&s);
    app_add_model(&s, flat_model("clothes", 0.9f), "clothes.json", NULL);
    app_select_best(&s);
    CHECK(app_reads_digits(&s)); /* labels "0".."9" */
    NnModel *m = app_model(&s);
    static const char *names[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    for (int i = 0; i < 10; i++)
        snprintf(m->info.labels[i], NN_LABEL_LEN, "%s", names[i]);
    CHECK(!app_reads_digits(&s));
    app_update(&s);
    char buf[256];
    app_verdict_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "Draw something") == 0);
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 draw something") == 0);
    CHECK(strcmp(app_label(&s, 9), "Ankle boot") == 0);
    /* under the large name, how sure in words: the name is not written again beside it */
    memset(s.probs, 0, sizeof s.probs);
    s.n_probs = 10;
    s.probs[0] = 0.7f;
    s.probs[6] = 0.3f;
    s.verdict = app_classify(s.probs, 10, &s.top, &s.second);
    CHECK(s.verdict == APP_LEANING);
    app_sureness_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "leaning") == 0);
    s.probs[0] = 0.97f;
    s.probs[6] = 0.03f;
    s.verdict = app_classify(s.probs, 10, &s.top, &s.second);
    app_sureness_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "confident") == 0);
    CHECK(strcmp(app_label(&s, 10), "?") == 0); /* beyond the model's classes */
    m->info.labels[3][0] = '\0';                /* a class without a name: its number */
    CHECK(strcmp(app_label(&s, 3), "3") == 0);
    CHECK(strcmp(app_label(&s, -1), "?") == 0);
    app_free(&s);
}

TEST(empty_canvas_prompts_to_draw_and_a_speck_is_too_little_ink)
{
    AppState s;
    app_init(&s);
    app_add_model(&s, flat_model("m", 0.9f), "m.json", NULL);
    app_select_best(&s);
    app_update(&s);
    CHECK(s.verdict == APP_EMPTY);
    CHECK(s.n_probs == 0);
    CHECK(s.needs_update == 0);
    char buf[256];
    app_verdict_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "Draw a digit") == 0);
    app_title(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "scratchnet-draw \xe2\x80\x94 draw a digit") == 0);

    /* a single small dot */
    app_brush_step(&s, -100);
    app_pen_down(&s, 14.0f, 14.0f, 0);
    app_pen_up(&s);
    app_update(&s);
    CHECK(s.verdict == APP_TOO_LITTLE);
    CHECK(s.n_probs == 0);

    /* a real stroke against a model that knows nothing: every class 10%, not sure */
    app_brush_step(&s, 100);
    draw_bar(&s, 14.0f);
    app_update(&s);
    CHECK(s.verdict == APP_UNSURE);
    CHECK(s.n_probs == 10);
    CHECK_NEAR(s.probs[3], 0.1, 1e-5);

    /* erasing everything (a wide eraser zig-zagging over the canvas) is an empty canvas */
    app_pen_down(&s, -2.0f, -1.0f, 1);
    for (int k = 0; k < 16; k++) {
        float x0 = k % 2 ? 30.0f : -2.0f, y = -1.0f + 2.0f * (float)k;
        app_pen_move(&s, x0, y);
        app_pen_move(&s, 28.0f - x0, y);
    }
    app_pen_up(&s);
    app_update(&s);
    CHECK(s.verdict == APP_EMPTY);

    /* clear: the prompt */
    app_clear(&s);
    app_update(&s);
    CHECK(s.verdict == APP_EMPTY);
    app_free(&s);
}

TEST(the_model_reads_pixels_scaled_by_its_declared_scale_and_offset)
{
    AppState s;
    app_init(&s);
    NnModel *m = flat_model("biased", 0.9f);
    CHECK(m != NULL);
    /* class 3 gets the mean input: z3 = mean(x), all others 0 */
    for (int j = 0; j < APP_PIXELS; j++)
        m->layers[0].weight[3 * APP_PIXELS + j] = 1.0f / APP_PIXELS;
    m->layers[0].bias[3] = 6.0f;
    m->info.in_scale = 1.0f / 255.0f;
    m->info.in_offset = -0.5f;
    app_add_model(&s, m, "biased.json", NULL);
    app_select_best(&s);
    draw_bar(&s, 12.0f);
    app_update(&s);
    CHECK(s.verdict == APP_SURE);
    CHECK(s.top == 3);
    double mean = 0.0;
    for (int i = 0; i < APP_PIXELS; i++)
        mean += ((double)s.seen[i] * 255.0 * (1.0 / 255.0) - 0.5) / APP_PIXELS;
    double z = 6.0 + mean;
    double expect = exp(z) / (exp(z) + 9.0);
    CHECK_NEAR(s.probs[3], expect, 1e-4);
    double sum = 0.0;
    for (int i = 0; i < s.n_probs; i++)
        sum += (double)s.probs[i];
    CHECK_NEAR(sum, 1.0, 1e-5);
    char t[256];
    app_title(&s, t, sizeof t);
    CHECK(strncmp(t, "scratchnet-draw \xe2\x80\x94 3 (", strlen("scratchnet-draw \xe2\x80\x94 3 (")) == 0);
    app_free(&s);
}

TEST(preprocessing_follows_the_model_and_warns_when_switched_against_it)
{
    AppState s;
    app_init(&s);
    NnModel *raw = flat_model("raw", 0.8f);
    NnModel *mn = flat_model("mnist", 0.9f);
    raw->info.preprocess = NN_PREP_NONE;
    mn->info.preprocess = NN_PREP_MNIST;
    app_add_model(&s, raw, "raw.json", NULL);
    app_add_model(&s, mn, "mnist.json", NULL);
    app_select_best(&s);
    CHECK(s.active == 1 && s.preprocess == 1 && app_preprocess_mismatch(&s) == 0);
    app_toggle_preprocess(&s);
    CHECK(s.preprocess == 0 && app_preprocess_mismatch(&s) == 1);
    CHECK(s.needs_update == 1);
    app_cycle_model(&s, 1); /* to "raw": its own declaration again */
    CHECK(s.active == 0 && s.preprocess == 0 && app_preprocess_mismatch(&s) == 0);
    app_toggle_preprocess(&s);
    CHECK(app_preprocess_mismatch(&s) == 1);

    /* without preprocessing the network sees the canvas as drawn */
    draw_bar(&s, 4.0f);
    app_toggle_preprocess(&s);
    app_update(&s);
    float dx = 0.0f;
    for (int i = 0; i < APP_PIXELS; i++)
        dx += fabsf(s.seen[i] - s.grid[i]);
    CHECK(dx < 1e-3f);
    /* with it, the bar at x = 4 is moved to the middle */
    app_toggle_preprocess(&s);
    app_update(&s);
    double mass = 0.0, mx = 0.0;
    for (int i = 0; i < APP_SIDE; i++)
        for (int j = 0; j < APP_SIDE; j++) {
            mass += (double)s.seen[i * APP_SIDE + j];
            mx += (double)s.seen[i * APP_SIDE + j] * (j + 0.5);
        }
    CHECK(mass > 1.0);
    CHECK_NEAR(mx / mass, 14.0, 1.0);
    app_free(&s);
}

TEST(a_models_directory_loads_every_json_in_name_order_and_lists_failures)
{
    char dir[512], path[1024];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    SnError err = {0};
    NnModel *a = flat_model("alpha", 0.93f), *b = flat_model("beta", 0.96f);
    snprintf(path, sizeof path, "%s/b-model.json", dir);
    CHECK(nn_model_save(path, b, &err) == 0);
    snprintf(path, sizeof path, "%s/a-model.json", dir);
    CHECK(nn_model_save(path, a, &err) == 0);
    nn_model_free(a);
    nn_model_free(b);
    snprintf(path, sizeof path, "%s/c-corrupt.json", dir);
    write_file(path, "{\"format\":\"scratchnet-model\",");
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    write_file(path, "not a model");

    AppState s;
    app_init(&s);
    CHECK(app_add_models_dir(&s, dir) == 3);
    CHECK(s.n_models == 3);
    CHECK(strcmp(s.models[0].name, "alpha") == 0);
    CHECK(strcmp(s.models[1].name, "beta") == 0);
    CHECK(s.models[2].model == NULL);
    CHECK(strstr(s.models[2].error, "c-corrupt.json") != NULL);
    CHECK(strcmp(s.models_dir, dir) == 0);
    /* the same file given again (as on the command line) is not listed twice */
    snprintf(path, sizeof path, "%s/a-model.json", dir);
    CHECK(app_add_model_file(&s, path) == 0);
    CHECK(s.n_models == 3);
    app_select_best(&s);
    CHECK(s.active == 1);
    app_free(&s);

    app_init(&s);
    snprintf(path, sizeof path, "%s/does-not-exist", dir);
    CHECK(app_add_models_dir(&s, path) == 0);
    CHECK(s.n_models == 0);
    CHECK(s.message[0] == '\0'); /* a missing default folder is not an error */
    app_free(&s);
    test_remove_dir(dir);
}

/* tests/data/onnx/NAME (an MLP PyTorch's exporter wrote, ending in logits) into buf. */
static const char *onnx_data(const char *name, char *buf, size_t n)
{
    const char *dir = getenv("SCRATCHNET_TEST_DATA");
    snprintf(buf, n, "%s/onnx/%s", dir ? dir : "tests/data", name);
    return buf;
}

/* Copies the file from to the file to; returns 1, or 0 as a failed check. */
static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    int ok = in && out;
    char buf[8192];
    size_t got;
    while (ok && (got = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, got, out) == got;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    CHECK(ok);
    return ok;
}

/* The MNIST test set's first image (a 7), the base image of the canvas, read as it is (no
 * preprocessing: the pixels PyTorch was given): the answer's top class, or -1; each probability
 * within 1e-5 of PyTorch's on the same image (tests/data/onnx/NAME.probs.f32, little-endian
 * floats as this machine's). */
static int reads_the_seven(AppState *s, const char *probs_name)
{
    char png[1024], path[1024];
    const char *dir = getenv("SCRATCHNET_TEST_DATA");
    snprintf(png, sizeof png, "%s/mnist-test-0-seven.png", dir ? dir : "tests/data");
    if (app_open_file(s, png) != 0)
        return -1;
    s->preprocess = 0;
    app_update(s);
    float want[10] = {0};
    FILE *f = fopen(onnx_data(probs_name, path, sizeof path), "rb");
    CHECK(f && fread(want, sizeof want[0], 10, f) == 10);
    if (f)
        fclose(f);
    CHECK(s->n_probs == 10);
    for (int c = 0; c < 10 && s->n_probs == 10; c++)
        CHECK_NEAR(s->probs[c], want[c], 1e-5);
    return s->n_probs == 10 ? s->top : -1;
}

TEST(an_onnx_file_in_a_models_folder_is_listed_converted_and_a_broken_one_says_why)
{
    char dir[512], path[1024], src[1024];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    SnError err = {0};
    NnModel *a = flat_model("alpha", 0.93f);
    snprintf(path, sizeof path, "%s/a-model.json", dir);
    CHECK(nn_model_save(path, a, &err) == 0);
    snprintf(path, sizeof path, "%s/b-exported.onnx", dir); /* as `scratchnet export` writes */
    CHECK(nn_onnx_save(path, a, &err) == 0);
    nn_model_free(a);
    snprintf(path, sizeof path, "%s/torch-mlp.onnx", dir);
    if (!copy_file(onnx_data("mlp-logits-opset9.onnx", src, sizeof src), path))
        return;
    CHECK(app_file_opens_on_canvas(path) == 0); /* a model, not an image */
    snprintf(path, sizeof path, "%s/zz-broken.onnx", dir);
    write_file(path, "{\"format\":\"scratchnet-model\"} is no ONNX file");
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    write_file(path, "not a model");

    AppState s;
    app_init(&s);
    CHECK(app_add_models_dir(&s, dir) == 4);
    CHECK(s.n_models == 4);
    CHECK(strcmp(s.models[0].name, "alpha") == 0);
    CHECK(s.models[0].converted[0] == '\0');
    /* the exported one, named after its file, has nothing to note */
    CHECK(strcmp(s.models[1].name, "b-exported") == 0);
    CHECK(strncmp(s.models[1].converted, "converted from ONNX (opset 13, written by scratchnet",
                  52) == 0);
    CHECK(strstr(s.models[1].converted, ") as it is") != NULL);
    app_free(&s);
    snprintf(path, sizeof path, "%s/b-exported.onnx", dir);
    CHECK(remove(path) == 0);

    app_init(&s);
    CHECK(app_add_models_dir(&s, dir) == 3);
    CHECK(s.n_models == 3);
    CHECK(strcmp(s.models[1].name, "torch-mlp") == 0);
    CHECK(s.models[1].model != NULL);
    CHECK(strncmp(s.models[1].converted, "converted from ONNX: the graph ends in raw outputs "
                                         "(logits): the model adds a softmax", 85) == 0);
    CHECK(s.models[2].model == NULL);
    CHECK(strstr(s.models[2].error, "zz-broken.onnx: ") == s.models[2].error + strlen(dir) + 1);
    CHECK(strchr(s.models[2].error, '\n') == NULL);
    CHECK(s.models[2].converted[0] == '\0');

    /* the recorded accuracy wins; selecting the converted model says what the conversion did */
    app_select_best(&s);
    CHECK(s.active == 0);
    CHECK(s.message[0] == '\0');
    app_cycle_model(&s, 1);
    CHECK(s.active == 1);
    CHECK(s.message_error == 0);
    CHECK(strcmp(s.message + strlen("torch-mlp: "), s.models[1].converted) == 0);
    CHECK(strncmp(s.message, "torch-mlp: ", 11) == 0);
    CHECK(reads_the_seven(&s, "mlp-logits-opset9.probs.f32") == 7);

    /* a model named on the command line starts active although another has a record */
    int named = 1;
    app_select_model(&s, 0);
    CHECK(app_select_best_of(&s, &named, 1) == 1 && s.active == 1);
    named = 2; /* it failed to load: nothing changes */
    CHECK(app_select_best_of(&s, &named, 1) == -1 && s.active == 1);
    CHECK(app_select_best_of(&s, NULL, 0) == -1 && s.active == 1);
    app_free(&s);
    test_remove_dir(dir);
}

TEST(an_onnx_file_opened_later_is_selected_and_a_refused_one_gives_its_line)
{
    char path[1024], dir[512], broken[1024];
    onnx_data("mlp-logits-opset9.onnx", path, sizeof path);
    AppState s;
    app_init(&s);
    app_add_model(&s, flat_model("alpha", 0.93f), "alpha.json", NULL);
    app_select_best(&s);
    CHECK(app_open_file(&s, path) == 0); /* Ctrl+O, a dropped file */
    CHECK(s.n_models == 2 && s.active == 1);
    CHECK(strcmp(s.models[1].name, "mlp-logits-opset9") == 0);
    CHECK(s.message_error == 0);
    CHECK(strstr(s.message, "Loaded model mlp-logits-opset9 from ") == s.message);
    CHECK(strstr(s.message, ", converted from ONNX: the graph ends in raw outputs") != NULL);
    CHECK(reads_the_seven(&s, "mlp-logits-opset9.probs.f32") == 7);
    app_select_model(&s, 0);
    CHECK(app_open_file(&s, path) == 0); /* the same file again: reloaded in place */
    CHECK(s.n_models == 2 && s.active == 1 && s.models[1].converted[0] != '\0');

    if (!make_temp_dir(dir, sizeof dir)) {
        app_free(&s);
        return;
    }
    snprintf(broken, sizeof broken, "%s/cut.onnx", dir);
    FILE *in = fopen(path, "rb"), *out = fopen(broken, "wb");
    char head[100];
    CHECK(in && out && fread(head, 1, sizeof head, in) == sizeof head &&
          fwrite(head, 1, sizeof head, out) == sizeof head); /* cut short */
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    CHECK(app_open_file(&s, broken) == -1);
    CHECK(s.message_error == 1);
    CHECK(strstr(s.message, broken) == s.message);
    CHECK(strchr(s.message, '\n') == NULL);
    CHECK(s.n_models == 2 && s.active == 1); /* nothing listed, the selection stays */
    app_free(&s);
    test_remove_dir(dir);
}

TEST(a_tiny_digit_is_told_to_be_drawn_bigger_and_a_dot_to_keep_drawing)
{
    AppState s;
    app_init(&s);
    app_add_model(&s, flat_model("m", 0.9f), "m.json", NULL);
    app_select_best(&s);
    char buf[256];

    /* a dot, and a short straight line (the start of any stroke): keep drawing */
    app_brush_step(&s, -100);
    app_pen_down(&s, 14.0f, 14.0f, 0);
    app_pen_up(&s);
    app_update(&s);
    CHECK(s.verdict == APP_TOO_LITTLE);
    app_verdict_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "Too little ink: keep drawing") == 0);
    app_pen_down(&s, 14.0f, 14.0f, 0);
    app_pen_move(&s, 14.0f, 17.0f);
    app_pen_up(&s);
    app_update(&s);
    CHECK(s.verdict == APP_TOO_LITTLE);

    /* a "3" two cells high, drawn with the thinnest brush: the ink is there but small */
    app_clear(&s);
    app_pen_down(&s, 13.0f, 13.0f, 0);
    app_pen_move(&s, 15.0f, 13.0f);
    app_pen_move(&s, 14.0f, 14.0f);
    app_pen_move(&s, 15.0f, 15.0f);
    app_pen_move(&s, 13.0f, 15.0f);
    app_pen_up(&s);
    app_update(&s);
    CHECK(s.verdict == APP_TOO_SMALL);
    CHECK(s.n_probs == 0);
    app_verdict_text(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "Too small: draw it bigger") == 0);

    /* the same "3" at full size is read */
    app_clear(&s);
    app_pen_down(&s, 8.0f, 4.0f, 0);
    app_pen_move(&s, 20.0f, 4.0f);
    app_pen_move(&s, 14.0f, 14.0f);
    app_pen_move(&s, 20.0f, 24.0f);
    app_pen_move(&s, 8.0f, 24.0f);
    app_pen_up(&s);
    app_update(&s);
    CHECK(s.verdict == APP_UNSURE);
    app_free(&s);
}

TEST(the_no_model_help_trains_into_the_folder_models_are_read_from)
{
    AppState s;
    app_init(&s);
    char buf[1200];
    app_train_command(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "--preset mlp --out models/mnist-mlp.json") == 0);
    app_add_models_dir(&s, "/tmp/elsewhere/my models");
    app_train_command(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "--preset mlp --out '/tmp/elsewhere/my models/mnist-mlp.json'") == 0);
    app_add_models_dir(&s, "/srv/models/");
    app_train_command(&s, buf, sizeof buf);
    CHECK(strcmp(buf, "--preset mlp --out /srv/models/mnist-mlp.json") == 0);
    app_free(&s);
}

int main(void)
{
    RUN(the_model_with_the_best_recorded_accuracy_starts_active);
    RUN(a_model_that_does_not_fit_the_canvas_is_listed_with_the_reason);
    RUN(a_model_of_another_image_size_answers_and_one_of_three_channels_is_refused);
    RUN(no_model_at_all_says_so);
    RUN(low_confidence_reads_not_sure_with_the_two_leading_classes);
    RUN(the_words_follow_the_probability_confident_leaning_or_not_sure);
    RUN(a_model_of_named_classes_asks_for_something_to_draw_and_names_the_top_class);
    RUN(empty_canvas_prompts_to_draw_and_a_speck_is_too_little_ink);
    RUN(the_model_reads_pixels_scaled_by_its_declared_scale_and_offset);
    RUN(preprocessing_follows_the_model_and_warns_when_switched_against_it);
    RUN(a_models_directory_loads_every_json_in_name_order_and_lists_failures);
    RUN(an_onnx_file_in_a_models_folder_is_listed_converted_and_a_broken_one_says_why);
    RUN(an_onnx_file_opened_later_is_selected_and_a_refused_one_gives_its_line);
    RUN(a_tiny_digit_is_told_to_be_drawn_bigger_and_a_dot_to_keep_drawing);
    RUN(the_no_model_help_trains_into_the_folder_models_are_read_from);
    return test_main_result();
}
