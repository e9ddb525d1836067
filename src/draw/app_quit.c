/* app_quit.c - Esc, quitting and full screen: the rules a teacher leaving full screen meets.
 *
 * Esc steps back before it quits: first out of full screen and out of the help or the Open
 * prompt, then, with a drawing on the canvas, it asks once in the message line. Ctrl+Q and the
 * window's close button quit at once. No SDL: main.c makes the window follow s->fullscreen.
 */
#include "draw/app_internal.h"

void app_quit(AppState *s)
{
    s->quit = 1;
}

void app_set_fullscreen(AppState *s, int on)
{
    if (s->quit_asked)
        app_clear_message(s);
    s->fullscreen = on != 0;
    s->needs_redraw = 1;
}

AppEscape app_escape(AppState *s)
{
    if (s->quit_asked) {
        app_quit(s);
        return APP_ESC_QUIT;
    }
    if (s->fullscreen || s->show_help || s->prompt_open) {
        if (s->prompt_open)
            app_prompt_cancel(s);
        s->show_help = 0;
        s->fullscreen = 0;
        s->needs_redraw = 1;
        return APP_ESC_CLOSED;
    }
    if (ink_drawing_is_empty(&s->drawing)) { /* an image alone is a drawing too */
        app_quit(s);
        return APP_ESC_QUIT;
    }
    app_message(s, 0, "Press Esc again or Enter to quit; any other key keeps the drawing");
    s->quit_asked = 1; /* after the message, which clears any earlier question */
    return APP_ESC_ASKED;
}

int app_quit_answer(AppState *s, int quits)
{
    if (!s->quit_asked)
        return 0;
    if (quits)
        app_quit(s);
    else
        app_clear_message(s);
    return 1;
}
