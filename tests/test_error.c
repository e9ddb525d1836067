/* test_error.c - the one error convention of the core (src/common/error.c): sn_error fills the
 * struct and returns the code, accepts a NULL struct, cuts a long message to one terminated
 * line of the struct's size, and no two codes share a value. */
#include <string.h>

#include "common/error.h"
#include "test.h"

TEST(sn_error_fills_the_struct_and_returns_the_code)
{
    SnError err = {0};
    CHECK(sn_error(&err, SN_E_IO, "%s: cannot open: %s", "m.json", "No such file") == SN_E_IO);
    CHECK(err.code == SN_E_IO);
    CHECK(strcmp(err.msg, "m.json: cannot open: No such file") == 0);
    CHECK(sn_error(&err, SN_E_LIMIT, "%d points", 7) == SN_E_LIMIT);
    CHECK(err.code == SN_E_LIMIT && strcmp(err.msg, "7 points") == 0);
}

TEST(a_null_struct_only_returns_the_code)
{
    CHECK(sn_error(NULL, SN_E_NOMEM, "%s: out of memory", "x") == SN_E_NOMEM);
}

TEST(a_long_message_is_cut_to_the_struct)
{
    char longer[2 * sizeof ((SnError *)0)->msg];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    SnError err;
    memset(&err, 0x55, sizeof err);
    CHECK(sn_error(&err, SN_E_FORMAT, "%s", longer) == SN_E_FORMAT);
    CHECK(strlen(err.msg) == sizeof err.msg - 1);
    CHECK(strspn(err.msg, "a") == sizeof err.msg - 1);
}

TEST(every_code_has_its_own_value)
{
    const int codes[] = {SN_OK,    SN_E_IO,        SN_E_FORMAT, SN_E_NOMEM, SN_E_ARG,
                         SN_E_LIMIT, SN_E_NONFINITE, SN_E_NOTREG, SN_E_BUSY,
                         SN_E_CANCELLED};
    size_t n = sizeof codes / sizeof codes[0];
    int distinct = 1, negative = 1;
    for (size_t i = 0; i < n; i++) {
        negative &= i == 0 ? codes[i] == 0 : codes[i] < 0;
        for (size_t j = i + 1; j < n; j++)
            distinct &= codes[i] != codes[j];
    }
    CHECK(distinct);
    CHECK(negative);
}

int main(void)
{
    RUN(sn_error_fills_the_struct_and_returns_the_code);
    RUN(a_null_struct_only_returns_the_code);
    RUN(a_long_message_is_cut_to_the_struct);
    RUN(every_code_has_its_own_value);
    return test_main_result();
}
