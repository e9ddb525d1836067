/* test_digits.c - the digits the views show (src/nn/digits.c): the full set when its files are
 * there, else the shipped subset; a bad file is one line naming it, never a silent fallback;
 * a model's images are those of its data set; and the subsets committed in mnist-subset/ and
 * fashion-mnist-subset/ hold what their READMEs say. */
#include "nn/digits.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "test.h"

static char tmp_dir[] = "/tmp/scratchnet-test-digits-XXXXXX";
static char full_dir[256], subset_dir[256];

/* Writes an IDX file of n items (images of 2 x 2 when images, else labels item % 10) into
 * dir/<prefix>-..., gzipped when gz; every pixel of item i is first + i. */
static void write_idx(const char *dir, const char *prefix, int images, int n, int first, int gz)
{
    char path[512];
    nn_dataset_file_name(path, sizeof path, dir, prefix, !images, gz);
    uint8_t buf[16 + 4 * 64];
    size_t head = images ? 16 : 8, per = images ? 4 : 1, len = head + per * (size_t)n;
    memset(buf, 0, head);
    buf[2] = 0x08;
    buf[3] = images ? 3 : 1;
    buf[7] = (uint8_t)n;
    if (images)
        buf[11] = buf[15] = 2;
    for (int i = 0; i < n; i++)
        memset(buf + head + per * (size_t)i, images ? first + i : i % 10, per);
    if (gz) {
        gzFile f = gzopen(path, "wb");
        CHECK(f && gzwrite(f, buf, (unsigned)len) == (int)len && gzclose(f) == Z_OK);
    } else {
        FILE *f = fopen(path, "wb");
        CHECK(f && fwrite(buf, 1, len, f) == len && fclose(f) == 0);
    }
}

static void write_set(const char *dir, const char *prefix, int n, int first, int gz)
{
    write_idx(dir, prefix, 1, n, first, gz);
    write_idx(dir, prefix, 0, n, first, gz);
}

TEST(the_subset_is_read_when_the_full_set_is_absent_and_the_full_set_when_present)
{
    write_set(subset_dir, "train", 12, 100, 1);
    NnDataset ds = {0};
    SnError err = {0};
    const char *from = NULL;
    CHECK(nn_digits_load(full_dir, subset_dir, "train", &ds, &from, &err) == SN_OK);
    CHECK(from == subset_dir && ds.n == 12 && ds.rows == 2 && ds.images && ds.images[4] == 101);
    nn_dataset_free(&ds);
    CHECK(nn_digits_load(NULL, subset_dir, "train", &ds, &from, &err) == SN_OK);
    CHECK(from == subset_dir && ds.n == 12);
    nn_dataset_free(&ds);
    /* images alone are not a set: the labels are missing, so the subset is read */
    write_idx(full_dir, "train", 1, 20, 0, 0);
    CHECK(nn_digits_load(full_dir, subset_dir, "train", &ds, &from, &err) == SN_OK);
    CHECK(from == subset_dir && ds.n == 12);
    nn_dataset_free(&ds);
    write_idx(full_dir, "train", 0, 20, 0, 0);
    CHECK(nn_digits_load(full_dir, subset_dir, "train", &ds, &from, &err) == SN_OK);
    CHECK(from == full_dir && ds.n == 20 && ds.images && ds.images[4] == 1);
    nn_dataset_free(&ds);
}

/* Checks that err is one line holding want. */
static int one_line_with(const SnError *err, const char *want)
{
    if (strstr(err->msg, want) && !strchr(err->msg, '\n'))
        return 1;
    printf("  message \"%s\" lacks \"%s\"\n", err->msg, want);
    return 0;
}

