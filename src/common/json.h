/* json.h - looking up a member of a cJSON object, refusing a key given twice.
 *
 * cJSON keeps every member of an object, repeated keys included, and its lookups return the
 * first; another reader of the same file might take the last. So every reader of our JSON
 * formats (models, strokes) looks keys up here and refuses a file that gives one twice. Pure:
 * no printing, no exit.
 */
#ifndef COMMON_JSON_H
#define COMMON_JSON_H

#include <cjson/cJSON.h>

/* The value of key in obj (matched case-sensitively), or NULL when it is absent or obj is not
 * an object. *twice is set to 1 when the key appears more than once (the first value is
 * returned), else to 0. */
const cJSON *json_member(const cJSON *obj, const char *key, int *twice);

#endif
