/* test_collection.c - a person's collected digits (ink/collection.h): adding, reloading, counts,
 * deleting, the IDX pair always what the JSONL gives (rebuilt when it is not), its images what
 * ink_classify feeds an MNIST model, a run killed in the middle of an add, bad lines and the
 * limits. Everything happens in a scratch folder, never in the user's own.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, kill */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ink/classify.h"
#include "ink/collection.h"
#include "nn/idx.h"
#include "nn/model_io.h"
#include "test_ink.h"

static char root[1024];

/* A digit-like drawing: a stroke through n points of a zigzag shifted by `shift` cells. */
static void zigzag(InkDrawing *d, float shift, int n)
{
    ink_drawing_init(d, 28.0f, 28.0f);
    float xy[64];
    for (int i = 0; i < n && i < 32; i++) {
        xy[2 * i] = 8.0f + shift + (float)(i % 2) * 10.0f;
        xy[2 * i + 1] = 5.0f + (float)i * 18.0f / (float)n;
    }
    one_stroke(d, 2.5f, 0, xy, n < 32 ? n : 32);
}

/* A fresh collection in the scratch folder under `name`. */
static void fresh(InkCollection *c, const char *name)
{
    char path[4352];
    snprintf(path, sizeof path, "%s/%s", root, name);
    unlink(path);
    CHECK(ink_collection_init(c, path, NULL) == 0);
    unlink(c->images);
    unlink(c->labels);
}

/* Reads a whole file (NULL if missing); *len its length. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = malloc(1 << 24);
    *len = b ? fread(b, 1, (1 << 24) - 1, f) : 0;
    if (b)
        b[*len] = '\0';
    fclose(f);
    return b;
}

/* 1 if the IDX pair beside c holds exactly c's images and labels, read with the project's own
 * IDX reader. */
static int idx_matches(const InkCollection *c)
{
    uint8_t *images = NULL, *labels = NULL;
    int n = 0, rows = 0, cols = 0, nl = 0;
    int ok = nn_idx_read_images(c->images, &images, &n, &rows, &cols, NULL) == 0 &&
             nn_idx_read_labels(c->labels, &labels, &nl, NULL) == 0 && n == c->n &&
             nl == c->n && rows == 28 && cols == 28;
    for (int i = 0; ok && i < c->n; i++)
        ok = labels[i] == c->samples[i].label &&
             memcmp(images + (size_t)i * 784, c->samples[i].image, 784) == 0;
    free(images);
    free(labels);
    return ok;
}

TEST(a_missing_file_is_an_empty_collection_and_nothing_is_written)
{
    InkCollection c;
    fresh(&c, "none.jsonl");
    int rebuilt = -1;
    CHECK(ink_collection_load(&c, &rebuilt, NULL) == 0);
    CHECK(c.n == 0 && rebuilt == 0);
    CHECK(access(c.path, F_OK) != 0 && access(c.images, F_OK) != 0);
    ink_collection_free(&c);
}

TEST(added_drawings_reload_with_their_labels_counts_and_strokes)
{
    InkCollection c;
    fresh(&c, "add.jsonl");
    const int labels[] = {3, 7, 3, 0, 9};
    for (int i = 0; i < 5; i++) {
        InkDrawing d;
        zigzag(&d, (float)i, 6 + i);
        SnError err = {0};
        CHECK(ink_collection_add(&c, &d, labels[i], &err) == 0);
        CHECK(err.code == 0);
        ink_drawing_free(&d);
    }
    CHECK(c.n == 5 && c.counts[3] == 2 && c.counts[7] == 1 && c.counts[0] == 1);
    CHECK(c.counts[9] == 1 && c.counts[1] == 0);
    CHECK(idx_matches(&c));
    CHECK(test_count_files(root, ".tmp.") == 0);

    InkCollection r;
    CHECK(ink_collection_init(&r, c.path, NULL) == 0);
    int rebuilt = -1;
    CHECK(ink_collection_load(&r, &rebuilt, NULL) == 0);
    CHECK(rebuilt == 0); /* the pair already matched */
    CHECK(r.n == 5 && memcmp(r.counts, c.counts, sizeof c.counts) == 0);
    for (int i = 0; i < r.n && r.n == 5; i++) {
        CHECK(r.samples[i].label == labels[i]);
        CHECK(strcmp(r.samples[i].json, c.samples[i].json) == 0);
        CHECK(memcmp(r.samples[i].image, c.samples[i].image, 784) == 0);
        InkDrawing want, got;
        zigzag(&want, (float)i, 6 + i);
        ink_drawing_init(&got, 28.0f, 28.0f);
        CHECK(ink_collection_drawing(&r, i, &got, NULL) == 0);
        CHECK(got.n == 1 && got.strokes[0].n == want.strokes[0].n);
        CHECK(got.n == 1 && memcmp(got.strokes[0].pts, want.strokes[0].pts,
                                   (size_t)want.strokes[0].n * sizeof(InkPoint)) == 0);
        ink_drawing_free(&want);
        ink_drawing_free(&got);
    }
    ink_collection_free(&r);
    ink_collection_free(&c);
}

