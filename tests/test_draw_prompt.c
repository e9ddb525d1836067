/* test_draw_prompt.c - the drawing app's Open prompt, without SDL: typed text, whole
 * characters deleted, the path cleaned and opened on Enter.
 */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "draw_test.h"

TEST(the_open_prompt_edits_typed_text_and_opens_it_on_enter)
{
    char dir[512];
    if (!make_temp_dir(dir, sizeof dir))
        return;
    AppState s;
    app_init(&s);
    CHECK(app_prompt_type(&s, "abc") == 0); /* closed: typing goes nowhere */
    CHECK(s.prompt_len == 0);

    app_toggle_help(&s);
    app_prompt_open(&s);
    CHECK(s.prompt_open == 1 && s.show_help == 0); /* the prompt replaces the help */
    CHECK(app_prompt_type(&s, "ab\ncd\t") == 4); /* control characters dropped */
    CHECK(strcmp(s.prompt, "abcd") == 0 && s.prompt_len == 4);
    CHECK(app_prompt_type(&s, "\xc3\xa9") == 2); /* é: one character, two bytes */
    CHECK(s.prompt_len == 6);
    app_prompt_backspace(&s); /* removes é whole */
    CHECK(strcmp(s.prompt, "abcd") == 0 && s.prompt_len == 4);
    app_prompt_backspace(&s);
    CHECK(strcmp(s.prompt, "abc") == 0);
    app_prompt_cancel(&s);
    CHECK(s.prompt_open == 0 && s.prompt_len == 0 && s.prompt[0] == '\0');
    app_prompt_backspace(&s); /* closed: nothing happens */

    /* at most APP_PROMPT_MAX bytes, whole characters, with a message */
    app_prompt_open(&s);
    app_prompt_backspace(&s); /* empty: nothing happens */
    CHECK(s.prompt_len == 0);
    char many[APP_PROMPT_MAX + 1];
    memset(many, 'x', APP_PROMPT_MAX - 1);
    many[APP_PROMPT_MAX - 1] = '\0';
    CHECK(app_prompt_type(&s, many) == APP_PROMPT_MAX - 1);
    CHECK(app_prompt_type(&s, "\xc3\xa9") == 0); /* two bytes do not fit in one */
    CHECK(s.message_error == 1 && strstr(s.message, "too long") != NULL);
    CHECK(app_prompt_type(&s, "y") == 1 && s.prompt_len == APP_PROMPT_MAX);
    app_prompt_cancel(&s);

    /* nothing typed opens nothing */
    app_prompt_open(&s);
    app_prompt_type(&s, "   ");
    CHECK(app_prompt_submit(&s) == -1);
    CHECK(s.prompt_open == 0 && strstr(s.message, "Nothing typed") != NULL);

    /* a drawing, typed with spaces and quotes around it, opens on the canvas */
    char path[1024];
    snprintf(path, sizeof path, "%s/bar.json", dir);
    write_file(path, "{\"format\":\"scratchnet-strokes\",\"version\":1,\"width\":28,"
                     "\"height\":28,\"strokes\":[{\"width\":2.5,\"erase\":false,"
                     "\"points\":[[14,4],[14,24]]}]}");
    char typed[1100];
    snprintf(typed, sizeof typed, "  '%s' ", path);
    app_prompt_open(&s);
    app_prompt_type(&s, typed);
    CHECK(app_prompt_submit(&s) == 0);
    CHECK(s.prompt_open == 0 && s.drawing.n == 1 && s.message_error == 0);
    CHECK(strstr(s.message, "Opened drawing") != NULL);

    /* ~/ is the home folder */
    const char *old_home = getenv("HOME");
    char saved_home[1024];
    snprintf(saved_home, sizeof saved_home, "%s", old_home ? old_home : "");
    setenv("HOME", dir, 1);
    app_clear(&s);
    app_prompt_open(&s);
    app_prompt_type(&s, "~/bar.json");
    CHECK(app_prompt_submit(&s) == 0 && s.drawing.n == 1);
    if (old_home)
        setenv("HOME", saved_home, 1);
    else
        unsetenv("HOME");

    /* a missing file: an error naming it; the canvas is kept */
    app_prompt_open(&s);
    app_prompt_type(&s, "/no/such/file.json");
    CHECK(app_prompt_submit(&s) == -1);
    CHECK(s.message_error == 1 && strstr(s.message, "/no/such/file.json") != NULL);
    CHECK(s.drawing.n == 1 && s.prompt_open == 0);
    app_free(&s);
    test_remove_dir(dir);
}

int main(void)
{
    RUN(the_open_prompt_edits_typed_text_and_opens_it_on_enter);
    return test_main_result();
}
