/* outfile.h - the files a long run writes, looked after around the atomic writer (atomic.h):
 * checked before the run starts, so that a run never ends unable to save; two outputs of one
 * run must never be the same file, whatever paths name them; an output is locked while a
 * run writes it, so that a second run cannot write it too; and the temporary files a killed
 * run's saves left behind are removed once the lock is held.
 * Pure: no printing, no exit.
 */
#ifndef COMMON_OUTFILE_H
#define COMMON_OUTFILE_H

#include <stddef.h>

#include "common/error.h"

/* What the lock file of an output is called: the output's path and this. */
#define OUTFILE_LOCK_SUFFIX ".lock"

/* The longest suffix a run adds to an output's name: a save's temporary file
 * (ATOMIC_TMP_INFIX and ATOMIC_TMP_RANDOM characters, ".tmp.XXXXXX"), longer than
 * OUTFILE_LOCK_SUFFIX. */
#define OUTFILE_SUFFIX_ROOM 11

/* Checks, before a long run, that a file can be saved at path later: the name is not empty,
 * not a directory, not named like a lock file (ending in OUTFILE_LOCK_SUFFIX) or a save's
 * temporary file ("*.tmp.XXXXXX", atomic.h), its folder exists and is writable, and its name
 * leaves room for OUTFILE_SUFFIX_ROOM more bytes: its last component within the folder's
 * NAME_MAX (pathconf), the whole path below PATH_MAX (and the same for the file a symbolic
 * link leads to). Returns 0, or SN_E_IO (the name, its folder or its length is wrong),
 * SN_E_NOTREG (a device, a FIFO: the save would refuse it) or SN_E_NOMEM, with err (may be
 * NULL) holding one line naming path and what is wrong. Writes nothing. */
int outfile_check(const char *path, SnError *err);

/* Whether paths a and b name the same file: when both exist, the same device and inode
 * (through symbolic and hard links, ./ and ../); when neither does yet, the same absolute path
 * once the folder is resolved (or, for a folder that does not exist either, once "." and ".."
 * are worked out). Returns 1 or 0. */
int outfile_same(const char *a, const char *b);

/* A lock held on an output. OUTFILE_LOCK_NONE is the value of one not held. */
typedef struct OutfileLock {
    int fd;     /* the open lock file, locked; -1 when none is held */
    char *path; /* "<output>.lock", owned; NULL when none is held */
} OutfileLock;
#define OUTFILE_LOCK_NONE {-1, NULL}

/* Takes the lock of the output path: the file "<path>.lock" beside it, created if needed, holding
 * the holder's process ID (a line of decimal digits) and locked with flock, a lock the system
 * drops whenever its process ends, however it ends. A lock file whose lock is not held (left by
 * a run that was killed, or whose process is gone) is taken over. A file system without
 * flock falls back to the process ID alone: a lock file naming a live process is taken as held.
 * Returns 0 with *lock held; SN_E_BUSY when another run holds it (this process too, if it
 * holds it already), with *holder its process ID (0 when it has not recorded it yet); or
 * SN_E_IO / SN_E_NOMEM. On failure *lock is OUTFILE_LOCK_NONE and err (may be NULL) holds one
 * line naming path, e.g. "m.json: in use by another run (process 1234, lock file
 * m.json.lock)". */
int outfile_lock(const char *path, OutfileLock *lock, long *holder, SnError *err);

/* Gives a lock back: removes its lock file, then closes it. Accepts a lock not held, and sets
 * *lock to OUTFILE_LOCK_NONE. */
void outfile_unlock(OutfileLock *lock);

/* Removes the temporary files that saves to path (atomic_write_file) left behind when their
 * process was killed: the regular files beside path named path + ATOMIC_TMP_INFIX + exactly
 * ATOMIC_TMP_RANDOM characters from [A-Za-z0-9], nothing else, and none that is the same file
 * (outfile_same) as one of the n_keep paths of keep (the run's own inputs and outputs, whatever
 * they are called; keep may be NULL when n_keep is 0). Only safe while holding path's lock
 * (outfile_lock), or the lock of the run that alone writes path: a live run's temporary file is
 * then not there to be removed. *removed counts them. Returns 0, or SN_E_IO with err naming the
 * first that could not be removed (the others are still tried), or SN_E_NOMEM. */
int outfile_remove_stale_temps(const char *path, const char *const *keep, int n_keep,
                               int *removed, SnError *err);

#endif
