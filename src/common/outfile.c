/* outfile.c - looking after a run's output files (outfile.h).
 *
 * The check before a run asks what the save at its end will need: a name that is not a
 * directory in a folder that exists and may be written to (the atomic writer creates its
 * temporary file there).
 *
 * Two paths name the same file when they lead to the same inode; a file that does not exist yet
 * has no inode, so its path is compared instead, made absolute with its folder resolved (the
 * folder usually exists: it is where the file will be created).
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "common/outfile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_BUF (PATH_MAX + 256)

/* path made absolute with ".", ".." and repeated slashes worked out by their text alone (for a
 * folder that does not exist, so that nothing on disk can say otherwise). 0, or -1 when it does
 * not fit or the working folder is unknown. */
static int lexical_absolute(const char *path, char *out, size_t n)
{
    char whole[2 * PATH_BUF];
    char cwd[PATH_BUF];
    if (path[0] != '/' && !getcwd(cwd, sizeof cwd))
        return -1;
    int w = snprintf(whole, sizeof whole, "%s/%s", path[0] == '/' ? "" : cwd, path);
    if (w < 0 || (size_t)w >= sizeof whole)
        return -1;
    size_t len = 0;
    for (char *save = NULL, *c = strtok_r(whole, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        if (strcmp(c, ".") == 0)
            continue;
        if (strcmp(c, "..") == 0) { /* drop the last component; "/.." is "/" */
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
            continue;
        }
        size_t cl = strlen(c);
        if (len + 1 + cl + 1 > n)
            return -1;
        out[len++] = '/';
        memcpy(out + len, c, cl);
        len += cl;
    }
    if (len == 0)
        out[len++] = '/';
    out[len] = '\0';
    return 0;
}

/* The absolute path of path with its folder resolved (symbolic links, "." and ".."), the last
 * component as it is; when the folder does not exist, the lexical form. 0 or -1. */
static int canonical(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char dir[PATH_BUF], real[PATH_MAX];
    if (strcmp(base, "") == 0 || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        /* the path names a folder: resolve it whole */
        if (realpath(path, real) && strlen(real) < n) {
            memcpy(out, real, strlen(real) + 1);
            return 0;
        }
        return lexical_absolute(path, out, n);
    }
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else if ((size_t)(slash - path) < sizeof dir)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else
        return -1;
    if (!realpath(dir, real))
        return lexical_absolute(path, out, n);
    int w = snprintf(out, n, "%s/%s", strcmp(real, "/") == 0 ? "" : real, base);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

int outfile_same(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char ca[PATH_BUF], cb[PATH_BUF];
    if (canonical(a, ca, sizeof ca) != 0 || canonical(b, cb, sizeof cb) != 0)
        return strcmp(a, b) == 0; /* paths too long to resolve: the text alone */
    return strcmp(ca, cb) == 0;
}

int outfile_check(const char *path, char *msg, size_t msg_size)
{
    if (path[0] == '\0') {
        snprintf(msg, msg_size, "an empty file name");
        return OUTFILE_E_IO;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(msg, msg_size, "%s: is a directory; give a file name", path);
        return OUTFILE_E_IO;
    }
    const char *slash = strrchr(path, '/');
    char dir[PATH_BUF];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    if (stat(dir, &st) != 0) {
        if (errno == ENOENT)
            snprintf(msg, msg_size, "%s: cannot write there: the directory %s does not exist",
                     path, dir);
        else
            snprintf(msg, msg_size, "%s: cannot write there: %s: %s", path, dir, strerror(errno));
        return OUTFILE_E_IO;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(msg, msg_size, "%s: cannot write there: %s is not a directory", path, dir);
        return OUTFILE_E_IO;
    }
    if (access(dir, W_OK) != 0) {
        snprintf(msg, msg_size, "%s: cannot write there: the directory %s is not writable%s",
                 path, dir, errno == EROFS ? " (a read-only file system)" : "");
        return OUTFILE_E_IO;
    }
    return 0;
}
