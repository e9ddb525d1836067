/* test_draw_prompt.c - the drawing app's Open prompt, without SDL: typed text, whole
 * characters deleted, the path cleaned and opened on Enter, Tab completing it, Ctrl+A
 * selecting all of it, Ctrl+V pasting and Ctrl+U clearing.
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

/* Types text into a fresh prompt and presses Tab; returns app_prompt_complete's answer. */
static int tab_after(AppState *s, const char *typed)
{
    app_prompt_open(s);
    app_prompt_type(s, typed);
    return app_prompt_complete(s);
}

TEST(tab_completes_the_typed_path_like_a_shell)
{
    char root[512];
    if (test_make_scratch_dir(root, sizeof root, "test_draw_prompt") != 0) {
        CHECK(0);
        return;
    }
    const char *files[] = {"alpha.json", "alpine.png", "beta.json", ".hidden.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        write_file(test_path_in(root, files[i]), "{}");
    CHECK(mkdir(test_path_in(root, "sub"), 0700) == 0);
    CHECK(mkdir(test_path_in(root, "docs"), 0700) == 0);
    char sub[600];
    snprintf(sub, sizeof sub, "%s", test_path_in(root, "sub"));
    write_file(test_path_in(sub, "file.json"), "{}");
    AppState s;
    app_init(&s);
    char want[700];

    /* one match: completed whole; a folder gets '/' */
    CHECK(tab_after(&s, test_path_in(root, "be")) == 1);
    CHECK(strcmp(s.prompt, test_path_in(root, "beta.json")) == 0);
    CHECK(s.prompt_len == (int)strlen(s.prompt));
    CHECK(tab_after(&s, test_path_in(root, "su")) == 1);
    CHECK(strcmp(s.prompt, test_path_in(root, "sub/")) == 0);

    /* several: their common prefix, then (nothing more to add) a few of them listed */
    CHECK(tab_after(&s, test_path_in(root, "al")) == 2);
    CHECK(strcmp(s.prompt, test_path_in(root, "alp")) == 0);
    CHECK(app_prompt_complete(&s) == 2);
    CHECK(strcmp(s.prompt, test_path_in(root, "alp")) == 0);
    CHECK(strstr(s.message, "2 matches: alpha.json, alpine.png") != NULL);

    /* hidden files only for a prefix starting with '.'; folders listed with '/', sorted */
    snprintf(want, sizeof want, "%s/", root);
    CHECK(tab_after(&s, want) == 5);
    CHECK(strcmp(s.prompt, want) == 0);
    CHECK(strstr(s.message, "5 matches: alpha.json, alpine.png, beta.json, docs/, \xe2\x80\xa6") != NULL);
    CHECK(strstr(s.message, "hidden") == NULL);
    CHECK(tab_after(&s, test_path_in(root, ".h")) == 1);
    CHECK(strcmp(s.prompt, test_path_in(root, ".hidden.json")) == 0);

    /* a path with a folder part, relative to the current folder */
    char cwd[4096];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK(chdir(root) == 0);
    CHECK(tab_after(&s, "sub/fi") == 1);
    CHECK(strcmp(s.prompt, "sub/file.json") == 0);
    CHECK(tab_after(&s, "bet") == 1);
    CHECK(strcmp(s.prompt, "beta.json") == 0);
    CHECK(chdir(cwd) == 0);

    /* no match: the text is kept, with a short message */
    CHECK(tab_after(&s, test_path_in(root, "zz")) == 0);
    CHECK(strcmp(s.prompt, test_path_in(root, "zz")) == 0);
    CHECK(strstr(s.message, "No match") != NULL);

    /* a folder that cannot be read: the text is kept, an error names it */
    CHECK(tab_after(&s, "/no/such/folder/x") == -1);
    CHECK(strcmp(s.prompt, "/no/such/folder/x") == 0);
    CHECK(s.message_error == 1 && strstr(s.message, "/no/such/folder") != NULL);

    /* closed: nothing happens */
    app_prompt_cancel(&s);
    CHECK(app_prompt_complete(&s) == -1 && s.prompt_len == 0);
    app_free(&s);
    test_remove_dir(sub);
    test_remove_dir(test_path_in(root, "docs"));
    test_remove_dir(root);
}

/* Opens the prompt with `typed` in it and selects it all (Ctrl+A). */
static void typed_and_selected(AppState *s, const char *typed)
{
    app_prompt_open(s);
    app_prompt_type(s, typed);
    app_prompt_select_all(s);
}

TEST(ctrl_a_selects_the_whole_line_which_the_next_edit_replaces)
{
    AppState s;
    app_init(&s);
    app_prompt_select_all(&s); /* closed: nothing happens */
    CHECK(s.prompt_selected == 0);
    app_prompt_open(&s);
    app_prompt_select_all(&s); /* nothing typed: nothing to select */
    CHECK(s.prompt_selected == 0);

    /* selected, drawn so: a redraw */
    app_prompt_type(&s, "old/path.json");
    s.needs_redraw = 0;
    app_prompt_select_all(&s);
    CHECK(s.prompt_selected == 1 && s.needs_redraw == 1);
    CHECK(strcmp(s.prompt, "old/path.json") == 0); /* selecting changes no text */

    /* typing replaces the selection; what follows is appended */
    CHECK(app_prompt_type(&s, "n") == 1);
    CHECK(strcmp(s.prompt, "n") == 0 && s.prompt_len == 1 && s.prompt_selected == 0);
    CHECK(app_prompt_type(&s, "ew") == 2 && strcmp(s.prompt, "new") == 0);

    /* only control characters: nothing typed, the selection stays */
    app_prompt_select_all(&s);
    CHECK(app_prompt_type(&s, "\n\t") == 0);
    CHECK(strcmp(s.prompt, "new") == 0 && s.prompt_selected == 1);

    /* Backspace and Delete clear it */
    app_prompt_backspace(&s);
    CHECK(s.prompt_len == 0 && s.prompt[0] == '\0' && s.prompt_selected == 0 && s.prompt_open);
    typed_and_selected(&s, "abc");
    app_prompt_delete(&s);
    CHECK(s.prompt_len == 0 && s.prompt[0] == '\0' && s.prompt_selected == 0);
    app_prompt_type(&s, "abc");
    app_prompt_delete(&s); /* no selection: nothing after the caret to delete */
    CHECK(strcmp(s.prompt, "abc") == 0);

    /* Left, Right, Home, End or a click drop it: the text stays, typing appends again */
    typed_and_selected(&s, "abc");
    s.needs_redraw = 0;
    app_prompt_deselect(&s);
    CHECK(s.prompt_selected == 0 && s.needs_redraw == 1 && strcmp(s.prompt, "abc") == 0);
    app_prompt_type(&s, "d");
    CHECK(strcmp(s.prompt, "abcd") == 0);
    app_prompt_backspace(&s);
    CHECK(strcmp(s.prompt, "abc") == 0);

    /* Tab completes the whole line, not a replacement of it */
    typed_and_selected(&s, "/no/such/folder/x");
    app_prompt_complete(&s);
    CHECK(s.prompt_selected == 0 && strcmp(s.prompt, "/no/such/folder/x") == 0);

    /* closing forgets it; Enter opens the whole line */
    typed_and_selected(&s, "abc");
    app_prompt_cancel(&s);
    CHECK(s.prompt_selected == 0);
    app_prompt_open(&s);
    CHECK(s.prompt_selected == 0 && s.prompt_len == 0);
    typed_and_selected(&s, "/no/such/file.json");
    CHECK(app_prompt_submit(&s) == -1 && s.prompt_selected == 0);
    CHECK(strstr(s.message, "/no/such/file.json") != NULL);
    app_free(&s);
}

TEST(ctrl_v_pastes_the_first_line_and_ctrl_u_clears_the_line)
{
    AppState s;
    app_init(&s);
    CHECK(app_prompt_paste(&s, "abc") == 0); /* closed: nothing happens */
    CHECK(s.prompt_len == 0);
    app_prompt_open(&s);
    CHECK(app_prompt_paste(&s, NULL) == 0 && s.prompt_len == 0);

    /* the first line only, control characters dropped, appended where typing goes */
    app_prompt_type(&s, "dir/");
    CHECK(app_prompt_paste(&s, "a\tb.json\nsecond line\n") == 7);
    CHECK(strcmp(s.prompt, "dir/ab.json") == 0);
    app_prompt_cancel(&s);
    app_prompt_open(&s);
    CHECK(app_prompt_paste(&s, "\xc3\xa9.png\r\nnext") == 6); /* a Windows line end too */
    CHECK(strcmp(s.prompt, "\xc3\xa9.png") == 0);
    CHECK(app_prompt_paste(&s, "\nonly a second line") == 0); /* the first line is empty */
    CHECK(strcmp(s.prompt, "\xc3\xa9.png") == 0);

    /* over a selection: replaces it */
    app_prompt_select_all(&s);
    CHECK(app_prompt_paste(&s, "models/mnist-cnn.json\n") == 21);
    CHECK(strcmp(s.prompt, "models/mnist-cnn.json") == 0 && s.prompt_selected == 0);

    /* within APP_PROMPT_MAX bytes, whole characters, with a message, as typing is */
    static char big[3 * APP_PROMPT_MAX];
    memset(big, 'x', sizeof big - 1);
    big[APP_PROMPT_MAX] = '\n'; /* the first line is APP_PROMPT_MAX bytes long */
    app_prompt_select_all(&s);
    CHECK(app_prompt_paste(&s, big) == APP_PROMPT_MAX);
    CHECK(s.prompt_len == APP_PROMPT_MAX && s.message_error == 0);
    CHECK(app_prompt_paste(&s, "y") == 0);
    CHECK(s.message_error == 1 && strstr(s.message, "too long") != NULL);

    /* Ctrl+U: the whole line goes, the prompt stays open */
    app_prompt_select_all(&s);
    s.needs_redraw = 0;
    app_prompt_clear(&s);
    CHECK(s.prompt_open == 1 && s.prompt_len == 0 && s.prompt[0] == '\0');
    CHECK(s.prompt_selected == 0 && s.needs_redraw == 1);
    app_prompt_type(&s, "a");
    CHECK(strcmp(s.prompt, "a") == 0);
    app_prompt_cancel(&s);
    app_prompt_clear(&s); /* closed: nothing happens */
    CHECK(s.prompt_open == 0);
    app_free(&s);
}

int main(void)
{
    RUN(the_open_prompt_edits_typed_text_and_opens_it_on_enter);
    RUN(tab_completes_the_typed_path_like_a_shell);
    RUN(ctrl_a_selects_the_whole_line_which_the_next_edit_replaces);
    RUN(ctrl_v_pastes_the_first_line_and_ctrl_u_clears_the_line);
    return test_main_result();
}
