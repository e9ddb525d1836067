/* test_readfile.c - the reader of every input file (src/common/readfile.c): regular files are
 * read whole and bounded; a FIFO (even one nobody writes to), a device and a directory are
 * refused at once with one line naming what they are; a text stops at its first NUL byte. */
#define _XOPEN_SOURCE 700 /* mkdtemp, mkfifo */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/readfile.h"
#include "test.h"

static char root[256];

static const char *at(const char *rel)
{
    return test_path_in(root, rel);
}

static void put(const char *path, const void *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK(fwrite(bytes, 1, n, f) == n);
        fclose(f);
    }
}

TEST(a_regular_file_is_read_whole_and_ends_with_a_nul)
{
    put(at("a.txt"), "hello", 5);
    char *b = NULL;
    SnError err = {0};
    size_t len = 0;
    CHECK(readfile_all(at("a.txt"), 100, 1, &b, &len, &err) == 0);
    CHECK(b && len == 5 && strcmp(b, "hello") == 0);
    free(b);
    put(at("empty"), "", 0);
    CHECK(readfile_all(at("empty"), 100, 1, &b, &len, &err) == 0);
    CHECK(b && len == 0 && b[0] == '\0');
    free(b);
}

TEST(the_limit_is_exact_and_never_more_than_one_byte_past_it_is_read)
{
    put(at("ten"), "0123456789", 10);
    char *b = NULL;
    SnError err = {0};
    size_t len = 0;
    CHECK(readfile_all(at("ten"), 10, 0, &b, &len, &err) == 0 && len == 10);
    free(b);
    b = (char *)1;
    CHECK(readfile_all(at("ten"), 9, 0, &b, &len, &err) == SN_E_LIMIT);
    CHECK(b == NULL);
    CHECK(strstr(err.msg, at("ten")) == err.msg && strstr(err.msg, "more than 9 bytes"));
}

TEST(a_text_stops_at_its_first_nul_byte)
{
    put(at("nul"), "ab\0cd", 5);
    char *b = NULL;
    SnError err = {0};
    size_t len = 0;
    CHECK(readfile_all(at("nul"), 100, 1, &b, &len, &err) == SN_E_FORMAT);
    CHECK(b == NULL && len == 2 && strstr(err.msg, "byte 2: a NUL byte"));
    CHECK(readfile_all(at("nul"), 100, 0, &b, &len, &err) == 0 && len == 5);
    CHECK(b && memcmp(b, "ab\0cd", 5) == 0);
    free(b);
}

TEST(a_fifo_nobody_writes_to_is_refused_without_waiting)
{
    CHECK(mkfifo(at("fifo"), 0600) == 0);
    char *b = NULL;
    SnError err = {0};
    size_t len = 0;
    CHECK(readfile_all(at("fifo"), 100, 1, &b, &len, &err) == SN_E_NOTREG);
    char want[600];
    snprintf(want, sizeof want, "%s: not a regular file (a FIFO)", at("fifo"));
    CHECK(strcmp(err.msg, want) == 0);
    CHECK(readfile_open(at("fifo"), &err) == SN_E_NOTREG);
    CHECK(strcmp(err.msg, want) == 0);
}

TEST(a_device_and_a_directory_are_refused)
{
    char *b = NULL;
    SnError err = {0};
    size_t len = 0;
    struct stat st;
    if (stat("/dev/zero", &st) == 0) {
        CHECK(readfile_all("/dev/zero", 100, 1, &b, &len, &err) == SN_E_NOTREG);
        CHECK(strcmp(err.msg, "/dev/zero: not a regular file (a character device)") == 0);
    }
    CHECK(readfile_all(root, 100, 1, &b, &len, &err) == SN_E_NOTREG);
    CHECK(strstr(err.msg, "not a regular file (a directory)") != NULL);
}

TEST(a_missing_file_is_named)
{
    char *b = NULL;
    SnError err = {0};
    size_t len = 0;
    CHECK(readfile_all(at("missing"), 100, 1, &b, &len, &err) == SN_E_IO);
    CHECK(strstr(err.msg, "missing: cannot open: ") != NULL);
    int fd = readfile_open(at("missing"), &err);
    CHECK(fd == SN_E_IO);
    put(at("r"), "x", 1);
    fd = readfile_open(at("r"), &err);
    CHECK(fd >= 0);
    char c = 0;
    CHECK(fd >= 0 && read(fd, &c, 1) == 1 && c == 'x');
    if (fd >= 0)
        close(fd);
}

int main(void)
{
    if (test_make_scratch_dir(root, sizeof root, "test_readfile") != 0)
        return 1;
    RUN(a_regular_file_is_read_whole_and_ends_with_a_nul);
    RUN(the_limit_is_exact_and_never_more_than_one_byte_past_it_is_read);
    RUN(a_text_stops_at_its_first_nul_byte);
    RUN(a_fifo_nobody_writes_to_is_refused_without_waiting);
    RUN(a_device_and_a_directory_are_refused);
    RUN(a_missing_file_is_named);
    test_remove_dir(root);
    return test_main_result();
}
