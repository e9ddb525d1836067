/* atomic.c - the atomic file writer (atomic.h).
 *
 * The steps: a temporary file beside the target (same folder, so the same file system and the
 * rename cannot cross devices), every write checked (a full disk shows up as a short write or
 * ENOSPC, a size limit as EFBIG), fsync so the bytes are on disk before the name points at
 * them, rename (atomic: readers see the old file or the new one), and a best-effort fsync of the
 * folder so the new name itself survives a crash.
 */
#include "common/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int atomic_write_file(const char *path, const void *bytes, size_t len, char *msg,
                      size_t msg_size)
{
    const char *data = bytes;
    char *tmp = malloc(strlen(path) + TMP_EXTRA);
    if (!tmp) {
        snprintf(msg, msg_size, "%s: out of memory", path);
        return ATOMIC_E_NOMEM;
    }
    int fd = open_temp(path, tmp);
    if (fd < 0) {
        snprintf(msg, msg_size, "%s: cannot create the temporary file %s: %s", path, tmp,
                 strerror(errno));
        free(tmp);
        return ATOMIC_E_IO;
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
    if (rename(tmp, path) != 0)
        goto fail;
    free(tmp);
    sync_parent_dir(path);
    return 0;

fail:;
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    snprintf(msg, msg_size, "%s: cannot %s %s%s: %s (the file was not changed)", path, what, tmp,
             strcmp(what, "rename") == 0 ? " onto it" : "", strerror(e));
    free(tmp);
    return ATOMIC_E_IO;
}
