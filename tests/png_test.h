/* png_test.h - what the PNG tests (test_png.c, test_png_bad_input.c) share: a scratch folder,
 * a PNG in memory, and the checks that it parses and that a message is one line.
 */
#ifndef SCRATCHNET_PNG_TEST_H
#define SCRATCHNET_PNG_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ink/png_codec.h"
#include "test.h"

static char tmp_dir[512];

/* Makes the scratch folder tmp_dir ("" when it cannot be made). */
static inline void make_tmp_dir(const char *name)
{
    if (test_make_scratch_dir(tmp_dir, sizeof tmp_dir, name) != 0)
        tmp_dir[0] = '\0';
}

/* A PNG file in memory. */
typedef struct Made {
    unsigned char *bytes;
    size_t len;
} Made;

/* Parses m, expecting success and the given size; returns the pixels (caller frees). */
static inline float *parse_ok(const Made *m, int want_w, int want_h)
{
    float *px = NULL;
    int w = 0, h = 0;
    SnError err = {0, ""};
    int rc = ink_png_parse(m->bytes, m->len, "t.png", &px, &w, &h, &err);
    CHECK(rc == 0);
    if (rc != 0)
        printf("    %s\n", err.msg);
    CHECK(w == want_w && h == want_h);
    if (rc == 0 && (w != want_w || h != want_h)) {
        free(px);
        return NULL;
    }
    return px;
}

/* 1 if msg is one line: not empty, no newline. */
static inline int one_line(const char *msg)
{
    return msg[0] != '\0' && strchr(msg, '\n') == NULL;
}

#endif
