/* madedigit_templates.c - the made digits' stroke templates: the ways people write each digit,
 * a digit's templates together. Drawn in a box about 12 wide and 20 high, y downwards; a
 * drawing's proportions are varied further by madedigit.c (where the waist sits) and the pen.
 */
#include "ink/madedigit_templates.h"

/* clang-format off */
const InkMdTemplate ink_md_templates[] = {
    {0, "0-ccw",     "C 6 0 1 3 0 10 1 17 6 20 11 17 12 10 11 3 6 0"},      /* from the top */
    {0, "0-cw",      "C 6 0 11 3 12 10 11 17 6 20 1 17 0 10 1 3 6 0"},
    {0, "0-narrow",  "C 4 0 1 4 0 10 1 16 4 20 7 16 8 10 7 4 4 0"},
    {0, "0-round",   "C 8 0 2 3 0 10 2 17 8 20 14 17 16 10 14 3 8 0"},
    {0, "0-overlap", "C 6 0 1 3 0 10 1 17 6 20 11 17 12 10 11 3 6 0 3 1"},  /* past the close */
    {0, "0-slash",   "C 6 0 1 3 0 10 1 17 6 20 11 17 12 10 11 3 6 0;L 12 1 0 19"},
    {2, "2",         "C 1 5 3 1 7 0 11 2 12 6 10 10 5 15 0 20 6 20 13 20"},
    {2, "2-hook",    "C 0 4 4 0 9 0 12 4 11 8 6 14 0 20 7 19 13 20"},
    {2, "2-loop",    "C 1 5 3 1 7 0 11 2 12 6 10 10 5 15 2 19 0 19 1 17 3 18 6 20 13 20"},
    {2, "2-z",       "C 0 4 3 0 8 0 11 3 10 7;L 10 7 0 20 12 20"},          /* straight diagonal */
    {3, "3",         "C 1 2 5 0 10 1 11 5 9 8 5 9 9 10 12 14 10 19 5 20 0 18"},
    {3, "3-wide",    "C 0 3 4 0 9 0 11 4 8 8 4 9 8 10 12 14 11 18 6 20 1 19 0 17"},
    {3, "3-flat",    "L 1 0 11 0 5 8;C 5 8 10 9 12 14 10 19 5 20 0 18"},    /* a bar, a diagonal */
    {4, "4-open",    "L 2 0 1 12 13 12;L 10 3 10 20"},                      /* an L, then down */
    {4, "4-open2",   "L 3 0 0 12 13 12;L 10 1 10 20"},
    {4, "4-closed",  "L 13 13 0 13 9 0 9 20"},                              /* one stroke */
    {4, "4-closed2", "L 9 0 0 13 13 13;L 9 0 9 20"},
    {4, "4-short",   "L 3 0 1 12 13 12;L 10 7 10 20"},                      /* stem from the bar */
    {5, "5-bar-last",  "C 2 0 1 9 5 7 10 8 12 13 10 18 5 20 0 18;L 2 0 12 0"},
    {5, "5-bar-first", "L 12 0 2 0;C 2 0 1 9 5 7 10 8 12 13 10 18 5 20 0 18"},
    {5, "5-one",     "L 12 0 2 0 1 9;C 1 9 6 7 11 9 12 14 9 19 4 20 0 18"},
    {6, "6",         "C 10 0 5 2 1 8 0 14 2 19 6 20 10 18 11 14 8 11 4 11 1 14"},
    {6, "6-round",   "C 11 1 6 1 2 6 0 13 2 19 7 20 11 17 11 13 7 10 3 11 1 15"},
    {6, "6-straight","L 8 0 1 13;C 1 13 2 18 6 20 10 18 10 13 6 11 2 13"},  /* a straight back */
    {8, "8",         "C 10 3 6 0 2 3 3 7 6 10 10 13 11 17 7 20 2 18 2 14 6 10 9 7 10 3 6 0"},
    {8, "8-left",    "C 2 3 6 0 10 3 9 7 6 10 2 13 1 17 5 20 10 18 10 14 6 10 3 7 2 3 6 0"},
    {8, "8-loops",   "C 6 0 2 2 2 7 6 10 10 7 10 2 6 0;C 6 10 1 12 0 17 5 20 11 18 12 13 6 10"},
    {8, "8-small-top", "C 6 2 3 3 3 7 6 9 9 7 9 3 6 2;C 6 9 0 12 0 17 5 20 12 18 12 13 6 9"},
    {9, "9",         "C 11 3 8 0 3 0 0 4 1 8 5 10 9 8 11 3;L 11 3 11 20"},  /* straight stem */
    {9, "9-curved",  "C 11 2 7 0 2 1 0 5 2 9 7 9 11 5 11 2 11 10 10 16 7 20"},
    {9, "9-apart",   "C 9 3 6 0 2 0 0 4 1 8 5 9 9 6;L 11 0 11 20"},         /* stem at the right */
};
/* clang-format on */
const int ink_md_n_templates = (int)(sizeof ink_md_templates / sizeof ink_md_templates[0]);
