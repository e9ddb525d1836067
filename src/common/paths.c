/* paths.c - the data folder lookup (see paths.h): environment, source tree, next to the
 * program, compiled-in prefix; and the folders of the data sets that are not shipped. Shared by
 * the CLI and the GUI; no SDL, no printing, no exit.
 * Only paths_resolve_here reads the process's environment and /proc/self/exe; paths_resolve
 * takes both as arguments so the tests can try every case. */
#define _XOPEN_SOURCE 700 /* realpath */

#include "common/paths.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef SCRATCHNET_SOURCE_DIR
#define SCRATCHNET_SOURCE_DIR "."
#endif
#ifndef SCRATCHNET_BUILD_DIR
#define SCRATCHNET_BUILD_DIR "."
#endif
#ifndef SCRATCHNET_BIN_TO_DATA
#define SCRATCHNET_BIN_TO_DATA "../share"
#endif
#ifndef SCRATCHNET_DATA_DIR
#define SCRATCHNET_DATA_DIR "/usr/local/share/scratchnet"
#endif

static int set(const char *s)
{
    return s && s[0];
}

/* buf (PATHS_MAX bytes) = s; returns 0, or -1 if it does not fit. */
static int copy(char *buf, const char *s)
{
    size_t n = strlen(s);
    if (n >= PATHS_MAX)
        return -1;
    memcpy(buf, s, n + 1);
    return 0;
}

/* buf (PATHS_MAX bytes) = a/b; returns 0, or -1 if it does not fit. */
static int join(char *buf, const char *a, const char *b)
{
    int w = snprintf(buf, PATHS_MAX, "%s/%s", a, b);
    return w >= 0 && w < PATHS_MAX ? 0 : -1;
}

