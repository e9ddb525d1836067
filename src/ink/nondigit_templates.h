/* nondigit_templates.h - the stroke templates of the made non-digits' letters and symbols
 * (nondigit_templates.c), drawn by nondigit.c.
 *
 * A template is a string of strokes separated by ';', each a letter then x y pairs of integers
 * (x to the right, y downwards, any units; the drawing is scaled to fit afterwards):
 *   L x y x y ...  a polyline with sharp corners,
 *   C x y x y ...  a smooth curve through the points (Catmull-Rom; repeat the first point at the
 *                  end to close it),
 *   D x y          a dot.
 */
#ifndef INK_NONDIGIT_TEMPLATES_H
#define INK_NONDIGIT_TEMPLATES_H

typedef struct InkNdTemplate {
    const char *name;    /* "A", "a2", "plus" */
    const char *strokes; /* as above */
} InkNdTemplate;

extern const InkNdTemplate ink_nd_letters[];
extern const int ink_nd_n_letters;
extern const InkNdTemplate ink_nd_symbols[];
extern const int ink_nd_n_symbols;

#endif