TEST(a_cut_or_corrupt_gzip_file_is_one_line_naming_it)
{
    write_set(subset_dir, "t10k", 30, 7, 1);
    char path[512], want[600];
    nn_dataset_file_name(path, sizeof path, subset_dir, "t10k", 0, 1);
    struct stat st;
    CHECK(stat(path, &st) == 0 && st.st_size > 20);
    NnDataset ds = {0};
    SnError err = {0};
    /* cut in the middle of the deflate stream */
    CHECK(truncate(path, st.st_size - 12) == 0);
    CHECK(nn_digits_load(full_dir, subset_dir, "t10k", &ds, NULL, &err) == SN_E_FORMAT);
    snprintf(want, sizeof want, "%s: truncated", path);
    CHECK(one_line_with(&err, want));
    CHECK(ds.images == NULL && ds.n == 0);
    /* a flipped byte inside the compressed data */
    write_set(subset_dir, "t10k", 30, 7, 1);
    FILE *f = fopen(path, "r+b");
    CHECK(f && fseek(f, 12, SEEK_SET) == 0 && fputc(0xff, f) != EOF && fclose(f) == 0);
    CHECK(nn_digits_load(NULL, subset_dir, "t10k", &ds, NULL, &err) == SN_E_FORMAT);
    snprintf(want, sizeof want, "%s: ", path);
    CHECK(one_line_with(&err, want));
    CHECK(ds.images == NULL);
    /* a full set that is there but broken is reported, not passed over for the subset */
    write_set(subset_dir, "t10k", 30, 7, 1);
    write_set(full_dir, "t10k", 10, 0, 0);
    nn_dataset_file_name(path, sizeof path, full_dir, "t10k", 1, 0);
    CHECK(truncate(path, 12) == 0);
    CHECK(nn_digits_load(full_dir, subset_dir, "t10k", &ds, NULL, &err) == SN_E_FORMAT);
    snprintf(want, sizeof want, "%s: truncated", path);
    CHECK(one_line_with(&err, want));
    /* neither folder holds the set */
    CHECK(nn_digits_load(full_dir, subset_dir, "absent", &ds, NULL, &err) == SN_E_IO);
    CHECK(one_line_with(&err, "absent-images-idx3-ubyte: not found"));
}

/* Where the images of ranks 0, per_class / 2 and per_class - 1 of each class are in ds. */
static void rank_places(const NnDataset *ds, int per_class, int place[NN_DIGIT_CLASSES][3])
{
    const int ranks[3] = {0, per_class / 2, per_class - 1};
    int seen[NN_DIGIT_CLASSES] = {0};
    memset(place, -1, sizeof(int) * NN_DIGIT_CLASSES * 3);
    for (int i = 0; i < ds->n; i++) {
        int c = ds->labels[i];
        for (int r = 0; r < 3; r++)
            if (seen[c] == ranks[r])
                place[c][r] = i;
        seen[c]++;
    }
}

/* A shipped subset as its README says: per_class images of each class in the set prefix of
 * folder sub under the source tree; when the full set is in the folder the environment variable
 * full_env names (unset or absent: not compared), the first, a middle and the last image of each
 * class are that class's images of the same rank in the full set. */
static void check_subset(const char *sub, const char *full_env, const char *prefix, int per_class)
{
    char dir[1024];
    const char *root = getenv("SCRATCHNET_SOURCE_ROOT"), *full = getenv(full_env);
    snprintf(dir, sizeof dir, "%s/%s", root ? root : ".", sub);
    NnDataset ds = {0}, all = {0};
    SnError err = {0};
    CHECK(nn_digits_load(NULL, dir, prefix, &ds, NULL, &err) == SN_OK);
    CHECK(ds.n == NN_DIGIT_CLASSES * per_class && ds.rows == 28 && ds.cols == 28);
    int count[NN_DIGIT_CLASSES] = {0};
    for (int i = 0; i < ds.n; i++)
        count[ds.labels[i]]++;
    for (int c = 0; c < NN_DIGIT_CLASSES; c++)
        CHECK(count[c] == per_class);
    const char *from = NULL;
    if (full && full[0] && nn_digits_load(full, dir, prefix, &all, &from, &err) == SN_OK &&
        from == full && all.n > ds.n) {
        int in_sub[NN_DIGIT_CLASSES][3], in_all[NN_DIGIT_CLASSES][3];
        rank_places(&ds, per_class, in_sub);
        rank_places(&all, per_class, in_all);
        for (int c = 0; c < NN_DIGIT_CLASSES; c++)
            for (int r = 0; r < 3; r++)
                CHECK(in_sub[c][r] >= 0 && in_all[c][r] >= 0 &&
                      memcmp(ds.images + (size_t)in_sub[c][r] * 784,
                             all.images + (size_t)in_all[c][r] * 784, 784) == 0);
    } else {
        printf("  %s %s: no full set in $%s, not compared with it\n", sub, prefix, full_env);
    }
    nn_dataset_free(&ds);
    nn_dataset_free(&all);
}

