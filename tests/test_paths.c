/* test_paths.c - the data folder lookup (src/common/paths.c): environment first, then the
 * source tree for a program in the build folder, then the data folder next to the program,
 * then the prefix compiled in. Every case runs against a small tree of real folders made in a
 * temporary directory, with made-up program paths and environments. */
#define _XOPEN_SOURCE 700 /* realpath */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/paths.h"
#include "test.h"

/* the scratch tree: root is a real path (mkdtemp's, symbolic links resolved) */
#define ROOT_MAX 1024
#define BUF_MAX (ROOT_MAX + 128)
static char root[ROOT_MAX];
static char made[64][BUF_MAX]; /* everything created, removed in reverse order at the end */
static int n_made;

/* Returns root/rel in a rotating static buffer (four can be in use at once). */
static const char *at(const char *rel)
{
    static char bufs[4][BUF_MAX];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, BUF_MAX, "%s/%s", root, rel);
    return b;
}

/* Creates root/rel and every folder above it inside root. */
static void mkdirs(const char *rel)
{
    char path[BUF_MAX];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    for (char *p = path + strlen(root) + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(path, 0700) == 0 && n_made < 64)
                snprintf(made[n_made++], BUF_MAX, "%s", path);
            *p = c;
            if (!c)
                break;
        }
    }
}

static void link_at(const char *target_rel, const char *link_rel)
{
    CHECK(symlink(at(target_rel), at(link_rel)) == 0);
    if (n_made < 64)
        snprintf(made[n_made++], BUF_MAX, "%s", at(link_rel));
}

static void make_tree(void)
{
    char tmpl[] = "/tmp/scratchnet-paths-XXXXXX", real[PATH_MAX];
    if (!mkdtemp(tmpl) || !realpath(tmpl, real) || strlen(real) + 1 > sizeof root) {
        printf("cannot make a temporary folder\n");
        exit(1);
    }
    memcpy(root, real, strlen(real) + 1);
    mkdirs("src/models");
    mkdirs("src/assets");
    mkdirs("build/src/cli");
    mkdirs("build2/src/cli");
    /* an install: bin/ and share/scratchnet/ under a prefix, moved into the scratch tree */
    mkdirs("stage/usr/local/bin");
    mkdirs("stage/usr/local/share/scratchnet/models");
    /* an install staged inside the build folder (meson install --destdir build/stage) */
    mkdirs("build/stage/usr/bin");
    mkdirs("build/stage/usr/share/scratchnet");
    /* a program with nothing next to it */
    mkdirs("bare/bin");
    /* bindir and datadir the same folder */
    mkdirs("flat/scratchnet");
    link_at("build", "build-link");
}

static void remove_tree(void)
{
    for (int i = n_made - 1; i >= 0; i--)
        remove(made[i]);
    rmdir(root);
}

/* the configuration a build in root/build with prefix /opt/sn would have */
static PathsConfig config(void)
{
    static char src[BUF_MAX], build[BUF_MAX];
    snprintf(src, sizeof src, "%s/src", root);
    snprintf(build, sizeof build, "%s/build", root);
    return (PathsConfig){src, build, "../share", "/opt/sn/share/scratchnet"};
}

static int eq(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 1;
    printf("  got      \"%s\"\n  expected \"%s\"\n", a, b);
    return 0;
}

TEST(a_program_in_the_build_folder_reads_the_source_tree)
{
    PathsConfig cfg = config();
    DataPaths p;
    CHECK(paths_resolve(&cfg, at("build/src/cli/scratchnet"), NULL, &p) == 0);
    CHECK(eq(p.models, at("src/models")));
    CHECK(eq(p.assets, at("src/assets")));
    CHECK(eq(p.digits, at("src/mnist-subset")));
    CHECK(eq(p.fashion, at("src/fashion-mnist-subset")));
    CHECK(p.models_from == PATHS_FROM_SOURCE_TREE && p.assets_from == PATHS_FROM_SOURCE_TREE);
    CHECK(p.digits_from == PATHS_FROM_SOURCE_TREE);
}

TEST(a_build_folder_named_through_a_symbolic_link_or_with_a_slash_still_matches)
{
    PathsConfig cfg = config();
    cfg.build_dir = at("build-link");
    DataPaths p;
    CHECK(paths_resolve(&cfg, at("build/src/cli/scratchnet"), NULL, &p) == 0);
    CHECK(p.models_from == PATHS_FROM_SOURCE_TREE);
    cfg.build_dir = at("build/");
    CHECK(paths_resolve(&cfg, at("build/src/cli/scratchnet"), NULL, &p) == 0);
    CHECK(p.models_from == PATHS_FROM_SOURCE_TREE);
}

