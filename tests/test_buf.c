/* test_buf.c - the one growable buffer (src/common/buf.c): arrays grow by doubling from 16 and
 * keep their contents; byte strings stay NUL-terminated, take long printf text, and refuse
 * sizes that would overflow without losing what they hold. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "test.h"

TEST(an_array_grows_by_doubling_and_keeps_its_elements)
{
    int *a = NULL;
    size_t cap = 0;
    CHECK(buf_grow((void **)&a, &cap, 1, sizeof *a) == 0);
    CHECK(cap == 16);
    for (int i = 0; i < 16; i++)
        a[i] = i * 3;
    CHECK(buf_grow((void **)&a, &cap, 17, sizeof *a) == 0);
    CHECK(cap == 32);
    CHECK(buf_grow((void **)&a, &cap, 100, sizeof *a) == 0);
    CHECK(cap == 128);
    CHECK(buf_grow((void **)&a, &cap, 50, sizeof *a) == 0); /* no shrinking */
    CHECK(cap == 128);
    int same = 1;
    for (int i = 0; i < 16; i++)
        same &= a[i] == i * 3;
    CHECK(same);
    free(a);
}

TEST(an_array_size_that_would_overflow_is_refused_and_the_array_kept)
{
    char *a = NULL;
    size_t cap = 0;
    CHECK(buf_grow((void **)&a, &cap, 20, 1) == 0);
    memcpy(a, "kept", 5);
    CHECK(buf_grow((void **)&a, &cap, SIZE_MAX / 2 + 2, 1) == SN_E_NOMEM);
    CHECK(buf_grow((void **)&a, &cap, SIZE_MAX / 8, 16) == SN_E_NOMEM);
    CHECK(cap == 32 && strcmp(a, "kept") == 0);
    free(a);
}

TEST(bytes_append_text_and_stay_a_string)
{
    Bytes b = {0};
    bytes_add(&b, "", 0);
    CHECK(b.p && b.len == 0 && b.p[0] == '\0');
    bytes_add(&b, "{", 1);
    bytes_printf(&b, "\"n\": %d, \"x\": %.2f}", 42, 0.5);
    CHECK(!b.failed && strcmp(b.p, "{\"n\": 42, \"x\": 0.50}") == 0 && b.len == strlen(b.p));
    free(b.p);
}

TEST(long_printf_text_is_appended_whole)
{
    char long_word[1000];
    memset(long_word, 'w', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    Bytes b = {0};
    bytes_add(&b, "<", 1);
    bytes_printf(&b, "%s|%s", long_word, long_word);
    bytes_add(&b, ">", 1);
    CHECK(!b.failed && b.len == 2 + 999 * 2 + 1);
    CHECK(b.p[0] == '<' && b.p[1000] == '|' && b.p[b.len - 1] == '>' && b.p[b.len] == '\0');
    free(b.p);
}

TEST(after_a_failure_appends_do_nothing)
{
    Bytes b = {0};
    bytes_add(&b, "ab", 2);
    bytes_add(&b, "x", SIZE_MAX - 1); /* cannot fit */
    CHECK(b.failed);
    bytes_add(&b, "cd", 2);
    CHECK(b.len == 2 && strcmp(b.p, "ab") == 0);
    free(b.p);
}

int main(void)
{
    RUN(an_array_grows_by_doubling_and_keeps_its_elements);
    RUN(an_array_size_that_would_overflow_is_refused_and_the_array_kept);
    RUN(bytes_append_text_and_stay_a_string);
    RUN(long_printf_text_is_appended_whole);
    RUN(after_a_failure_appends_do_nothing);
    return test_main_result();
}
