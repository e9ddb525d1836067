/* test_outfile.c - the care of a run's output files (src/common/outfile.c): the check before a
 * run and which paths name the same file. Every case runs in a scratch folder made for it. */
#define _XOPEN_SOURCE 700 /* realpath, symlink */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/outfile.h"
#include "test.h"

static char root[PATH_MAX]; /* the scratch folder, symbolic links resolved */

/* root/rel in a rotating static buffer (four can be in use at once) */
static const char *at(const char *rel)
{
    static char bufs[4][PATH_MAX + 256];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, sizeof bufs[0], "%s/%s", root, rel);
    return b;
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
    char msg[600];
    write_text(at("m.json"), "{}");
    CHECK(outfile_check(at("m.json"), msg, sizeof msg) == 0); /* replaced at the end */
    CHECK(outfile_check(at("new.json"), msg, sizeof msg) == 0);
    CHECK(outfile_check("", msg, sizeof msg) == OUTFILE_E_IO);
    CHECK(strcmp(msg, "an empty file name") == 0);
    CHECK(outfile_check(root, msg, sizeof msg) == OUTFILE_E_IO);
    CHECK(strstr(msg, root) == msg && strstr(msg, ": is a directory"));
    CHECK(outfile_check(at("none/m.json"), msg, sizeof msg) == OUTFILE_E_IO);
    CHECK(strstr(msg, "none/m.json: cannot write there: the directory ") &&
          strstr(msg, "does not exist"));
    CHECK(outfile_check(at("m.json/x.json"), msg, sizeof msg) == OUTFILE_E_IO);
    CHECK(strstr(msg, "m.json is not a directory") != NULL);
    CHECK(mkdir(at("locked"), 0500) == 0);
    if (access(at("locked"), W_OK) == 0) {
        printf("skip: running as root, who may write into any folder: read-only folder not tried\n");
    } else {
        CHECK(outfile_check(at("locked/m.json"), msg, sizeof msg) == OUTFILE_E_IO);
        CHECK(strstr(msg, "locked/m.json: cannot write there: the directory ") &&
              strstr(msg, "locked is not writable"));
    }
    CHECK(rmdir(at("locked")) == 0);
    /* a name without a folder is checked in the working folder */
    char cwd[PATH_MAX];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK(chdir(root) == 0);
    CHECK(outfile_check("m.json", msg, sizeof msg) == 0);
    CHECK(chdir(cwd) == 0);
}

int main(void)
{
    char tmpl[] = "/tmp/scratchnet-outfile-XXXXXX";
    if (!mkdtemp(tmpl) || !realpath(tmpl, root)) {
        printf("cannot make a temporary folder\n");
        return 1;
    }
    RUN(one_file_is_the_same_whatever_path_names_it);
    RUN(files_that_do_not_exist_yet_are_compared_by_their_resolved_paths);
    RUN(an_output_is_checked_before_the_run_for_its_name_and_folder);
    const char *made[] = {"sub/up", "link.json", "hard.json", "m.json", "other.json", "sub"};
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
        if (unlink(at(made[i])) != 0)
            rmdir(at(made[i]));
    rmdir(root);
    return test_main_result();
}
