/* test_draw_escape.c - the drawing app's Esc, quit and full-screen rules, without SDL: Esc
 * first leaves full screen and closes the help or the Open prompt; quitting with a drawing on
 * the canvas asks once (Esc again or Enter quits, any other key keeps the drawing); an empty
 * canvas and Ctrl+Q quit at once.
 */
#include <stdio.h>
#include <string.h>

#include "draw_test.h"

TEST(esc_on_an_empty_canvas_quits_at_once)
{
    AppState s;
    app_init(&s);
    CHECK(app_escape(&s) == APP_ESC_QUIT);
    CHECK(s.quit == 1 && s.quit_asked == 0);
    app_free(&s);
}

TEST(esc_leaves_full_screen_and_closes_the_help_or_the_prompt_before_anything_else)
{
    AppState s;
    app_init(&s);
    draw_bar(&s, 10.0f);

    app_set_fullscreen(&s, 1);
    CHECK(s.fullscreen == 1 && s.needs_redraw == 1);
    app_toggle_help(&s);
    CHECK(app_escape(&s) == APP_ESC_CLOSED); /* both at once: the plain window is back */
    CHECK(s.fullscreen == 0 && s.show_help == 0 && s.quit == 0 && s.quit_asked == 0);

    app_prompt_open(&s);
    app_prompt_type(&s, "abc");
    CHECK(app_escape(&s) == APP_ESC_CLOSED);
    CHECK(s.prompt_open == 0 && s.prompt_len == 0 && s.quit == 0 && s.quit_asked == 0);

    app_set_fullscreen(&s, 1);
    CHECK(app_escape(&s) == APP_ESC_CLOSED);
    CHECK(s.fullscreen == 0 && s.quit == 0 && s.quit_asked == 0);

    app_toggle_help(&s);
    CHECK(app_escape(&s) == APP_ESC_CLOSED);
    CHECK(s.show_help == 0 && s.quit == 0);

    /* empty canvas, full screen: the first Esc still only leaves full screen */
    app_clear(&s);
    app_set_fullscreen(&s, 1);
    CHECK(app_escape(&s) == APP_ESC_CLOSED && s.quit == 0);
    CHECK(app_escape(&s) == APP_ESC_QUIT && s.quit == 1);
    app_free(&s);
}

TEST(quitting_with_a_drawing_asks_once_and_esc_again_or_enter_quits)
{
    AppState s;
    app_init(&s);
    draw_bar(&s, 10.0f);
    CHECK(app_escape(&s) == APP_ESC_ASKED);
    CHECK(s.quit == 0 && s.quit_asked == 1);
    CHECK(s.message_error == 0);
    CHECK(strstr(s.message, "Esc again or Enter to quit") != NULL);
    CHECK(strstr(s.message, "keeps the drawing") != NULL);
    CHECK(app_escape(&s) == APP_ESC_QUIT);
    CHECK(s.quit == 1);
    app_free(&s);

    app_init(&s);
    draw_bar(&s, 10.0f);
    CHECK(app_escape(&s) == APP_ESC_ASKED);
    CHECK(app_quit_answer(&s, 1) == 1); /* Enter */
    CHECK(s.quit == 1);
    app_free(&s);

    /* an image on the canvas, without a stroke over it, is a drawing too */
    app_init(&s);
    const char *dir = getenv("SCRATCHNET_TEST_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/mnist-test-0-seven.png", dir ? dir : "tests/data");
    CHECK(app_open_file(&s, path) == 0 && s.drawing.n == 0 && s.drawing.base != NULL);
    CHECK(app_escape(&s) == APP_ESC_ASKED);
    CHECK(s.quit == 0 && s.quit_asked == 1);
    app_free(&s);
}

TEST(any_other_key_keeps_the_drawing_and_clears_the_question)
{
    AppState s;
    app_init(&s);
    CHECK(app_quit_answer(&s, 1) == 0); /* no question: keys do their usual jobs */
    CHECK(app_quit_answer(&s, 0) == 0);
    CHECK(s.quit == 0);

    draw_bar(&s, 10.0f);
    CHECK(app_escape(&s) == APP_ESC_ASKED);
    CHECK(app_quit_answer(&s, 0) == 1); /* the key is taken: it only answers */
    CHECK(s.quit == 0 && s.quit_asked == 0 && s.message[0] == '\0');
    CHECK(s.drawing.n == 1);
    CHECK(app_escape(&s) == APP_ESC_ASKED); /* asked again, not quit */
    CHECK(s.quit == 0);

    /* the question lasts as long as its message: a new message or its expiry ends it */
    app_clear_message(&s);
    CHECK(s.quit_asked == 0);
    CHECK(app_escape(&s) == APP_ESC_ASKED);
    app_message(&s, 1, "something else");
    CHECK(s.quit_asked == 0);
    CHECK(app_escape(&s) == APP_ESC_ASKED);
    app_set_fullscreen(&s, 1); /* F11 is another key too */
    CHECK(s.quit_asked == 0);
    CHECK(app_escape(&s) == APP_ESC_CLOSED && s.quit == 0);
    app_free(&s);
}

TEST(ctrl_q_and_closing_the_window_quit_at_once)
{
    AppState s;
    app_init(&s);
    draw_bar(&s, 10.0f);
    app_set_fullscreen(&s, 1);
    app_toggle_help(&s);
    app_quit(&s);
    CHECK(s.quit == 1);
    app_free(&s);

    app_init(&s);
    draw_bar(&s, 10.0f);
    CHECK(app_escape(&s) == APP_ESC_ASKED);
    CHECK(app_quit_answer(&s, 1) == 1); /* Ctrl+Q while asked quits too */
    CHECK(s.quit == 1);
    app_free(&s);
}

int main(void)
{
    RUN(esc_on_an_empty_canvas_quits_at_once);
    RUN(esc_leaves_full_screen_and_closes_the_help_or_the_prompt_before_anything_else);
    RUN(quitting_with_a_drawing_asks_once_and_esc_again_or_enter_quits);
    RUN(any_other_key_keeps_the_drawing_and_clears_the_question);
    RUN(ctrl_q_and_closing_the_window_quit_at_once);
    return test_main_result();
}
