/* test_atomic.c - the atomic file writer (src/common/atomic.c): it replaces a regular file or
 * creates a new one, follows symbolic links to their target (the link stays a link), and
 * refuses with one line anything else: a device, a FIFO, a directory, a loop of links. Every
 * case runs in a temporary folder; no test ever writes to a system file. */
#define _XOPEN_SOURCE 700 /* mkdtemp, mkfifo, symlink, readlink */
#define _DEFAULT_SOURCE   /* mknod, makedev */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "common/atomic.h"
#include "test.h"

static char root[256];

static const char *at(const char *rel)
{
    return test_path_in(root, rel);
}

/* The whole file at path as a string (static buffer), or "" if it cannot be read. */
static const char *contents(const char *path)
{
    static char buf[256];
    buf[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f)
        return buf;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int write_plain(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* The type bits of what path names itself (a link is not followed), or 0 if nothing. */
static unsigned kind_of(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 ? (unsigned)(st.st_mode & S_IFMT) : 0u;
}

/* The link's text, in a static buffer. */
static const char *link_text(const char *path)
{
    static char buf[512];
    ssize_t n = readlink(path, buf, sizeof buf - 1);
    buf[n < 0 ? 0 : n] = '\0';
    return buf;
}

/* one line: no newline inside the message */
static int one_line(const char *msg)
{
    return msg[0] != '\0' && strchr(msg, '\n') == NULL;
}

TEST(a_regular_file_is_replaced_and_a_missing_one_created)
{
    SnError err = {0};
    CHECK(write_plain(at("plain"), "old") == 0);
    CHECK(atomic_write_file(at("plain"), "new", 3, &err) == 0);
    CHECK(strcmp(contents(at("plain")), "new") == 0);
    CHECK(atomic_write_file(at("fresh"), "made", 4, &err) == 0);
    CHECK(kind_of(at("fresh")) == S_IFREG);
    CHECK(strcmp(contents(at("fresh")), "made") == 0);
    CHECK(test_count_files(root, ".tmp.") == 0);
    unlink(at("plain"));
    unlink(at("fresh"));
}

TEST(a_fifo_is_refused_and_stays_a_fifo)
{
    SnError err = {0};
    CHECK(mkfifo(at("pipe"), 0600) == 0);
    CHECK(atomic_write_file(at("pipe"), "x", 1, &err) == SN_E_NOTREG);
    CHECK(one_line(err.msg));
    CHECK(strstr(err.msg, at("pipe")) != NULL);
    CHECK(strstr(err.msg, "not a regular file (a FIFO), not replaced") != NULL);
    CHECK(kind_of(at("pipe")) == S_IFIFO);
    CHECK(test_count_files(root, ".tmp.") == 0);
    unlink(at("pipe"));
}

/* A character device like /dev/null: as root one is made in the scratch folder (mknod); as
 * anyone else /dev/null itself, which only root could replace, so a broken writer fails the
 * test without harming the system either way. */
TEST(a_character_device_is_refused_before_anything_is_written)
{
    SnError err = {0};
    const char *dev = at("null");
    if (geteuid() == 0) {
        CHECK(mknod(dev, S_IFCHR | 0666, makedev(1, 3)) == 0);
    } else {
        if (access("/dev", W_OK) == 0) {
            SKIP("/dev is writable by this user: not risking /dev/null");
            return;
        }
        dev = "/dev/null";
    }
    CHECK(kind_of(dev) == S_IFCHR);
    CHECK(atomic_write_file(dev, "x", 1, &err) == SN_E_NOTREG);
    CHECK(one_line(err.msg));
    CHECK(strstr(err.msg, "not a regular file (a character device), not replaced") != NULL);
    CHECK(kind_of(dev) == S_IFCHR);
    CHECK(test_count_files(root, ".tmp.") == 0);
    if (strcmp(dev, "/dev/null") != 0)
        unlink(dev);
}

TEST(a_directory_is_refused)
{
    SnError err = {0};
    CHECK(mkdir(at("folder"), 0700) == 0);
    CHECK(atomic_write_file(at("folder"), "x", 1, &err) == SN_E_NOTREG);
    CHECK(one_line(err.msg));
    CHECK(strstr(err.msg, "not a regular file (a directory), not replaced") != NULL);
    CHECK(kind_of(at("folder")) == S_IFDIR);
    CHECK(test_count_files(root, ".tmp.") == 0);
    rmdir(at("folder"));
}

TEST(a_link_to_a_file_stays_a_link_and_its_target_is_replaced)
{
    SnError err = {0};
    CHECK(write_plain(at("target"), "old") == 0);
    CHECK(symlink("target", at("link")) == 0); /* relative: resolved from the link's folder */
    CHECK(atomic_write_file(at("link"), "new", 3, &err) == 0);
    CHECK(kind_of(at("link")) == S_IFLNK);
    CHECK(strcmp(link_text(at("link")), "target") == 0);
    CHECK(kind_of(at("target")) == S_IFREG);
    CHECK(strcmp(contents(at("target")), "new") == 0);
    CHECK(test_count_files(root, ".tmp.") == 0);
    unlink(at("link"));
    unlink(at("target"));
}

TEST(a_dangling_link_creates_its_target)
{
    SnError err = {0};
    CHECK(symlink(at("not-yet"), at("dangling")) == 0); /* absolute */
    CHECK(atomic_write_file(at("dangling"), "born", 4, &err) == 0);
    CHECK(kind_of(at("dangling")) == S_IFLNK);
    CHECK(kind_of(at("not-yet")) == S_IFREG);
    CHECK(strcmp(contents(at("not-yet")), "born") == 0);
    CHECK(test_count_files(root, ".tmp.") == 0);
    unlink(at("dangling"));
    unlink(at("not-yet"));
}

/* chain -> sub/hop -> ../final: each relative link is read from its own folder */
TEST(a_chain_of_links_is_followed_to_its_end)
{
    SnError err = {0};
    CHECK(mkdir(at("sub"), 0700) == 0);
    CHECK(write_plain(at("final"), "old") == 0);
    CHECK(symlink("../final", at("sub/hop")) == 0);
    CHECK(symlink("sub/hop", at("chain")) == 0);
    CHECK(atomic_write_file(at("chain"), "end", 3, &err) == 0);
    CHECK(kind_of(at("chain")) == S_IFLNK);
    CHECK(kind_of(at("sub/hop")) == S_IFLNK);
    CHECK(strcmp(contents(at("final")), "end") == 0);
    CHECK(test_count_files(root, ".tmp.") == 0);
    CHECK(test_count_files(at("sub"), ".tmp.") == 0);
    unlink(at("chain"));
    unlink(at("sub/hop"));
    rmdir(at("sub"));
    unlink(at("final"));
}

TEST(a_link_to_a_fifo_is_refused_and_both_stay)
{
    SnError err = {0};
    CHECK(mkfifo(at("pipe2"), 0600) == 0);
    CHECK(symlink("pipe2", at("to-pipe")) == 0);
    CHECK(atomic_write_file(at("to-pipe"), "x", 1, &err) == SN_E_NOTREG);
    CHECK(one_line(err.msg));
    CHECK(strstr(err.msg, at("to-pipe")) != NULL);
    CHECK(strstr(err.msg, "a FIFO") != NULL);
    CHECK(kind_of(at("to-pipe")) == S_IFLNK);
    CHECK(kind_of(at("pipe2")) == S_IFIFO);
    CHECK(test_count_files(root, ".tmp.") == 0);
    unlink(at("to-pipe"));
    unlink(at("pipe2"));
}

TEST(a_loop_of_links_is_refused_with_one_line)
{
    SnError err = {0};
    CHECK(symlink("loop-b", at("loop-a")) == 0);
    CHECK(symlink("loop-a", at("loop-b")) == 0);
    int rc = atomic_write_file(at("loop-a"), "x", 1, &err);
    CHECK(rc == SN_E_IO);
    CHECK(one_line(err.msg));
    CHECK(strstr(err.msg, at("loop-a")) != NULL);
    CHECK(strstr(err.msg, "symbolic links") != NULL);
    CHECK(kind_of(at("loop-a")) == S_IFLNK);
    CHECK(kind_of(at("loop-b")) == S_IFLNK);
    CHECK(test_count_files(root, ".tmp.") == 0);
    unlink(at("loop-a"));
    unlink(at("loop-b"));
}

/* The resolver alone, for callers that look before a long run (outfile_check): the same
 * verdicts as a save, the file a save would write, nothing written. */
TEST(the_resolver_alone_gives_the_same_verdicts_without_writing)
{
    SnError err = {0};
    char *target = NULL;
    CHECK(atomic_resolve_target(at("absent"), &target, &err) == 0);
    CHECK(target && strcmp(target, at("absent")) == 0);
    free(target);
    CHECK(kind_of(at("absent")) == 0);
    CHECK(mkfifo(at("pipe3"), 0600) == 0);
    CHECK(atomic_resolve_target(at("pipe3"), &target, &err) == SN_E_NOTREG);
    CHECK(target == NULL);
    CHECK(strstr(err.msg, "not a regular file (a FIFO)") != NULL);
    CHECK(write_plain(at("file3"), "x") == 0);
    CHECK(symlink("file3", at("link3")) == 0);
    CHECK(atomic_resolve_target(at("link3"), &target, &err) == 0);
    CHECK(target && strcmp(target, at("file3")) == 0);
    free(target);
    CHECK(test_count_files(root, NULL) == 3);
    unlink(at("pipe3"));
    unlink(at("file3"));
    unlink(at("link3"));
}

int main(void)
{
    if (test_make_scratch_dir(root, sizeof root, "test_atomic") != 0)
        return 1;
    RUN(a_regular_file_is_replaced_and_a_missing_one_created);
    RUN(a_fifo_is_refused_and_stays_a_fifo);
    RUN(a_character_device_is_refused_before_anything_is_written);
    RUN(a_directory_is_refused);
    RUN(a_link_to_a_file_stays_a_link_and_its_target_is_replaced);
    RUN(a_dangling_link_creates_its_target);
    RUN(a_chain_of_links_is_followed_to_its_end);
    RUN(a_link_to_a_fifo_is_refused_and_both_stay);
    RUN(a_loop_of_links_is_refused_with_one_line);
    RUN(the_resolver_alone_gives_the_same_verdicts_without_writing);
    test_remove_dir(root);
    return test_main_result();
}
