/* test_labelled.c - a file of labelled drawings read whole (src/ink/labelled.c) and the
 * labelled form written (ink_drawing_to_labelled_json): a written line reads back the same, blank
 * lines are skipped, a bad line is refused naming the file and the line, and so are a drawing
 * without a label and a file that is not a regular file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ink/labelled.h"
#include "test.h"

static char dir[512];

static const char *write_file(const char *name, const char *text)
{
    static char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

TEST(written_lines_read_back_with_their_labels_and_blank_lines_are_skipped)
{
    InkDrawing d;
    ink_drawing_init(&d, 28.0f, 28.0f);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point(&d, 4.0f, 4.0f) == 0);
    CHECK(ink_drawing_add_point(&d, 20.0f, 24.0f) == 0);
    CHECK(ink_drawing_begin_stroke(&d, 2.5f, 0) == 0);
    CHECK(ink_drawing_add_point(&d, 0.1f, 10.0f) == 0);
    CHECK(ink_drawing_add_point(&d, 9.0f, 3.5f) == 0);
    char *seven = ink_drawing_to_labelled_json(&d, 7);
    char *none = ink_drawing_to_labelled_json(&d, INK_NO_CLASS);
    CHECK(seven &&
          strcmp(seven, "{\"label\":7,\"strokes\":[[[4,4],[20,24]],[[0.1,10],[9,3.5]]]}") == 0);
    CHECK(none && strncmp(none, "{\"label\":null,", 14) == 0);
    CHECK(ink_drawing_to_labelled_json(&d, 10) == NULL);
    char text[1024];
    snprintf(text, sizeof text, "%s\n\n   \n%s\n%s", seven, none, seven); /* no final newline */
    InkLabelled set;
    SnError err = {0};
    CHECK(ink_labelled_read(write_file("ok.jsonl", text), &set, &err) == 0);
    CHECK(set.n == 3 && set.label[0] == 7 && set.label[1] == INK_NO_CLASS && set.label[2] == 7);
    /* placed as eval places a drawing: the ink's box 20 cells on the longer side, centred */
    CHECK(set.n == 3 && set.d[0].n == 2 && set.d[0].width == 28.0f);
    ink_labelled_free(&set);
    ink_labelled_free(&set); /* twice is harmless */
    free(seven);
    free(none);
    ink_drawing_free(&d);
}

TEST(an_empty_file_is_an_empty_set)
{
    InkLabelled set;
    SnError err = {0};
    CHECK(ink_labelled_read(write_file("empty.jsonl", ""), &set, &err) == 0 && set.n == 0);
    ink_labelled_free(&set);
}

TEST(bad_lines_are_refused_naming_the_file_and_the_line)
{
    static const struct {
        const char *text, *says;
    } bad[] = {
        {"{\"label\":1,\"strokes\":[[[1,1],[2,2]]]}\n{\"label\":1,\"strokes\":[[[1,1]\n",
         "bad.jsonl:2"},
        {"{\"label\":11,\"strokes\":[[[1,1],[2,2]]]}\n", "bad.jsonl:1: label"},
        {"\n{\"strokes\":[[[1,1],[2,2]]]}\n", "bad.jsonl:2: no \"label\""},
        {"[1, 2]\n", "bad.jsonl:1"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        InkLabelled set;
        SnError err = {0};
        CHECK(ink_labelled_read(write_file("bad.jsonl", bad[i].text), &set, &err) < 0);
        CHECK(set.n == 0 && set.d == NULL);
        CHECK(strstr(err.msg, bad[i].says) != NULL);
        if (!strstr(err.msg, bad[i].says))
            printf("  %zu: %s\n", i, err.msg);
    }
}

TEST(a_missing_file_or_a_folder_is_refused_naming_it)
{
    InkLabelled set;
    SnError err = {0};
    char path[600];
    snprintf(path, sizeof path, "%s/nope.jsonl", dir);
    CHECK(ink_labelled_read(path, &set, &err) == SN_E_IO && strstr(err.msg, "nope.jsonl"));
    CHECK(ink_labelled_read(dir, &set, &err) == SN_E_NOTREG);
}

int main(void)
{
    if (test_make_scratch_dir(dir, sizeof dir, "test_labelled") != 0)
        return 1;
    RUN(written_lines_read_back_with_their_labels_and_blank_lines_are_skipped);
    RUN(an_empty_file_is_an_empty_set);
    RUN(bad_lines_are_refused_naming_the_file_and_the_line);
    RUN(a_missing_file_or_a_folder_is_refused_naming_it);
    test_remove_dir(dir);
    return test_main_result();
}
