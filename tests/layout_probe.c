/* layout_probe.c - prints the drawing app's layout for a window size, for the GUI tests to
 * find the canvas and click the on-screen controls where the app puts them.
 *
 * usage: layout_probe W H [SCALE [VIEW]]
 * One line per rectangle, "NAME X Y W H" in pixels: canvas, message, brush_size, model_label,
 * then every control of the toolbar (clear, undo, redo, eraser, brush_smaller, brush_larger,
 * model_prev, model_next, steps, preprocess, help) and the Inside switch (views); with VIEW (1
 * activations, 2 weights, 3 softmax: the view area open on it) also view_body and the area's
 * controls (view_acts, view_weights, view_softmax, temp_down, temp_up).
 */
#include <stdio.h>
#include <stdlib.h>

#include "draw/layout.h"

static void line(const char *name, LayoutRect r)
{
    printf("%s %d %d %d %d\n", name, r.x, r.y, r.w, r.h);
}

int main(int argc, char **argv)
{
    static const char *names[LAYOUT_ALL_CONTROLS] = {
        "clear",      "undo",         "redo",         "eraser",     "brush_smaller", "brush_larger",
        "model_prev", "model_next",   "steps",        "preprocess", "help",          "views",
        "view_acts",  "view_weights", "view_softmax", "temp_down",  "temp_up"};
    if (argc < 3) {
        fprintf(stderr, "usage: layout_probe W H [SCALE [VIEW]]\n");
        return 2;
    }
    Layout l =
        layout_compute_view(atoi(argv[1]), atoi(argv[2]), argc > 3 ? (float)atof(argv[3]) : 1.0f,
                            argc > 4 ? (LayoutView)atoi(argv[4]) : LAYOUT_VIEW_NONE);
    line("canvas", l.canvas);
    line("message", l.message);
    line("brush_size", l.brush_size);
    line("model_label", l.model_label);
    for (int c = 0; c <= LAYOUT_CTL_VIEWS; c++)
        line(names[c], l.controls[c]);
    if (l.view != LAYOUT_VIEW_NONE) {
        line("view_body", l.view_body);
        for (int c = LAYOUT_CTL_VIEWS + 1; c < LAYOUT_ALL_CONTROLS; c++)
            line(names[c], l.controls[c]);
    }
    return 0;
}
