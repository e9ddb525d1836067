/* damage.h - the parts of the window a frame has to draw again: a short list of rectangles.
 *
 * A rectangle added is merged with one already listed when their union is hardly larger than
 * the two (a stroke's cells and the brush outline around them become one rectangle); the list
 * holds at most DAMAGE_MAX, and past that a new one merges with the one it grows least. Every
 * pixel of every rectangle added stays covered. Pure: no SDL.
 */
#ifndef DRAW_DAMAGE_H
#define DRAW_DAMAGE_H

#include "draw/layout.h"

#define DAMAGE_MAX 16
#define DAMAGE_SLACK 4096 /* pixels a merge may add beyond the two rectangles' own */

typedef struct Damage {
    LayoutRect r[DAMAGE_MAX]; /* (n) not empty, inside the window */
    int n;
} Damage;

/* Empties the list. */
void damage_clear(Damage *d);
/* Adds r, cut to the w x h window (nothing if what is left is empty). */
void damage_add(Damage *d, LayoutRect r, int w, int h);
/* Adds every rectangle of src. */
void damage_add_all(Damage *d, const Damage *src, int w, int h);
/* The union of two rectangles (an empty one adds nothing). */
LayoutRect damage_union(LayoutRect a, LayoutRect b);
/* 1 if the two rectangles share a pixel. */
int damage_overlap(LayoutRect a, LayoutRect b);

#endif
