/* atomic.h - saving a file so that it is either the old one or the whole new one, never half:
 * the one writer behind every file the library, the drawing pipeline and the programs save
 * (models, checkpoints, drawings, PNG images, logs and charts). Pure: no printing, no exit.
 */
#ifndef COMMON_ATOMIC_H
#define COMMON_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

#include "common/error.h"

/* The temporary file of a save to path is named path, ATOMIC_TMP_INFIX, then ATOMIC_TMP_RANDOM
 * characters from [A-Za-z0-9]: "<path>.tmp.XXXXXX". A run killed during a save leaves it
 * behind; outfile_remove_stale_temps (outfile.h) recognises it by this name. */
#define ATOMIC_TMP_INFIX ".tmp."
#define ATOMIC_TMP_RANDOM 6

/* How many symbolic links are followed before a chain counts as a loop (Linux's own limit). */
#define ATOMIC_MAX_LINKS 40

/* Writes len bytes so that the file at path is either what it was or all of bytes, never half.
 * Only a regular file is ever replaced, or a new one created: path itself when it is a regular
 * file or does not exist; when path is a symbolic link, the file at the end of its chain of
 * links (relative links read from their own folder), which is written the same way while every
 * link stays a link; anything else is refused (SN_E_NOTREG) before a byte is written.
 * The steps: a new temporary file "<target>.tmp.XXXXXX" next to that target (created
 * exclusively, mode 0666 minus the umask), every write checked, synced and closed, renamed over
 * the target, then the folder synced. On any failure the temporary file is removed, the target
 * is left as it was, and err (may be NULL) gets one line naming path and the step that
 * failed, e.g. "/dev/null: not a regular file (a character device), not replaced".
 * Returns 0, SN_E_IO (a step failed: the folder is missing or read-only, the disk is full, a
 * loop of symbolic links, ...), SN_E_NOMEM or SN_E_NOTREG (path, or the end of its symbolic
 * links, exists and is not a regular file: a device, a FIFO, a socket or a directory). */
int atomic_write_file(const char *path, const void *bytes, size_t len, SnError *err);

/* Finds the file a save to path replaces: path itself when it is a regular file or does not
 * exist, else the end of its chain of symbolic links (see atomic_write_file). *target gets a
 * string the caller frees (NULL on failure). Returns 0, or SN_E_IO, SN_E_NOMEM or SN_E_NOTREG
 * with err as atomic_write_file's. Writes nothing. */
int atomic_resolve_target(const char *path, char **target, SnError *err);

/* What a file that is not regular is, for messages: "a directory", "a FIFO", "a character
 * device", "a block device", "a socket" (mode as stat gives it). */
const char *atomic_file_kind(mode_t mode);

#endif
