/* app_prompt.c - the Open prompt (Ctrl+O): one line of typed UTF-8 text, edited a whole
 * character at a time, opened with app_open_file on Enter. No SDL, no printing.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw/app_internal.h"

void app_prompt_cancel(AppState *s)
{
    s->prompt_open = 0;
    s->prompt[0] = '\0';
    s->prompt_len = 0;
    s->needs_redraw = 1;
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

int app_prompt_type(AppState *s, const char *utf8)
{
    if (!s->prompt_open || !utf8)
        return 0;
    int added = 0;
    const unsigned char *p = (const unsigned char *)utf8;
    while (*p) {
        if (*p < 0x20 || *p == 0x7F) { /* control characters, newlines included */
            p++;
            continue;
        }
        int k = utf8_length(*p);
        for (int i = 1; i < k; i++)
            if ((p[i] & 0xC0) != 0x80)
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

void app_prompt_backspace(AppState *s)
{
    if (!s->prompt_open || s->prompt_len == 0)
        return;
    int i = s->prompt_len - 1;
    while (i > 0 && ((unsigned char)s->prompt[i] & 0xC0) == 0x80)
        i--; /* back over continuation bytes to the character's first byte */
    s->prompt_len = i;
    s->prompt[i] = '\0';
    s->needs_redraw = 1;
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
    const char *home = getenv("HOME");
    if (typed[0] == '~' && typed[1] == '/' && home && home[0]) {
        char path[2 * APP_PROMPT_MAX + 2];
        snprintf(path, sizeof path, "%s%s", home, typed + 1);
        return app_open_file(s, path);
    }
    return app_open_file(s, typed);
}
