/* picture_svg.c - a picture as an SVG document (picture.h): rectangles and text as they are,
 * a grid of cells with gaps as a rectangle per cell, and a grid without gaps (a feature map,
 * a unit's weights, a legend's bar) as one PNG image embedded as base64, a pixel per cell,
 * scaled up with hard edges (thousands of cells stay a small file). */
#include <stdlib.h>

#include "cli/picture.h"
#include "cli/plot_svg.h"
#include "common/buf.h"
#include "ink/png_codec.h"

static void base64(Bytes *b, const unsigned char *s, size_t n)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        char q[4] = {digits[v >> 18 & 63], digits[v >> 12 & 63],
                     i + 1 < n ? digits[v >> 6 & 63] : '=', i + 2 < n ? digits[v & 63] : '='};
        bytes_add(b, q, 4);
    }
}

static void part(Bytes *b, const PicItem *it)
{
    if (it->group[0]) {
        bytes_printf(b, " data-part=\"");
        plot_svg_escaped(b, it->group);
        bytes_printf(b, "\"");
    }
}

/* A grid without gaps: its cells as an RGBA PNG a pixel per cell, the missing end of a short
 * last row transparent. */
static void cells_image(Bytes *b, const PicItem *it)
{
    const size_t n = (size_t)it->cols * (size_t)it->rows;
    unsigned char *px = calloc(n ? n : 1, 4);
    unsigned char *png = NULL;
    size_t len = 0;
    if (!px) {
        b->failed = 1;
        return;
    }
    for (int i = 0; i < it->n; i++) {
        px[4 * i] = it->cells[i].r;
        px[4 * i + 1] = it->cells[i].g;
        px[4 * i + 2] = it->cells[i].b;
        px[4 * i + 3] = 255;
    }
    if (ink_png_encode(px, it->cols, it->rows, 4, "svg", &png, &len, NULL) != 0) {
        free(px);
        b->failed = 1;
        return;
    }
    bytes_printf(b,
                 "<image x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                 "preserveAspectRatio=\"none\" image-rendering=\"optimizeSpeed\" "
                 "style=\"image-rendering:pixelated\"",
                 it->x, it->y, it->w, it->h);
    part(b, it);
    bytes_printf(b, " xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                    "xlink:href=\"data:image/png;base64,");
    base64(b, png, len);
    bytes_printf(b, "\"/>\n");
    free(png);
    free(px);
}

static void cells_rects(Bytes *b, const PicItem *it)
{
    bytes_printf(b, "<g");
    part(b, it);
    bytes_printf(b, ">\n");
    for (int i = 0; i < it->n; i++) {
        const InkRgb c = it->cells[i];
        bytes_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                        "fill=\"#%02x%02x%02x\"/>\n",
                     it->x + (i % it->cols) * (it->cell_w + it->gap),
                     it->y + (i / it->cols) * (it->cell_h + it->gap), it->cell_w, it->cell_h,
                     c.r, c.g, c.b);
    }
    bytes_printf(b, "</g>\n");
}

static void item(Bytes *b, const PicItem *it)
{
    static const char *const anchors[] = {"start", "middle", "end"};
    const InkRgb c = it->colour;
    switch (it->kind) {
    case PIC_RECT:
        if (it->outline)
            bytes_printf(b, "<rect x=\"%g\" y=\"%g\" width=\"%d\" height=\"%d\" fill=\"none\" "
                            "stroke=\"#%02x%02x%02x\" stroke-width=\"%d\"/>\n",
                         it->x + it->outline / 2.0, it->y + it->outline / 2.0,
                         it->w - it->outline, it->h - it->outline, c.r, c.g, c.b, it->outline);
        else
            bytes_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                            "fill=\"#%02x%02x%02x\"/>\n",
                         it->x, it->y, it->w, it->h, c.r, c.g, c.b);
        return;
    case PIC_CELLS:
        if (it->gap == 0)
            cells_image(b, it);
        else
            cells_rects(b, it);
        return;
    case PIC_TEXT:
        bytes_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\" "
                        "fill=\"#%02x%02x%02x\"%s",
                     it->x, it->y, it->size, anchors[it->anchor], c.r, c.g, c.b,
                     it->bold ? " font-weight=\"bold\"" : "");
        part(b, it);
        bytes_printf(b, ">");
        plot_svg_escaped(b, it->text);
        bytes_printf(b, "</text>\n");
        return;
    }
}

char *pic_svg(const Picture *p)
{
    if (p->failed)
        return NULL;
    Bytes b = {0};
    plot_svg_begin(&b, p->w, p->h);
    for (size_t i = 0; i < p->n; i++)
        item(&b, &p->items[i]);
    bytes_printf(&b, "</svg>\n");
    return plot_svg_finish(&b);
}