/* Non-zero when path lies inside dir (both absolute, symbolic links resolved). */
static int inside(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') /* "/build/" is "/build" */
        n--;
    return strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* The folder of step 3 for a program at exe, resolved, into buf (PATHS_MAX); 0 if it exists. */
static int next_to_exe(const PathsConfig *cfg, const char *exe, char *buf)
{
    char dir[PATHS_MAX], candidate[PATHS_MAX];
    const char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    size_t len = (size_t)(slash - exe);
    if (len >= sizeof dir)
        return -1;
    memcpy(dir, exe, len);
    dir[len] = '\0'; /* "/usr/bin/scratchnet" -> "/usr/bin"; "/scratchnet" -> "" (the root) */
    int w = snprintf(candidate, sizeof candidate, "%s/%s/scratchnet", dir, cfg->bin_to_data);
    if (w < 0 || (size_t)w >= sizeof candidate)
        return -1;
    char real[PATH_MAX];
    struct stat st;
    if (!realpath(candidate, real) || stat(real, &st) != 0 || !S_ISDIR(st.st_mode))
        return -1;
    return copy(buf, real);
}

int paths_resolve(const PathsConfig *cfg, const char *exe, const PathsEnv *env, DataPaths *out)
{
    out->models[0] = out->assets[0] = out->digits[0] = out->fashion[0] = '\0';
    PathsEnv none = {NULL, NULL, NULL};
    if (!env)
        env = &none;

    /* the data root for whatever the environment does not name: step 1's DATADIR, then 2 to 4 */
    char root[PATHS_MAX], installed[PATHS_MAX], build_real[PATH_MAX];
    int have_installed = exe && next_to_exe(cfg, exe, installed) == 0;
    const char *build = realpath(cfg->build_dir, build_real) ? build_real : cfg->build_dir;
    PathsOrigin from;
    int rc;
    if (set(env->datadir)) {
        rc = copy(root, env->datadir);
        from = PATHS_FROM_ENV_DATADIR;
    } else if (exe && !have_installed && inside(exe, build)) {
        rc = copy(root, cfg->source_dir);
        from = PATHS_FROM_SOURCE_TREE;
    } else if (have_installed) {
        rc = copy(root, installed);
        from = PATHS_FROM_EXE;
    } else {
        rc = copy(root, cfg->data_dir);
        from = PATHS_FROM_PREFIX;
    }

    out->models_from = set(env->models) ? PATHS_FROM_ENV : from;
    out->assets_from = set(env->assets) ? PATHS_FROM_ENV : from;
    out->digits_from = from;
    rc |= set(env->models) ? copy(out->models, env->models) : join(out->models, root, "models");
    rc |= set(env->assets) ? copy(out->assets, env->assets) : join(out->assets, root, "assets");
    rc |= join(out->digits, root, "mnist-subset");
    rc |= join(out->fashion, root, "fashion-mnist-subset");
    if (rc) {
        out->models[0] = out->assets[0] = out->digits[0] = out->fashion[0] = '\0';
        return SN_E_LIMIT;
    }
    return 0;
}

const PathsConfig *paths_builtin_config(void)
{
    static const PathsConfig cfg = {SCRATCHNET_SOURCE_DIR, SCRATCHNET_BUILD_DIR,
                                    SCRATCHNET_BIN_TO_DATA, SCRATCHNET_DATA_DIR};
    return &cfg;
}

int paths_resolve_here(DataPaths *out)
{
    PathsEnv env = {getenv("SCRATCHNET_MODELS"), getenv("SCRATCHNET_ASSETS"),
                    getenv("SCRATCHNET_DATADIR")};
    char exe[PATH_MAX];
    const char *self = realpath("/proc/self/exe", exe) ? exe : NULL;
    return paths_resolve(paths_builtin_config(), self, &env, out);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *paths_dataset_dir(const char *env_value, const char *name, const char *system_dir,
                              char *buf)
{
    if (set(env_value))
        return env_value;
    char here[PATHS_MAX], source[PATHS_MAX];
    snprintf(here, sizeof here, "data/%s", name);
    snprintf(source, sizeof source, "%s/data/%s", SCRATCHNET_SOURCE_DIR, name);
    if (!is_dir(here) && !is_dir(source) && system_dir && is_dir(system_dir))
        return system_dir;
    return memcpy(buf, is_dir(here) ? here : source, PATHS_MAX);
}

const char *paths_mnist_dir(char *buf)
{
    return paths_dataset_dir(getenv(PATHS_MNIST_ENV), "mnist", NULL, buf);
}

const char *paths_fashion_dir(char *buf)
{
    return paths_dataset_dir(getenv(PATHS_FASHION_ENV), "fashion-mnist",
                             PATHS_FASHION_SYSTEM_DIR, buf);
}

const char *paths_origin_name(PathsOrigin o, int assets)
{
    switch (o) {
    case PATHS_FROM_ENV:
        return assets ? "SCRATCHNET_ASSETS" : "SCRATCHNET_MODELS";
    case PATHS_FROM_ENV_DATADIR:
        return "SCRATCHNET_DATADIR";
    case PATHS_FROM_SOURCE_TREE:
        return "the source tree";
    case PATHS_FROM_EXE:
        return "the data folder next to the program";
    case PATHS_FROM_PREFIX:
        return "the install prefix";
    }
    return "?";
}

int paths_user_dir(PathsUser kind, const char *xdg, const char *home, const char *name, char *buf,
                   SnError *err)
{
    const char *var = kind == PATHS_USER_CONFIG ? "XDG_CONFIG_HOME" : "XDG_DATA_HOME";
    const char *below = kind == PATHS_USER_CONFIG ? ".config" : ".local/share";
    int w;
    buf[0] = '\0';
    if (set(xdg) && xdg[0] == '/')
        w = snprintf(buf, PATHS_MAX, "%s/scratchnet%s%s", xdg, name ? "/" : "", name ? name : "");
    else if (set(home) && home[0] == '/')
        w = snprintf(buf, PATHS_MAX, "%s/%s/scratchnet%s%s", home, below, name ? "/" : "",
                     name ? name : "");
    else
        return sn_error(err, SN_E_ARG, "no folder for the user's files: neither %s nor HOME is "
                        "set to an absolute path", var);
    if (w < 0 || w >= PATHS_MAX) {
        buf[0] = '\0';
        return sn_error(err, SN_E_LIMIT, "the path of the user's %s folder is longer than %d "
                        "bytes", kind == PATHS_USER_CONFIG ? "settings" : "data", PATHS_MAX - 1);
    }
    return 0;
}

int paths_user_dir_here(PathsUser kind, const char *name, char *buf, SnError *err)
{
    const char *xdg = getenv(kind == PATHS_USER_CONFIG ? "XDG_CONFIG_HOME" : "XDG_DATA_HOME");
    return paths_user_dir(kind, xdg, getenv("HOME"), name, buf, err);
}

int paths_make_dirs(const char *path, SnError *err)
{
    char buf[PATHS_MAX];
    if (copy(buf, path) != 0)
        return sn_error(err, SN_E_LIMIT, "%.200s...: path longer than %d bytes", path,
                        PATHS_MAX - 1);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/')
        buf[--n] = '\0';
    /* each prefix ending before a '/', then the whole path */
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char keep = buf[i];
        buf[i] = '\0';
        struct stat st;
        if (stat(buf, &st) == 0) {
            if (!S_ISDIR(st.st_mode)) {
                int rc = sn_error(err, SN_E_NOTREG, "%s: not a folder", buf);
                buf[i] = keep;
                return rc;
            }
        } else if (mkdir(buf, 0700) != 0 && errno != EEXIST) {
            int rc = sn_error(err, SN_E_IO, "%s: cannot make the folder: %s", buf,
                              strerror(errno));
            buf[i] = keep;
            return rc;
        }
        buf[i] = keep;
    }
    return 0;
}
