/* readfile.h - the one way the library, the drawing pipeline and the programs open a file they
 * read (models, checkpoints, drawings, PNG and PGM images, IDX data sets): only a regular file
 * is read, and never more than the caller's limit. Pure: no printing, no exit.
 *
 * The file is opened without waiting (O_NONBLOCK), so a FIFO that nobody writes to does not
 * block the open; anything but a regular file (a FIFO, a device such as /dev/zero, a socket,
 * a directory) is refused before a byte is read, naming what it is. The descriptor is then
 * made blocking again for the reads.
 */
#ifndef COMMON_READFILE_H
#define COMMON_READFILE_H

#include <stddef.h>

/* Failure codes of readfile_open and readfile_all. */
enum {
    READFILE_E_IO = -1,     /* cannot open or read (missing, no permission, a read error) */
    READFILE_E_NOMEM = -2,  /* out of memory */
    READFILE_E_NOTREG = -3, /* not a regular file: "PATH: not a regular file (a FIFO)" */
    READFILE_E_LIMIT = -4,  /* more bytes than the caller's limit */
    READFILE_E_NUL = -5,    /* a text file holding a NUL byte */
};

/* Opens path for reading as above. Returns the descriptor (blocking, close-on-exec), or one of
 * the codes above with msg (msg_size bytes) set to one line naming path, e.g.
 * "fifo: not a regular file (a FIFO)" or "m.json: cannot open: No such file or directory". */
int readfile_open(const char *path, char *msg, size_t msg_size);

/* Reads the whole regular file at path into *bytes (caller frees; one NUL byte is added after
 * the last, so a text is a string), its length in *len. A file whose size is over max is
 * refused unread, and at most max + 1 bytes are ever read whatever the size said (the file may
 * grow while read): a longer file is READFILE_E_LIMIT with msg "PATH: more than MAX bytes". With text set, reading stops at the first NUL byte, which no
 * text holds (all of /dev/zero is NUL bytes): READFILE_E_NUL, its offset in *len and msg
 * "PATH: byte N: a NUL byte". On failure *bytes is NULL. Returns 0 or a code above. */
int readfile_all(const char *path, size_t max, int text, char **bytes, size_t *len, char *msg,
                 size_t msg_size);

#endif
