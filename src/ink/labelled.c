/* labelled.c - reading a JSON lines file of labelled drawings whole (labelled.h). */
#include "ink/labelled.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/readfile.h"
#include "ink/pipeline.h"

void ink_labelled_free(InkLabelled *set)
{
    for (int i = 0; set->d && i < set->n; i++)
        ink_drawing_free(&set->d[i]);
    free(set->d);
    free(set->label);
    memset(set, 0, sizeof *set);
}

/* Parses one line (NUL-terminated at its end) into a new drawing appended to s. */
static int add_line(InkLabelled *s, size_t *cap_d, size_t *cap_l, const char *line,
                    const char *where, SnError *err)
{
    if (s->n >= INK_LABELLED_MAX)
        return sn_error(err, SN_E_LIMIT, "%s: more than %d drawings, the most read from one file",
                        where, INK_LABELLED_MAX);
    if (buf_grow((void **)&s->d, cap_d, (size_t)s->n + 1, sizeof *s->d) != 0 ||
        buf_grow((void **)&s->label, cap_l, (size_t)s->n + 1, sizeof *s->label) != 0)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory", where);
    InkDrawing *d = &s->d[s->n];
    ink_drawing_init(d, (float)INK_SIDE, (float)INK_SIDE);
    int label = -1;
    int rc = ink_drawing_from_json(line, where, d, &label, INK_DEFAULT_WIDTH, err);
    if (rc == 0 && label == -1)
        rc = sn_error(err, SN_E_FORMAT, "%s: no \"label\" (a digit 0-9, or null for none)",
                      where);
    if (rc != 0) {
        ink_drawing_free(d);
        return rc;
    }
    ink_drawing_fit(d, INK_FIT_BOX);
    s->label[s->n++] = label;
    return 0;
}

int ink_labelled_read(const char *path, InkLabelled *set, SnError *err)
{
    memset(set, 0, sizeof *set);
    char *text = NULL;
    size_t len = 0, cap_d = 0, cap_l = 0;
    int rc = readfile_all(path, (size_t)INK_LABELLED_MAX_BYTES, 1, &text, &len, err);
    if (rc != 0)
        return rc;
    int lineno = 0;
    for (char *p = text; rc == 0 && p < text + len;) {
        char *end = memchr(p, '\n', (size_t)(text + len - p));
        char *next = end ? end + 1 : text + len;
        if (end)
            *end = '\0';
        lineno++;
        if (strspn(p, " \t\r") != strlen(p)) { /* not a blank line */
            char where[600];
            snprintf(where, sizeof where, "%s:%d", path, lineno);
            rc = add_line(set, &cap_d, &cap_l, p, where, err);
        }
        p = next;
    }
    free(text);
    if (rc != 0)
        ink_labelled_free(set);
    return rc;
}
