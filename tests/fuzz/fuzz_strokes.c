/* fuzz_strokes.c - libFuzzer target: any bytes as a strokes JSON drawing. Refused with a message
 * or accepted; an accepted drawing must rasterise through the app's pipeline and save as JSON
 * that reads back, its base image (if any) bit for bit. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ink/ink.h"
#include "ink/pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    SnError err = {0};
    int label = -1;
    int rc = ink_drawing_from_json(text, "fuzz.json", &d, &label, INK_DEFAULT_WIDTH, &err);
    free(text);
    if (rc < 0) {
        if (!err.msg[0])
            abort();
        ink_drawing_free(&d);
        return 0;
    }
    float grid[784];
    ink_drawing_to_input(&d, 1, grid, NULL);
    ink_drawing_to_input(&d, 0, grid, NULL);
    char *json = ink_drawing_to_json(&d);
    if (json) {
        InkDrawing e;
        ink_drawing_init(&e, 28.0f, 28.0f);
        if (ink_drawing_from_json(json, "again.json", &e, &label, INK_DEFAULT_WIDTH, &err) < 0)
            abort();
        if (!d.base != !e.base ||
            (d.base && memcmp(d.base, e.base, INK_BASE_PIXELS * sizeof *d.base) != 0))
            abort();
        ink_drawing_free(&e);
        free(json);
    }
    ink_drawing_free(&d);
    return 0;
}