TEST(a_sibling_folder_whose_name_starts_like_the_build_folder_is_not_inside_it)
{
    PathsConfig cfg = config();
    DataPaths p;
    CHECK(paths_resolve(&cfg, at("build2/src/cli/scratchnet"), NULL, &p) == 0);
    CHECK(p.models_from == PATHS_FROM_PREFIX);
    CHECK(eq(p.models, "/opt/sn/share/scratchnet/models"));
}

TEST(an_installed_program_finds_the_data_folder_next_to_it_after_a_move)
{
    PathsConfig cfg = config();
    DataPaths p;
    CHECK(paths_resolve(&cfg, at("stage/usr/local/bin/scratchnet-draw"), NULL, &p) == 0);
    CHECK(eq(p.models, at("stage/usr/local/share/scratchnet/models")));
    CHECK(eq(p.assets, at("stage/usr/local/share/scratchnet/assets")));
    CHECK(eq(p.digits, at("stage/usr/local/share/scratchnet/mnist-subset")));
    CHECK(eq(p.fashion, at("stage/usr/local/share/scratchnet/fashion-mnist-subset")));
    CHECK(p.models_from == PATHS_FROM_EXE && p.assets_from == PATHS_FROM_EXE);
    CHECK(p.digits_from == PATHS_FROM_EXE);
}

TEST(an_install_staged_inside_the_build_folder_counts_as_installed)
{
    PathsConfig cfg = config();
    DataPaths p;
    CHECK(paths_resolve(&cfg, at("build/stage/usr/bin/scratchnet"), NULL, &p) == 0);
    CHECK(eq(p.models, at("build/stage/usr/share/scratchnet/models")));
    CHECK(p.models_from == PATHS_FROM_EXE);
}

TEST(bindir_and_datadir_may_be_the_same_folder)
{
    PathsConfig cfg = config();
    cfg.bin_to_data = ".";
    DataPaths p;
    CHECK(paths_resolve(&cfg, at("flat/scratchnet-draw"), NULL, &p) == 0);
    CHECK(eq(p.models, at("flat/scratchnet/models")));
    CHECK(p.models_from == PATHS_FROM_EXE);
}

TEST(without_data_next_to_the_program_the_prefix_compiled_in_is_used)
{
    PathsConfig cfg = config();
    DataPaths p;
    CHECK(paths_resolve(&cfg, at("bare/bin/scratchnet"), NULL, &p) == 0);
    CHECK(eq(p.models, "/opt/sn/share/scratchnet/models"));
    CHECK(eq(p.assets, "/opt/sn/share/scratchnet/assets"));
    CHECK(p.models_from == PATHS_FROM_PREFIX);
    /* a program at the file system's root: "/../share/scratchnet" is /share/scratchnet */
    CHECK(paths_resolve(&cfg, "/scratchnet", NULL, &p) == 0);
    CHECK(p.models_from == PATHS_FROM_PREFIX || p.models_from == PATHS_FROM_EXE);
}

TEST(an_unknown_program_path_goes_straight_to_the_prefix)
{
    PathsConfig cfg = config();
    DataPaths p;
    CHECK(paths_resolve(&cfg, NULL, NULL, &p) == 0);
    CHECK(eq(p.models, "/opt/sn/share/scratchnet/models"));
    CHECK(p.models_from == PATHS_FROM_PREFIX && p.assets_from == PATHS_FROM_PREFIX);
}

TEST(models_and_assets_variables_win_over_every_other_step)
{
    PathsConfig cfg = config();
    PathsEnv env = {"/elsewhere/m", "/elsewhere/fonts", "/data"};
    DataPaths p;
    CHECK(paths_resolve(&cfg, at("build/src/cli/scratchnet"), &env, &p) == 0);
    CHECK(eq(p.models, "/elsewhere/m"));
    CHECK(eq(p.assets, "/elsewhere/fonts"));
    CHECK(p.models_from == PATHS_FROM_ENV && p.assets_from == PATHS_FROM_ENV);
    /* the shipped subsets have no variable of their own: they stay in the data folder */
    CHECK(eq(p.digits, "/data/mnist-subset"));
    CHECK(eq(p.fashion, "/data/fashion-mnist-subset"));
    CHECK(p.digits_from == PATHS_FROM_ENV_DATADIR);
    CHECK(eq(paths_origin_name(p.models_from, 0), "SCRATCHNET_MODELS"));
    CHECK(eq(paths_origin_name(p.assets_from, 1), "SCRATCHNET_ASSETS"));
}

