/* outfile.c - looking after a run's output files (outfile.h).
 *
 * The lock: a file "<output>.lock" created beside the output, locked with flock and holding
 * the holder's process ID for the message that refuses a second run. flock rather than the
 * process ID decides who holds it: the system drops the lock when its process ends, even by
 * SIGKILL, so a left-behind file is simply locked anew, and a process ID reused by an unrelated
 * program fools nothing. Taking it: open (or create) the file, flock it without waiting, then
 * make sure the name still leads to the file locked (its holder may have removed it in between),
 * then write the process ID. Giving it back: remove the name while still holding the lock, then
 * close.
 *
 * The check before a run asks what the save at its end will need: a name that is not a
 * directory in a folder that exists and may be written to (the atomic writer creates its
 * temporary file there).
 *
 * Two paths name the same file when they lead to the same inode; a file that does not exist yet
 * has no inode, so its path is compared instead, made absolute with its folder resolved (the
 * folder usually exists: it is where the file will be created).
 */
#define _DEFAULT_SOURCE   /* flock */
#define _XOPEN_SOURCE 700 /* realpath */

#include "common/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/atomic.h"

#define PATH_BUF (PATH_MAX + 256)

_Static_assert(OUTFILE_SUFFIX_ROOM == sizeof ATOMIC_TMP_INFIX - 1 + ATOMIC_TMP_RANDOM &&
                   OUTFILE_SUFFIX_ROOM >= sizeof OUTFILE_LOCK_SUFFIX - 1,
               "OUTFILE_SUFFIX_ROOM is the longest suffix a run adds to an output's name");

/* The folder of path into dir (n bytes): "." for a bare name, "/" for "/x". */
static void folder_of(const char *path, char *dir, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, n, ".");
    else if (slash == path)
        snprintf(dir, n, "/");
    else
        snprintf(dir, n, "%.*s", (int)(slash - path), path);
}

/* The last component of path into base (n bytes). */
static void name_of(const char *path, char *base, size_t n)
{
    const char *slash = strrchr(path, '/');
    snprintf(base, n, "%s", slash ? slash + 1 : path);
}

/* The file a save to path writes (atomic_resolve_target): path itself, or the end of its
 * symbolic links. The lock and the temporary files live beside that file, so that two paths
 * leading to one file share its lock. A string the caller frees; path's copy when it cannot be
 * resolved (outfile_check reports why), NULL when out of memory. */
static char *target_of(const char *path)
{
    char *resolved = NULL;
    if (atomic_resolve_target(path, &resolved, NULL) == 0)
        return resolved;
    return strdup(path);
}

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
    if (strlen(path) >= sizeof dir)
        return -1;
    folder_of(path, dir, sizeof dir);
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

/* Whether the folder of file (named path to the user) exists and may be written to: 0, or
 * SN_E_IO with err. */
static int check_folder(const char *path, const char *file, SnError *err)
{
    char dir[PATH_BUF];
    folder_of(file, dir, sizeof dir);
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (errno == ENOENT)
            sn_error(err, SN_E_IO, "%s: cannot write there: the directory %s does not exist",
                     path, dir);
        else
            sn_error(err, SN_E_IO, "%s: cannot write there: %s: %s", path, dir, strerror(errno));
        return SN_E_IO;
    }
    if (!S_ISDIR(st.st_mode))
        return sn_error(err, SN_E_IO, "%s: cannot write there: %s is not a directory", path, dir);
    if (access(dir, W_OK) != 0)
        return sn_error(err, SN_E_IO,
                        "%s: cannot write there: the directory %s is not writable%s", path, dir,
                        errno == EROFS ? " (a read-only file system)" : "");
    return 0;
}

/* Whether name is base + ATOMIC_TMP_INFIX + ATOMIC_TMP_RANDOM characters of [A-Za-z0-9]; with
 * base NULL, whether name ends so (whatever comes before). */
