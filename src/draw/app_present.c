/* app_present.c - how the window looks for a room: the theme (dark or light, F10).
 *
 * It only changes the state and says what it did in the message line; render.c draws in the
 * theme.
 */
#include "draw/app_internal.h"

void app_set_theme(AppState *s, ThemeId t)
{
    s->theme = t == THEME_LIGHT ? THEME_LIGHT : THEME_DARK;
    app_message(s, 0, "%s theme (F10: %s)", s->theme == THEME_LIGHT ? "Light" : "Dark",
                theme_name(theme_next(s->theme)));
    s->needs_redraw = 1;
}

void app_next_theme(AppState *s)
{
    app_set_theme(s, theme_next(s->theme));
}
