/* test_outfile.c - the care of a run's output files (src/common/outfile.c): the check before a
 * run, which paths name the same file, the lock that keeps a second run (another process) away
 * from an output, and the removal of a killed run's temporary files. Every case runs in a
 * scratch folder made for it. */
#define _XOPEN_SOURCE 700 /* realpath, symlink */

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/outfile.h"
#include "test.h"

static char root[PATH_MAX]; /* the scratch folder, symbolic links resolved */

static const char *at(const char *rel)
{
    return test_path_in(root, rel);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

TEST(one_file_is_the_same_whatever_path_names_it)
{
    write_text(at("m.json"), "{}");
    write_text(at("other.json"), "{}");
    CHECK(mkdir(at("sub"), 0700) == 0);
    CHECK(link(at("m.json"), at("hard.json")) == 0);
    CHECK(symlink("m.json", at("link.json")) == 0);
    CHECK(symlink(root, at("sub/up")) == 0); /* a folder link: sub/up/.. is root's parent */
    CHECK(outfile_same(at("m.json"), at("m.json")) == 1);
    CHECK(outfile_same(at("m.json"), at("./m.json")) == 1);
    CHECK(outfile_same(at("m.json"), at("sub/../m.json")) == 1);
    CHECK(outfile_same(at("m.json"), at("sub//..//./m.json")) == 1);
    CHECK(outfile_same(at("m.json"), at("hard.json")) == 1);
    CHECK(outfile_same(at("link.json"), at("m.json")) == 1);
    CHECK(outfile_same(at("m.json"), at("sub/up/m.json")) == 1);
    CHECK(outfile_same(at("sub/up/../m.json"), at("sub/m.json")) == 0); /* not the text */
    CHECK(outfile_same(at("m.json"), at("other.json")) == 0);
    CHECK(outfile_same(at("m.json"), at("m.json.checkpoint")) == 0);
    /* relative against absolute, from inside the folder */
    char cwd[PATH_MAX];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK(chdir(at("sub")) == 0);
    CHECK(outfile_same("../m.json", at("m.json")) == 1);
    CHECK(outfile_same("../new.json", at("new.json")) == 1);
    CHECK(outfile_same("new.json", at("new.json")) == 0);
    CHECK(chdir(cwd) == 0);
}

TEST(files_that_do_not_exist_yet_are_compared_by_their_resolved_paths)
{
    CHECK(outfile_same(at("new.json"), at("new.json")) == 1);
    CHECK(outfile_same(at("new.json"), at("./new.json")) == 1);
    CHECK(outfile_same(at("new.json"), at("sub/../new.json")) == 1);
    CHECK(outfile_same(at("new.json"), at("sub/up/new.json")) == 1); /* through a folder link */
    CHECK(outfile_same(at("new.json"), at("new.csv")) == 0);
    CHECK(outfile_same(at("new.json"), at("sub/new.json")) == 0);
    /* a folder that does not exist either: worked out from the text */
    CHECK(outfile_same(at("none/x/../new.json"), at("none/./new.json")) == 1);
    CHECK(outfile_same(at("none/new.json"), at("nine/new.json")) == 0);
    /* one file exists, the other path leads nowhere */
    CHECK(outfile_same(at("m.json"), at("none/m.json")) == 0);
}

TEST(an_output_is_checked_before_the_run_for_its_name_and_folder)
{
    SnError err = {0};
    write_text(at("m.json"), "{}");
    CHECK(outfile_check(at("m.json"), &err) == 0); /* replaced at the end */
    CHECK(outfile_check(at("new.json"), &err) == 0);
    CHECK(outfile_check("", &err) == SN_E_IO);
    CHECK(strcmp(err.msg, "an empty file name") == 0);
    CHECK(outfile_check(root, &err) == SN_E_IO);
    CHECK(strstr(err.msg, root) == err.msg && strstr(err.msg, ": is a directory"));
    CHECK(outfile_check(at("none/m.json"), &err) == SN_E_IO);
    CHECK(strstr(err.msg, "none/m.json: cannot write there: the directory ") &&
          strstr(err.msg, "does not exist"));
    CHECK(outfile_check(at("m.json/x.json"), &err) == SN_E_IO);
    CHECK(strstr(err.msg, "m.json is not a directory") != NULL);
    CHECK(mkdir(at("locked"), 0500) == 0);
    if (access(at("locked"), W_OK) == 0) {
        printf("skip: running as root, who may write into any folder: a read-only one not "
               "tried\n");
    } else {
        CHECK(outfile_check(at("locked/m.json"), &err) == SN_E_IO);
        CHECK(strstr(err.msg, "locked/m.json: cannot write there: the directory ") &&
              strstr(err.msg, "locked is not writable"));
    }
    CHECK(rmdir(at("locked")) == 0);
    /* a name without a folder is checked in the working folder */
    char cwd[PATH_MAX];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK(chdir(root) == 0);
    CHECK(outfile_check("m.json", &err) == 0);
    CHECK(chdir(cwd) == 0);
}

/* The first line of path as a number, or -1. */
static long read_number(const char *path)
{
    FILE *f = fopen(path, "r");
    long v = -1;
    if (f) {
        if (fscanf(f, "%ld", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}

TEST(an_output_is_locked_with_a_file_naming_the_process)
{
    SnError err = {0};
    long holder = -1;
    OutfileLock lk = OUTFILE_LOCK_NONE;
    CHECK(outfile_lock(at("m.json"), &lk, &holder, &err) == 0);
    CHECK(lk.fd >= 0 && lk.path && strcmp(lk.path, at("m.json.lock")) == 0);
    CHECK(read_number(at("m.json.lock")) == (long)getpid());
    /* the same output again, from this process: refused too */
    OutfileLock again = OUTFILE_LOCK_NONE;
    CHECK(outfile_lock(at("m.json"), &again, &holder, &err) == SN_E_BUSY);
    CHECK(holder == (long)getpid());
    CHECK(again.fd == -1 && again.path == NULL);
    outfile_unlock(&again); /* not held: nothing happens */
    CHECK(access(at("m.json.lock"), F_OK) == 0);
    outfile_unlock(&lk);
    CHECK(lk.fd == -1 && lk.path == NULL);
    CHECK(access(at("m.json.lock"), F_OK) != 0); /* the lock file goes with the lock */
    outfile_unlock(&lk);                          /* twice is harmless */
    /* a folder that cannot hold the lock file */
    CHECK(outfile_lock(at("none/m.json"), &lk, &holder, &err) == SN_E_IO);
    CHECK(strstr(err.msg, "none/m.json.lock") != NULL);
}

TEST(a_second_process_is_refused_and_a_dead_ones_lock_is_taken_over)
{
    int ready[2], go[2];
    CHECK(pipe(ready) == 0 && pipe(go) == 0);
    pid_t child = fork();
    if (child == 0) {
        /* the first run: takes the lock, says so, and waits to be killed */
        SnError cerr = {0};
        long cholder;
        OutfileLock clk = OUTFILE_LOCK_NONE;
        char ok = outfile_lock(at("run.json"), &clk, &cholder, &cerr) == 0 ? 'y' : 'n';
        if (write(ready[1], &ok, 1) != 1)
            _exit(1);
        char c;
        while (read(go[0], &c, 1) > 0) {
        }
        _exit(0);
    }
    char ok = 0;
    CHECK(child > 0 && read(ready[0], &ok, 1) == 1 && ok == 'y');
    SnError err = {0};
    char want[64];
    long holder = -1;
    OutfileLock lk = OUTFILE_LOCK_NONE;
    CHECK(outfile_lock(at("run.json"), &lk, &holder, &err) == SN_E_BUSY);
    CHECK(holder == (long)child);
    snprintf(want, sizeof want, "(process %ld, ", (long)child);
    const char *run = at("run.json");
    const char *busy = ": in use by another run (process ";
    CHECK(strncmp(err.msg, run, strlen(run)) == 0 &&
          strncmp(err.msg + strlen(run), busy, strlen(busy)) == 0);
    CHECK(strstr(err.msg, want) != NULL);
    /* killed outright: its lock file stays, naming a process that is gone, and is taken over */
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    close(ready[0]), close(ready[1]), close(go[0]), close(go[1]);
    CHECK(read_number(at("run.json.lock")) == (long)child);
    CHECK(outfile_lock(at("run.json"), &lk, &holder, &err) == 0);
    CHECK(read_number(at("run.json.lock")) == (long)getpid());
    outfile_unlock(&lk);
    CHECK(access(at("run.json.lock"), F_OK) != 0);
    /* a lock file left by a run on another boot, or written by hand */
    write_text(at("run.json.lock"), "999999999\n");
    CHECK(outfile_lock(at("run.json"), &lk, &holder, &err) == 0);
    CHECK(read_number(at("run.json.lock")) == (long)getpid());
    outfile_unlock(&lk);
}

TEST(only_the_temporary_files_of_the_output_are_removed)
{
    CHECK(mkdir(at("t"), 0700) == 0);
    /* what atomic_write_file leaves when killed: path.tmp.XXXXXX, regular files */
    const char *stale[] = {"t/m.json.tmp.AbC123", "t/m.json.tmp.zzzzzz", "t/m.json.tmp.000000"};
    /* and what merely looks like it */
    const char *keep[] = {"t/m.json",
                          "t/m.json.tmp.AbC12",
                          "t/m.json.tmp.AbC1234",
                          "t/m.json.tmp.AbC-12",
                          "t/m.json.tmp.AbC\xc3\xa9",
                          "t/m.jsontmp.AbC123",
                          "t/m.json.TMP.AbC123",
                          "t/xm.json.tmp.AbC123",
                          "t/m.json.checkpoint.tmp.AbC123",
                          "t/m.json.tmp."};
    for (size_t i = 0; i < sizeof stale / sizeof stale[0]; i++)
        write_text(at(stale[i]), "half");
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
        write_text(at(keep[i]), "keep");
    CHECK(mkdir(at("t/m.json.tmp.Dir001"), 0700) == 0);            /* a folder */
    CHECK(symlink(at("t/m.json"), at("t/m.json.tmp.Link01")) == 0); /* a link */
    SnError err = {0};
    int removed = -1;
    CHECK(outfile_remove_stale_temps(at("t/m.json"), NULL, 0, &removed, &err) == 0);
    CHECK(removed == 3);
    for (size_t i = 0; i < sizeof stale / sizeof stale[0]; i++)
        CHECK(access(at(stale[i]), F_OK) != 0);
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
        CHECK(access(at(keep[i]), F_OK) == 0);
    CHECK(access(at("t/m.json.tmp.Dir001"), F_OK) == 0);
    CHECK(access(at("t/m.json.tmp.Link01"), F_OK) == 0 && access(at("t/m.json"), F_OK) == 0);
    /* a name without a folder: the working folder */
    write_text(at("t/m.json.tmp.Rel001"), "half");
    char cwd[PATH_MAX];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK(chdir(at("t")) == 0);
    CHECK(outfile_remove_stale_temps("m.json", NULL, 0, &removed, &err) == 0 && removed == 1);
    CHECK(chdir(cwd) == 0);
    CHECK(outfile_remove_stale_temps(at("none/m.json"), NULL, 0, &removed, &err) ==
          SN_E_IO);
    CHECK(strstr(err.msg, "none/m.json: cannot look for temporary files in ") ==
          err.msg + strlen(root) + 1);
    CHECK(test_count_files(at("t"), NULL) == (int)(sizeof keep / sizeof keep[0]) + 2);
    test_remove_dir(at("t/m.json.tmp.Dir001"));
    test_remove_dir(at("t"));
}

/* A save replaces only regular files, and through a link the file it leads to (atomic.h): the
 * check refuses what the save would, and the lock and the stale temporary files are those of
 * the file the link leads to, wherever it is. */
TEST(an_output_through_a_link_is_checked_locked_and_cleaned_beside_its_file)
{
    SnError err = {0};
    CHECK(mkdir(at("a"), 0700) == 0 && mkdir(at("b"), 0700) == 0);
    CHECK(mkfifo(at("a/pipe"), 0600) == 0);
    CHECK(outfile_check(at("a/pipe"), &err) == SN_E_NOTREG);
    CHECK(strstr(err.msg, "a/pipe: not a regular file (a FIFO)") != NULL);
    CHECK(symlink("pipe", at("a/to-pipe")) == 0);
    CHECK(outfile_check(at("a/to-pipe"), &err) == SN_E_NOTREG);
    CHECK(strstr(err.msg, "not a regular file") != NULL);
    CHECK(symlink("loop", at("a/loop")) == 0);
    CHECK(outfile_check(at("a/loop"), &err) == SN_E_IO);
    /* a/m.json leads to b/m.json, not yet there */
    CHECK(symlink("../b/m.json", at("a/m.json")) == 0);
    CHECK(outfile_check(at("a/m.json"), &err) == 0);
    write_text(at("b/m.json.tmp.AbC123"), "half");
    write_text(at("a/m.json.tmp.AbC123"), "not this run's: the save writes beside b/m.json");
    OutfileLock lock = OUTFILE_LOCK_NONE, again = OUTFILE_LOCK_NONE;
    long holder = -1;
    CHECK(outfile_lock(at("a/m.json"), &lock, &holder, &err) == 0);
    CHECK(lock.path && outfile_same(lock.path, at("b/m.json.lock")) && access(at("a/m.json.lock"), F_OK) != 0);
    /* the file's own name shares the lock */
    CHECK(outfile_lock(at("b/m.json"), &again, &holder, &err) == SN_E_BUSY);
    CHECK(holder == (long)getpid());
    int removed = -1;
    CHECK(outfile_remove_stale_temps(at("a/m.json"), NULL, 0, &removed, &err) == 0);
    CHECK(removed == 1 && access(at("b/m.json.tmp.AbC123"), F_OK) != 0);
    CHECK(access(at("a/m.json.tmp.AbC123"), F_OK) == 0);
    outfile_unlock(&lock);
    CHECK(access(at("b/m.json.lock"), F_OK) != 0);
    test_remove_dir(at("a"));
    test_remove_dir(at("b"));
}

/* A temporary file that is one of the run's own files (a checkpoint it resumes from, say) is
 * never removed, whatever it is called. */
TEST(a_temporary_file_the_run_reads_is_kept)
{
    CHECK(mkdir(at("k"), 0700) == 0);
    write_text(at("k/m.json.tmp.abc123"), "the checkpoint to resume from");
    write_text(at("k/m.json.tmp.Stale1"), "half");
    SnError err = {0};
    int removed = -1;
    const char *keep[] = {at("k/./m.json.tmp.abc123")};
    CHECK(outfile_remove_stale_temps(at("k/m.json"), keep, 1, &removed, &err) == 0);
    CHECK(removed == 1);
    CHECK(access(at("k/m.json.tmp.abc123"), F_OK) == 0);
    CHECK(access(at("k/m.json.tmp.Stale1"), F_OK) != 0);
    test_remove_dir(at("k"));
}

/* An output may not be named like a lock file or a save's temporary file (the lock of another
 * output would be overwritten, or the file taken for a killed run's leftover), and its name
 * must leave room for the longest suffix the run adds to it. */
TEST(an_output_is_refused_a_lock_or_temporary_name_or_one_too_long)
{
    SnError err = {0};
    CHECK(outfile_check(at("m.json.lock"), &err) == SN_E_IO);
    CHECK(strstr(err.msg, "m.json.lock: an output may not be named *.lock") != NULL);
    CHECK(outfile_check(at(".lock"), &err) == SN_E_IO);
    CHECK(outfile_check(at("m.json.tmp.abc123"), &err) == SN_E_IO);
    CHECK(strstr(err.msg, "m.json.tmp.abc123: an output may not be named like a temporary file") !=
          NULL);
    CHECK(outfile_check(at("m.json.tmp.abc12"), &err) == 0); /* not the pattern */
    CHECK(outfile_check(at("m.lockx"), &err) == 0);
    long name_max = pathconf(root, _PC_NAME_MAX);
    if (name_max <= 0)
        name_max = NAME_MAX;
    size_t room = sizeof ".tmp.XXXXXX" - 1; /* the longest suffix a save adds */
    char name[PATH_MAX];
    size_t fits = (size_t)name_max - room;
    memset(name, 'a', fits);
    name[fits] = '\0';
    CHECK(outfile_check(at(name), &err) == 0);
    name[fits] = 'a';
    name[fits + 1] = '\0';
    CHECK(outfile_check(at(name), &err) == SN_E_IO);
    CHECK(strstr(err.msg, "too long") != NULL);
    /* the whole path too */
    static char deep[2 * PATH_MAX];
    size_t len = (size_t)snprintf(deep, sizeof deep, "%s", root);
    while (len + 2 + room < PATH_MAX) /* root/../root/../root... /m: too long once saved */
        len += (size_t)snprintf(deep + len, sizeof deep - len, "/../%s", strrchr(root, '/') + 1);
    snprintf(deep + len, sizeof deep - len, "/m");
    CHECK(strlen(deep) + room >= PATH_MAX);
    CHECK(outfile_check(deep, &err) == SN_E_IO);
    CHECK(strstr(err.msg, "too long") != NULL);
}

int main(void)
{
    char scratch[PATH_MAX];
    if (test_make_scratch_dir(scratch, sizeof scratch, "test_outfile") != 0)
        return 1;
    if (!realpath(scratch, root)) { /* links resolved, as the paths compared are */
        printf("cannot resolve %s\n", scratch);
        return 1;
    }
    RUN(one_file_is_the_same_whatever_path_names_it);
    RUN(files_that_do_not_exist_yet_are_compared_by_their_resolved_paths);
    RUN(an_output_is_checked_before_the_run_for_its_name_and_folder);
    RUN(an_output_is_locked_with_a_file_naming_the_process);
    RUN(a_second_process_is_refused_and_a_dead_ones_lock_is_taken_over);
    RUN(only_the_temporary_files_of_the_output_are_removed);
    RUN(an_output_through_a_link_is_checked_locked_and_cleaned_beside_its_file);
    RUN(a_temporary_file_the_run_reads_is_kept);
    RUN(an_output_is_refused_a_lock_or_temporary_name_or_one_too_long);
    const char *made[] = {"sub/up", "link.json", "hard.json", "m.json", "other.json", "sub"};
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
        if (unlink(at(made[i])) != 0)
            rmdir(at(made[i]));
    rmdir(root);
    return test_main_result();
}
