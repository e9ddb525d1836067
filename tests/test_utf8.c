/* test_utf8.c - the UTF-8 check (src/common/utf8.c) against the well-formed sequences of the
 * Unicode standard and the ill-formed ones next to them: overlong forms, surrogates, code
 * points past U+10FFFF, stray continuation bytes and characters cut short. */
#include <string.h>

#include "common/utf8.h"
#include "test.h"

TEST(each_well_formed_character_has_its_length)
{
    CHECK(utf8_char_length("A", 1) == 1);
    CHECK(utf8_char_length("\xc2\x80", 2) == 2);         /* U+0080 */
    CHECK(utf8_char_length("\xdf\xbf", 2) == 2);         /* U+07FF */
    CHECK(utf8_char_length("\xe0\xa0\x80", 3) == 3);     /* U+0800 */
    CHECK(utf8_char_length("\xed\x9f\xbf", 3) == 3);     /* U+D7FF */
    CHECK(utf8_char_length("\xee\x80\x80", 3) == 3);     /* U+E000 */
    CHECK(utf8_char_length("\xef\xbf\xbf", 3) == 3);     /* U+FFFF */
    CHECK(utf8_char_length("\xf0\x90\x80\x80", 4) == 4); /* U+10000 */
    CHECK(utf8_char_length("\xf4\x8f\xbf\xbf", 4) == 4); /* U+10FFFF */
}

TEST(ill_formed_sequences_start_no_character)
{
    CHECK(utf8_char_length("\x80", 1) == 0);             /* a continuation byte */
    CHECK(utf8_char_length("\xc0\xaf", 2) == 0);         /* '/' overlong in 2 bytes */
    CHECK(utf8_char_length("\xc1\xbf", 2) == 0);
    CHECK(utf8_char_length("\xe0\x9f\xbf", 3) == 0);     /* overlong in 3 bytes */
    CHECK(utf8_char_length("\xed\xa0\x80", 3) == 0);     /* U+D800, a surrogate */
    CHECK(utf8_char_length("\xf0\x8f\xbf\xbf", 4) == 0); /* overlong in 4 bytes */
    CHECK(utf8_char_length("\xf4\x90\x80\x80", 4) == 0); /* U+110000 */
    CHECK(utf8_char_length("\xf5\x80\x80\x80", 4) == 0);
    CHECK(utf8_char_length("\xff", 1) == 0);
    CHECK(utf8_char_length("\xe2\x82\xac", 2) == 0);     /* the euro sign, one byte short */
    CHECK(utf8_char_length("\xe2\x82", 4) == 0);         /* ... cut by the terminating NUL */
    CHECK(utf8_char_length("\xe2\x41\xac", 3) == 0);
    CHECK(utf8_char_length("A", 0) == 0);
}

TEST(text_is_valid_only_whole_and_without_nul)
{
    const char *ok = "caf\xc3\xa9 \xe6\x95\xb0 \xf0\x9f\x90\x88";
    CHECK(utf8_valid(ok, strlen(ok)) == 1);
    CHECK(utf8_valid("", 0) == 1);
    CHECK(utf8_valid(ok, strlen(ok) - 1) == 0); /* the cat cut short */
    CHECK(utf8_valid("a\0b", 3) == 0);
    CHECK(utf8_valid("d\xffg", 3) == 0);
}

int main(void)
{
    RUN(each_well_formed_character_has_its_length);
    RUN(ill_formed_sequences_start_no_character);
    RUN(text_is_valid_only_whole_and_without_nul);
    return test_main_result();
}
