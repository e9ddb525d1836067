/* make_person.c - a scripted "person" for measuring fine-tuning: digits drawn by a program in
 * one distinctive hand (ink_madedigit_person: slanted 30 degrees, 1s with a flag and a foot,
 * crossed 7s, open 4s, ...), written as two JSON lines files of labelled drawings, the form
 * `scratchnet eval --drawings` and `scratchnet train --finetune --drawings` read. Of each
 * digit's N drawings, two thirds go to the file to fine-tune on and every third one to the file
 * held back for measuring. The same options give the same files, byte for byte.
 *
 *     make-person [--per-digit N] [--seed S] TRAIN.jsonl HELD.jsonl
 *
 * A measuring tool, built with the project but not installed: it is no part of the product's
 * command line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/atomic.h"
#include "common/buf.h"
#include "ink/madedigit.h"

typedef struct Text {
    char *p;
    size_t len, cap;
} Text;

static int append(Text *t, const char *s)
{
    size_t n = strlen(s);
    if (buf_grow((void **)&t->p, &t->cap, t->len + n + 2, 1) != 0)
        return -1;
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len++] = '\n';
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: make-person [--per-digit N] [--seed S] TRAIN.jsonl HELD.jsonl\n");
    return 2;
}

int main(int argc, char **argv)
{
    long per_digit = 30;
    unsigned long long seed = 1;
    const char *files[2] = {NULL, NULL};
    int n_files = 0;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        if (strcmp(argv[i], "--per-digit") == 0 && i + 1 < argc) {
            per_digit = strtol(argv[++i], &end, 10);
            if (*end || per_digit < 3 || per_digit > 10000)
                return fprintf(stderr, "make-person: --per-digit: 3 to 10000\n"), 2;
        } else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            seed = strtoull(argv[++i], &end, 10);
            if (*end)
                return fprintf(stderr, "make-person: --seed: a whole number\n"), 2;
        } else if (argv[i][0] == '-' || n_files == 2) {
            return usage();
        } else {
            files[n_files++] = argv[i];
        }
    }
    if (n_files != 2)
        return usage();
    const InkMdStyle hand = ink_madedigit_person();
    Text out[2] = {{0}};
    SnError err = {0};
    /* digits interleaved (0 1 2 ... 9 0 1 ...), as a person fills a page */
    for (long i = 0; i < per_digit; i++)
        for (int d = 0; d < 10; d++) {
            InkDrawing drawing;
            uint64_t variation = seed * 1000003u + (uint64_t)(i * 10 + d);
            if (ink_madedigit_styled(variation, d, &hand, &drawing, &err) != 0) {
                fprintf(stderr, "make-person: %s\n", err.msg);
                return 1;
            }
            char *line = ink_drawing_to_labelled_json(&drawing, d);
            ink_drawing_free(&drawing);
            if (!line || append(&out[i % 3 == 2], line) != 0) {
                fprintf(stderr, "make-person: out of memory\n");
                return 1;
            }
            free(line);
        }
    for (int k = 0; k < 2; k++) {
        if (atomic_write_file(files[k], out[k].p, out[k].len, &err) != 0) {
            fprintf(stderr, "make-person: %s\n", err.msg);
            return 1;
        }
        free(out[k].p);
    }
    printf("make-person: %ld drawings of each digit: %s to fine-tune on, %s held back\n",
           per_digit, files[0], files[1]);
    return 0;
}
