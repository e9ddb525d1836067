/* test.h - the smallest test harness that can fail.
 *
 * TEST(name) defines a test; RUN(name) runs it and counts it. CHECK(cond) records a failure
 * with file:line and the condition, and carries on; CHECK_NEAR compares floats with a tolerance.
 * test_main_result() returns the process exit code: 0 all passed, 1 any failure,
 * 77 (meson's "skipped") only when every test that ran asked to skip. test_remove_dir cleans
 * up a test's scratch folder, test_count_files counts what is in it; test_roots finds the source
 * tree and the test data.
 */
#ifndef SCRATCHNET_TEST_H
#define SCRATCHNET_TEST_H

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int test_failures;
static int test_run;
static int test_skipped;
static int test_current_failed;
static int test_current_skipped;

#define TEST(name) static void name(void)

#define RUN(name)                                                                             \
    do {                                                                                      \
        test_current_failed = 0;                                                              \
        test_current_skipped = 0;                                                             \
        test_run++;                                                                           \
        name();                                                                               \
        if (test_current_skipped)                                                             \
            test_skipped++;                                                                   \
        printf("%s %s\n",                                                                     \
               test_current_failed ? "FAIL" : (test_current_skipped ? "SKIP" : "ok  "), #name); \
        fflush(stdout);                                                                       \
    } while (0)

#define CHECK(cond)                                                                           \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                   \
            test_failures++;                                                                  \
            test_current_failed = 1;                                                          \
        }                                                                                     \
    } while (0)

#define CHECK_NEAR(a, b, tol)                                                                 \
    do {                                                                                      \
        double test_a_ = (double)(a), test_b_ = (double)(b);                                  \
        if (!(fabs(test_a_ - test_b_) <= (double)(tol))) {                                    \
            printf("%s:%d: %s = %.9g, expected %s = %.9g (tolerance %g)\n", __FILE__,         \
                   __LINE__, #a, test_a_, #b, test_b_, (double)(tol));                        \
            test_failures++;                                                                  \
            test_current_failed = 1;                                                          \
        }                                                                                     \
    } while (0)

/* Marks the current test skipped with a reason; the caller returns right after. */
#define SKIP(reason)                                                                          \
    do {                                                                                      \
        printf("skip: %s\n", reason);                                                         \
        test_current_skipped = 1;                                                             \
    } while (0)

static inline int test_main_result(void)
{
    printf("%d tests, %d checks failed, %d skipped\n", test_run, test_failures, test_skipped);
    if (test_failures)
        return 1;
    if (test_run > 0 && test_skipped == test_run)
        return 77;
    return 0;
}

/* How many entries of dir (besides . and ..) have part in their name (all for part NULL), or -1
 * if dir cannot be read: to check that a save left no temporary file behind. */
static inline int test_count_files(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            (!part || strstr(e->d_name, part)))
            n++;
    closedir(d);
    return n;
}

/* dir/rel in a rotating static buffer: four can be in use at once (a test's paths in its
 * scratch folder). */
static inline const char *test_path_in(const char *dir, const char *rel)
{
    static char bufs[4][4352];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, sizeof bufs[0], "%s/%s", dir, rel);
    return b;
}

/* The source tree and the test data folder that meson test names (SCRATCHNET_SOURCE_ROOT,
 * SCRATCHNET_TEST_DATA) into *root and *data. Returns 0, or -1 after printing that either is
 * missing. */
static inline int test_roots(const char **root, const char **data)
{
    *root = getenv("SCRATCHNET_SOURCE_ROOT");
    *data = getenv("SCRATCHNET_TEST_DATA");
    if (!*root || !*data) {
        printf("SCRATCHNET_SOURCE_ROOT and SCRATCHNET_TEST_DATA must be set (meson test does)\n");
        return -1;
    }
    return 0;
}

/* Makes a new scratch folder "$TMPDIR/NAME.XXXXXX" (/tmp without TMPDIR) into root (n bytes).
 * Returns 0, or -1 after printing why. */
static inline int test_make_scratch_dir(char *root, size_t n, const char *name)
{
    const char *base = getenv("TMPDIR");
    snprintf(root, n, "%s/%s.XXXXXX", base && *base ? base : "/tmp", name);
    if (!mkdtemp(root)) {
        printf("cannot make a scratch folder %s\n", root);
        return -1;
    }
    return 0;
}

/* Removes the files and empty folders in dir, then dir itself (a test's scratch folder). */
static inline void test_remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[4200];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (unlink(path) != 0)
                rmdir(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

#endif
