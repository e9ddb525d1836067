/* json.h - parsing JSON text with cJSON, telling a failed allocation apart from bad text: the
 * one way the library and the drawing pipeline parse files (models, drawings). Pure: no
 * printing, no exit.
 *
 * cJSON answers NULL both for text that is not JSON and for an allocation that failed. The
 * allocation functions it is given here (cJSON_InitHooks, installed once for the process,
 * plain malloc and free otherwise) note a failure during json_parse, so out of memory is
 * reported as such, never as a syntax error.
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

#endif
