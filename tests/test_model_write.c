/* test_model_write.c - writing model files: the documented layout, exact round trips of every
 * float, models that cannot be written (non-finite weights, text that is not UTF-8), saving that
 * never leaves a half-written file behind, and the same bytes under any locale.
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
#include "test.h"

TEST(writing_the_hand_written_model_gives_the_documented_layout)
{
    NnModel *m = nn_model_from_json(tiny_json, "tiny.json", NULL);
    CHECK(m != NULL);
    if (!m)
        return;
    char *text = nn_model_to_json(m, NULL);
    CHECK(text != NULL);
    if (text && strcmp(text, tiny_golden) != 0) {
        CHECK(!"output differs from tiny_golden");
        printf("---- got ----\n%s---- end ----\n", text);
    }
    free(text);
    nn_model_free(m);
}

/* ---- round trips ---- */

static void set_info(NnModel *m)
{
    NnModelInfo *in = &m->info;
    snprintf(in->name, sizeof in->name, "mlp \"quoted\" back\\slash\ttab é");
    snprintf(in->labels[3], NN_LABEL_LEN, "three\n(3)");
    NnTrainInfo *t = &in->train;
    snprintf(t->dataset, sizeof t->dataset, "mnist");
    t->samples = 54000;
    t->outliers = 12000;
    t->made_digits = 30000;
    t->epochs = 12;
    t->best_epoch = 9;
    snprintf(t->optimizer, sizeof t->optimizer, "momentum");
    t->learning_rate = 0.1f;
    t->momentum = 0.9f;
    t->weight_decay = 5e-4f;
    snprintf(t->schedule, sizeof t->schedule, "cosine");
    t->batch_size = 64;
    snprintf(t->cost, sizeof t->cost, "cross-entropy");
    t->seed = UINT64_MAX - 12345; /* not exact as a double: must survive as a string */
    t->train_accuracy = 0.99321f;
    t->val_accuracy = 0.9812f;
    t->test_accuracy = 1.0f / 3.0f;
    t->train_seconds = 123.45678901234567;
    snprintf(t->command, sizeof t->command, "scratchnet train --name \"x\" \\ --seed 1");
    snprintf(t->augment, sizeof t->augment, "shift 2, rotate 15");
    snprintf(t->date, sizeof t->date, "2026-11-25T18:00:00Z");
    snprintf(t->version, sizeof t->version, "0.1.0");
}

TEST(save_load_save_gives_identical_files_weights_and_predictions)
{
    NnModel *a = make_model("1x28x28,32:relu,16:tanh,10:softmax", 7);
    CHECK(a != NULL);
    if (!a)
        return;
    set_info(a);
    char pa[1024], pb[1024];
    path_in_dir(pa, sizeof pa, "a.json");
    path_in_dir(pb, sizeof pb, "b.json");
    SnError err = {0};
    CHECK(nn_model_save(pa, a, &err) == 0);
    NnModel *b = nn_model_load(pa, &err);
    CHECK(b != NULL);
    if (!b) {
        printf("  %s\n", err.msg);
        nn_model_free(a);
        return;
    }
    CHECK(nn_model_save(pb, b, &err) == 0);
    size_t la = 0, lb = 0;
    char *fa = read_file(pa, &la), *fb = read_file(pb, &lb);
    CHECK(fa && fb && la == lb && memcmp(fa, fb, la) == 0);
    /* compact: about a dozen bytes per number, not the 20+ of "%.17g" */
    CHECK(la < a->n_params * 14 + 4096);

    CHECK(same_params(a, b));
    CHECK(b->n_layers == 3 && b->layers[2].act == NN_ACT_SOFTMAX);
    const NnModelInfo *x = &a->info, *y = &b->info;
    CHECK(strcmp(x->name, y->name) == 0);
    CHECK(strcmp(y->labels[3], "three\n(3)") == 0 && strcmp(y->labels[9], "9") == 0);
    CHECK(x->in_c == y->in_c && x->in_h == y->in_h && x->in_w == y->in_w);
    CHECK(memcmp(&x->in_scale, &y->in_scale, sizeof(float)) == 0);
    CHECK(y->preprocess == NN_PREP_MNIST);
    const NnTrainInfo *s = &x->train, *t = &y->train;
    CHECK(t->seed == UINT64_MAX - 12345);
    CHECK(t->samples == 54000 && t->epochs == 12 && t->best_epoch == 9 && t->batch_size == 64);
    CHECK(t->outliers == 12000 && fa && strstr(fa, "\"outliers\": 12000,\n") != NULL);
    CHECK(t->made_digits == 30000 && strstr(fa, "\"made_digits\": 30000,\n") != NULL);
    CHECK(memcmp(&s->learning_rate, &t->learning_rate, sizeof(float)) == 0);
    CHECK(memcmp(&s->weight_decay, &t->weight_decay, sizeof(float)) == 0);
    CHECK(memcmp(&s->test_accuracy, &t->test_accuracy, sizeof(float)) == 0);
    CHECK(memcmp(&s->train_seconds, &t->train_seconds, sizeof(double)) == 0);
    CHECK(strcmp(s->command, t->command) == 0 && strcmp(s->optimizer, t->optimizer) == 0);
    CHECK(strcmp(s->augment, t->augment) == 0);
    CHECK(strcmp(s->cost, t->cost) == 0 && strcmp(s->date, t->date) == 0);

    /* the same outputs, bit for bit, on random inputs */
    NnRng rng;
    nn_rng_seed(&rng, 99);
    float in[784], oa[10], ob[10];
    int same = 1;
    for (int k = 0; k < 20; k++) {
        for (int i = 0; i < 784; i++)
            in[i] = nn_rng_uniform(&rng);
        int ka = nn_model_predict(a, in, oa), kb = nn_model_predict(b, in, ob);
        same &= ka == kb && ka >= 0 && memcmp(oa, ob, sizeof oa) == 0;
    }
    CHECK(same);
    free(fa);
    free(fb);
    nn_model_free(a);
    nn_model_free(b);
}

