/* json.c - cJSON with allocations that report their failure, and member lookups that refuse
 * repeated keys (json.h). */
#include "common/json.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local int parsing;       /* json_parse is running on this thread */
static _Thread_local int out_of_memory; /* and an allocation failed */

static void *noting_malloc(size_t n)
{
    void *p = malloc(n);
    if (!p && parsing)
        out_of_memory = 1;
    return p;
}

static void install(void)
{
    cJSON_Hooks hooks = {noting_malloc, free};
    cJSON_InitHooks(&hooks);
}

static pthread_once_t install_once = PTHREAD_ONCE_INIT;

cJSON *json_parse(const char *text, const char **end, int *status)
{
    pthread_once(&install_once, install);
    parsing = 1;
    out_of_memory = 0;
    const char *stop = NULL;
    cJSON *root = cJSON_ParseWithOpts(text, &stop, 1);
    parsing = 0;
    if (end)
        *end = stop ? stop : text;
    if (root) {
        *status = 0;
    } else {
        *status = out_of_memory ? JSON_E_NOMEM : JSON_E_SYNTAX;
    }
    return root;
}

/* One pass over the object's members: O(members) per lookup. */
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
