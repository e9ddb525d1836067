/* app_present.c - how the window looks for a room: the theme (dark or light, F10) and the size
 * of type and bars (Ctrl+= larger, Ctrl+- smaller, F9 normal; layout.h's size steps).
 *
 * Both only change the state and say what they did in the message line; render.c draws in the
 * theme, main.c lays the window out at the size.
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

/* Says the size in the message line. */
static void size_message(AppState *s)
{
    int pct = (int)(100.0f * layout_size_factor(s->size_step) + 0.5f);
    if (s->size_step == 0)
        app_message(s, 0, "Type and bars: normal size (Ctrl+= larger)");
    else if (s->size_step == LAYOUT_SIZE_STEPS - 1)
        app_message(s, 0, "Type and bars: %d%%, the largest (Ctrl+- smaller, F9 normal)", pct);
    else
        app_message(s, 0, "Type and bars: %d%% (Ctrl+= larger, Ctrl+- smaller, F9 normal)", pct);
}

void app_size_step(AppState *s, int steps)
{
    int k = s->size_step + steps;
    s->size_step = k < 0 ? 0 : k >= LAYOUT_SIZE_STEPS ? LAYOUT_SIZE_STEPS - 1 : k;
    size_message(s);
    s->needs_redraw = 1;
}

void app_size_reset(AppState *s)
{
    s->size_step = 0;
    size_message(s);
    s->needs_redraw = 1;
}
