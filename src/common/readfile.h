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

#include "common/error.h"

/* Opens path for reading as above. Returns the descriptor (blocking, close-on-exec), or
 * SN_E_IO (missing, no permission, a read error), SN_E_NOMEM or SN_E_NOTREG (not a regular
 * file), with err (may be NULL) set to one line naming path, e.g.
 * "fifo: not a regular file (a FIFO)" or "m.json: cannot open: No such file or directory". */
int readfile_open(const char *path, SnError *err);

/* Reads the whole regular file at path into *bytes (caller frees; one NUL byte is added after
 * the last, so a text is a string), its length in *len. A file whose size is over max is
 * refused unread, and at most max + 1 bytes are ever read whatever the size said (the file may
 * grow while read): a longer file is SN_E_LIMIT with err "PATH: more than MAX bytes". With
 * text set, reading stops at the first NUL byte, which no text holds (all of /dev/zero is NUL
 * bytes): SN_E_FORMAT, its offset in *len and err "PATH: byte N: a NUL byte". On failure
 * *bytes is NULL. Returns 0, SN_E_LIMIT, SN_E_FORMAT, or a code of readfile_open. */
int readfile_all(const char *path, size_t max, int text, char **bytes, size_t *len,
                 SnError *err);

#endif