TEST(each_line_is_a_labelled_drawing_eval_reads)
{
    InkCollection c;
    fresh(&c, "lines.jsonl");
    InkDrawing d;
    zigzag(&d, 0.0f, 8);
    CHECK(ink_collection_add(&c, &d, 4, NULL) == 0);
    CHECK(ink_collection_add(&c, &d, 5, NULL) == 0);
    size_t len = 0;
    char *text = slurp(c.path, &len);
    CHECK(text != NULL);
    /* two lines, each one JSON object with its label, read back by the strokes reader */
    char *second = text ? strchr(text, '\n') : NULL;
    CHECK(second && second[1] != '\0' && text[len - 1] == '\n');
    CHECK(text && strncmp(text, "{\"format\":\"scratchnet-strokes\",\"label\":4,", 40) == 0);
    if (second) {
        *second = '\0';
        InkDrawing back;
        ink_drawing_init(&back, 28.0f, 28.0f);
        int label = -1;
        CHECK(ink_drawing_from_json(text, "line 1", &back, &label, 2.5f, NULL) == 0);
        CHECK(label == 4 && back.n == 1);
        CHECK(ink_drawing_from_json(second + 1, "line 2", &back, &label, 2.5f, NULL) == 0);
        CHECK(label == 5);
        ink_drawing_free(&back);
    }
    free(text);
    ink_drawing_free(&d);
    ink_collection_free(&c);
}

TEST(the_idx_image_is_what_ink_classify_feeds_an_mnist_model)
{
    const char *src = getenv("SCRATCHNET_SOURCE_ROOT");
    char path[4352];
    snprintf(path, sizeof path, "%s/models/mnist-mlp.json", src ? src : ".");
    SnError err = {0};
    NnModel *m = nn_model_load(path, &err);
    CHECK(m != NULL);
    if (!m) {
        printf("  %s\n", err.msg);
        return;
    }
    InkCollection c;
    fresh(&c, "grid.jsonl");
    InkDrawing d;
    zigzag(&d, 2.0f, 9);
    CHECK(ink_collection_add(&c, &d, 2, NULL) == 0);
    InkAnswer a;
    CHECK(ink_classify(m, &(InkInput){.drawing = &d}, &a, NULL) == 0);
    CHECK(a.prepared && !a.too_little && c.n == 1);
    int same = 0, ink = 0;
    for (int k = 0; k < 784 && c.n == 1; k++) {
        int want = (int)lrintf(255.0f * a.grid[k]);
        same += c.samples[0].image[k] == want;
        ink += c.samples[0].image[k] > 0;
        /* the byte read back as MNIST's are (v / 255) is the grid to half a grey level */
        CHECK_NEAR((float)c.samples[0].image[k] / 255.0f, a.grid[k], 0.5 / 255.0 + 1e-6);
    }
    CHECK(same == 784);
    CHECK(ink > 20); /* a real digit's worth of ink, not an empty image */
    /* and the file holds that image */
    CHECK(idx_matches(&c));
    ink_drawing_free(&d);
    ink_collection_free(&c);
    nn_model_free(m);
}

