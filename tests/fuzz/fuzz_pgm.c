/* fuzz_pgm.c - libFuzzer target: any bytes as a PGM image (P2 or P5). Refused with a message or
 * parsed into w x h values in 0..1 that the app's image path can take. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "ink/image.h"
#include "ink/pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    float *px = NULL;
    int w = 0, h = 0;
    SnError err = {0};
    if (ink_image_parse_pgm(data, size, "fuzz.pgm", &px, &w, &h, &err) < 0) {
        if (!err.msg[0] || px)
            abort();
        return 0;
    }
    if (w < 1 || h < 1)
        abort();
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
        if (!(px[i] >= 0.0f && px[i] <= 1.0f))
            abort();
    ink_image_normalise_polarity(px, w, h);
    float grid[784];
    ink_image_to_input(px, w, h, 1, grid, NULL);
    free(px);
    return 0;
}
