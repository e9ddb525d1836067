/* damage.c - the list of rectangles a frame draws again (damage.h). */
#include "draw/damage.h"

static long long area(LayoutRect r) { return (long long)r.w * r.h; }

void damage_clear(Damage *d)
{
    d->n = 0;
}

LayoutRect damage_union(LayoutRect a, LayoutRect b)
{
    if (a.w <= 0 || a.h <= 0)
        return b;
    if (b.w <= 0 || b.h <= 0)
        return a;
    int x0 = imin(a.x, b.x), y0 = imin(a.y, b.y);
    int x1 = imax(a.x + a.w, b.x + b.w), y1 = imax(a.y + a.h, b.y + b.h);
    return (LayoutRect){x0, y0, x1 - x0, y1 - y0};
}

int damage_overlap(LayoutRect a, LayoutRect b)
{
    return a.w > 0 && a.h > 0 && b.w > 0 && b.h > 0 && a.x < b.x + b.w && b.x < a.x + a.w &&
           a.y < b.y + b.h && b.y < a.y + a.h;
}

/* What merging a and b costs: the pixels their union adds to the two. */
static long long growth(LayoutRect a, LayoutRect b)
{
    return area(damage_union(a, b)) - area(a) - area(b);
}

void damage_add(Damage *d, LayoutRect r, int w, int h)
{
    int x0 = imax(r.x, 0), y0 = imax(r.y, 0);
    int x1 = imin(r.x + r.w, w), y1 = imin(r.y + r.h, h);
    if (x1 <= x0 || y1 <= y0)
        return;
    r = (LayoutRect){x0, y0, x1 - x0, y1 - y0};
    /* merge with every listed rectangle it (grown so far) nearly touches */
    for (int i = 0; i < d->n;) {
        if (growth(d->r[i], r) <= DAMAGE_SLACK) {
            r = damage_union(d->r[i], r);
            d->r[i] = d->r[--d->n];
            i = 0;
        } else {
            i++;
        }
    }
    if (d->n == DAMAGE_MAX) {
        int best = 0;
        for (int i = 1; i < d->n; i++)
            if (growth(d->r[i], r) < growth(d->r[best], r))
                best = i;
        r = damage_union(d->r[best], r);
        d->r[best] = d->r[--d->n];
        damage_add(d, r, w, h); /* the union may now merge with others */
        return;
    }
    d->r[d->n++] = r;
}

void damage_add_all(Damage *d, const Damage *src, int w, int h)
{
    for (int i = 0; i < src->n; i++)
        damage_add(d, src->r[i], w, h);
}
