/* nondigit_templates.c - the letters and symbols of the made non-digits, as stroke templates
 * (the format is in nondigit_templates.h).
 *
 * Letters a network cannot tell from a digit once the MNIST preprocessing has scaled everything
 * to 20 pixels have no template: O o Q D (a 0), C c (an open 0, or a 6 lacking its loop's top),
 * I l i j (a 1), Z z (a 2), S s (a 5), B (an 8), b (a 6), g q (a 9), and the curved y written as
 * a u with a tail on the right (a 4 with an open top). Capitals sit in 0..20 high, small letters
 * in 8..20 with ascenders from 0 and descenders to 27. Symbols leave out the lone strokes that
 * are digits (a vertical bar or a slash is a 1, a ring a 0), the exclamation mark (a 1 and a
 * speck), up and down arrows (a 1 with a flag) and the dollar sign (an S).
 */
#include "ink/nondigit_templates.h"

#include "ink/nondigit.h"

/* clang-format off */
const InkNdTemplate ink_nd_letters[] = {
    /* name   strokes                                                        what it is */
    {"A",   "L 0 20 8 0 16 20;L 4 12 12 12"},                              /* pointed top */
    {"A2",  "L 0 20 6 0 10 0 16 20;L 3 12 13 12"},                         /* flat top */
    {"A3",  "L 0 20 8 0 16 20;L 2 14 15 10"},                              /* bar aslant */
    {"E",   "L 12 0 0 0 0 20 12 20;L 0 10 9 10"},                          /* one stroke + bar */
    {"E2",  "L 0 0 0 20;L 0 0 12 0;L 0 10 8 10;L 0 20 13 20"},             /* four strokes */
    {"F",   "L 12 0 0 0 0 20;L 0 9 9 9"},
    {"F2",  "L 0 0 0 20;L 0 1 13 0;L 0 10 8 9"},
    {"G",   "C 14 3 10 0 4 1 0 8 2 16 8 20 14 17 15 11;L 15 11 9 11"},   /* bar in */
    {"G2",  "C 14 3 10 0 4 1 0 8 2 16 8 20 14 17;L 14 20 14 11 8 11"},   /* spur down */
    {"H",   "L 0 0 0 20;L 14 0 14 20;L 0 10 14 10"},
    {"H2",  "L 0 0 0 20;L 0 11 14 9;L 14 0 14 20"},
    {"J",   "L 3 0 15 0;C 10 0 10 15 7 20 2 19 0 15"},                     /* with a top bar */
    {"K",   "L 0 0 0 20;L 13 0 0 11 13 20"},                               /* arms meet stem */
    {"K2",  "L 0 0 0 20;L 13 0 0 11;L 4 8 13 20"},                         /* leg off the arm */
    {"L",   "L 0 0 0 20 12 20"},
    {"M",   "L 0 20 0 0 8 13 16 0 16 20"},                                 /* upright legs */
    {"M2",  "L 0 20 3 0 8 16 13 0 16 20"},                                 /* splayed legs */
    {"M3",  "L 0 20 0 0 8 20 16 0 16 20"},                                 /* middle to base */
    {"N",   "L 0 20 0 0 14 20 14 0"},
    {"N2",  "L 0 20 0 0;L 0 0 14 20;L 14 20 14 0"},
    {"P",   "L 0 20 0 0;C 0 0 8 0 12 5 8 10 0 10"},
    {"R",   "L 0 20 0 0;C 0 0 8 0 12 4 8 9 0 9;L 3 9 13 20"},            /* straight leg */
    {"R2",  "L 0 20 0 0;C 0 0 8 0 12 4 8 9 1 9;C 1 9 8 11 11 16 14 20"}, /* curved leg */
    {"T",   "L 0 0 16 0;L 8 0 8 20"},
    {"U",   "C 0 0 0 14 3 20 9 20 13 14 13 0"},
    {"V",   "L 0 0 7 20 14 0"},
    {"W",   "L 0 0 4 20 8 6 12 20 16 0"},                                  /* low middle */
    {"W2",  "L 0 0 4 20 8 1 12 20 16 0"},                                  /* tall middle */
    {"X",   "L 0 0 14 20;L 14 0 0 20"},
    {"Y",   "L 0 0 7 9 14 0;L 7 9 7 20"},
    {"Y2",  "L 0 0 7 10;L 14 0 1 20"},                                     /* long right arm */
    {"a",   "C 2 10 6 8 10 10 10 15 10 20;C 10 14 5 13 1 16 4 20 10 17"}, /* two storeys */
    {"a2",  "C 10 10 6 8 1 11 0 16 3 20 7 19 10 13;L 10 8 10 20"},        /* one storey */
    {"a3",  "C 10 10 6 8 1 11 0 16 3 20 7 19 10 13;C 10 8 10 18 12 20"}, /* with a tail */
    {"d",   "C 10 10 6 8 1 11 0 16 3 20 7 19 10 13;L 10 0 10 20"},
    {"e",   "C 1 14 10 14 10 10 6 8 1 10 0 15 3 19 7 20 11 18"},
    {"e2",  "C 0 14 10 13 8 8 3 9 0 14 2 19 9 20"},                        /* upright, flat */
    {"f",   "C 10 2 7 0 4 2 4 8 4 20;L 0 9 9 9"},
    {"f2",  "C 10 2 7 0 4 3 4 14 3 24 0 26;L 0 9 9 9"},                    /* with descender */
    {"h",   "L 0 0 0 20;C 0 13 4 9 8 10 9 14 9 20"},
    {"k",   "L 0 0 0 20;L 8 8 0 15 9 20"},
    {"k2",  "L 0 0 0 20;C 0 16 6 8 9 10 6 14 1 15 10 20"},                 /* looped */
    {"m",   "L 0 8 0 20;C 0 12 3 8 6 10 6 20;C 6 12 9 8 12 10 12 20"},
    {"n",   "L 0 8 0 20;C 0 12 4 8 8 10 9 14 9 20"},
    {"p",   "L 0 8 0 27;C 0 11 5 8 9 11 9 16 5 20 0 18"},
    {"r",   "L 0 8 0 20;C 0 13 3 9 7 8 9 9"},
    {"r2",  "L 0 8 0 20;L 0 12 5 8 8 9"},                                  /* angular */
    {"t",   "C 4 2 4 12 4 17 6 20 9 19;L 0 8 9 8"},                        /* hooked foot */
    {"t2",  "L 4 0 4 20 8 20;L 0 7 9 7"},                                  /* square foot */
    {"u",   "C 0 8 0 16 3 20 7 20 9 16;L 9 8 9 20"},
    {"v",   "L 0 8 6 20 12 8"},
    {"w",   "L 0 8 3 20 7 12 11 20 14 8"},
    {"x",   "L 0 8 10 20;L 10 8 0 20"},
    {"y",   "L 0 8 6 20;L 12 8 3 27"},                                     /* straight arms */
};
const int ink_nd_n_letters = (int)(sizeof ink_nd_letters / sizeof ink_nd_letters[0]);