TEST(a_fine_tuning_record_round_trips_and_is_left_out_when_there_is_none)
{
    NnModel *a = make_model("1x28x28,16:relu,10:softmax", 3);
    CHECK(a != NULL);
    if (!a)
        return;
    set_info(a);
    SnError err = {0};
    char *plain = nn_model_to_json(a, &err);
    CHECK(plain && !strstr(plain, "finetuned")); /* a model not fine-tuned: as before */
    NnFinetuneInfo *f = &a->info.train.ft;
    snprintf(f->from, sizeof f->from, "mnist-mlp é");
    snprintf(f->drawings, sizeof f->drawings, "person \"one\".jsonl");
    f->samples = 200, f->mnist = 30000, f->copies = 10, f->epochs = 2;
    f->learning_rate = 1e-4f, f->seconds = 7.25;
    snprintf(f->date, sizeof f->date, "2026-12-07T22:00:00Z");
    char *text = nn_model_to_json(a, &err);
    CHECK(text && strstr(text, "\"finetuned\": {\"from\": \"mnist-mlp é\""));
    NnModel *b = text ? nn_model_from_json(text, "ft.json", &err) : NULL;
    CHECK(b != NULL);
    if (b) {
        const NnFinetuneInfo *g = &b->info.train.ft;
        CHECK(strcmp(g->from, f->from) == 0 && strcmp(g->drawings, f->drawings) == 0);
        CHECK(g->samples == 200 && g->mnist == 30000 && g->copies == 10 && g->epochs == 2);
        CHECK(g->learning_rate == 1e-4f && g->seconds == 7.25);
        CHECK(strcmp(g->date, f->date) == 0);
        char *again = nn_model_to_json(b, &err);
        CHECK(again && strcmp(again, text) == 0);
        free(again);
    }
    /* a bad field is refused naming it */
    char *bad = text ? strstr(text, "\"samples\": 200") : NULL;
    if (bad) {
        memcpy(bad, "\"samples\": -20", 14);
        NnModel *c = nn_model_from_json(text, "ft.json", &err);
        CHECK(c == NULL && strstr(err.msg, "training.finetuned.samples"));
        if (c || !strstr(err.msg, "training.finetuned.samples"))
            printf("  %s\n", err.msg);
        nn_model_free(c);
    }
    free(plain);
    free(text);
    nn_model_free(a);
    nn_model_free(b);
}

