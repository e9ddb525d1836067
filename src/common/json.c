/* json.c - cJSON with allocations that report their failure, and member lookups that refuse
 * repeated keys (json.h). */
#include "common/json.h"

#include <pthread.h>
#include <stdio.h>
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
    *status = root ? SN_OK : out_of_memory ? SN_E_NOMEM : SN_E_FORMAT;
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

/* One pass over the text; what it counts is what cJSON would allocate a node for. */
int json_count_values(const char *text, const char *const *known_keys, size_t n_known,
                      size_t max_total, size_t max_extra, char *key, size_t key_size)
{
    size_t total = 0, extra = 0;
    int depth = 0, want_key = 0, unknown = 0;
    if (key && key_size)
        key[0] = '\0';
    for (const char *p = text; *p; p++) {
        const char c = *p;
        if (c == '{' || c == '[') {
            total++, extra += unknown && depth > 0;
            depth++;
            want_key = depth == 1 && c == '{';
            goto check;
        }
        if (c == '}' || c == ']') {
            depth--;
            continue;
        }
        if (c == ',') {
            want_key = depth == 1;
            continue;
        }
        if (c == '"') {
            const char *s = ++p;
            while (*p && *p != '"')
                p += p[0] == '\\' && p[1] ? 2 : 1;
            if (!*p)
                break; /* an unterminated string: the parser says where */
            if (depth == 1 && want_key) { /* a top-level key: which one? */
                size_t n = (size_t)(p - s);
                unknown = 1;
                for (size_t k = 0; k < n_known; k++)
                    if (strlen(known_keys[k]) == n && memcmp(known_keys[k], s, n) == 0)
                        unknown = 0;
                if (key && key_size)
                    snprintf(key, key_size, "%.*s", n < 40 ? (int)n : 40, s);
                want_key = 0;
                extra = 0;
                total++; /* the key, not one of its values */
                goto check;
            }
        } else if (c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n') {
            while (p[1] && (p[1] == '.' || p[1] == '+' || p[1] == '-' ||
                            (p[1] >= '0' && p[1] <= '9') || (p[1] >= 'a' && p[1] <= 'z') ||
                            (p[1] >= 'A' && p[1] <= 'Z')))
                p++;
        } else {
            continue; /* white space, ':' and anything the parser will refuse */
        }
        total++, extra += unknown && depth > 0;
    check:
        if (extra > max_extra)
            return JSON_COUNT_EXTRA;
        if (total > max_total)
            return JSON_COUNT_TOTAL;
    }
    return 0;
}