TEST(deleting_a_drawing_rewrites_both_files_and_the_counts)
{
    InkCollection c;
    fresh(&c, "delete.jsonl");
    for (int i = 0; i < 4; i++) {
        InkDrawing d;
        zigzag(&d, (float)i, 7);
        CHECK(ink_collection_add(&c, &d, i, NULL) == 0);
        ink_drawing_free(&d);
    }
    char *second = c.n == 4 ? strdup(c.samples[2].json) : NULL;
    CHECK(ink_collection_delete(&c, 1, NULL) == 0);
    CHECK(c.n == 3 && c.counts[1] == 0 && c.counts[2] == 1);
    CHECK(c.n == 3 && second && strcmp(c.samples[1].json, second) == 0);
    CHECK(idx_matches(&c));
    CHECK(ink_collection_delete(&c, 3, NULL) == SN_E_ARG);
    CHECK(ink_collection_delete(&c, -1, NULL) == SN_E_ARG);
    InkCollection r;
    CHECK(ink_collection_init(&r, c.path, NULL) == 0);
    CHECK(ink_collection_load(&r, NULL, NULL) == 0);
    CHECK(r.n == 3 && r.samples[0].label == 0 && r.samples[1].label == 2);
    CHECK(r.n == 3 && r.samples[2].label == 3);
    /* down to nothing: an empty file, and an IDX pair of 0 items */
    while (c.n > 0)
        CHECK(ink_collection_delete(&c, 0, NULL) == 0);
    size_t len = 99;
    char *text = slurp(c.path, &len);
    CHECK(text && len == 0);
    free(text);
    char *idx = slurp(c.labels, &len);
    CHECK(idx && len == 8 && idx[3] == 1 && idx[7] == 0);
    free(idx);
    free(second);
    ink_collection_free(&r);
    ink_collection_free(&c);
}

TEST(too_little_ink_and_labels_out_of_range_are_refused_and_nothing_changes)
{
    InkCollection c;
    fresh(&c, "refuse.jsonl");
    InkDrawing dot;
    ink_drawing_init(&dot, 28.0f, 28.0f);
    const float p[] = {14.0f, 14.0f};
    one_stroke(&dot, 1.0f, 0, p, 1);
    SnError err = {0};
    CHECK(ink_collection_add(&c, &dot, 3, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "too little ink") != NULL);
    InkDrawing d;
    zigzag(&d, 0.0f, 8);
    CHECK(ink_collection_add(&c, &d, 10, &err) == SN_E_ARG);
    CHECK(ink_collection_add(&c, &d, -1, &err) == SN_E_ARG);
    CHECK(c.n == 0 && access(c.path, F_OK) != 0);
    ink_drawing_free(&d);
    ink_drawing_free(&dot);
    ink_collection_free(&c);
}

/* Writes text as the JSONL of a fresh collection named name, and loads it. */
static int load_text(InkCollection *c, const char *name, const char *text, SnError *err)
{
    fresh(c, name);
    FILE *f = fopen(c->path, "wb");
    CHECK(f != NULL);
    if (!f)
        return -100;
    fputs(text, f);
    fclose(f);
    return ink_collection_load(c, NULL, err);
}