TEST(awkward_floats_round_trip_bit_exactly)
{
    const float awkward[32] = {
        1e-38f, FLT_MIN, -FLT_MIN, 1e-40f /* subnormal */, -1e-45f /* smallest subnormal */,
        -0.0f, 0.0f, 3.4e38f, FLT_MAX, -FLT_MAX, 0.1f, -0.1f, 1.0f / 3.0f, 2.0f / 3.0f,
        1.0f / 255.0f, 16777216.0f, 16777215.0f, 123456789.0f, 1e10f, 0.3f, 1.17549421e-38f,
        9.99999944e-11f, 7e-45f, -2.5f, 65504.0f, 1e-7f, 0.2f, 0.7f, 4.2e-39f, 1.5e-44f,
        1.00000012f /* just above 1 */, 0.99999994f /* just below 1 */,
    };
    NnModel *m = make_model("32,1:linear,64:linear", 1);
    CHECK(m != NULL);
    if (!m)
        return;
    memcpy(m->layers[0].weight, awkward, sizeof awkward);
    m->layers[0].bias[0] = -0.0f;
    NnRng rng;
    nn_rng_seed(&rng, 2024);
    SnError err = {0};
    int failures = 0;
    for (int round = 0; round < 400; round++) {
        /* the second layer: random bit patterns, so every exponent, normal and subnormal, and
         * every mantissa shape (400 rounds x 128 floats) goes through a text round trip */
        float *w = m->layers[1].weight; /* its weights and biases are contiguous */
        for (size_t i = 0; i < m->layers[1].n_weight + 64; i++) {
            uint32_t bits;
            do {
                bits = nn_rng_u32(&rng);
                memcpy(&w[i], &bits, sizeof w[i]);
            } while (!isfinite(w[i]));
        }
        char *text = nn_model_to_json(m, &err);
        NnModel *back = text ? nn_model_from_json(text, "awkward.json", &err) : NULL;
        if (!back || !same_params(m, back)) {
            failures++;
            if (failures == 1)
                printf("  first failure: %s\n", back ? "params differ" : err.msg);
        } else if (round == 0) {
            CHECK(signbit(back->layers[0].weight[5]) && back->layers[0].weight[5] == 0.0f);
            CHECK(signbit(back->layers[0].bias[0]));
            CHECK(back->layers[0].weight[4] == -1e-45f && back->layers[0].weight[8] == FLT_MAX);
        }
        nn_model_free(back);
        free(text);
    }
    CHECK(failures == 0);
    nn_model_free(m);
}

TEST(a_model_with_more_outputs_than_labels_cannot_be_built)
{
    /* a file holds one label per output, at most NN_MAX_CLASSES: such a model is refused when
     * it is built, not later when it is saved */
    NnLayerSpec s[1] = {NN_DENSE(NN_MAX_CLASSES + 1, NN_ACT_LINEAR)};
    SnError err = {0};
    NnModel *m = nn_model_new(8, s, 1, &err);
    CHECK(m == NULL && err.code == SN_E_ARG);
    CHECK(strstr(err.msg, "at most 64 classes") != NULL);
    nn_model_free(m);
}

TEST(floats_are_written_with_the_fewest_digits_that_round_trip)
{
    NnModel *m = nn_model_from_json(tiny_json, "tiny.json", NULL);
    CHECK(m != NULL);
    if (!m)
        return;
    float *w = m->layers[0].weight;
    w[0] = 0.1f;        /* 0.100000001490116...: "0.1" reads back to it */
    w[1] = 1.0f / 3.0f; /* 0.333333343267...: 8 digits, "0.33333334", are needed */
    w[2] = -0.0f;       /* the sign of zero is kept */
    w[3] = 1e-45f;      /* the smallest subnormal, 1.401298e-45: "1e-45" is enough */
    w[4] = FLT_MAX;     /* 3.40282347e+38; "3.4028235e+38" is above it as a decimal but still
                           nearer to it than to the overflow threshold, so it reads back */
    m->info.in_scale = 1.0f / 255.0f;
    char *text = nn_model_to_json(m, NULL);
    CHECK(text != NULL);
    if (text) {
        CHECK(strstr(text, "        0.1, 0.33333334, -0, 1e-45,\n") != NULL);
        CHECK(strstr(text, "        3.4028235e+38, 0.5, 0.25, -0.5,\n") != NULL);
        CHECK(strstr(text, "\"scale\": 0.003921569,") != NULL);
    }
    free(text);
    nn_model_free(m);
}

/* ---- saving ---- */

TEST(non_finite_weights_are_refused_and_the_old_file_kept)
{
    char path[1024];
    path_in_dir(path, sizeof path, "keep.json");
    CHECK(write_file(path, "old contents\n", 13) == 0);
    NnModel *m = nn_model_from_json(tiny_json, "tiny.json", NULL);
    CHECK(m != NULL);
    if (!m)
        return;
    m->layers[1].weight[5] = NAN;
    SnError err = {0};
    CHECK(nn_model_to_json(m, &err) == NULL && err.code == SN_E_ARG);
    CHECK(strstr(err.msg, "layers[1].weights[5]: nan is not a finite number") != NULL);
    CHECK(nn_model_save(path, m, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, path) == err.msg && strstr(err.msg, "layers[1].weights[5]"));
    printf("  %s\n", err.msg);
    m->layers[1].weight[5] = 2.0f;
    m->layers[0].bias[2] = -INFINITY;
    CHECK(nn_model_save(path, m, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "layers[0].biases[2]: -inf is not a finite number") != NULL);
    char *now = read_file(path, NULL);
    CHECK(now && strcmp(now, "old contents\n") == 0);
    CHECK(test_count_files(dir, ".tmp.") == 0);
    free(now);
    nn_model_free(m);
}

