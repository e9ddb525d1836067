/* paths.h - where the programs find their data: the shipped models, the fonts and the MNIST and
 * Fashion-MNIST subsets shipped beside them, and the folders of the full data sets, which are not
 * shipped.
 *
 * Shared by the scratchnet command (src/cli) and the scratchnet-draw app (src/draw). Pure: no
 * SDL, no printing, no exit. The data folder (a share/scratchnet-like folder holding models/
 * and assets/) is looked up in this order:
 *   1. the environment: $SCRATCHNET_MODELS for the models and $SCRATCHNET_ASSETS for the fonts;
 *      for whichever of the two is not set, $SCRATCHNET_DATADIR/models or /assets;
 *   2. the source tree, when the running program lives inside the meson build folder (and has
 *      no installed data folder next to it, as an install staged inside the build folder has);
 *   3. next to the program: <program's folder>/<bindir-to-datadir>/scratchnet, when that folder
 *      exists, so an installed tree that was moved (or staged by meson install --destdir)
 *      still finds its own data;
 *   4. the folder compiled in: <prefix>/<datadir>/scratchnet.
 * Empty environment variables count as unset. The shipped subsets (mnist-subset/,
 * fashion-mnist-subset/) have no variable of their own: they are always the data folder's.
 */
#ifndef COMMON_PATHS_H
#define COMMON_PATHS_H

#include <stddef.h>

#include "common/error.h"

#define PATHS_MAX 4096 /* bytes in a resolved path, with its terminating NUL */

/* Which step of the lookup gave a folder. */
typedef enum PathsOrigin {
    PATHS_FROM_ENV,         /* $SCRATCHNET_MODELS or $SCRATCHNET_ASSETS */
    PATHS_FROM_ENV_DATADIR, /* $SCRATCHNET_DATADIR */
    PATHS_FROM_SOURCE_TREE, /* the program runs from the build folder */
    PATHS_FROM_EXE,         /* the data folder next to the program */
    PATHS_FROM_PREFIX,      /* the installed folder compiled in */
} PathsOrigin;

/* What the build knows (paths_builtin_config) or a test makes up. */
typedef struct PathsConfig {
    const char *source_dir;  /* the source tree's root, holding models/ and assets/ */
    const char *build_dir;   /* the meson build folder */
    const char *bin_to_data; /* the data root relative to the programs' folder, e.g. "../share" */
    const char *data_dir;    /* the installed data folder, e.g. "/usr/local/share/scratchnet" */
} PathsConfig;

/* The environment's say; NULL or "" for unset. */
typedef struct PathsEnv {
    const char *models;  /* $SCRATCHNET_MODELS */
    const char *assets;  /* $SCRATCHNET_ASSETS */
    const char *datadir; /* $SCRATCHNET_DATADIR */
} PathsEnv;

typedef struct DataPaths {
    char models[PATHS_MAX];  /* the folder of the shipped *.json models */
    char assets[PATHS_MAX];  /* the folder of the fonts (DejaVuSans.ttf, DejaVuSans-Bold.ttf) */
    char digits[PATHS_MAX];  /* the shipped MNIST subset: <data folder>/mnist-subset */
    char fashion[PATHS_MAX]; /* the shipped Fashion-MNIST subset: <data folder>/fashion-mnist-
                              * subset */
    PathsOrigin models_from; /* which lookup step found models */
    PathsOrigin assets_from; /* ... and assets */
    PathsOrigin digits_from; /* ... and digits and fashion (never PATHS_FROM_ENV) */
} DataPaths;

/* Resolves both folders for a program whose real path (symbolic links resolved) is exe; exe
 * NULL means unknown, which skips steps 2 and 3. Looks at the file system only to compare exe
 * with the build folder and to see whether the folder of step 3 exists. Returns 0, or
 * SN_E_LIMIT when a path would not fit in PATHS_MAX (out then holds empty strings). */
int paths_resolve(const PathsConfig *cfg, const char *exe, const PathsEnv *env, DataPaths *out);

/* The folders meson configured this build with. */
const PathsConfig *paths_builtin_config(void);

/* Resolves for the running program: the build's configuration, the real path of
 * /proc/self/exe and the SCRATCHNET_* environment variables. Returns as paths_resolve. */
int paths_resolve_here(DataPaths *out);

/* The folder of a full data set (MNIST, Fashion-MNIST; only subsets are shipped), as every program
 * looks for it: env_value (the value of the set's environment variable, NULL or "" for unset) if
 * set, else data/<name> under the working folder if it exists, else the source tree's
 * data/<name> if it exists, else system_dir (where a system package installs the set; may be
 * NULL) if it exists, else the source tree's data/<name>. Returns env_value, or buf (PATHS_MAX
 * bytes) holding the folder, or system_dir. */
const char *paths_dataset_dir(const char *env_value, const char *name, const char *system_dir,
                              char *buf);

/* The environment variable that names the full MNIST folder, and that folder as every program
 * finds it (paths_dataset_dir for "mnist", with no system folder), in buf (PATHS_MAX bytes). */
#define PATHS_MNIST_ENV "SCRATCHNET_DATA"
const char *paths_mnist_dir(char *buf);

/* The same for Zalando's full Fashion-MNIST: its variable, the folder a system package
 * installs it in, and the folder as every program finds it. */
#define PATHS_FASHION_ENV "SCRATCHNET_FASHION_DATA"
#define PATHS_FASHION_SYSTEM_DIR "/usr/share/datasets/fashion-mnist"
const char *paths_fashion_dir(char *buf);

/* The user's own folders, where the programs keep what a person makes and chooses (the XDG base
 * directory rules): kind PATHS_USER_DATA is $XDG_DATA_HOME/scratchnet (collected drawings,
 * models trained in the app), PATHS_USER_CONFIG $XDG_CONFIG_HOME/scratchnet (settings). A
 * variable that is unset, empty or not an absolute path counts as unset, and the folder is then
 * $HOME/.local/share/scratchnet or $HOME/.config/scratchnet. xdg and home are the variables'
 * values (NULL: unset), so tests can try every case; paths_user_dir_here reads them from the
 * environment. Writes the folder into buf (PATHS_MAX bytes), with `name` appended after a '/'
 * when name is not NULL. Creates nothing. Returns 0, SN_E_ARG (err says so) when neither the XDG
 * variable nor an absolute $HOME gives a folder, or SN_E_LIMIT when the path would not fit. */
typedef enum PathsUser {
    PATHS_USER_DATA,
    PATHS_USER_CONFIG,
} PathsUser;
int paths_user_dir(PathsUser kind, const char *xdg, const char *home, const char *name, char *buf,
                   SnError *err);
int paths_user_dir_here(PathsUser kind, const char *name, char *buf, SnError *err);

/* Creates the folder path and every missing folder above it (mode 0700 for new ones, as the XDG
 * rules ask). Returns 0, or SN_E_IO naming the folder that could not be made, or SN_E_NOTREG when
 * something on the way exists and is not a folder. */
int paths_make_dirs(const char *path, SnError *err);

/* A short description of where a folder came from, e.g. "SCRATCHNET_DATADIR" or "the source
 * tree", for messages. */
const char *paths_origin_name(PathsOrigin o, int assets);

#endif
