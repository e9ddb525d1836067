/* outfile.h - the files a long run writes, looked after around the atomic writer (atomic.h):
 * two outputs of one run must never be the same file, whatever paths name them.
 * Pure: no printing, no exit.
 */
#ifndef COMMON_OUTFILE_H
#define COMMON_OUTFILE_H

#include <stddef.h>

/* Whether paths a and b name the same file: when both exist, the same device and inode
 * (through symbolic and hard links, ./ and ../); when neither does yet, the same absolute path
 * once the folder is resolved (or, for a folder that does not exist either, once "." and ".."
 * are worked out). Returns 1 or 0. */
int outfile_same(const char *a, const char *b);

#endif
