/* atomic.c - the atomic file writer (atomic.h).
 *
 * The steps: a temporary file beside the target (same folder, so the same file system and the
 * rename cannot cross devices), every write checked (a full disk shows up as a short write or
 * ENOSPC, a size limit as EFBIG), fsync so the bytes are on disk before the name points at
 * them, rename (atomic: readers see the old file or the new one), and a best-effort fsync of the
 * folder so the new name itself survives a crash.
 *
 * Before any of that, the target is found: only a regular file is ever replaced. A symbolic
 * link is followed (lstat and readlink, up to ATOMIC_MAX_LINKS links) to the file at its end,
 * and that file is written in its own folder, so the link stays a link; a device, a FIFO, a
 * socket or a directory is refused, so saving to /dev/null never replaces /dev/null.
 */
#include "common/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Creates "<path>.tmp.XXXXXX" with a random suffix, exclusively (O_EXCL: never an existing
 * file). This is what mkstemp does, except that the mode is 0666 minus the umask, like any new
 * file, instead of mkstemp's 0600 which the rename would carry over to the saved file.
 * Fills tmp (strlen(path) + TMP_EXTRA bytes) and returns the descriptor, or -1 with errno set. */
#define TMP_EXTRA (sizeof ATOMIC_TMP_INFIX + ATOMIC_TMP_RANDOM)
static int open_temp(const char *path, char *tmp)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* splitmix64 over the time, the process and the buffer's address: names differ between
     * processes and calls; they need to be unlikely to collide, not unpredictable */
    uint64_t x = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 20) ^
                 (uint64_t)(uintptr_t)tmp;
    size_t n = strlen(path), k = sizeof ATOMIC_TMP_INFIX - 1;
    memcpy(tmp, path, n);
    memcpy(tmp + n, ATOMIC_TMP_INFIX, k);
    for (int attempt = 0; attempt < 100; attempt++) {
        for (size_t i = 0; i < ATOMIC_TMP_RANDOM; i++) {
            x += 0x9E3779B97F4A7C15ull;
            uint64_t z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            z ^= z >> 31;
            tmp[n + k + i] = alphabet[z % (sizeof alphabet - 1)];
        }
        tmp[n + k + ATOMIC_TMP_RANDOM] = '\0';
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1; /* errno is EEXIST */
}

/* After a rename, the directory entry is only durable once the directory itself is synced.
 * Best effort: the new file is already complete and in place, and some file systems refuse to
 * sync a directory, so a failure here is not reported. */
static void sync_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = NULL;
    if (!slash) {
        dir = strdup(".");
    } else {
        size_t n = slash == path ? 1 : (size_t)(slash - path); /* "/x.json" -> "/" */
        dir = malloc(n + 1);
        if (dir) {
            memcpy(dir, path, n);
            dir[n] = '\0';
        }
    }
    if (!dir)
        return;
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        (void)close(fd);
    }
    free(dir);
}

const char *atomic_file_kind(mode_t mode)
{
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISDIR(mode))
        return "a directory";
    return "not a file";
}

/* The text of the link at link (whose size lstat gave as size) as a path that can be opened
 * from here: absolute links as they are, relative ones after the link's own folder.
 * Returns a string the caller frees, or NULL with errno set (ENOMEM, or readlink's). */
static char *follow_link(const char *link, off_t size)
{
    size_t cap = size > 0 ? (size_t)size + 1 : 256; /* some file systems report 0 for links */
    char *text = NULL;
    for (;;) {
        char *grown = realloc(text, cap);
        if (!grown) {
            free(text);
            errno = ENOMEM;
            return NULL;
        }
        text = grown;
        ssize_t n = readlink(link, text, cap);
        if (n < 0) {
            free(text);
            return NULL;
        }
        if ((size_t)n < cap) { /* else it may have been cut: read again with more room */
            text[n] = '\0';
            break;
        }
        if (cap > ((size_t)1 << 20)) {
            free(text);
            errno = ENAMETOOLONG;
            return NULL;
        }
        cap *= 2;
    }
    const char *slash = strrchr(link, '/');
    if (text[0] == '/' || !slash)
        return text;
    size_t dir_len = (size_t)(slash - link) + 1; /* "a/b/link" -> "a/b/" */
    size_t n = strlen(text);
    char *joined = malloc(dir_len + n + 1);
    if (joined) {
        memcpy(joined, link, dir_len);
        memcpy(joined + dir_len, text, n + 1);
    } else {
        errno = ENOMEM;
    }
    free(text);
    return joined;
}

