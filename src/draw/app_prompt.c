/* app_prompt.c - the Open prompt (Ctrl+O): one line of typed or pasted UTF-8 text, edited a
 * whole character at a time at its end, or replaced or cleared whole once selected (Ctrl+A),
 * completed with Tab from the names in its folder, opened with app_open_file on Enter. No SDL
 * (the clipboard's text is handed in), no printing.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "draw/app_internal.h"

#define COMPLETE_LISTED 4 /* names shown when several match */

/* The line emptied and unselected, the prompt left open or closed as it is. */
static void empty_line(AppState *s)
{
    s->prompt[0] = '\0';
    s->prompt_len = 0;
    s->prompt_selected = 0;
    s->needs_redraw = 1;
}

void app_prompt_cancel(AppState *s)
{
    s->prompt_open = 0;
    empty_line(s);
}

void app_prompt_open(AppState *s)
{
    app_prompt_cancel(s); /* an empty field */
    s->prompt_open = 1;
    s->show_help = 0;
    app_pen_up(s);
}

/* Bytes in the UTF-8 sequence that starts with byte c (1 for stray continuation bytes). */
static int utf8_length(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* 1 if the n bytes at p hold a character that typing keeps (not a control character). */
static int has_typable(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] >= 0x20 && p[i] != 0x7F)
            return 1;
    return 0;
}

/* Appends the n bytes at p as typed text (app_prompt_type); returns the bytes appended. */
static int type_bytes(AppState *s, const char *text, size_t n)
{
    const unsigned char *p = (const unsigned char *)text, *end = p + n;
    if (s->prompt_selected && has_typable(p, n))
        empty_line(s); /* what is typed replaces the selection */
    int added = 0;
    while (p < end) {
        if (*p < 0x20 || *p == 0x7F) { /* control characters, newlines included */
            p++;
            continue;
        }
        int k = utf8_length(*p);
        for (int i = 1; i < k; i++)
            if (p + i >= end || (p[i] & 0xC0) != 0x80)
                k = i; /* a cut sequence: take what there is */
        if (s->prompt_len + k > APP_PROMPT_MAX) {
            app_message(s, 1, "The path is too long (at most %d bytes)", APP_PROMPT_MAX);
            break;
        }
        memcpy(s->prompt + s->prompt_len, p, (size_t)k);
        s->prompt_len += k;
        added += k;
        p += k;
    }
    s->prompt[s->prompt_len] = '\0';
    if (added)
        s->needs_redraw = 1;
    return added;
}

int app_prompt_type(AppState *s, const char *utf8)
{
    if (!s->prompt_open || !utf8)
        return 0;
    return type_bytes(s, utf8, strlen(utf8));
}

int app_prompt_paste(AppState *s, const char *text)
{
    if (!s->prompt_open || !text)
        return 0;
    return type_bytes(s, text, strcspn(text, "\r\n"));
}

void app_prompt_backspace(AppState *s)
{
    if (!s->prompt_open || s->prompt_len == 0)
        return;
    if (s->prompt_selected) {
        empty_line(s);
        return;
    }
    int i = s->prompt_len - 1;
    while (i > 0 && ((unsigned char)s->prompt[i] & 0xC0) == 0x80)
        i--; /* back over continuation bytes to the character's first byte */
    s->prompt_len = i;
    s->prompt[i] = '\0';
    s->needs_redraw = 1;
}

void app_prompt_delete(AppState *s)
{
    if (s->prompt_open && s->prompt_selected)
        empty_line(s);
}

void app_prompt_clear(AppState *s)
{
    if (s->prompt_open)
        empty_line(s);
}

void app_prompt_select_all(AppState *s)
{
    if (s->prompt_open && s->prompt_len > 0 && !s->prompt_selected) {
        s->prompt_selected = 1;
        s->needs_redraw = 1;
    }
}

void app_prompt_deselect(AppState *s)
{
    if (s->prompt_selected) {
        s->prompt_selected = 0;
        s->needs_redraw = 1;
    }
}

