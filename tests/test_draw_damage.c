/* test_draw_damage.c - the list of rectangles a frame draws again, without SDL: rectangles are
 * cut to the window, near ones merge, far ones stay apart, and however many are added the list
 * stays short and still covers every pixel added.
 */
#include <stdio.h>
#include <stdlib.h>

#include "draw/damage.h"
#include "test.h"

static int covered(const Damage *d, int x, int y)
{
    for (int i = 0; i < d->n; i++)
        if (layout_contains(d->r[i], x, y))
            return 1;
    return 0;
}

TEST(rectangles_are_cut_to_the_window)
{
    Damage d = {0};
    damage_add(&d, (LayoutRect){-10, -5, 30, 20}, 100, 80);
    CHECK(d.n == 1);
    CHECK(d.r[0].x == 0 && d.r[0].y == 0 && d.r[0].w == 20 && d.r[0].h == 15);
    damage_add(&d, (LayoutRect){90, 70, 50, 50}, 100, 80);
    CHECK(d.n == 2);
    CHECK(d.r[1].x == 90 && d.r[1].y == 70 && d.r[1].w == 10 && d.r[1].h == 10);
}

TEST(empty_or_outside_rectangles_add_nothing)
{
    Damage d = {0};
    damage_add(&d, (LayoutRect){10, 10, 0, 5}, 100, 80);
    damage_add(&d, (LayoutRect){10, 10, 5, -1}, 100, 80);
    damage_add(&d, (LayoutRect){100, 10, 5, 5}, 100, 80);
    damage_add(&d, (LayoutRect){-20, 10, 20, 5}, 100, 80);
    CHECK(d.n == 0);
}

TEST(near_rectangles_merge_and_far_ones_stay_apart)
{
    Damage d = {0};
    damage_add(&d, (LayoutRect){100, 100, 50, 50}, 4000, 3000);
    damage_add(&d, (LayoutRect){150, 100, 50, 50}, 4000, 3000); /* side by side */
    CHECK(d.n == 1);
    CHECK(d.r[0].x == 100 && d.r[0].w == 100 && d.r[0].h == 50);
    damage_add(&d, (LayoutRect){120, 120, 10, 10}, 4000, 3000); /* inside */
    CHECK(d.n == 1);
    damage_add(&d, (LayoutRect){2000, 2000, 300, 300}, 4000, 3000); /* far away */
    CHECK(d.n == 2);
    damage_clear(&d);
    CHECK(d.n == 0);
}

TEST(many_rectangles_stay_few_and_covered)
{
    srand(7);
    for (int round = 0; round < 20; round++) {
        int w = 200 + rand() % 300, h = 150 + rand() % 200;
        Damage d = {0};
        LayoutRect added[200];
        int n = 1 + rand() % 200;
        for (int i = 0; i < n; i++) {
            added[i] = (LayoutRect){rand() % (w + 40) - 20, rand() % (h + 40) - 20,
                                    rand() % 60, rand() % 60};
            damage_add(&d, added[i], w, h);
        }
        CHECK(d.n <= DAMAGE_MAX);
        for (int i = 0; i < d.n; i++) {
            CHECK(d.r[i].w > 0 && d.r[i].h > 0 && d.r[i].x >= 0 && d.r[i].y >= 0);
            CHECK(d.r[i].x + d.r[i].w <= w && d.r[i].y + d.r[i].h <= h);
        }
        int missed = 0;
        for (int i = 0; i < n; i++)
            for (int y = added[i].y; y < added[i].y + added[i].h; y++)
                for (int x = added[i].x; x < added[i].x + added[i].w; x++)
                    if (x >= 0 && y >= 0 && x < w && y < h && !covered(&d, x, y))
                        missed++;
        CHECK(missed == 0);
    }
}

TEST(union_and_overlap)
{
    LayoutRect a = {0, 0, 10, 10}, b = {20, 5, 5, 5}, none = {3, 3, 0, 0};
    LayoutRect u = damage_union(a, b);
    CHECK(u.x == 0 && u.y == 0 && u.w == 25 && u.h == 10);
    u = damage_union(none, b);
    CHECK(u.x == 20 && u.w == 5);
    CHECK(!damage_overlap(a, b));
    CHECK(damage_overlap(a, (LayoutRect){9, 9, 5, 5}));
    CHECK(!damage_overlap(a, (LayoutRect){10, 0, 5, 5}));
    CHECK(!damage_overlap(a, none));
}

int main(void)
{
    RUN(rectangles_are_cut_to_the_window);
    RUN(empty_or_outside_rectangles_add_nothing);
    RUN(near_rectangles_merge_and_far_ones_stay_apart);
    RUN(many_rectangles_stay_few_and_covered);
    RUN(union_and_overlap);
    return test_main_result();
}