int atomic_resolve_target(const char *path, char **target, SnError *err)
{
    *target = NULL;
    if (path[0] == '\0')
        return sn_error(err, SN_E_IO, "cannot save to an empty file name");
    char *cur = strdup(path);
    for (int links = 0; cur; links++) {
        struct stat st;
        if (lstat(cur, &st) != 0) {
            if (errno == ENOENT) { /* nothing there yet: a new file */
                *target = cur;
                return 0;
            }
            sn_error(err, SN_E_IO, "%s: cannot look at %s: %s (nothing was written)", path, cur,
                     strerror(errno));
            free(cur);
            return SN_E_IO;
        }
        if (S_ISREG(st.st_mode)) {
            *target = cur;
            return 0;
        }
        if (!S_ISLNK(st.st_mode)) {
            if (links == 0)
                sn_error(err, SN_E_NOTREG, "%s: not a regular file (%s), not replaced", path,
                         atomic_file_kind(st.st_mode));
            else
                sn_error(err, SN_E_NOTREG,
                         "%s: not a regular file (it links to %s, %s), not replaced", path, cur,
                         atomic_file_kind(st.st_mode));
            free(cur);
            return SN_E_NOTREG;
        }
        if (links == ATOMIC_MAX_LINKS) {
            sn_error(err, SN_E_IO,
                     "%s: more than %d symbolic links in a row (a loop?), not replaced", path,
                     ATOMIC_MAX_LINKS);
            free(cur);
            return SN_E_IO;
        }
        char *next = follow_link(cur, st.st_size);
        if (!next && errno != ENOMEM) {
            sn_error(err, SN_E_IO,
                     "%s: cannot read the symbolic link %s: %s (nothing was written)", path, cur,
                     strerror(errno));
            free(cur);
            return SN_E_IO;
        }
        free(cur);
        cur = next;
    }
    return sn_error(err, SN_E_NOMEM, "%s: out of memory", path);
}

int atomic_write_file(const char *path, const void *bytes, size_t len, SnError *err)
{
    const char *data = bytes;
    char *target = NULL;
    int rc = atomic_resolve_target(path, &target, err);
    if (rc != 0)
        return rc;
    char *tmp = malloc(strlen(target) + TMP_EXTRA);
    if (!tmp) {
        sn_error(err, SN_E_NOMEM, "%s: out of memory", path);
        free(target);
        return SN_E_NOMEM;
    }
    int fd = open_temp(target, tmp);
    if (fd < 0) {
        sn_error(err, SN_E_IO, "%s: cannot create the temporary file %s: %s", path, tmp,
                 strerror(errno));
        free(tmp);
        free(target);
        return SN_E_IO;
    }
    const char *what = "write";
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        data += w;
        len -= (size_t)w;
    }
    what = "sync";
    if (fsync(fd) != 0)
        goto fail;
    what = "close";
    int rc_close = close(fd);
    fd = -1;
    if (rc_close != 0)
        goto fail;
    what = "rename";
    if (rename(tmp, target) != 0)
        goto fail;
    free(tmp);
    sync_parent_dir(target);
    free(target);
    return 0;

fail:;
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    sn_error(err, SN_E_IO, "%s: cannot %s %s%s: %s (the file was not changed)", path, what, tmp,
             strcmp(what, "rename") == 0 ? " onto it" : "", strerror(e));
    free(tmp);
    free(target);
    return SN_E_IO;
}