TEST(datadir_gives_whichever_folder_no_other_variable_names)
{
    PathsConfig cfg = config();
    PathsEnv env = {"/elsewhere/m", NULL, "/data/scratchnet"};
    DataPaths p;
    CHECK(paths_resolve(&cfg, at("stage/usr/local/bin/scratchnet"), &env, &p) == 0);
    CHECK(eq(p.models, "/elsewhere/m"));
    CHECK(eq(p.assets, "/data/scratchnet/assets"));
    CHECK(p.models_from == PATHS_FROM_ENV && p.assets_from == PATHS_FROM_ENV_DATADIR);
    env = (PathsEnv){NULL, "/f", "/data/scratchnet"};
    CHECK(paths_resolve(&cfg, NULL, &env, &p) == 0);
    CHECK(eq(p.models, "/data/scratchnet/models"));
    CHECK(eq(p.assets, "/f"));
    CHECK(eq(paths_origin_name(p.models_from, 0), "SCRATCHNET_DATADIR"));
}

TEST(empty_variables_count_as_unset)
{
    PathsConfig cfg = config();
    PathsEnv env = {"", "", ""};
    DataPaths p;
    CHECK(paths_resolve(&cfg, at("build/src/cli/scratchnet"), &env, &p) == 0);
    CHECK(eq(p.models, at("src/models")));
    CHECK(p.models_from == PATHS_FROM_SOURCE_TREE && p.assets_from == PATHS_FROM_SOURCE_TREE);
}

TEST(a_path_too_long_to_hold_is_refused_with_empty_results)
{
    PathsConfig cfg = config();
    static char longer[PATHS_MAX + 10];
    memset(longer, 'a', sizeof longer - 1);
    longer[0] = '/';
    PathsEnv env = {longer, NULL, NULL};
    DataPaths p;
    CHECK(paths_resolve(&cfg, NULL, &env, &p) == SN_E_LIMIT);
    CHECK(p.models[0] == '\0' && p.assets[0] == '\0');
    /* just fits, but "/models" does not */
    longer[PATHS_MAX - 3] = '\0';
    env = (PathsEnv){NULL, NULL, longer};
    CHECK(paths_resolve(&cfg, NULL, &env, &p) == SN_E_LIMIT);
    CHECK(p.models[0] == '\0' && p.assets[0] == '\0' && p.digits[0] == '\0');
    CHECK(p.fashion[0] == '\0');
}

TEST(a_data_set_folder_comes_from_its_variable_then_the_working_folder_then_the_sources)
{
    char buf[PATHS_MAX], src_data[BUF_MAX];
    snprintf(src_data, sizeof src_data, "%s/data/mnist", paths_builtin_config()->source_dir);
    CHECK(eq(paths_dataset_dir("/my/mnist", "mnist", NULL, buf), "/my/mnist"));
    char cwd[PATH_MAX];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    /* in a folder without data/: the source tree's data/<name>, whether it exists or not */
    CHECK(chdir(at("bare")) == 0);
    CHECK(eq(paths_dataset_dir("", "mnist", NULL, buf), src_data));
    CHECK(eq(paths_dataset_dir(NULL, "no-such-set", at("src"), buf), at("src")));
    /* data/<name> under the working folder comes first */
    mkdirs("bare/data/mnist");
    CHECK(eq(paths_dataset_dir(NULL, "mnist", at("src"), buf), "data/mnist"));
    CHECK(chdir(cwd) == 0);
}

TEST(the_running_test_resolves_to_the_source_tree_it_was_built_from)
{
    /* this program lives in the build folder, so with no variables set it reads the sources */
    if (getenv("SCRATCHNET_MODELS") || getenv("SCRATCHNET_ASSETS") ||
        getenv("SCRATCHNET_DATADIR")) {
        SKIP("a SCRATCHNET_* variable is set");
        return;
    }
    DataPaths p;
    CHECK(paths_resolve_here(&p) == 0);
    CHECK(p.models_from == PATHS_FROM_SOURCE_TREE);
    char want[PATHS_MAX + 16];
    snprintf(want, sizeof want, "%s/models", paths_builtin_config()->source_dir);
    CHECK(eq(p.models, want));
    struct stat st;
    snprintf(want, sizeof want, "%s/DejaVuSans.ttf", p.assets);
    CHECK(stat(want, &st) == 0);
}

