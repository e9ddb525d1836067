/* atomic.h - saving a file so that it is either the old one or the whole new one, never half:
 * the one writer behind every file the library, the drawing pipeline and the programs save
 * (models, checkpoints, drawings, PNG images, logs and charts). Pure: no printing, no exit.
 */
#ifndef COMMON_ATOMIC_H
#define COMMON_ATOMIC_H

#include <stddef.h>

/* The temporary file of a save to path is named path, ATOMIC_TMP_INFIX, then ATOMIC_TMP_RANDOM
 * characters from [A-Za-z0-9]: "<path>.tmp.XXXXXX". A run killed during a save leaves it
 * behind; outfile_remove_stale_temps (outfile.h) recognises it by this name. */
#define ATOMIC_TMP_INFIX ".tmp."
#define ATOMIC_TMP_RANDOM 6

/* Failure codes of atomic_write_file. */
enum { ATOMIC_E_IO = -1, ATOMIC_E_NOMEM = -2 };

/* Writes len bytes to a new temporary file "<path>.tmp.XXXXXX" next to path (created
 * exclusively, mode 0666 minus the umask), syncs and closes it checking every step, renames it
 * over path, then syncs the folder. On any failure the temporary file is removed, path is left
 * as it was, and msg (msg_size bytes) gets one line naming path and the step that failed.
 * Returns 0, ATOMIC_E_IO or ATOMIC_E_NOMEM. */
int atomic_write_file(const char *path, const void *bytes, size_t len, char *msg,
                      size_t msg_size);

#endif
