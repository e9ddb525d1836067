/* model_io.h - models as JSON files: the contract between training and the drawing app.
 *
 * The format ("scratchnet-model", version 1) is documented in docs/model-format.md. Weights are
 * written with enough digits to round-trip bit-exactly. Loading trusts nothing: every field is
 * type-checked, every array length checked against the shapes, non-finite numbers refused, and
 * each failure is reported as "<file>: <json path>: <what is wrong>".
 */
#ifndef NN_MODEL_IO_H
#define NN_MODEL_IO_H

#include "nn/error.h"
#include "nn/model.h"

#define NN_MODEL_FORMAT "scratchnet-model"
#define NN_MODEL_VERSION 1
#define NN_MODEL_MAX_FILE (512L * 1024 * 1024) /* refuse model files larger than this */

/* Loads a model file. Returns a new model (caller frees with nn_model_free) or NULL with err
 * filled; nothing is left allocated on failure. */
NnModel *nn_model_load(const char *path, NnError *err);

/* Parses a model from JSON text; `where` names the source in messages. Same contract as above. */
NnModel *nn_model_from_json(const char *text, const char *where, NnError *err);

/* Serialises a model to JSON text; returns a malloc'd string (caller frees with free()) or NULL
 * with err filled (e.g. a non-finite weight, which JSON cannot hold). */
char *nn_model_to_json(const NnModel *m, NnError *err);

/* Saves atomically: writes "<path>.tmp.XXXXXX" in the same directory, flushes and closes it
 * (checking every write), then renames it over path. On failure path is untouched. */
int nn_model_save(const char *path, const NnModel *m, NnError *err);

/* Writes len bytes to a new temporary file next to path, syncs and closes it (checking every
 * step), then renames it over path (atomic_write_file of src/common/atomic.h). On any failure
 * the temporary file is removed, path is left as it was, and err names the path and the step
 * that failed. Returns 0 or NN_E_IO/NN_E_NOMEM. */
int nn_write_file_atomic(const char *path, const void *bytes, size_t len, NnError *err);

#endif