TEST(the_users_folders_follow_the_xdg_variables_then_home)
{
    char buf[PATHS_MAX];
    SnError err = {0};
    CHECK(paths_user_dir(PATHS_USER_DATA, "/x/data", "/home/a", NULL, buf, &err) == 0);
    CHECK(eq(buf, "/x/data/scratchnet"));
    CHECK(paths_user_dir(PATHS_USER_CONFIG, "/x/conf", "/home/a", "settings.json", buf,
                         &err) == 0);
    CHECK(eq(buf, "/x/conf/scratchnet/settings.json"));
    /* unset, empty and relative variables count as unset: $HOME's default folders */
    CHECK(paths_user_dir(PATHS_USER_DATA, NULL, "/home/a", "d.jsonl", buf, &err) == 0);
    CHECK(eq(buf, "/home/a/.local/share/scratchnet/d.jsonl"));
    CHECK(paths_user_dir(PATHS_USER_CONFIG, "", "/home/a", NULL, buf, &err) == 0);
    CHECK(eq(buf, "/home/a/.config/scratchnet"));
    CHECK(paths_user_dir(PATHS_USER_CONFIG, "rel/conf", "/home/a", NULL, buf, &err) == 0);
    CHECK(eq(buf, "/home/a/.config/scratchnet"));
    /* nothing absolute to go on: refused with the reason */
    CHECK(paths_user_dir(PATHS_USER_DATA, NULL, "home", NULL, buf, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "XDG_DATA_HOME") != NULL && strstr(err.msg, "HOME") != NULL);
    CHECK(buf[0] == '\0');
    CHECK(paths_user_dir(PATHS_USER_CONFIG, NULL, NULL, NULL, buf, &err) == SN_E_ARG);
    CHECK(strstr(err.msg, "XDG_CONFIG_HOME") != NULL);
    /* too long to hold */
    static char long_home[PATHS_MAX + 8];
    memset(long_home, 'a', sizeof long_home - 1);
    long_home[0] = '/';
    long_home[sizeof long_home - 1] = '\0';
    CHECK(paths_user_dir(PATHS_USER_DATA, NULL, long_home, NULL, buf, &err) == SN_E_LIMIT);
    CHECK(buf[0] == '\0');
}

TEST(making_folders_makes_every_missing_one_and_refuses_a_file_in_the_way)
{
    SnError err = {0};
    char path[BUF_MAX];
    snprintf(path, sizeof path, "%s/", at("user/a/b/c"));
    CHECK(paths_make_dirs(path, &err) == 0);
    struct stat st;
    CHECK(stat(at("user/a/b/c"), &st) == 0 && S_ISDIR(st.st_mode));
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(paths_make_dirs(at("user/a/b/c"), &err) == 0); /* already there: fine */
    FILE *f = fopen(at("user/a/file"), "w");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    CHECK(paths_make_dirs(at("user/a/file/d"), &err) == SN_E_NOTREG);
    CHECK(strstr(err.msg, "user/a/file: not a folder") != NULL);
    CHECK(remove(at("user/a/file")) == 0);
    CHECK(rmdir(at("user/a/b/c")) == 0 && rmdir(at("user/a/b")) == 0 &&
          rmdir(at("user/a")) == 0 && rmdir(at("user")) == 0);
}

int main(void)
{
    make_tree();
    RUN(a_program_in_the_build_folder_reads_the_source_tree);
    RUN(a_build_folder_named_through_a_symbolic_link_or_with_a_slash_still_matches);
    RUN(a_sibling_folder_whose_name_starts_like_the_build_folder_is_not_inside_it);
    RUN(an_installed_program_finds_the_data_folder_next_to_it_after_a_move);
    RUN(an_install_staged_inside_the_build_folder_counts_as_installed);
    RUN(bindir_and_datadir_may_be_the_same_folder);
    RUN(without_data_next_to_the_program_the_prefix_compiled_in_is_used);
    RUN(an_unknown_program_path_goes_straight_to_the_prefix);
    RUN(models_and_assets_variables_win_over_every_other_step);
    RUN(datadir_gives_whichever_folder_no_other_variable_names);
    RUN(empty_variables_count_as_unset);
    RUN(a_path_too_long_to_hold_is_refused_with_empty_results);
    RUN(a_data_set_folder_comes_from_its_variable_then_the_working_folder_then_the_sources);
    RUN(the_running_test_resolves_to_the_source_tree_it_was_built_from);
    RUN(the_users_folders_follow_the_xdg_variables_then_home);
    RUN(making_folders_makes_every_missing_one_and_refuses_a_file_in_the_way);
    remove_tree();
    return test_main_result();
}
