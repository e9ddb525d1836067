/* fuzz_png.c - libFuzzer target: any bytes as a PNG image. Refused with a one-line message, or
 * decoded into w x h values in 0..1 that the app's image path can take; a decoded image is
 * written again as 8-bit grey and read back (up to 4 M pixels: larger ones only cost time),
 * which must give the same size and values within half a grey level. (The fuzz build skips PNG
 * checksums, see png_codec.c.) */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ink/image.h"
#include "ink/pipeline.h"
#include "ink/png_codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes px as 8-bit grey, reads it back and compares. */
static void round_trip(const float *px, int w, int h)
{
    size_t n = (size_t)w * (size_t)h;
    unsigned char *grey = malloc(n);
    if (!grey)
        abort();
    for (size_t i = 0; i < n; i++)
        grey[i] = (unsigned char)lroundf(px[i] * 255.0f);
    unsigned char *png = NULL;
    size_t len = 0;
    SnError err = {0};
    if (ink_png_encode(grey, w, h, 1, "again.png", &png, &len, &err) < 0)
        abort();
    float *back = NULL;
    int w2 = 0, h2 = 0;
    if (ink_png_parse(png, len, "again.png", &back, &w2, &h2, &err) < 0 || w2 != w || h2 != h)
        abort();
    for (size_t i = 0; i < n; i++)
        if (fabsf(back[i] - px[i]) > 0.5f / 255.0f + 1e-6f)
            abort();
    free(back);
    free(png);
    free(grey);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    float *px = NULL;
    int w = 0, h = 0;
    SnError err = {0};
    if (ink_png_parse(data, size, "fuzz.png", &px, &w, &h, &err) < 0) {
        if (!err.msg[0] || px || strchr(err.msg, '\n') || strncmp(err.msg, "fuzz.png: ", 10))
            abort();
        return 0;
    }
    if (w < 1 || h < 1 || w > INK_PNG_MAX_SIDE || h > INK_PNG_MAX_SIDE)
        abort();
    size_t n = (size_t)w * (size_t)h;
    for (size_t i = 0; i < n; i++)
        if (!(px[i] >= 0.0f && px[i] <= 1.0f))
            abort();
    if (n <= (4u << 20))
        round_trip(px, w, h);
    ink_image_normalise_polarity(px, w, h);
    float grid[784];
    ink_image_to_input(px, w, h, 1, grid, NULL);
    free(px);
    return 0;
}
