/* picture_png.c - a picture drawn into RGBA pixels (picture.h): rectangles and cells filled
 * exactly on their pixels (so a cell's colour can be read back from the file), text through
 * FreeType with the shipped DejaVu fonts, blended onto what is under it. */
#include <ft2build.h>
#include FT_FREETYPE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/picture.h"
#include "common/utf8.h"

typedef struct Canvas {
    unsigned char *px; /* w x h RGBA */
    int w, h;
} Canvas;

static void fill(Canvas *c, int x0, int y0, int w, int h, InkRgb col)
{
    for (int y = y0 < 0 ? 0 : y0; y < y0 + h && y < c->h; y++)
        for (int x = x0 < 0 ? 0 : x0; x < x0 + w && x < c->w; x++) {
            unsigned char *d = c->px + 4 * ((size_t)y * (size_t)c->w + (size_t)x);
            d[0] = col.r, d[1] = col.g, d[2] = col.b, d[3] = 255;
        }
}

static void cells(Canvas *c, const PicItem *it)
{
    for (int i = 0; i < it->n; i++)
        fill(c, it->x + (i % it->cols) * (it->cell_w + it->gap),
             it->y + (i / it->cols) * (it->cell_h + it->gap), it->cell_w, it->cell_h,
             it->cells[i]);
}

/* The next code point of UTF-8 text s (advanced past it); a byte that starts no character
 * reads as '?'. */
static unsigned long next_char(const char **s)
{
    const unsigned char *u = (const unsigned char *)*s;
    int len = utf8_char_length(*s, 4);
    if (len <= 1) {
        *s += 1;
        return len == 1 ? u[0] : '?';
    }
    *s += len;
    unsigned long cp = u[0] & (0x7fu >> len);
    for (int i = 1; i < len; i++)
        cp = cp << 6 | (u[i] & 0x3fu);
    return cp;
}

/* Draws (or, with draw 0, only measures) text with its left end at x on baseline y; returns
 * its width in pixels. */
static int glyphs(Canvas *c, FT_Face face, const PicItem *it, int x, int draw)
{
    FT_Set_Pixel_Sizes(face, 0, (FT_UInt)it->size);
    long pen = 0; /* 26.6 fixed point */
    for (const char *s = it->text; *s;) {
        if (FT_Load_Char(face, next_char(&s), draw ? FT_LOAD_RENDER : FT_LOAD_DEFAULT) != 0)
            continue;
        const FT_GlyphSlot g = face->glyph;
        for (unsigned r = 0; draw && r < g->bitmap.rows; r++)
            for (unsigned col = 0; col < g->bitmap.width; col++) {
                int px = x + (int)(pen >> 6) + g->bitmap_left + (int)col;
                int py = it->y - g->bitmap_top + (int)r;
                if (px < 0 || py < 0 || px >= c->w || py >= c->h)
                    continue;
                unsigned a = g->bitmap.buffer[r * (unsigned)g->bitmap.pitch + col];
                unsigned char *d = c->px + 4 * ((size_t)py * (size_t)c->w + (size_t)px);
                const unsigned char src[3] = {it->colour.r, it->colour.g, it->colour.b};
                for (int k = 0; k < 3; k++)
                    d[k] = (unsigned char)((src[k] * a + d[k] * (255u - a) + 127u) / 255u);
            }
        pen += g->advance.x;
    }
    return (int)((pen + 32) >> 6);
}

static void text(Canvas *c, FT_Face face, const PicItem *it)
{
    int x = it->x;
    if (it->anchor != PIC_START) {
        int w = glyphs(c, face, it, 0, 0);
        x -= it->anchor == PIC_MIDDLE ? w / 2 : w;
    }
    glyphs(c, face, it, x, 1);
}

int pic_raster(const Picture *p, const char *font_dir, unsigned char **rgba, SnError *err)
{
    *rgba = NULL;
    if (p->failed)
        return sn_error(err, SN_E_NOMEM, "out of memory");
    FT_Library ft = NULL;
    FT_Face faces[2] = {NULL, NULL};
    static const char *const names[2] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"};
    if (FT_Init_FreeType(&ft) != 0)
        return sn_error(err, SN_E_NOMEM, "out of memory (the font library)");
    int rc = 0;
    for (int i = 0; i < 2 && rc == 0; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", font_dir, names[i]);
        if (FT_New_Face(ft, path, 0, &faces[i]) != 0)
            rc = sn_error(err, SN_E_IO, "%s: cannot read the font (set SCRATCHNET_ASSETS to the "
                                        "folder of the DejaVu fonts)", path);
    }
    Canvas c = {NULL, p->w, p->h};
    if (rc == 0) {
        c.px = malloc((size_t)p->w * (size_t)p->h * 4);
        if (!c.px)
            rc = sn_error(err, SN_E_NOMEM, "out of memory (a %d x %d picture)", p->w, p->h);
    }
    if (rc == 0) {
        memset(c.px, 255, (size_t)p->w * (size_t)p->h * 4);
        for (size_t i = 0; i < p->n; i++) {
            const PicItem *it = &p->items[i];
            if (it->kind == PIC_CELLS)
                cells(&c, it);
            else if (it->kind == PIC_TEXT)
                text(&c, faces[it->bold ? 1 : 0], it);
            else if (!it->outline)
                fill(&c, it->x, it->y, it->w, it->h, it->colour);
            else {
                const int t = it->outline;
                fill(&c, it->x, it->y, it->w, t, it->colour);
                fill(&c, it->x, it->y + it->h - t, it->w, t, it->colour);
                fill(&c, it->x, it->y, t, it->h, it->colour);
                fill(&c, it->x + it->w - t, it->y, t, it->h, it->colour);
            }
        }
        *rgba = c.px;
    }
    for (int i = 0; i < 2; i++)
        if (faces[i])
            FT_Done_Face(faces[i]);
    FT_Done_FreeType(ft);
    return rc;
}
