/* readfile.c - opening and reading input files: regular files only, bounded (readfile.h). */
#define _POSIX_C_SOURCE 200809L

#include "common/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic.h"

int readfile_open(const char *path, SnError *err)
{
    /* without waiting: a FIFO is refused below, not waited on for a writer */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        return sn_error(err, e == ENOMEM ? SN_E_NOMEM : SN_E_IO, "%s: cannot open: %s", path,
                        strerror(e));
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        sn_error(err, SN_E_IO, "%s: cannot read: %s", path, strerror(errno));
        close(fd);
        return SN_E_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        sn_error(err, SN_E_NOTREG, "%s: not a regular file (%s)", path,
                 atomic_file_kind(st.st_mode));
        close(fd);
        return SN_E_NOTREG;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        sn_error(err, SN_E_IO, "%s: cannot read: %s", path, strerror(errno));
        close(fd);
        return SN_E_IO;
    }
    return fd;
}

int readfile_all(const char *path, size_t max, int text, char **bytes, size_t *len,
                 SnError *err)
{
    *bytes = NULL;
    *len = 0;
    int fd = readfile_open(path, err);
    if (fd < 0)
        return fd;
    struct stat st = {0};
    size_t cap = 65536;
    /* the expected size first (one more byte tells the end apart), never past max + 1 */
    if (fstat(fd, &st) == 0 && (unsigned long long)st.st_size > max) {
        close(fd); /* refused from its size, nothing read */
        return sn_error(err, SN_E_LIMIT, "%s: more than %zu bytes", path, max);
    }
    if (st.st_size > 0)
        cap = (size_t)st.st_size + 1;
    if (cap > max + 1)
        cap = max + 1;
    char *buf = malloc(cap + 1);
    size_t have = 0;
    int rc = 0;
    while (buf) {
        if (have == cap) {
            if (cap > max)
                break; /* max + 1 bytes read: too many */
            size_t grown = cap <= max / 2 ? cap * 2 : max + 1;
            char *nb = realloc(buf, grown + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap = grown;
        }
        ssize_t got = read(fd, buf + have, cap - have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            rc = sn_error(err, SN_E_IO, "%s: read error: %s", path, strerror(errno));
            break;
        }
        if (got == 0)
            break;
        const char *nul = text ? memchr(buf + have, '\0', (size_t)got) : NULL;
        have += (size_t)got;
        if (nul) {
            *len = (size_t)(nul - buf);
            rc = sn_error(err, SN_E_FORMAT, "%s: byte %zu: a NUL byte", path, *len);
            break;
        }
    }
    close(fd);
    if (!buf)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory reading the file", path);
    if (rc == 0 && have > max) {
        rc = sn_error(err, SN_E_LIMIT, "%s: more than %zu bytes", path, max);
    }
    if (rc != 0) {
        free(buf);
        return rc;
    }
    buf[have] = '\0';
    *bytes = buf;
    *len = have;
    return 0;
}