static int is_temp_of(const char *name, const char *base)
{
    size_t nl = strlen(name), il = sizeof ATOMIC_TMP_INFIX - 1;
    if (nl < il + ATOMIC_TMP_RANDOM)
        return 0;
    size_t bl = base ? strlen(base) : nl - il - ATOMIC_TMP_RANDOM;
    if (nl != bl + il + ATOMIC_TMP_RANDOM || (base && strncmp(name, base, bl) != 0) ||
        strncmp(name + bl, ATOMIC_TMP_INFIX, il) != 0)
        return 0;
    for (const char *c = name + bl + il; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
            return 0;
    return 1;
}

/* Whether the file a save to path writes (file: path, or the end of its links) has a name
 * short enough for the longest suffix the run adds to it (OUTFILE_SUFFIX_ROOM): its last
 * component within the folder's NAME_MAX, the whole within PATH_MAX. 0, or SN_E_IO. */
static int check_length(const char *path, const char *file, SnError *err)
{
    char dir[PATH_BUF], base[PATH_BUF];
    folder_of(file, dir, sizeof dir);
    name_of(file, base, sizeof base);
    long name_max = pathconf(dir, _PC_NAME_MAX);
    if (name_max <= 0)
        name_max = NAME_MAX;
    if (strlen(base) + OUTFILE_SUFFIX_ROOM > (size_t)name_max)
        return sn_error(err, SN_E_IO,
                        "%.80s...: the file name is too long: %zu bytes, at most %ld here (%ld "
                        "minus %d for the suffixes of its temporary and lock files)",
                        path, strlen(base), name_max - OUTFILE_SUFFIX_ROOM, name_max,
                        OUTFILE_SUFFIX_ROOM);
    if (strlen(file) + OUTFILE_SUFFIX_ROOM >= PATH_MAX)
        return sn_error(err, SN_E_IO,
                        "%.80s...: the path is too long: %zu bytes, at most %d (%d minus %d for "
                        "the suffixes of its temporary and lock files)",
                        path, strlen(file), PATH_MAX - 1 - OUTFILE_SUFFIX_ROOM, PATH_MAX - 1,
                        OUTFILE_SUFFIX_ROOM);
    return 0;
}

int outfile_check(const char *path, SnError *err)
{
    if (path[0] == '\0')
        return sn_error(err, SN_E_IO, "an empty file name");
    /* the names the run gives its own files: an output so named would be mistaken for one */
    size_t len = strlen(path), ll = sizeof OUTFILE_LOCK_SUFFIX - 1;
    if (len >= ll && strcmp(path + len - ll, OUTFILE_LOCK_SUFFIX) == 0)
        return sn_error(err, SN_E_IO,
                        "%s: an output may not be named *%s (the name of a lock file)", path,
                        OUTFILE_LOCK_SUFFIX);
    if (is_temp_of(path, NULL))
        return sn_error(err, SN_E_IO,
                        "%s: an output may not be named like a temporary file (*%s followed by %d "
                        "letters or digits)",
                        path, ATOMIC_TMP_INFIX, ATOMIC_TMP_RANDOM);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return sn_error(err, SN_E_IO, "%s: is a directory; give a file name", path);
    int rc = check_folder(path, path, err);
    if (rc == 0)
        rc = check_length(path, path, err);
    if (rc != 0)
        return rc;
    /* a device, a FIFO, a loop of links: the save would refuse it, so refuse it now; a link is
     * saved through, beside the file it leads to */
    char *target = NULL;
    rc = atomic_resolve_target(path, &target, err);
    if (rc != 0)
        return rc;
    if (strcmp(target, path) != 0) {
        rc = check_folder(path, target, err);
        if (rc == 0)
            rc = check_length(path, target, err);
    }
    free(target);
    return rc;
}

/* The process ID a lock file records, or 0 when it holds none (yet). */
static long read_pid(int fd)
{
    char buf[32];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *end;
    errno = 0;
    long pid = strtol(buf, &end, 10);
    return errno || end == buf || pid <= 0 ? 0 : pid;
}

/* Whether process pid exists (EPERM: it does, but belongs to another user). */
static int pid_alive(long pid)
{
    return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

static int busy(const char *path, const char *lock_path, long pid, long *holder, SnError *err)
{
    *holder = pid;
    if (pid > 0)
        return sn_error(err, SN_E_BUSY, "%s: in use by another run (process %ld, lock file %s)",
                        path, pid, lock_path);
    return sn_error(err, SN_E_BUSY, "%s: in use by another run (lock file %s)", path, lock_path);
}

int outfile_lock(const char *path, OutfileLock *lock, long *holder, SnError *err)
{
    *lock = (OutfileLock)OUTFILE_LOCK_NONE;
    *holder = 0;
    char *target = target_of(path);
    size_t n = target ? strlen(target) : 0;
    char *lp = target ? malloc(n + sizeof OUTFILE_LOCK_SUFFIX) : NULL;
    if (!lp) {
        free(target);
        return sn_error(err, SN_E_NOMEM, "%s: out of memory", path);
    }
    memcpy(lp, target, n);
    memcpy(lp + n, OUTFILE_LOCK_SUFFIX, sizeof OUTFILE_LOCK_SUFFIX);
    free(target);
    int rc = SN_E_IO;
    for (int attempt = 0; attempt < 100; attempt++) {
        int created = 1;
        int fd = open(lp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0 && errno == EEXIST) {
            created = 0;
            fd = open(lp, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
            if (fd < 0 && errno == ENOENT)
                continue; /* its holder removed it just now: create it */
        }
        if (fd < 0) {
            sn_error(err, SN_E_IO, "%s: cannot %s the lock file %s: %s", path,
                     created ? "create" : "open", lp, strerror(errno));
            goto fail;
        }
        struct stat st;
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            sn_error(err, SN_E_IO, "%s: the lock file %s is not a regular file", path, lp);
            close(fd);
            goto fail;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno == EINTR) {
                close(fd);
                continue;
            }
            if (errno == EWOULDBLOCK) {
                /* held: by a run that is starting, its process ID may follow in a moment */
                long pid = read_pid(fd);
                for (int wait = 0; pid == 0 && wait < 50; wait++) {
                    nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
                    pid = read_pid(fd);
                }
                close(fd);
                rc = busy(path, lp, pid, holder, err);
                goto fail;
            }
            if (errno != ENOLCK && errno != EINVAL && errno != EOPNOTSUPP) {
                sn_error(err, SN_E_IO, "%s: cannot lock %s: %s", path, lp, strerror(errno));
                close(fd);
                goto fail;
            }
            /* a file system without flock: the process the file names holds it if alive */
            long pid = created ? 0 : read_pid(fd);
            if (pid_alive(pid)) {
                close(fd);
                rc = busy(path, lp, pid, holder, err);
                goto fail;
            }
        }
        /* locked: but is it still the file the name leads to? */
        struct stat now;
        if (stat(lp, &now) != 0 || now.st_dev != st.st_dev || now.st_ino != st.st_ino) {
            close(fd);
            continue;
        }
        char text[32];
        int len = snprintf(text, sizeof text, "%ld\n", (long)getpid());
        if (ftruncate(fd, 0) != 0 || pwrite(fd, text, (size_t)len, 0) != len) {
            sn_error(err, SN_E_IO, "%s: cannot write the lock file %s: %s", path, lp,
                     strerror(errno));
            unlink(lp);
            close(fd);
            goto fail;
        }
        lock->fd = fd;
        lock->path = lp;
        return 0;
    }
    sn_error(err, SN_E_IO, "%s: the lock file %s keeps changing; try again", path, lp);
fail:
    free(lp);
    return rc;
}

void outfile_unlock(OutfileLock *lock)
{
    if (lock->fd >= 0) {
        /* remove the name only if it still leads to this lock file */
        struct stat mine, now;
        if (lock->path && fstat(lock->fd, &mine) == 0 && stat(lock->path, &now) == 0 &&
            mine.st_dev == now.st_dev && mine.st_ino == now.st_ino)
            unlink(lock->path);
        close(lock->fd);
    }
    free(lock->path);
    *lock = (OutfileLock)OUTFILE_LOCK_NONE;
}

int outfile_remove_stale_temps(const char *path, const char *const *keep, int n_keep,
                               int *removed, SnError *err)
{
    *removed = 0;
    char *target = target_of(path);
    if (!target)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory", path);
    char base[PATH_BUF];
    char dir[PATH_BUF];
    folder_of(target, dir, sizeof dir);
    name_of(target, base, sizeof base);
    DIR *d = opendir(dir);
    if (!d) {
        sn_error(err, SN_E_IO, "%s: cannot look for temporary files in %s: %s", path, dir,
                 strerror(errno));
        free(target);
        return SN_E_IO;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_temp_of(e->d_name, base))
            continue;
        char tmp[2 * PATH_BUF];
        struct stat st;
        snprintf(tmp, sizeof tmp, "%s/%s", dir, e->d_name);
        if (lstat(tmp, &st) != 0 || !S_ISREG(st.st_mode))
            continue; /* a link, a folder, ...: not one the writer made */
        int kept = 0;
        for (int k = 0; k < n_keep && !kept; k++)
            kept = keep[k] && outfile_same(tmp, keep[k]);
        if (kept)
            continue; /* one of the run's own files, whatever it is called */
        if (unlink(tmp) == 0) {
            (*removed)++;
        } else if (rc == 0) {
            rc = sn_error(err, SN_E_IO, "%s: cannot remove the temporary file %s: %s", path, tmp,
                          strerror(errno));
        }
    }
    closedir(d);
    free(target);
    return rc;
}
