/* theme.c - the dark and the light theme's colour tables, and WCAG 2's contrast ratio.
 *
 * contrast = (L1 + 0.05) / (L2 + 0.05), L1 the lighter colour's relative luminance
 * L = 0.2126 R + 0.7152 G + 0.0722 B of the linear channels (sRGB's curve undone).
 * The dark theme is the app's look from the start (light text on near black, a black canvas with
 * white ink, as MNIST stores digits); the light one is for a projector in a bright room, where a
 * dark background washes out: near-black text on near white, dark ink on a white canvas, the
 * amber accent darkened to a burnt orange so it stays readable on white. "What the network
 * sees" keeps white ink on black in both: it is the network's input, not a theme's.
 */
#include "draw/theme.h"

#include <math.h>
#include <string.h>

static const ThemeRgba dark[THEME_COLOURS] = {
    [TC_BG] = {16, 18, 24, 255},
    [TC_PANEL] = {12, 14, 20, 244},
    [TC_TEXT] = {242, 244, 247, 255},
    [TC_DIM] = {165, 173, 186, 255},
    [TC_ACCENT] = {255, 196, 0, 255},
    [TC_LEANING] = {186, 166, 112, 255},
    [TC_ON_ACCENT] = {16, 18, 24, 255},
    [TC_BAR] = {74, 144, 226, 255},
    [TC_BAR_OFF] = {112, 120, 136, 255},
    [TC_TRACK] = {42, 47, 60, 255},
    [TC_ERROR] = {255, 112, 112, 255},
    [TC_WARN] = {255, 206, 70, 255},
    [TC_OK] = {124, 226, 152, 255},
    [TC_BORDER] = {96, 104, 122, 255},
    [TC_GRID] = {255, 255, 255, 34},
    [TC_HINT] = {128, 136, 152, 255},
    [TC_SELECT] = {36, 84, 160, 255},
    [TC_PAPER] = {0, 0, 0, 255},
    [TC_INK] = {255, 255, 255, 255},
    [TC_BUTTON] = {38, 43, 56, 255},
    [TC_BUTTON_HOVER] = {54, 61, 78, 255},
    [TC_BUTTON_EDGE] = {110, 118, 136, 255},
    [TC_LIT] = {66, 54, 16, 255},
    [TC_LIT_HOVER] = {76, 62, 18, 255},
    [TC_OFF_EDGE] = {58, 63, 78, 255},
    [TC_OFF_TEXT] = {98, 105, 120, 255},
    [TC_SHADE] = {0, 0, 0, 170},
    [TC_SHADE_LIGHT] = {0, 0, 0, 120},
    [TC_FRAME] = {0, 0, 0, 255},
};

static const ThemeRgba light[THEME_COLOURS] = {
    [TC_BG] = {246, 247, 249, 255},
    [TC_PANEL] = {255, 255, 255, 246},
    [TC_TEXT] = {18, 20, 26, 255},
    [TC_DIM] = {72, 80, 94, 255},
    [TC_ACCENT] = {160, 70, 0, 255},
    [TC_LEANING] = {118, 96, 58, 255},
    [TC_ON_ACCENT] = {255, 255, 255, 255},
    [TC_BAR] = {40, 104, 196, 255},
    [TC_BAR_OFF] = {150, 156, 168, 255},
    [TC_TRACK] = {222, 226, 233, 255},
    [TC_ERROR] = {186, 26, 26, 255},
    [TC_WARN] = {138, 88, 0, 255},
    [TC_OK] = {20, 114, 48, 255},
    [TC_BORDER] = {128, 136, 150, 255},
    [TC_GRID] = {0, 0, 0, 30},
    [TC_HINT] = {96, 104, 118, 255},
    [TC_SELECT] = {176, 204, 242, 255},
    [TC_PAPER] = {255, 255, 255, 255},
    [TC_INK] = {16, 18, 24, 255},
    [TC_BUTTON] = {226, 230, 237, 255},
    [TC_BUTTON_HOVER] = {208, 214, 224, 255},
    [TC_BUTTON_EDGE] = {120, 128, 144, 255},
    [TC_LIT] = {253, 238, 212, 255},
    [TC_LIT_HOVER] = {248, 226, 190, 255},
    [TC_OFF_EDGE] = {200, 205, 214, 255},
    [TC_OFF_TEXT] = {128, 134, 146, 255},
    [TC_SHADE] = {18, 20, 26, 140},
    [TC_SHADE_LIGHT] = {18, 20, 26, 90},
    [TC_FRAME] = {18, 20, 26, 255},
};

