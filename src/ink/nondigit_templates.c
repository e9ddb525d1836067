/* nondigit_templates.c - the letters and symbols of the made non-digits, as stroke templates
 * (the format is in nondigit_templates.h).
 *
 * Letters come in the ways people write them: print and cursive, with entry and exit strokes,
 * loops, serifs, round and pointed turns, open and closed bowls, strokes in other orders.
 * Letters a network cannot tell from a digit once the MNIST preprocessing has scaled everything
 * to 20 pixels have no template: O o Q D (a 0), C c (an open 0, or a 6 lacking its loop's top),
 * I l i j (a 1), Z z (a 2), S s (a 5), B (an 8), b (a 6), g q (a 9), and the curved y written as
 * a u with a tail on the right (a 4 with an open top). Nor have these forms of other letters:
 * a cursive l or a tall narrow e loop (a 0), a looped g (a 9 or an 8), a cursive q (a 9), a G
 * without its bar (a 6), an a whose closed body is taller than wide (a 0 or a 9), an x or X as
 * two arcs back to back (an I with curled ends: a 1), an e written as a small epsilon (an 8),
 * a T whose stem curls left at the foot (a J, or a 7), a t with its bar aslant (a 1), a looped
 * cursive f without a bar (a squiggle no one names at once), and the forms that a network
 * trained on MNIST alone reads as one digit, sure of it, in more than half of their drawings:
 * an F with a wavy bar or a curved top, an E with serifs, an r with an entry stroke or a low
 * shoulder (a 5); an H with curved stems, an M with round tops, a V with a round tip, a Y with
 * curved arms or a curved tail, a y with a curved tail or an entry hook (a 4); an R with a
 * looped, open or angular bowl, a P with a foot serif, a cursive K, a W of crossed Vs, an X
 * with serifs (an 8); a U with an entry hook or square, an angular n, an a with its stem aslant
 * (a 0); a w with round bottoms (a 6); a cursive t, an f with a looped descender (a 1); a
 * cursive L with a loop at its foot (a 2).
 * Capitals sit in 0..20 high, small letters in 8..20 with ascenders from 0 and descenders to
 * 27. Symbols leave out the lone strokes that are digits (a vertical bar or a slash is a 1, a
 * ring a 0), the exclamation mark (a 1 and a speck), up and down arrows (a 1 with a flag) and
 * the dollar sign (an S).
 */
#include "ink/nondigit_templates.h"

#include "ink/nondigit.h"

