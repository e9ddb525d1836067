/* palette.c - the colour scales (palette.h). */
#include "ink/palette.h"

#include <math.h>

static const InkRgb NEG = {44, 123, 220};      /* blue */
static const InkRgb POS = {240, 130, 20};      /* orange */
static const InkRgb HOT = {255, 236, 170};     /* the brightest orange-white */
static const InkRgb ZERO_DARK = {24, 27, 36};
static const InkRgb ZERO_LIGHT = {247, 247, 247};
static const InkRgb NEG_DEEP = {8, 64, 150};
static const InkRgb POS_DEEP = {150, 60, 0};

static uint8_t mix8(uint8_t a, uint8_t b, float t)
{
    return (uint8_t)((float)a + t * ((float)b - (float)a) + 0.5f);
}

static InkRgb mix(InkRgb a, InkRgb b, float t)
{
    t = t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
    return (InkRgb){mix8(a.r, b.r, t), mix8(a.g, b.g, t), mix8(a.b, b.b, t)};
}

static float clamp1(float t)
{
    return isnan(t) ? 0.0f : t < -1.0f ? -1.0f : t > 1.0f ? 1.0f : t;
}

InkRgb ink_ramp_dark(float t)
{
    t = clamp1(t);
    if (t < 0.0f)
        return mix(ZERO_DARK, NEG, -t);
    return t < 0.6f ? mix(ZERO_DARK, POS, t / 0.6f) : mix(POS, HOT, (t - 0.6f) / 0.4f);
}

InkRgb ink_ramp_light(float t)
{
    t = clamp1(t);
    if (t < 0.0f)
        return t > -0.5f ? mix(ZERO_LIGHT, NEG, -2.0f * t) : mix(NEG, NEG_DEEP, -2.0f * t - 1.0f);
    return t < 0.5f ? mix(ZERO_LIGHT, POS, 2.0f * t) : mix(POS, POS_DEEP, 2.0f * t - 1.0f);
}

InkRgb ink_ramp_ink(float t)
{
    t = isnan(t) ? 0.0f : t < 0.0f ? 0.0f : t > 1.0f ? 1.0f : t;
    const uint8_t v = (uint8_t)(255.0f * (1.0f - t) + 0.5f);
    return (InkRgb){v, v, v};
}