static const char *const names[THEMES] = {"dark", "light"};

const ThemePair theme_text_pairs[] = {
    {TC_TEXT, TC_BG, 4.5, "text on the window"},
    {TC_TEXT, TC_PANEL, 4.5, "help, prompt and the canvas's bands"},
    {TC_TEXT, TC_BUTTON, 4.5, "a button's name"},
    {TC_TEXT, TC_BUTTON_HOVER, 4.5, "a button's name under the mouse"},
    {TC_TEXT, TC_SELECT, 4.5, "the prompt's selected text"},
    {TC_DIM, TC_BG, 4.5, "captions, notes, the key list"},
    {TC_DIM, TC_PANEL, 4.5, "the help's descriptions"},
    {TC_DIM, TC_BUTTON, 4.5, "a button's key"},
    {TC_DIM, TC_BUTTON_HOVER, 4.5, "a button's key under the mouse"},
    {TC_DIM, TC_LIT, 4.5, "a switch's key while it is on"},
    {TC_DIM, TC_LIT_HOVER, 4.5, "the same under the mouse"},
    {TC_ACCENT, TC_BG, 4.5, "the answer, the active model"},
    {TC_ACCENT, TC_PANEL, 4.5, "the help's title"},
    {TC_ACCENT, TC_LIT, 4.5, "a switch's name while it is on"},
    {TC_ACCENT, TC_LIT_HOVER, 4.5, "the same under the mouse"},
    {TC_LEANING, TC_BG, 4.5, "an answer the network leans towards"},
    {TC_ON_ACCENT, TC_ACCENT, 4.5, "a pressed button, the Apply tag"},
    {TC_ERROR, TC_BG, 4.5, "an error message"},
    {TC_ERROR, TC_PANEL, 4.5, "an error in a band"},
    {TC_WARN, TC_BG, 4.5, "a warning"},
    {TC_WARN, TC_PANEL, 4.5, "a warning in a band"},
    {TC_OK, TC_BG, 4.5, "a message that something worked"},
    {TC_HINT, TC_PAPER, 4.5, "\"draw here\" on the empty canvas"},
    {TC_INK, TC_PAPER, 4.5, "a drawing on the canvas"},
    {TC_OFF_TEXT, TC_BG, 3.0, "a disabled button's name"},
};
const int theme_n_text_pairs = (int)(sizeof theme_text_pairs / sizeof theme_text_pairs[0]);

const ThemeRgba *theme_table(ThemeId id)
{
    return id == THEME_LIGHT ? light : dark;
}

const char *theme_name(ThemeId id)
{
    return id >= 0 && id < THEMES ? names[id] : names[THEME_DARK];
}

int theme_parse(const char *name, ThemeId *id)
{
    for (int i = 0; name && i < THEMES; i++)
        if (strcmp(name, names[i]) == 0) {
            *id = (ThemeId)i;
            return 0;
        }
    return -1;
}

ThemeId theme_next(ThemeId id)
{
    return (ThemeId)(((int)id + 1) % THEMES);
}

static unsigned char mix(unsigned char f, unsigned char b, int a)
{
    return (unsigned char)((f * a + b * (255 - a) + 127) / 255);
}

ThemeRgba theme_over(ThemeRgba fg, ThemeRgba bg)
{
    ThemeRgba o = {mix(fg.r, bg.r, fg.a), mix(fg.g, bg.g, fg.a), mix(fg.b, bg.b, fg.a),
                   (unsigned char)(fg.a + bg.a * (255 - fg.a) / 255)};
    return o;
}

/* One sRGB channel, 0..255, as linear light 0..1. */
static double linear(unsigned char v)
{
    double c = (double)v / 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double theme_luminance(ThemeRgba c)
{
    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double theme_contrast(ThemeRgba a, ThemeRgba b)
{
    double la = theme_luminance(a), lb = theme_luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

double theme_pair_contrast(ThemeId id, ThemePair p)
{
    const ThemeRgba *t = theme_table(id);
    /* a translucent background shows the window's through it; the text is laid on that */
    ThemeRgba bg = theme_over(t[p.bg], t[TC_BG]);
    if (p.bg == TC_PAPER || p.bg == TC_BG)
        bg = t[p.bg];
    return theme_contrast(theme_over(t[p.text], bg), bg);
}