/* typed with a leading "~/" standing for the home folder, into out (n bytes); returns out, or
 * typed itself when there is nothing to expand. */
static const char *expand_home(const char *typed, char *out, size_t n)
{
    const char *home = getenv("HOME");
    if (typed[0] != '~' || typed[1] != '/' || !home || !home[0])
        return typed;
    snprintf(out, n, "%s%s", home, typed + 1);
    return out;
}

/* Tab's names: those starting with the typed prefix (ctx), hidden ones only when it does. */
static int starts_with_prefix(const char *name, void *ctx)
{
    const char *prefix = ctx;
    return (name[0] != '.' || prefix[0] == '.') && strncmp(name, prefix, strlen(prefix)) == 0;
}

/* The message line's "N matches: a, b, ..." for the n sorted names. */
static void list_matches(AppState *s, char **names, int n)
{
    char list[sizeof s->message];
    size_t at = (size_t)snprintf(list, sizeof list, "%d matches: ", n);
    for (int i = 0; i < n && i < COMPLETE_LISTED && at < sizeof list; i++)
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "", names[i]);
    if (n > COMPLETE_LISTED && at < sizeof list)
        snprintf(list + at, sizeof list - at, ", \xe2\x80\xa6");
    app_message(s, 0, "%s", list);
}

int app_prompt_complete(AppState *s)
{
    if (!s->prompt_open)
        return -1;
    app_prompt_deselect(s); /* what is found is added to the whole line */
    const char *slash = strrchr(s->prompt, '/');
    int dir_len = slash ? (int)(slash - s->prompt) + 1 : 0;
    char typed_dir[APP_PROMPT_MAX + 1], dir_buf[2 * APP_PROMPT_MAX + 2];
    snprintf(typed_dir, sizeof typed_dir, "%.*s", dir_len, s->prompt);
    const char *dir = dir_len ? expand_home(typed_dir, dir_buf, sizeof dir_buf) : "./";
    char prefix[APP_PROMPT_MAX + 1];
    snprintf(prefix, sizeof prefix, "%s", s->prompt + dir_len);
    char **names;
    int n = app_folder_names(dir, starts_with_prefix, prefix, 1, &names);
    if (n < 0) {
        app_message(s, 1, "%s: cannot read the folder: %s", dir, strerror(errno));
        return -1;
    }
    if (n == 0)
        app_message(s, 0, "No match for \"%s\"", prefix);
    size_t plen = strlen(prefix), common = n ? strlen(names[0]) : 0;
    for (int i = 1; i < n; i++) {
        size_t k = 0;
        while (k < common && names[i][k] == names[0][k])
            k++;
        common = k;
    }
    while (common > plen && ((unsigned char)names[0][common] & 0xC0) == 0x80)
        common--; /* whole characters only */
    if (common > plen) {
        char more[300];
        snprintf(more, sizeof more, "%.*s", (int)(common - plen), names[0] + plen);
        app_prompt_type(s, more);
    } else if (n > 1) {
        list_matches(s, names, n);
    }
    app_folder_names_free(names, n);
    return n;
}

int app_prompt_submit(AppState *s)
{
    if (!s->prompt_open)
        return -1;
    char typed[APP_PROMPT_MAX + 1];
    const char *a = s->prompt;
    const char *b = s->prompt + s->prompt_len;
    while (a < b && isspace((unsigned char)*a))
        a++;
    while (b > a && isspace((unsigned char)b[-1]))
        b--;
    if (b - a >= 2 && (*a == '"' || *a == '\'') && b[-1] == *a) {
        a++; /* a pasted path in quotes */
        b--;
    }
    snprintf(typed, sizeof typed, "%.*s", (int)(b - a), a);
    app_prompt_cancel(s);
    if (!typed[0]) {
        app_message(s, 0, "Nothing typed, nothing opened");
        return -1;
    }
    char path[2 * APP_PROMPT_MAX + 2];
    return app_open_file(s, expand_home(typed, path, sizeof path));
}
