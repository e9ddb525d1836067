/* json.h - the one way the library and the drawing pipeline read JSON files (models, drawings)
 * with cJSON: parsing that tells a failed allocation apart from bad text, and member lookups
 * that refuse a key given twice. Pure: no printing, no exit.
 *
 * cJSON answers NULL both for text that is not JSON and for an allocation that failed. The
 * allocation functions it is given here (cJSON_InitHooks, installed once for the process,
 * plain malloc and free otherwise) note a failure during json_parse, so out of memory is
 * reported as such, never as a syntax error.
 *
 * cJSON keeps every member of an object, repeated keys included, and its lookups return the
 * first; another reader of the same file might take the last. So every reader of our JSON
 * formats looks keys up with json_member and refuses a file that gives one twice.
 *
 * Before parsing, every reader counts the text's values with json_count_values against the
 * limits its format documents, so the parser's memory is bounded by the format, not the file.
 */
#ifndef COMMON_JSON_H
#define COMMON_JSON_H

#include <cjson/cJSON.h>

#include "common/error.h"

/* Parses NUL-terminated text holding one JSON value and nothing after it but white space.
 * Returns the tree (caller frees with cJSON_Delete) with *status SN_OK, or NULL with *status
 * set to SN_E_FORMAT (*end then points where the text stopped making sense) or SN_E_NOMEM;
 * the caller words the message (a JSON path, a line and column). */
cJSON *json_parse(const char *text, const char **end, int *status);

/* The value of key in obj (matched case-sensitively), or NULL when it is absent or obj is not
 * an object. *twice is set to 1 when the key appears more than once (the first value is
 * returned), else to 0. */
const cJSON *json_member(const cJSON *obj, const char *key, int *twice);

/* What json_count_values found past its limits. */
enum { JSON_COUNT_TOTAL = 1, JSON_COUNT_EXTRA = 2 };

/* Counts the values of a JSON text before it is parsed, so that a file cannot make the parser
 * allocate more than its format allows: cJSON takes some 80 bytes a value, and a file of short
 * numbers holds one every two bytes. Strings, numbers, true/false/null, arrays and objects
 * count, and so do an object's keys (cJSON allocates them too). Returns 0, JSON_COUNT_TOTAL
 * when the text holds more than max_total values in all, or JSON_COUNT_EXTRA when more than
 * max_extra are under one top-level key not among the n_known known_keys (a comment, say);
 * key (key_size bytes, may be NULL) then gets that key's name, its first 40 bytes. Syntax is
 * left to the parser: counting stops quietly at text it cannot make sense of. */
int json_count_values(const char *text, const char *const *known_keys, size_t n_known,
                      size_t max_total, size_t max_extra, char *key, size_t key_size);

#endif
