/* test_draw_theme.c - the themes' colour tables (theme.h): WCAG 2's luminance and contrast
 * against values worked out by hand, every pair of colours the app draws text with at 4.5:1 or
 * more in both themes, the names, and F10's cycle and its switch.
 */
#include <stdio.h>

#include "draw_test.h"
#include "draw/theme.h"

static ThemeRgba rgb(unsigned char r, unsigned char g, unsigned char b)
{
    ThemeRgba c = {r, g, b, 255};
    return c;
}

TEST(luminance_and_contrast_match_values_worked_out_by_hand)
{
    CHECK_NEAR(theme_luminance(rgb(255, 255, 255)), 1.0, 1e-12);
    CHECK_NEAR(theme_luminance(rgb(0, 0, 0)), 0.0, 1e-12);
    CHECK_NEAR(theme_contrast(rgb(0, 0, 0), rgb(255, 255, 255)), 21.0, 1e-9);
    CHECK_NEAR(theme_contrast(rgb(255, 255, 255), rgb(0, 0, 0)), 21.0, 1e-9); /* either order */
    /* pure red: L = 0.2126; on white 1.05 / 0.2626 = 3.998, on black 0.2626 / 0.05 = 5.252 */
    CHECK_NEAR(theme_luminance(rgb(255, 0, 0)), 0.2126, 1e-12);
    CHECK_NEAR(theme_contrast(rgb(255, 0, 0), rgb(255, 255, 255)), 3.998, 1e-3);
    CHECK_NEAR(theme_contrast(rgb(255, 0, 0), rgb(0, 0, 0)), 5.252, 1e-3);
    /* #777777: 119/255 = 0.46667, ((0.46667 + 0.055) / 1.055)^2.4 = 0.18448; on white
     * 1.05 / 0.23448 = 4.478, the grey famous for just missing 4.5 */
    CHECK_NEAR(theme_luminance(rgb(119, 119, 119)), 0.18448, 1e-4);
    CHECK_NEAR(theme_contrast(rgb(119, 119, 119), rgb(255, 255, 255)), 4.478, 1e-3);
    /* below 0.04045 the curve is linear: 10/255 / 12.92 = 0.0030353 */
    CHECK_NEAR(theme_luminance(rgb(10, 10, 10)), 0.0030353, 1e-6);
    /* green weighs most: (0.7152 + 0.05) / 0.05 = 15.304 */
    CHECK_NEAR(theme_contrast(rgb(0, 255, 0), rgb(0, 0, 0)), 15.304, 1e-3);
    CHECK_NEAR(theme_contrast(rgb(40, 50, 60), rgb(40, 50, 60)), 1.0, 1e-12);
}

TEST(a_translucent_colour_lies_over_another_by_its_alpha)
{
    ThemeRgba half = {255, 255, 255, 128}, black = {0, 0, 0, 255};
    ThemeRgba o = theme_over(half, black);
    CHECK(o.r == 128 && o.g == 128 && o.b == 128 && o.a == 255);
    ThemeRgba opaque = {10, 20, 30, 255};
    o = theme_over(opaque, rgb(200, 200, 200));
    CHECK(o.r == 10 && o.g == 20 && o.b == 30);
}

TEST(every_text_colour_has_the_contrast_it_needs_in_both_themes)
{
    CHECK(theme_n_text_pairs >= 20);
    for (int t = 0; t < THEMES; t++)
        for (int i = 0; i < theme_n_text_pairs; i++) {
            ThemePair p = theme_text_pairs[i];
            double c = theme_pair_contrast((ThemeId)t, p);
            CHECK(p.min >= 3.0);
            if (c < p.min) {
                printf("  %s theme: %s: %.2f:1, needs %.1f:1\n", theme_name((ThemeId)t), p.what,
                       c, p.min);
                CHECK(c >= p.min);
            }
        }
    /* the plain text of the window, from the back of a room: far more than the minimum */
    for (int t = 0; t < THEMES; t++) {
        ThemePair body = {TC_TEXT, TC_BG, 4.5, "text"};
        CHECK(theme_pair_contrast((ThemeId)t, body) >= 15.0);
    }
}