/* clang-format off */
const InkNdTemplate ink_nd_letters[] = {
    /* name   strokes                                                        what it is */
    {"A",   "L 0 20 8 0 16 20;L 4 12 12 12"},                              /* pointed top */
    {"A2",  "L 0 20 6 0 10 0 16 20;L 3 12 13 12"},                         /* flat top */
    {"A3",  "L 0 20 8 0 16 20;L 2 14 15 10"},                              /* bar aslant */
    {"A4",  "C 0 20 3 8 8 0 13 8 16 20;L 2 13 14 13"},                     /* round top */
    {"A5",  "L 0 20 8 0 16 20;C 2 13 6 11 9 13 7 15 6 13 9 11 15 12"},     /* looped bar */
    {"A6",  "L 3 20 8 0 13 20;L 0 12 16 12"},                              /* bar through */
    {"A7",  "C 0 20 3 6 8 0;L 8 0 16 20;L 3 12 13 12"},                    /* curved leg */
    {"A8",  "L 0 20 8 0 16 20;L 3 15 13 15"},                              /* low bar */
    {"E",   "L 12 0 0 0 0 20 12 20;L 0 10 9 10"},                          /* one stroke + bar */
    {"E2",  "L 0 0 0 20;L 0 0 12 0;L 0 10 8 10;L 0 20 13 20"},             /* four strokes */
    {"E3",  "C 13 2 9 0 3 1 2 5 7 9 2 11 0 16 4 20 10 20 14 17"},          /* curved back */
    {"E4",  "C 12 1 3 0 0 2 0 18 3 20 12 19;L 0 10 9 10"},                 /* round corners */
    {"F",   "L 12 0 0 0 0 20;L 0 9 9 9"},
    {"F2",  "L 0 0 0 20;L 0 1 13 0;L 0 10 8 9"},
    {"F3",  "L 0 0 13 0 13 3;L 4 0 4 20;L 1 20 7 20;L 4 10 10 10"},        /* serifs */
    {"G",   "C 14 3 10 0 4 1 0 8 2 16 8 20 14 17 15 11;L 15 11 9 11"},   /* bar in */
    {"G2",  "C 14 3 10 0 4 1 0 8 2 16 8 20 14 17;L 14 20 14 11 8 11"},   /* spur down */
    {"G3",  "C 14 3 10 0 4 1 0 8 2 16 8 20 14 17 15 11;L 10 11 18 11"},    /* bar across */
    {"G4",  "C 14 3 10 0 4 1 0 8 2 16 8 20 14 17;L 14 20 14 11;L 8 11 18 11"}, /* spur, bar */
    {"H",   "L 0 0 0 20;L 14 0 14 20;L 0 10 14 10"},
    {"H2",  "L 0 0 0 20;L 0 11 14 9;L 14 0 14 20"},
    {"H3",  "L 1 0 1 20;L 14 0 14 20;C 0 13 4 10 7 11 6 13 5 11 9 9 15 10"}, /* looped bar */
    {"J",   "L 3 0 15 0;C 10 0 10 15 7 20 2 19 0 15"},                     /* with a top bar */
    {"J2",  "C 13 0 13 14 9 20 3 19 0 15"},                                /* no top bar */
    {"K",   "L 0 0 0 20;L 13 0 0 11 13 20"},                               /* arms meet stem */
    {"K2",  "L 0 0 0 20;L 13 0 0 11;L 4 8 13 20"},                         /* leg off the arm */
    {"K3",  "L 0 0 0 20;L 13 0 3 10 13 20"},                               /* < apart */
    {"K4",  "L 0 0 0 20;C 13 0 6 6 1 11 6 12 13 20"},                      /* curved arms */
    {"L",   "L 0 0 0 20 12 20"},
    {"L2",  "C 0 0 0 16 2 20 6 20 12 20"},                                 /* round corner */
    {"L3",  "L 0 0 4 0;L 2 0 2 20 13 20 13 17"},                           /* serifs */
    {"M",   "L 0 20 0 0 8 13 16 0 16 20"},                                 /* upright legs */
    {"M2",  "L 0 20 3 0 8 16 13 0 16 20"},                                 /* splayed legs */
    {"M3",  "L 0 20 0 0 8 20 16 0 16 20"},                                 /* middle to base */
    {"M4",  "C 0 20 1 8 4 1 7 8 8 16 9 8 12 1 15 8 16 20"},                /* round */
    {"N",   "L 0 20 0 0 14 20 14 0"},
    {"N2",  "L 0 20 0 0;L 0 0 14 20;L 14 20 14 0"},
    {"N3",  "C 0 20 0 5 2 0 5 5 9 15 12 20 14 15 14 0"},                   /* round */
    {"N4",  "L 0 3 2 0 2 20;L 2 0 13 20 13 0"},                            /* entry flag */
    {"P",   "L 0 20 0 0;C 0 0 8 0 12 5 8 10 0 10"},
    {"P2",  "L 0 20 0 0;C 0 0 8 0 12 5 8 10 3 10"},                        /* bowl open */
    {"P3",  "C 2 0 2 10 1 17 0 20;C 0 3 5 0 10 1 12 5 9 9 2 10"},          /* cursive */
    {"R",   "L 0 20 0 0;C 0 0 8 0 12 4 8 9 0 9;L 3 9 13 20"},            /* straight leg */
    {"R2",  "L 0 20 0 0;C 0 0 8 0 12 4 8 9 1 9;C 1 9 8 11 11 16 14 20"}, /* curved leg */
    {"T",   "L 0 0 16 0;L 8 0 8 20"},
    {"T2",  "L 0 3 0 0 16 0 16 3;L 8 0 8 20"},                             /* serifs */
    {"T3",  "C 0 2 4 0 8 1 12 2 16 0;L 8 1 8 20"},                         /* wavy bar */
    {"T4",  "L 0 0 16 0;C 8 0 8 14 9 19 12 20"},                           /* hooked foot */
    {"U",   "C 0 0 0 14 3 20 9 20 13 14 13 0"},
    {"U2",  "C 0 0 0 14 3 20 9 20 13 14 13 0 13 17 15 20"},                /* tail */
    {"U3",  "C 0 0 0 14 3 20 8 20 12 14;L 12 0 12 20"},                    /* right stem */
    {"V",   "L 0 0 7 20 14 0"},
    {"V2",  "C 0 1 2 0 3 4 7 20 11 6 13 1 16 2"},                          /* cursive */
    {"W",   "L 0 0 4 20 8 6 12 20 16 0"},                                  /* low middle */
    {"W2",  "L 0 0 4 20 8 1 12 20 16 0"},                                  /* tall middle */
    {"W3",  "C 0 0 1 12 4 20 7 14 8 6 9 14 12 20 15 12 16 0"},             /* round */
    {"W4",  "C 0 2 2 0 3 6 4 20 8 6 12 20 14 4 13 1 15 0"},                /* cursive */
    {"X",   "L 0 0 14 20;L 14 0 0 20"},
    {"X2",  "C 0 0 5 8 9 12 14 20;C 14 0 9 8 5 12 0 20"},                  /* curved */
    {"X3",  "L 0 0 14 20;C 14 0 9 8 6 11 4 10 5 8 8 10 0 20"},             /* looped */
    {"Y",   "L 0 0 7 9 14 0;L 7 9 7 20"},
    {"Y2",  "L 0 0 7 10;L 14 0 1 20"},                                     /* long right arm */
    {"Y3",  "L 0 0 7 9 14 0;L 7 9 7 20;L 4 20 10 20"},                     /* foot serif */
    {"a",   "C 2 10 6 8 10 10 10 15 10 20;C 10 14 5 13 1 16 4 20 10 17"}, /* two storeys */
    {"a2",  "C 10 10 6 8 1 11 0 16 3 20 7 19 10 13;L 10 8 10 20"},        /* one storey */
    {"a3",  "C 10 10 6 8 1 11 0 16 3 20 7 19 10 13;C 10 8 10 18 12 20"}, /* with a tail */
    {"a4",  "C 10 10 6 8 1 11 0 16 3 20 7 19 10 14 10 8 10 17 12 20 14 19"}, /* cursive */
    {"a5",  "C 1 10 5 8 9 10 9 17 11 20;C 9 13 4 13 0 16 3 20 9 17"},      /* two storeys, tail */
    {"a6",  "C 10 11 7 8 2 10 0 15 2 20 6 20 10 15;C 10 8 11 17 13 20 15 19"}, /* long tail */
    {"a7",  "C 10 10 6 8 1 11 0 16 3 20 7 19 10 13;L 10 9 10 20 13 20"},    /* square foot */
    {"d",   "C 10 10 6 8 1 11 0 16 3 20 7 19 10 13;L 10 0 10 20"},
    {"d2",  "C 10 10 6 8 1 11 0 16 3 20 7 19 10 13;C 10 0 10 17 11 20 14 19"}, /* tail */
    {"d3",  "C 10 10 6 8 1 11 0 16 3 20 7 19 10 13 10 0 10 17 12 20 14 19"}, /* cursive */
    {"d4",  "C 10 11 6 8 1 11 0 16 3 20 8 19 10 14;L 12 0 10 20"},         /* stem aslant */
    {"e",   "C 1 14 10 14 10 10 6 8 1 10 0 15 3 19 7 20 11 18"},
    {"e2",  "C 0 14 10 13 8 8 3 9 0 14 2 19 9 20"},                        /* upright, flat */
    {"e3",  "C 0 17 6 15 10 12 9 9 6 8 3 9 1 13 2 18 6 20 11 20 14 18"},   /* entry stroke */
    {"e4",  "C 1 14 10 14 10 10 6 8 1 10 0 15 3 19 7 20 11 18 14 16"},     /* exit stroke */
    {"e5",  "L 0 14 10 14;C 10 14 9 9 5 8 1 10 0 15 3 19 7 20 11 18"},    /* straight bar */
    {"f",   "C 10 2 7 0 4 2 4 8 4 20;L 0 9 9 9"},
    {"f2",  "C 10 2 7 0 4 3 4 14 3 24 0 26;L 0 9 9 9"},                    /* with descender */
    {"f3",  "C 10 2 7 0 4 3 4 14 4 20;L 0 10 9 8"},                        /* bar aslant */
    {"h",   "L 0 0 0 20;C 0 13 4 9 8 10 9 14 9 20"},
    {"h2",  "C 0 14 3 8 5 3 4 0 2 1 1 6 1 20;C 1 15 4 10 8 10 9 14 9 20"}, /* looped */
    {"h3",  "L 0 0 0 20;C 0 13 4 9 8 10 9 14 9 18 11 20 13 19"},           /* exit stroke */
    {"h4",  "L 1 0 1 20;L 0 0 2 0;C 1 13 4 9 8 10 9 14 9 20"},             /* serif */
    {"h5",  "L 0 0 0 20;L 0 12 4 8 9 10 9 20"},                            /* angular */
    {"k",   "L 0 0 0 20;L 8 8 0 15 9 20"},
    {"k2",  "L 0 0 0 20;C 0 16 6 8 9 10 6 14 1 15 10 20"},                 /* looped */
    {"k3",  "C 0 14 3 7 4 2 3 0 1 1 1 6 1 20;C 1 16 5 10 9 10 9 13 5 15 2 15 6 16 9 20 11 20"},
    {"k4",  "L 0 0 0 20;L 9 8 3 14 10 20"},                                /* < apart */
    {"k5",  "L 0 0 0 20;C 9 8 3 12 0 14 3 14 9 20"},                       /* curved arms */
    {"k6",  "L 0 0 0 20;L 0 14 8 8;L 3 12 9 20"},                          /* leg off arm */
    {"k7",  "L 0 0 0 20;L 0 13 8 8;C 2 12 5 14 7 18 10 20"},               /* curved leg */
    {"m",   "L 0 8 0 20;C 0 12 3 8 6 10 6 20;C 6 12 9 8 12 10 12 20"},
    {"m2",  "C 0 10 2 8 2 20;C 2 12 5 8 8 10 8 20;C 8 12 11 8 14 10 14 20"}, /* entry */
    {"m3",  "C 0 20 1 10 3 8 5 14 5 20 6 11 8 8 10 12 10 20 11 11 13 8 15 12 15 19 17 20"},
    {"m4",  "L 0 8 0 20;L 0 12 3 8 6 12 6 20;L 6 12 9 8 12 12 12 20"},     /* angular */
    {"m5",  "C 0 8 0 20 0 12 3 8 6 12 6 20 6 12 9 8 12 12 12 20"},         /* one stroke */
    {"n",   "L 0 8 0 20;C 0 12 4 8 8 10 9 14 9 20"},
    {"n2",  "C 0 10 2 8 2 20;C 2 13 5 8 9 10 10 15 10 20"},                /* entry */
    {"n3",  "C 0 20 1 10 3 8 5 14 5 20 6 11 8 8 10 12 10 19 12 20"},       /* cursive */
    {"n4",  "L 0 8 0 20;C 0 12 4 8 8 10 9 14 9 18 11 20 13 19"},           /* exit stroke */
    {"p",   "L 0 8 0 27;C 0 11 5 8 9 11 9 16 5 20 0 18"},
    {"p2",  "C 0 10 2 8 2 27;C 2 12 6 8 10 11 9 17 5 20 2 18"},            /* entry */
    {"p3",  "C 0 12 2 8 2 27 2 14 5 9 9 10 10 14 8 19 3 20"},              /* cursive */
    {"p4",  "L 1 8 1 27;L 0 27 4 27;C 1 11 6 8 10 11 10 16 6 20 1 18"},    /* foot serif */
    {"r",   "L 0 8 0 20;C 0 13 3 9 7 8 9 9"},
    {"r2",  "L 0 8 0 20;L 0 12 5 8 8 9"},                                  /* angular */
    {"r3",  "C 0 20 2 13 3 8 5 10 7 9 7 14 7 20 10 19"},                   /* cursive */
    {"t",   "C 4 2 4 12 4 17 6 20 9 19;L 0 8 9 8"},                        /* hooked foot */
    {"t2",  "L 4 0 4 20 8 20;L 0 7 9 7"},                                  /* square foot */
    {"t3",  "L 4 0 4 20;L 0 8 9 8"},                                       /* a cross */
    {"t4",  "C 3 0 3 15 4 19 7 20 10 18;L 3 8 10 8"},                      /* bar to the right */
    {"u",   "C 0 8 0 16 3 20 7 20 9 16;L 9 8 9 20"},
    {"u2",  "C 0 10 2 8 2 16 4 20 8 19 10 14 10 8 10 18 12 20"},           /* cursive */
    {"u3",  "C 0 8 0 16 3 20 7 20 9 16 9 8 9 20"},                         /* one stroke */
    {"u4",  "L 0 8 0 17 3 20 9 18;L 9 8 9 20"},                            /* angular */
    {"u5",  "C 0 8 0 16 3 20 7 20 9 16;C 9 8 9 17 10 20 13 19"},           /* exit stroke */
    {"v",   "L 0 8 6 20 12 8"},
    {"v2",  "C 0 8 2 16 5 20 8 18 11 12 12 8"},                            /* round */
    {"v3",  "C 0 9 1 8 2 11 5 20 9 12 11 8 13 9"},                         /* cursive */
    {"v4",  "L 0 9 1 8 6 20 12 8 14 9"},                                   /* serifs */
    {"v5",  "C 0 9 1 8 2 12 5 20 8 14 10 9 11 8 10 10 13 10"},             /* looped exit */
    {"w",   "L 0 8 3 20 7 12 11 20 14 8"},
    {"w2",  "C 0 10 1 8 2 15 4 20 6 17 7 12 8 17 10 20 12 15 12 8 13 10 15 10"}, /* cursive */
    {"w3",  "L 0 10 2 8 4 20 7 10 10 20 13 8"},                            /* entry */
    {"x",   "L 0 8 10 20;L 10 8 0 20"},
    {"x2",  "L 0 10 2 8 10 20 12 18;L 10 8 2 20"},                         /* cursive */
    {"x3",  "C 0 8 4 12 6 14 10 20;C 10 8 6 12 4 16 0 20"},                /* curved */
    {"y",   "L 0 8 6 20;L 12 8 3 27"},                                     /* straight arms */
    {"y2",  "L 0 8 6 20;C 12 8 6 20 4 26 1 27 0 25 3 22 9 20"},            /* looped tail */
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
