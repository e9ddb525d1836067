/* json.c - a cJSON object's member by key, with repeated keys reported (json.h). One pass over
 * the object's members: O(members) per lookup. */
#include "common/json.h"

#include <string.h>

const cJSON *json_member(const cJSON *obj, const char *key, int *twice)
{
    *twice = 0;
    if (!cJSON_IsObject(obj))
        return NULL;
    const cJSON *found = NULL;
    for (const cJSON *c = obj->child; c; c = c->next) {
        if (c->string && strcmp(c->string, key) == 0) {
            if (found) {
                *twice = 1;
                break;
            }
            found = c;
        }
    }
    return found;
}