const InkNdTemplate ink_nd_symbols[] = {
    {"plus",      "L 5 0 5 10;L 0 5 10 5"},
    {"minus",     "L 0 5 10 5"},
    {"times",     "L 0 0 10 10;L 10 0 0 10"},
    {"equals",    "L 0 3 10 3;L 0 8 10 8"},
    {"not-equal", "L 0 3 10 3;L 0 8 10 8;L 7 0 3 11"},
    {"divide",    "L 0 6 10 6;D 5 1;D 5 11"},
    {"question",  "C 1 3 4 0 8 1 9 4 5 7 5 10;D 5 14"},
    {"hash",      "L 4 0 3 12;L 9 0 8 12;L 0 4 12 4;L 0 8 12 8"},
    {"at",        "C 9 6 7 4 4 6 5 9 8 9 9 5 9 9 12 9 13 6 11 2 7 0 2 2 0 7 2 12 7 14 12 12"},
    {"ampersand", "C 12 14 7 7 3 3 5 0 8 2 7 6 1 10 1 13 4 15 8 13 12 8"},
    {"percent",   "L 10 0 0 14;C 2 1 0 3 2 5 4 3 2 1;C 8 9 6 11 8 13 10 11 8 9"},
    {"asterisk",  "L 5 0 5 10;L 1 2 9 8;L 9 2 1 8"},
    {"asterisk2", "L 5 0 5 10;L 0 5 10 5;L 1 1 9 9;L 9 1 1 9"},
    {"star",      "L 2 10 5 0 8 10 0 4 10 4 2 10"},
    {"caret",     "L 0 8 5 0 10 8"},
    {"less",      "L 10 0 0 5 10 10"},
    {"greater",   "L 0 0 10 5 0 10"},
    {"arrow-r",   "L 0 5 12 5;L 8 1 12 5 8 9"},
    {"arrow-l",   "L 12 5 0 5;L 4 1 0 5 4 9"},
    {"arrow-lr",  "L 0 5 14 5;L 3 2 0 5 3 8;L 11 2 14 5 11 8"},
    {"tilde",     "C 0 6 3 3 6 6 9 8 12 5"},
    {"check",     "L 0 5 4 10 12 0"},
    {"heart",     "C 6 3 3 0 0 2 1 6 6 11;C 6 3 9 0 12 2 11 6 6 11"},
    {"smiley",    "C 6 0 11 2 12 7 9 12 3 12 0 7 1 2 6 0;D 4 4;D 8 4;C 3 8 6 10 9 8"},
    {"triangle",  "L 6 0 12 10 0 10 6 0"},
    {"square",    "L 0 0 10 0 10 10 0 10 0 0"},
    {"rectangle", "L 0 0 16 0 16 9 0 9 0 0"},
    {"crossed",   "L 0 2 12 8;L 0 9 12 3;L 3 0 9 12"},
    {"crossed2",  "L 0 0 12 10;L 0 10 12 0;L 0 5 12 5;L 6 0 6 10"},
};
const int ink_nd_n_symbols = (int)(sizeof ink_nd_symbols / sizeof ink_nd_symbols[0]);
/* clang-format on */

const char *ink_nondigit_letter_name(int i)
{
    return i >= 0 && i < ink_nd_n_letters ? ink_nd_letters[i].name : (const char *)0;
}
