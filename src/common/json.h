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
 */
#ifndef COMMON_JSON_H
#define COMMON_JSON_H

#include <cjson/cJSON.h>

/* Failure codes of json_parse. */
enum { JSON_E_SYNTAX = -1, JSON_E_NOMEM = -2 };

/* Parses NUL-terminated text holding one JSON value and nothing after it but white space.
 * Returns the tree (caller frees with cJSON_Delete), or NULL with *status set to JSON_E_SYNTAX
 * (*end then points where the text stopped making sense) or JSON_E_NOMEM. */
cJSON *json_parse(const char *text, const char **end, int *status);

/* The value of key in obj (matched case-sensitively), or NULL when it is absent or obj is not
 * an object. *twice is set to 1 when the key appears more than once (the first value is
 * returned), else to 0. */
const cJSON *json_member(const cJSON *obj, const char *key, int *twice);

#endif