TEST(a_model_whose_name_or_label_is_not_utf8_is_not_saved)
{
    NnModel *m = nn_model_from_json(tiny_json, "tiny.json", NULL);
    CHECK(m != NULL);
    if (!m)
        return;
    SnError err = {0};
    snprintf(m->info.name, sizeof m->info.name, "ti\xffny");
    CHECK(nn_model_to_json(m, &err) == NULL && err.code == SN_E_ARG);
    CHECK(strstr(err.msg, "name: not valid UTF-8 text") != NULL);
    m->info.name[0] = '\0'; /* the loader refuses an empty name: the saver does not write one */
    CHECK(nn_model_to_json(m, &err) == NULL && err.code == SN_E_ARG);
    CHECK(strstr(err.msg, "name: empty") != NULL);
    snprintf(m->info.name, sizeof m->info.name, "tiny");
    snprintf(m->info.labels[1], NN_LABEL_LEN, "d\xe2\x82"); /* a character cut short */
    CHECK(nn_model_to_json(m, &err) == NULL && err.code == SN_E_ARG);
    CHECK(strstr(err.msg, "labels[1]: not valid UTF-8 text") != NULL);
    printf("  %s\n", err.msg);
    nn_model_free(m);
}

TEST(saving_into_a_missing_directory_fails_cleanly)
{
    char path[1024];
    path_in_dir(path, sizeof path, "no/such/dir/model.json");
    NnModel *m = nn_model_from_json(tiny_json, "tiny.json", NULL);
    CHECK(m != NULL);
    if (!m)
        return;
    SnError err = {0};
    CHECK(nn_model_save(path, m, &err) == SN_E_IO);
    CHECK(strstr(err.msg, path) == err.msg && strstr(err.msg, strerror(ENOENT)));
    printf("  %s\n", err.msg);
    nn_model_free(m);
}

TEST(a_write_that_fails_midway_leaves_the_old_file_intact)
{
    /* Limit the size of files this process may write: the write of the temporary file fails
     * with EFBIG after 4096 bytes (SIGXFSZ, which would kill the process, is ignored). */
    char path[1024];
    path_in_dir(path, sizeof path, "big.json");
    CHECK(write_file(path, "old contents\n", 13) == 0);
    NnModel *m = make_model("784,32:relu,10:softmax", 3);
    CHECK(m != NULL);
    if (!m)
        return;
    struct rlimit old, small;
    CHECK(getrlimit(RLIMIT_FSIZE, &old) == 0);
    small = old;
    small.rlim_cur = 4096;
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
    SnError err = {0};
    int rc = nn_model_save(path, m, &err);
    CHECK(setrlimit(RLIMIT_FSIZE, &old) == 0);
    signal(SIGXFSZ, old_handler);
    CHECK(rc == SN_E_IO);
    CHECK(strstr(err.msg, path) == err.msg && strstr(err.msg, strerror(EFBIG)));
    printf("  %s\n", err.msg);
    char *now = read_file(path, NULL);
    CHECK(now && strcmp(now, "old contents\n") == 0);
    CHECK(test_count_files(dir, ".tmp.") == 0);
    free(now);
    /* and with the limit lifted the same save replaces the file */
    CHECK(nn_model_save(path, m, &err) == 0);
    NnModel *back = nn_model_load(path, &err);
    CHECK(back && same_params(m, back));
    nn_model_free(back);
    nn_model_free(m);
}

TEST(saving_into_a_read_only_directory_fails_and_keeps_the_old_file)
{
    if (geteuid() == 0) {
        SKIP("running as root, which may write into read-only directories "
             "(a_write_that_fails_midway... covers failed saves)");
        return;
    }
    char sub[1024], path[1100];
    path_in_dir(sub, sizeof sub, "ro");
    snprintf(path, sizeof path, "%s/model.json", sub);
    CHECK(mkdir(sub, 0755) == 0);
    CHECK(write_file(path, "old contents\n", 13) == 0);
    CHECK(chmod(sub, 0555) == 0);
    NnModel *m = nn_model_from_json(tiny_json, "tiny.json", NULL);
    SnError err = {0};
    CHECK(m && nn_model_save(path, m, &err) == SN_E_IO);
    CHECK(strstr(err.msg, path) == err.msg && strstr(err.msg, strerror(EACCES)));
    printf("  %s\n", err.msg);
    chmod(sub, 0755);
    char *now = read_file(path, NULL);
    CHECK(now && strcmp(now, "old contents\n") == 0);
    free(now);
    unlink(path);
    rmdir(sub);
    nn_model_free(m);
}

