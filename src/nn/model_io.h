/* model_io.h - models as JSON files: the contract between training and the drawing app (ONNX
 * files, nn/onnx.h, open through the same loading functions).
 *
 * The format ("scratchnet-model", version 1) is documented in docs/model-format.md. Weights are
 * written with enough digits to round-trip bit-exactly. Loading trusts nothing: every field is
 * type-checked, every array length checked against the shapes, non-finite numbers refused, and
 * each failure is reported as "<file>: <json path>: <what is wrong>".
 */
#ifndef NN_MODEL_IO_H
#define NN_MODEL_IO_H

#include "common/error.h"
#include "nn/model.h"

#define NN_MODEL_FORMAT "scratchnet-model"
#define NN_MODEL_VERSION 1
/* The one refusal rule a model file may hold ("refusal"."rule"): no class is named when the top
 * probability is below "refusal"."below" (nn_model_refuses). */
#define NN_REFUSAL_RULE "top-probability"
/* Refuse model files larger than this: NN_MAX_PARAMS numbers of up to about 25 characters
 * each ("-0.12345678901234567e-05, "), the most a writer may spend on one. */
#define NN_MODEL_MAX_FILE (512L * 1024 * 1024)
/* JSON values (numbers, strings, arrays, objects) in a model file: every parameter, the running
 * statistics of batch normalisation (never more than the parameters) and a million for the
 * rest. Counted before parsing, which takes some 80 bytes a value. */
#define NN_MODEL_MAX_VALUES (2L * NN_MAX_PARAMS + (1L << 20))
/* Values under one top-level key this format does not define (such as "comment"). */
#define NN_MODEL_MAX_EXTRA_VALUES (1L << 16)

struct NnOnnxReport; /* nn/onnx.h */

/* Loads a model file: a scratchnet model, or an ONNX file (a name ending in ".onnx",
 * nn_onnx_is_path) converted on load with the defaults `scratchnet import` has. Returns a new
 * model (caller frees with nn_model_free) or NULL with err filled; nothing is left allocated on
 * failure. */
NnModel *nn_model_load(const char *path, SnError *err);

/* nn_model_load, also telling what the conversion of an ONNX file did: rep (may be NULL) is
 * filled as nn_onnx_load fills it, and zeroed (no notes) for a scratchnet model file or a
 * failure before the file is read. */
NnModel *nn_model_load_report(const char *path, struct NnOnnxReport *rep, SnError *err);

/* Parses a model from JSON text; `where` names the source in messages. Same contract as above. */
NnModel *nn_model_from_json(const char *text, const char *where, SnError *err);

/* Serialises a model to JSON text; returns a malloc'd string (caller frees with free()) or NULL
 * with err filled (e.g. a non-finite weight, which JSON cannot hold). */
char *nn_model_to_json(const NnModel *m, SnError *err);

/* Saves atomically: writes "<path>.tmp.XXXXXX" in the same directory, flushes and closes it
 * (checking every write), then renames it over path. On failure path is untouched. */
int nn_model_save(const char *path, const NnModel *m, SnError *err);

/* The name a model file gives its model: path's file name without folders and without a
 * ".json" or ".onnx" ending, into buf (n bytes, cut to fit). */
void nn_model_name_of_path(const char *path, char *buf, size_t n);

#endif