TEST(the_shipped_subsets_are_class_balanced_images_of_the_full_sets)
{
    check_subset("mnist-subset", "SCRATCHNET_MNIST_DIR", "train", 1000);
    check_subset("mnist-subset", "SCRATCHNET_MNIST_DIR", "t10k", 200);
    check_subset("fashion-mnist-subset", "SCRATCHNET_FASHION_DIR", "train", 500);
    check_subset("fashion-mnist-subset", "SCRATCHNET_FASHION_DIR", "t10k", 100);
}

TEST(the_running_program_finds_digits)
{
    NnDataset ds = {0};
    SnError err = {0};
    char from[PATHS_MAX];
    CHECK(nn_digits_load_dataset(NULL, "t10k", &ds, from, &err) == SN_OK);
    CHECK(ds.n >= 2000 && from[0] != '\0');
    nn_dataset_free(&ds);
}

TEST(a_model_s_images_come_from_its_data_set_full_or_else_its_shipped_subset)
{
    NnDataset ds = {0};
    SnError err = {0};
    char from[PATHS_MAX], fashion[300];
    CHECK(nn_digits_load_dataset("mnist", "t10k", &ds, from, &err) == SN_OK);
    CHECK(ds.n >= 2000);
    nn_dataset_free(&ds);
    snprintf(fashion, sizeof fashion, "%s/fashion", tmp_dir);
    CHECK(mkdir(fashion, 0700) == 0);
    setenv(PATHS_FASHION_ENV, fashion, 1);
    /* no full Fashion-MNIST: the shipped subset of it, never MNIST's digits instead */
    DataPaths paths;
    CHECK(paths_resolve_here(&paths) == 0);
    CHECK(nn_digits_load_dataset("fashion-mnist", "train", &ds, from, &err) == SN_OK);
    CHECK(ds.n == 5000 && strcmp(from, paths.fashion) == 0);
    nn_dataset_free(&ds);
    CHECK(nn_digits_load_dataset("fashion-mnist", "t10k", &ds, from, &err) == SN_OK);
    CHECK(ds.n == 1000 && strcmp(from, paths.fashion) == 0);
    nn_dataset_free(&ds);
    write_set(fashion, "train", 12, 3, 1);
    CHECK(nn_digits_load_dataset("fashion-mnist", "train", &ds, from, &err) == SN_OK);
    CHECK(ds.n == 12 && strcmp(from, fashion) == 0);
    nn_dataset_free(&ds);
    unsetenv(PATHS_FASHION_ENV);
    CHECK(nn_digits_load_dataset("letters", "train", &ds, from, &err) == SN_E_ARG);
}

int main(void)
{
    if (!mkdtemp(tmp_dir)) {
        printf("cannot create %s\n", tmp_dir);
        return 1;
    }
    snprintf(full_dir, sizeof full_dir, "%s/full", tmp_dir);
    snprintf(subset_dir, sizeof subset_dir, "%s/subset", tmp_dir);
    if (mkdir(full_dir, 0700) != 0 || mkdir(subset_dir, 0700) != 0)
        return 1;
    RUN(the_subset_is_read_when_the_full_set_is_absent_and_the_full_set_when_present);
    RUN(a_cut_or_corrupt_gzip_file_is_one_line_naming_it);
    RUN(the_shipped_subsets_are_class_balanced_images_of_the_full_sets);
    RUN(the_running_program_finds_digits);
    RUN(a_model_s_images_come_from_its_data_set_full_or_else_its_shipped_subset);
    test_remove_dir(tmp_dir);
    return test_main_result();
}
