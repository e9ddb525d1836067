/* outfile.h - the files a long run writes, looked after around the atomic writer (atomic.h):
 * checked before the run starts, so that a run never ends unable to save; two outputs of one
 * run must never be the same file, whatever paths name them.
 * Pure: no printing, no exit.
 */
#ifndef COMMON_OUTFILE_H
#define COMMON_OUTFILE_H

#include <stddef.h>

/* Failure codes. */
enum { OUTFILE_E_IO = -1 };

/* Checks, before a long run, that a file can be saved at path later: the name is not empty and
 * not a directory, and its folder exists and is writable. Returns 0, or OUTFILE_E_IO with msg
 * (msg_size bytes) holding one line naming path and what is wrong. Writes nothing. */
int outfile_check(const char *path, char *msg, size_t msg_size);

/* Whether paths a and b name the same file: when both exist, the same device and inode
 * (through symbolic and hard links, ./ and ../); when neither does yet, the same absolute path
 * once the folder is resolved (or, for a folder that does not exist either, once "." and ".."
 * are worked out). Returns 1 or 0. */
int outfile_same(const char *a, const char *b);

#endif