TEST(a_bad_line_is_refused_naming_the_file_and_the_line)
{
    InkCollection c;
    fresh(&c, "good.jsonl");
    InkDrawing d;
    zigzag(&d, 0.0f, 8);
    CHECK(ink_collection_add(&c, &d, 1, NULL) == 0);
    char good[8192];
    snprintf(good, sizeof good, "%s\n", c.n ? c.samples[0].json : "");
    ink_collection_free(&c);
    ink_drawing_free(&d);

    struct {
        const char *tail; /* after two good lines and a blank one: line 4 */
        const char *part; /* in the message after "bad.jsonl:4: " */
    } cases[] = {
        {"{\"label\":3,\"strokes\":[[[1,2],[3,4]]\n", "not valid JSON"},
        {"{\"label\":12,\"strokes\":[[[1,2],[3,4]]]}\n", "label"},
        {"{\"strokes\":[[[1,2],[3,4]]]}\n", "label: expected a digit 0-9"},
        {"{\"label\":null,\"strokes\":[[[1,2],[3,4]]]}\n", "got null"},
        {"[1,2,3]\n", "expected a JSON object"},
        {"{\"label\":3,\"strokes\":[[[1,null]]]}", "expected [x, y] numbers"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[20000], want[4600];
        snprintf(text, sizeof text, "%s%s\n%s", good, good, cases[k].tail);
        SnError err = {0};
        int rc = load_text(&c, "bad.jsonl", text, &err);
        snprintf(want, sizeof want, "%s:4: ", c.path);
        if (rc >= 0 || strncmp(err.msg, want, strlen(want)) != 0 ||
            !strstr(err.msg, cases[k].part)) {
            printf("  case %zu gave %d \"%s\"\n", k, rc, err.msg);
            CHECK(0);
        }
        CHECK(c.n == 0);
        /* the file is left as it was, and no IDX pair is written for it */
        size_t len = 0;
        char *back = slurp(c.path, &len);
        CHECK(back && strcmp(back, text) == 0);
        free(back);
        CHECK(access(c.images, F_OK) != 0);
        ink_collection_free(&c);
    }
    /* a NUL byte */
    fresh(&c, "nul.jsonl");
    FILE *f = fopen(c.path, "wb");
    fwrite("{\"la\0", 1, 5, f);
    fclose(f);
    SnError err = {0};
    CHECK(ink_collection_load(&c, NULL, &err) == SN_E_FORMAT);
    CHECK(strstr(err.msg, "nul.jsonl: byte 4: a NUL byte") != NULL);
    ink_collection_free(&c);
}

TEST(a_file_over_the_limits_is_refused_with_one_line_naming_it)
{
    InkCollection c;
    fresh(&c, "big.jsonl");
    FILE *f = fopen(c.path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    /* one byte over the size limit, without writing it: a hole */
    CHECK(fseek(f, INK_COLLECTION_MAX_BYTES, SEEK_SET) == 0);
    fputc('\n', f);
    fclose(f);
    SnError err = {0};
    CHECK(ink_collection_load(&c, NULL, &err) == SN_E_LIMIT);
    CHECK(strstr(err.msg, "big.jsonl: more than 67108864 bytes") != NULL);
    CHECK(strchr(err.msg, '\n') == NULL);
    ink_collection_free(&c);

    /* more than INK_COLLECTION_MAX drawings: refused at the first one over */
    InkDrawing d;
    zigzag(&d, 0.0f, 4);
    char *line = ink_labelled_to_json(&d, 6);
    CHECK(line != NULL);
    fresh(&c, "many.jsonl");
    f = fopen(c.path, "wb");
    for (int i = 0; line && f && i <= INK_COLLECTION_MAX; i++)
        fprintf(f, "%s\n", line);
    if (f)
        fclose(f);
    char want[4600];
    snprintf(want, sizeof want, "%s:%d: more than %d drawings", c.path, INK_COLLECTION_MAX + 1,
             INK_COLLECTION_MAX);
    clock_t t0 = clock();
    CHECK(ink_collection_load(&c, NULL, &err) == SN_E_LIMIT);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("  %d drawings read and rendered in %.2f s\n", INK_COLLECTION_MAX, secs);
    CHECK(strstr(err.msg, want) != NULL);
    CHECK(c.n == 0);
    /* a full collection takes no more */
    fresh(&c, "full.jsonl");
    f = fopen(c.path, "wb");
    for (int i = 0; line && f && i < INK_COLLECTION_MAX; i++)
        fprintf(f, "%s\n", line);
    if (f)
        fclose(f);
    CHECK(ink_collection_load(&c, NULL, NULL) == 0);
    CHECK(c.n == INK_COLLECTION_MAX && c.counts[6] == INK_COLLECTION_MAX);
    CHECK(idx_matches(&c)); /* rebuilt on load */
    CHECK(ink_collection_add(&c, &d, 1, &err) == SN_E_LIMIT);
    CHECK(strstr(err.msg, "full") != NULL && c.n == INK_COLLECTION_MAX);
    free(line);
    ink_drawing_free(&d);
    ink_collection_free(&c);
}

TEST(an_idx_pair_that_does_not_match_is_rebuilt_from_the_jsonl)
{
    InkCollection c;
    fresh(&c, "stale.jsonl");
    InkDrawing d;
    zigzag(&d, 1.0f, 8);
    CHECK(ink_collection_add(&c, &d, 8, NULL) == 0);
    CHECK(ink_collection_add(&c, &d, 2, NULL) == 0);
    /* a label changed by hand, images missing */
    FILE *f = fopen(c.labels, "r+b");
    CHECK(f != NULL);
    if (f) {
        fseek(f, 8, SEEK_SET);
        fputc(5, f);
        fclose(f);
    }
    unlink(c.images);
    InkCollection r;
    CHECK(ink_collection_init(&r, c.path, NULL) == 0);
    int rebuilt = 0;
    CHECK(ink_collection_load(&r, &rebuilt, NULL) == 0);
    CHECK(rebuilt == 1 && r.n == 2 && idx_matches(&r));
    ink_drawing_free(&d);
    ink_collection_free(&r);
    ink_collection_free(&c);
}

TEST(a_matching_pair_gives_the_images_without_rendering_again)
{
    InkCollection c;
    fresh(&c, "match.jsonl");
    InkDrawing d;
    zigzag(&d, 1.0f, 8);
    CHECK(ink_collection_add(&c, &d, 4, NULL) == 0);
    /* a pixel changed in place: same count and labels, so the images are taken as they are */
    FILE *f = fopen(c.images, "r+b");
    CHECK(f != NULL);
    if (f) {
        fseek(f, 16 + 5, SEEK_SET);
        fputc(77, f);
        fclose(f);
    }
    InkCollection r;
    CHECK(ink_collection_init(&r, c.path, NULL) == 0);
    int rebuilt = -1;
    CHECK(ink_collection_load(&r, &rebuilt, NULL) == 0);
    CHECK(rebuilt == 0 && r.n == 1 && r.samples[0].image[5] == 77);
    /* one image too few (cut short): rendered again, and the pair rewritten */
    CHECK(truncate(c.images, 16 + 783) == 0);
    CHECK(ink_collection_load(&r, &rebuilt, NULL) == 0);
    CHECK(rebuilt == 1 && r.samples[0].image[5] == c.samples[0].image[5] && idx_matches(&r));
    ink_drawing_free(&d);
    ink_collection_free(&r);
    ink_collection_free(&c);
}

TEST(a_failure_between_the_renames_keeps_the_drawing_and_the_next_load_repairs)
{
    InkCollection c;
    fresh(&c, "between.jsonl");
    InkDrawing d;
    zigzag(&d, 0.0f, 8);
    CHECK(ink_collection_add(&c, &d, 1, NULL) == 0);
    /* the images cannot be replaced (a folder in their place): the JSONL is written, then the
     * IDX write fails, as a run stopped between the two renames leaves them */
    unlink(c.images);
    CHECK(mkdir(c.images, 0700) == 0);
    SnError err = {0};
    CHECK(ink_collection_add(&c, &d, 7, &err) == 1);
    CHECK(strstr(err.msg, "not a regular file") != NULL);
    CHECK(c.n == 2);
    rmdir(c.images);
    InkCollection r;
    CHECK(ink_collection_init(&r, c.path, NULL) == 0);
    int rebuilt = 0;
    CHECK(ink_collection_load(&r, &rebuilt, NULL) == 0);
    CHECK(r.n == 2 && r.samples[1].label == 7 && rebuilt == 1 && idx_matches(&r));
    /* the JSONL not written (its folder read-only): the add is refused and nothing changes */
    if (geteuid() != 0) { /* root writes anyway */
        chmod(root, 0500);
        CHECK(ink_collection_add(&r, &d, 3, &err) == SN_E_IO);
        CHECK(r.n == 2 && r.counts[3] == 0);
        chmod(root, 0700);
    }
    ink_drawing_free(&d);
    ink_collection_free(&r);
    ink_collection_free(&c);
}

TEST(a_run_killed_in_the_middle_of_adds_leaves_every_earlier_drawing_readable)
{
    InkCollection c;
    fresh(&c, "killed.jsonl");
    /* large drawings, so each add writes a file of a few hundred kilobytes */
    for (int round = 0; round < 12; round++) {
        InkCollection before;
        CHECK(ink_collection_init(&before, c.path, NULL) == 0);
        CHECK(ink_collection_load(&before, NULL, NULL) == 0);
        pid_t pid = fork();
        if (pid == 0) { /* the child adds until it is killed */
            InkCollection k;
            ink_collection_init(&k, c.path, NULL);
            ink_collection_load(&k, NULL, NULL);
            for (int i = 0;; i++) {
                InkDrawing d;
                zigzag(&d, (float)(i % 5), 32);
                ink_collection_add(&k, &d, i % 10, NULL);
                ink_drawing_free(&d);
            }
        }
        CHECK(pid > 0);
        struct timespec t = {0, 20000000L + 7000000L * (long)round};
        nanosleep(&t, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        /* the file reads whole: every drawing there before is still there, in order */
        InkCollection after;
        CHECK(ink_collection_init(&after, c.path, NULL) == 0);
        SnError err = {0};
        CHECK(ink_collection_load(&after, NULL, &err) == 0);
        if (err.msg[0])
            printf("  round %d: %s\n", round, err.msg);
        CHECK(after.n >= before.n);
        for (int i = 0; i < before.n && i < after.n; i++)
            CHECK(strcmp(before.samples[i].json, after.samples[i].json) == 0);
        CHECK(idx_matches(&after)); /* whatever the kill left, the load put the pair right */
        ink_collection_free(&before);
        ink_collection_free(&after);
    }
    /* the kills left temporary files behind at most, never a half-written collection */
    InkCollection last;
    CHECK(ink_collection_init(&last, c.path, NULL) == 0);
    CHECK(ink_collection_load(&last, NULL, NULL) == 0);
    printf("  %d drawings after 12 killed runs\n", last.n);
    CHECK(last.n > 0);
    ink_collection_free(&last);
    ink_collection_free(&c);
}

TEST(the_default_path_is_in_the_user_data_folder)
{
    char buf[PATHS_MAX];
    setenv("XDG_DATA_HOME", root, 1);
    CHECK(ink_collection_default_path(buf, NULL) == 0);
    char want[4352];
    snprintf(want, sizeof want, "%s/scratchnet/drawings.jsonl", root);
    CHECK(strcmp(buf, want) == 0);
    InkCollection c;
    CHECK(ink_collection_init(&c, buf, NULL) == 0);
    snprintf(want, sizeof want, "%s/scratchnet/drawings-images-idx3-ubyte", root);
    CHECK(strcmp(c.images, want) == 0);
    snprintf(want, sizeof want, "%s/scratchnet/drawings-labels-idx1-ubyte", root);
    CHECK(strcmp(c.labels, want) == 0);
}

int main(void)
{
    if (test_make_scratch_dir(root, sizeof root, "test_collection") != 0)
        return 1;
    RUN(a_missing_file_is_an_empty_collection_and_nothing_is_written);
    RUN(added_drawings_reload_with_their_labels_counts_and_strokes);
    RUN(each_line_is_a_labelled_drawing_eval_reads);
    RUN(the_idx_image_is_what_ink_classify_feeds_an_mnist_model);
    RUN(deleting_a_drawing_rewrites_both_files_and_the_counts);
    RUN(too_little_ink_and_labels_out_of_range_are_refused_and_nothing_changes);
    RUN(a_bad_line_is_refused_naming_the_file_and_the_line);
    RUN(a_file_over_the_limits_is_refused_with_one_line_naming_it);
    RUN(an_idx_pair_that_does_not_match_is_rebuilt_from_the_jsonl);
    RUN(a_matching_pair_gives_the_images_without_rendering_again);
    RUN(a_failure_between_the_renames_keeps_the_drawing_and_the_next_load_repairs);
    RUN(a_run_killed_in_the_middle_of_adds_leaves_every_earlier_drawing_readable);
    RUN(the_default_path_is_in_the_user_data_folder);
    test_remove_dir(root);
    return test_main_result();
}