TEST(the_light_theme_is_light_and_the_dark_one_dark)
{
    const ThemeRgba *d = theme_table(THEME_DARK), *l = theme_table(THEME_LIGHT);
    CHECK(theme_luminance(d[TC_BG]) < 0.02 && theme_luminance(l[TC_BG]) > 0.85);
    CHECK(theme_luminance(d[TC_TEXT]) > 0.85 && theme_luminance(l[TC_TEXT]) < 0.02);
    /* the canvas: white ink on black as MNIST, and dark ink on white paper */
    CHECK(theme_luminance(d[TC_PAPER]) == 0.0 && theme_luminance(d[TC_INK]) == 1.0);
    CHECK(theme_luminance(l[TC_PAPER]) == 1.0 && theme_luminance(l[TC_INK]) < 0.02);
    /* every colour is opaque but the veils and the grid, which must let the window through */
    for (int t = 0; t < THEMES; t++)
        for (int c = 0; c < THEME_COLOURS; c++) {
            ThemeRgba k = theme_table((ThemeId)t)[c];
            int see_through = c == TC_GRID || c == TC_SHADE || c == TC_SHADE_LIGHT ||
                              c == TC_PANEL;
            CHECK(see_through ? k.a < 255 && k.a > 0 : k.a == 255);
        }
    CHECK(theme_table((ThemeId)7) == d); /* out of range: the dark one */
}

TEST(themes_have_names_and_f10_cycles_them)
{
    ThemeId id = THEME_DARK;
    CHECK(theme_parse("light", &id) == 0 && id == THEME_LIGHT);
    CHECK(theme_parse("dark", &id) == 0 && id == THEME_DARK);
    CHECK(theme_parse("Light", &id) == -1 && id == THEME_DARK); /* unchanged */
    CHECK(theme_parse("", &id) == -1 && theme_parse(NULL, &id) == -1);
    CHECK(strcmp(theme_name(THEME_LIGHT), "light") == 0);
    CHECK(strcmp(theme_name(THEME_DARK), "dark") == 0);
    CHECK(strcmp(theme_name((ThemeId)-1), "dark") == 0);
    CHECK(theme_next(THEME_DARK) == THEME_LIGHT && theme_next(THEME_LIGHT) == THEME_DARK);
}

TEST(the_light_switch_and_f10_change_the_theme_and_say_so)
{
    AppState s;
    app_init(&s);
    CHECK(s.theme == THEME_DARK);
    CHECK(app_control_enabled(&s, LAYOUT_CTL_THEME) && !app_control_on(&s, LAYOUT_CTL_THEME));
    CHECK(strcmp(app_control_key(LAYOUT_CTL_THEME), "F10") == 0);
    s.needs_redraw = 0;
    app_next_theme(&s); /* F10 */
    CHECK(s.theme == THEME_LIGHT && s.needs_redraw);
    CHECK(strstr(s.message, "Light theme") != NULL && !s.message_error);
    CHECK(app_control_on(&s, LAYOUT_CTL_THEME));
    CHECK(app_control_act(&s, LAYOUT_CTL_THEME) == 1); /* the switch */
    CHECK(s.theme == THEME_DARK && strstr(s.message, "Dark theme") != NULL);
    app_set_theme(&s, (ThemeId)9); /* nonsense: dark */
    CHECK(s.theme == THEME_DARK);
    app_free(&s);
}

int main(void)
{
    RUN(luminance_and_contrast_match_values_worked_out_by_hand);
    RUN(a_translucent_colour_lies_over_another_by_its_alpha);
    RUN(every_text_colour_has_the_contrast_it_needs_in_both_themes);
    RUN(the_light_theme_is_light_and_the_dark_one_dark);
    RUN(themes_have_names_and_f10_cycles_them);
    RUN(the_light_switch_and_f10_change_the_theme_and_say_so);
    return test_main_result();
}