TEST(saved_files_get_the_usual_permissions)
{
    /* mode 0666 minus the umask, like any new file (mkstemp would give 0600) */
    char path[1024];
    path_in_dir(path, sizeof path, "mode.json");
    NnModel *m = nn_model_from_json(tiny_json, "tiny.json", NULL);
    CHECK(m != NULL);
    if (!m)
        return;
    struct stat st;
    mode_t old = umask(022);
    CHECK(nn_model_save(path, m, NULL) == 0);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
    umask(077);
    CHECK(nn_model_save(path, m, NULL) == 0);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    umask(old);
    nn_model_free(m);
}

/* ---- locale ---- */

TEST(a_comma_decimal_locale_changes_nothing)
{
    static const char *const names[] = {"fr_FR.UTF-8", "fr_FR.utf8", "de_DE.UTF-8",
                                        "de_DE.utf8",  "fr_FR",      "de_DE"};
    const char *found = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !found; i++)
        if (setlocale(LC_ALL, names[i]) && strcmp(localeconv()->decimal_point, ",") == 0)
            found = names[i];
    if (!found) {
        setlocale(LC_ALL, "C");
        SKIP("no fr_FR or de_DE locale installed (see `locale -a`)");
        return;
    }
    printf("  under %s\n", found);
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 0.5);
    CHECK(strcmp(probe, "0,5") == 0); /* the locale really is in force for printf */

    SnError err = {0};
    NnModel *m = nn_model_from_json(tiny_json, "tiny.json", &err);
    CHECK(m != NULL);
    if (m) {
        CHECK(m->layers[0].weight[0] == 0.5f && m->layers[0].weight[2] == 0.125f);
        char *text = nn_model_to_json(m, &err);
        CHECK(text && strcmp(text, tiny_golden) == 0);
        free(text);
    }
    nn_model_free(m);

    NnModel *a = make_model("784,16:relu,10:softmax", 11);
    set_info(a);
    char path[1024];
    path_in_dir(path, sizeof path, "locale.json");
    CHECK(a && nn_model_save(path, a, &err) == 0);
    NnModel *b = nn_model_load(path, &err);
    CHECK(b && same_params(a, b));
    CHECK(b && memcmp(&a->info.train.train_seconds, &b->info.train.train_seconds,
                      sizeof(double)) == 0);
    nn_model_free(a);
    nn_model_free(b);
    setlocale(LC_ALL, "C");
}


static void a_model_is_named_after_its_file(void)
{
    char buf[64];
    nn_model_name_of_path("/home/me/models/seed-mine.json", buf, sizeof buf);
    CHECK(strcmp(buf, "seed-mine") == 0);
    nn_model_name_of_path("plain", buf, sizeof buf);
    CHECK(strcmp(buf, "plain") == 0);
    nn_model_name_of_path("dir/.json", buf, sizeof buf);
    CHECK(strcmp(buf, ".json") == 0);
    nn_model_name_of_path("a.json.bak", buf, sizeof buf);
    CHECK(strcmp(buf, "a.json.bak") == 0);
    nn_model_name_of_path("dir/longer-name.json", buf, 5);
    CHECK(strcmp(buf, "long") == 0);
}

int main(void)
{
    if (make_dir("test_model_write") != 0)
        return 1;
    RUN(writing_the_hand_written_model_gives_the_documented_layout);
    RUN(save_load_save_gives_identical_files_weights_and_predictions);
    RUN(a_fine_tuning_record_round_trips_and_is_left_out_when_there_is_none);
    RUN(awkward_floats_round_trip_bit_exactly);
    RUN(a_model_with_more_outputs_than_labels_cannot_be_built);
    RUN(floats_are_written_with_the_fewest_digits_that_round_trip);
    RUN(non_finite_weights_are_refused_and_the_old_file_kept);
    RUN(a_model_whose_name_or_label_is_not_utf8_is_not_saved);
    RUN(saving_into_a_missing_directory_fails_cleanly);
    RUN(a_write_that_fails_midway_leaves_the_old_file_intact);
    RUN(saving_into_a_read_only_directory_fails_and_keeps_the_old_file);
    RUN(saved_files_get_the_usual_permissions);
    RUN(a_comma_decimal_locale_changes_nothing);
    RUN(a_model_is_named_after_its_file);
    test_remove_dir(dir);
    return test_main_result();
}
