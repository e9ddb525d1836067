/* view_data.c - where the Data view's parts go (view_layout.h): from the top, the line over the
 * confusion matrix, the matrix (a row of the answers' names, then a row per true label: its
 * name and a cell per answer), the line naming what the browser shows, and the image shown
 * beside its lines, down to the view's buttons (layout.c puts them at the body's bottom).
 * Cells are a line of the view's text high and wide enough for "1135"; the image takes the
 * height left, at most 6 screen pixels per image pixel.
 */
#include <math.h>

#include "draw/theme.h"
#include "draw/view_layout.h"

static int iround(float v)
{
    return (int)lroundf(v);
}

void view_data_layout(ViewLayout *v, LayoutRect body, int y_buttons, int n_classes, int cols,
                      int named)
{
    int f = v->font, lh = iround(1.35f * (float)f), g = imax(4, lh / 3);
    int bottom = imin(body.y + body.h, y_buttons) - g;
    v->matrix_rows = imax(0, imin(n_classes, NN_MAX_CLASSES));
    v->matrix_cols = imax(0, imin(cols, NN_MAX_CLASSES + 1));
    int x = body.x, y = body.y;
    v->matrix_title = layout_box(x, y, body.w, lh);
    y += lh;
    /* the rows' names: a digit, or a class's number and name ("0 T-shirt/top", about 7
     * letters wide, less where the cells would be too narrow for "1135") */
    v->name_w = imin(iround((named ? 7.2f : 2.0f) * (float)f), body.w / 3);
    v->name_w = imax(imin(v->name_w, body.w - iround(2.45f * (float)(f * v->matrix_cols))),
                     2 * f);
    int cw = v->matrix_cols > 0 ? (body.w - v->name_w) / v->matrix_cols : 0;
    v->cell_w = imax(0, imin(cw, iround(3.6f * (float)f)));
    /* the browser below needs its head line and four lines beside the image */
    int browser = lh + g + 4 * lh;
    int ch = (bottom - y - g - browser) / imax(1, v->matrix_rows + 1);
    v->cell_h = imax(0, imin(ch, iround(1.3f * (float)f)));
    v->matrix = layout_box(x, y, v->name_w + v->matrix_cols * v->cell_w,
                           (v->matrix_rows + 1) * v->cell_h);
    y += v->matrix.h + g;
    v->data_head = layout_box(x, y, body.w, lh);
    y += lh + g / 2;
    int t = imax(0, imin(bottom - y, 6 * 28));
    v->data_image = layout_box(x, y, t, t);
    v->data_info = layout_box(x + t + 2 * g, y, body.w - t - 2 * g, bottom - y);
}

LayoutRect view_data_cell(const ViewLayout *v, int r, int c)
{
    int x = c < 0 ? v->matrix.x : v->matrix.x + v->name_w + c * v->cell_w;
    int w = c < 0 ? v->name_w : v->cell_w;
    return layout_box(x, v->matrix.y + (r + 1) * v->cell_h, w, v->cell_h);
}

int view_data_hit(const ViewLayout *v, int px, int py, int *r, int *c)
{
    if (v->cell_w < 1 || v->cell_h < 1 || !layout_contains(v->matrix, px, py))
        return 0;
    int row = (py - v->matrix.y) / v->cell_h - 1, col = (px - v->matrix.x - v->name_w);
    if (row < 0 || row >= v->matrix_rows || col < 0)
        return 0;
    col /= v->cell_w;
    if (col >= v->matrix_cols)
        return 0;
    *r = row;
    *c = col;
    return 1;
}

float view_data_shade(int count, int right, int most)
{
    if (count <= 0)
        return 0.0f;
    if (right)
        return VIEW_DATA_RIGHT;
    /* a bright orange, brighter with more: the scale's middle (about 0.4 to 0.48) is too
     * grey for either the text's colour or the background's to stand out on it */
    return 0.5f + 0.22f * sqrtf((float)count / (float)(most > count ? most : count));
}

int view_data_text_on(int theme, unsigned char r, unsigned char g, unsigned char b)
{
    const ThemeRgba *t = theme_table((ThemeId)theme);
    ThemeRgba cell = {r, g, b, 255};
    return theme_contrast(t[TC_TEXT], cell) >= theme_contrast(t[TC_BG], cell);
}
