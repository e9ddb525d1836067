/* madedigit_templates.h - the stroke templates of the made digits 0, 2-6, 8 and 9
 * (madedigit_templates.c; the format is in pen_draw.h), drawn by madedigit.c. The 1 and the 7
 * are built from measured random parts in madedigit.c instead.
 */
#ifndef INK_MADEDIGIT_TEMPLATES_H
#define INK_MADEDIGIT_TEMPLATES_H

typedef struct InkMdTemplate {
    int digit;
    const char *name;    /* "0-ccw", "4-open" */
    const char *strokes; /* pen_draw.h */
} InkMdTemplate;

extern const InkMdTemplate ink_md_templates[];
extern const int ink_md_n_templates;

#endif
