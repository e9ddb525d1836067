/* nondigit_templates.h - the stroke templates of the made non-digits' letters and symbols
 * (nondigit_templates.c), drawn by nondigit.c.
 *
 * The template format is in pen_draw.h.
 */
#ifndef INK_NONDIGIT_TEMPLATES_H
#define INK_NONDIGIT_TEMPLATES_H

typedef struct InkNdTemplate {
    const char *name;    /* "A", "a2", "plus" */
    const char *strokes; /* pen_draw.h */
} InkNdTemplate;

extern const InkNdTemplate ink_nd_letters[];
extern const int ink_nd_n_letters;
extern const InkNdTemplate ink_nd_symbols[];
extern const int ink_nd_n_symbols;

#endif
