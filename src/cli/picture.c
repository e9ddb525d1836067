/* picture.c - building a picture's list of shapes, and saving it by its file's ending
 * (picture.h). */
#include "cli/picture.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/plot.h"
#include "common/buf.h"
#include "ink/png_codec.h"

void pic_init(Picture *p, int w, int h)
{
    memset(p, 0, sizeof *p);
    p->w = w;
    p->h = h;
}

void pic_free(Picture *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].cells);
        free(p->items[i].text);
    }
    free(p->items);
    memset(p, 0, sizeof *p);
}

/* A new shape at the end of the list, zeroed, or NULL (failed set). */
static PicItem *add(Picture *p, PicKind kind)
{
    if (p->failed)
        return NULL;
    if (buf_grow((void **)&p->items, &p->cap, p->n + 1, sizeof *p->items) != 0) {
        p->failed = 1;
        return NULL;
    }
    PicItem *it = &p->items[p->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

void pic_rect(Picture *p, int x, int y, int w, int h, InkRgb colour, int outline)
{
    PicItem *it = add(p, PIC_RECT);
    if (!it)
        return;
    it->x = x, it->y = y, it->w = w, it->h = h;
    it->colour = colour;
    it->outline = outline;
}

void pic_cells(Picture *p, int x, int y, int cols, int rows, int n, int cell_w, int cell_h,
               int gap, const InkRgb *cells, const char *group)
{
    PicItem *it = add(p, PIC_CELLS);
    if (!it)
        return;
    it->cells = malloc(sizeof *cells * (size_t)(n > 0 ? n : 1));
    if (!it->cells) {
        p->n--;
        p->failed = 1;
        return;
    }
    memcpy(it->cells, cells, sizeof *cells * (size_t)n);
    it->x = x, it->y = y;
    it->cols = cols, it->rows = rows, it->n = n;
    it->cell_w = cell_w, it->cell_h = cell_h, it->gap = gap;
    it->w = cols * (cell_w + gap) - gap;
    it->h = rows * (cell_h + gap) - gap;
    snprintf(it->group, sizeof it->group, "%s", group ? group : "");
}

void pic_text(Picture *p, int x, int y, int size, int bold, PicAnchor anchor, InkRgb colour,
              const char *group, const char *fmt, ...)
{
    PicItem *it = add(p, PIC_TEXT);
    if (!it)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    it->text = strdup(line);
    if (!it->text) {
        p->n--;
        p->failed = 1;
        return;
    }
    it->x = x, it->y = y;
    it->size = size, it->bold = bold;
    it->anchor = anchor;
    it->colour = colour;
    snprintf(it->group, sizeof it->group, "%s", group ? group : "");
}

void pic_legend(Picture *p, int x, int y, int w, int h, InkRamp ramp, const char *low,
                const char *mid, const char *high, const char *note)
{
    enum { STEPS = 101 };
    InkRgb bar[STEPS];
    for (int i = 0; i < STEPS; i++)
        bar[i] = ramp(-1.0f + 2.0f * (float)i / (STEPS - 1));
    const int cell = w / STEPS > 0 ? w / STEPS : 1;
    pic_cells(p, x, y, STEPS, 1, STEPS, cell, h, 0, bar, "legend");
    const int bw = STEPS * cell, ty = y + h + 20;
    pic_rect(p, x, y, bw, h, PIC_GREY, 1);
    pic_text(p, x, ty, 16, 0, PIC_START, PIC_BLACK, "legend", "%s", low);
    pic_text(p, x + bw / 2, ty, 16, 0, PIC_MIDDLE, PIC_BLACK, "legend", "%s", mid);
    pic_text(p, x + bw, ty, 16, 0, PIC_END, PIC_BLACK, "legend", "%s", high);
    if (note)
        pic_text(p, x + bw + 24, y + h - 3, 16, 0, PIC_START, PIC_GREY, "legend", "%s", note);
}

int pic_format(const char *path)
{
    size_t n = strlen(path);
    if (n > 4 && strcasecmp(path + n - 4, ".svg") == 0)
        return 1;
    if (n > 4 && strcasecmp(path + n - 4, ".png") == 0)
        return 2;
    return 0;
}

int pic_save(const Picture *p, const char *path, const char *font_dir, SnError *err)
{
    if (p->failed)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory", path);
    if (pic_format(path) == 1) {
        char *svg = pic_svg(p);
        int rc = plot_save(path, svg, err);
        free(svg);
        return rc;
    }
    unsigned char *rgba = NULL;
    int rc = pic_raster(p, font_dir, &rgba, err);
    if (rc == 0)
        rc = ink_png_save(path, rgba, p->w, p->h, 4, err);
    free(rgba);
    return rc;
}
