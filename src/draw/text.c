/* text.c - SDL_ttf rendering behind a small texture cache.
 *
 * Entries are keyed by (hash, string, size, face, wrap); a lookup either finds the texture or
 * renders it. Each face is kept open at the last TEXT_FONTS sizes used, one TTF_Font per size:
 * changing a font's size flushes SDL_ttf's glyph cache, and every glyph would then be read from
 * the font file again (a frame draws text at several sizes, and numbers that change with every
 * move). The surface is freed as soon as the texture exists.
 * Entries carry the frame that last used them; text_frame_end() drops those no frame used for
 * TEXT_KEEP_FRAMES frames (a frame draws only what changed, so a label it did not draw may be
 * drawn again soon).
 */
#include "draw/text.h"

#include <SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"

#define TEXT_KEEP_FRAMES 64
#define TEXT_FONTS 8 /* sizes kept open per face */

typedef struct Entry {
    uint32_t hash;
    char *str;            /* owned copy of the string */
    int size, face, wrap; /* wrap = 0: one line */
    SDL_Texture *tex;     /* NULL for an empty string or a failed render */
    int w, h;
    unsigned last_frame;
} Entry;

/* A face opened at one size. */
typedef struct Sized {
    TTF_Font *font;    /* NULL: a free slot */
    int size;
    unsigned used;     /* when it last rendered (a count of lookups), for reuse */
} Sized;

struct Text {
    TTF_Font *font[2]; /* regular, bold: at any size when a size of its own cannot be opened */
    int font_size[2];  /* the size each font is currently set to */
    char *path[2];     /* the font files */
    Sized sized[2][TEXT_FONTS];
    unsigned uses;
    SDL_Renderer *r;
    Entry *e;          /* (n) */
    int n;
    size_t cap;        /* entries allocated (buf_grow) */
    unsigned frame;
};

static uint32_t fnv1a(const char *s, int size, int face, int wrap)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    h = (h ^ (uint32_t)size) * 16777619u;
    h = (h ^ (uint32_t)face) * 16777619u;
    return (h ^ (uint32_t)wrap) * 16777619u;
}

Text *text_open(const char *regular_path, const char *bold_path, char *err, size_t n)
{
    Text *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, n, "out of memory");
        return NULL;
    }
    const char *paths[2] = {regular_path, bold_path};
    for (int i = 0; i < 2; i++) {
        t->font_size[i] = 24;
        t->font[i] = TTF_OpenFont(paths[i], t->font_size[i]);
        t->path[i] = t->font[i] ? malloc(strlen(paths[i]) + 1) : NULL;
        if (t->path[i])
            memcpy(t->path[i], paths[i], strlen(paths[i]) + 1);
        if (!t->font[i] || !t->path[i]) {
            snprintf(err, n, "cannot open font %s: %s", paths[i], TTF_GetError());
            text_close(t);
            return NULL;
        }
    }
    return t;
}

static void drop_all(Text *t)
{
    for (int i = 0; i < t->n; i++) {
        if (t->e[i].tex)
            SDL_DestroyTexture(t->e[i].tex);
        free(t->e[i].str);
    }
    t->n = 0;
}

void text_close(Text *t)
{
    if (!t)
        return;
    drop_all(t);
    free(t->e);
    for (int i = 1; i >= 0; i--) {
        for (int k = 0; k < TEXT_FONTS; k++)
            if (t->sized[i][k].font)
                TTF_CloseFont(t->sized[i][k].font);
        if (t->font[i])
            TTF_CloseFont(t->font[i]);
        free(t->path[i]);
    }
    free(t);
}

void text_set_renderer(Text *t, SDL_Renderer *r)
{
    drop_all(t);
    t->r = r;
}

static TTF_Font *font_at(Text *t, int face, int size)
{
    Sized *s = t->sized[face], *slot = &s[0];
    t->uses++;
    for (int k = 0; k < TEXT_FONTS; k++) {
        if (s[k].font && s[k].size == size) {
            s[k].used = t->uses;
            return s[k].font;
        }
        if (!s[k].font || (slot->font && s[k].used < slot->used))
            slot = &s[k]; /* a free slot, else the one unused longest */
    }
    if (slot->font)
        TTF_CloseFont(slot->font);
    *slot = (Sized){TTF_OpenFont(t->path[face], size), size, t->uses};
    if (slot->font)
        return slot->font;
    if (t->font_size[face] != size && TTF_SetFontSize(t->font[face], size) == 0)
        t->font_size[face] = size;
    return t->font[face];
}

/* Finds or renders the entry; NULL only when out of memory. */
static Entry *lookup(Text *t, const char *s, int size, TextFace face, int wrap)
{
    if (size < 1)
        size = 1;
    uint32_t h = fnv1a(s, size, (int)face, wrap);
    for (int i = 0; i < t->n; i++) {
        Entry *e = &t->e[i];
        if (e->hash == h && e->size == size && e->face == (int)face && e->wrap == wrap &&
            strcmp(e->str, s) == 0) {
            e->last_frame = t->frame;
            return e;
        }
    }
    if (buf_grow((void **)&t->e, &t->cap, (size_t)t->n + 1, sizeof *t->e) != 0)
        return NULL;
    Entry *e = &t->e[t->n];
    memset(e, 0, sizeof *e);
    size_t len = strlen(s);
    e->str = malloc(len + 1);
    if (!e->str)
        return NULL;
    memcpy(e->str, s, len + 1);
    e->hash = h;
    e->size = size;
    e->face = (int)face;
    e->wrap = wrap;
    e->last_frame = t->frame;
    t->n++;
    if (len == 0 || !t->r)
        return e;

    TTF_Font *font = font_at(t, (int)face, size);
    SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *surf = wrap > 0 ? TTF_RenderUTF8_Blended_Wrapped(font, s, white, (Uint32)wrap)
                                 : TTF_RenderUTF8_Blended(font, s, white);
    if (surf) {
        e->tex = SDL_CreateTextureFromSurface(t->r, surf);
        e->w = surf->w;
        e->h = surf->h;
        SDL_FreeSurface(surf);
        if (e->tex)
            SDL_SetTextureBlendMode(e->tex, SDL_BLENDMODE_BLEND);
    }
    return e;
}

void text_measure(Text *t, const char *s, int size, TextFace face, int *w, int *h)
{
    Entry *e = lookup(t, s, size, face, 0);
    *w = e ? e->w : 0;
    *h = e ? e->h : 0;
}

/* Copies the entry's texture to (x, y), cut to max_w x max_h so it never spills out of its box. */
static void blit(Text *t, Entry *e, SDL_Color c, int x, int y, int max_w, int max_h)
{
    if (!e || !e->tex)
        return;
    SDL_SetTextureColorMod(e->tex, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(e->tex, c.a);
    int w = e->w < max_w ? e->w : max_w, h = e->h < max_h ? e->h : max_h;
    if (w <= 0 || h <= 0)
        return;
    SDL_Rect src = {0, 0, w, h};
    SDL_Rect dst = {x, y, w, h};
    SDL_RenderCopy(t->r, e->tex, &src, &dst);
}

SDL_Rect text_draw(Text *t, const char *s, int size, TextFace face, SDL_Color c, SDL_Rect box,
                   TextAlign align)
{
    SDL_Rect out = {box.x, box.y, 0, 0};
    Entry *e = lookup(t, s, size, face, 0);
    /* shrink until it fits: scale by the overflow, at most a few tries */
    for (int i = 0; i < 4 && e && (e->w > box.w || e->h > box.h) && size > TEXT_MIN_SIZE; i++) {
        float k = 1.0f;
        if (e->w > box.w)
            k = (float)box.w / (float)e->w;
        if (e->h > box.h && (float)box.h / (float)e->h < k)
            k = (float)box.h / (float)e->h;
        int smaller = (int)((float)size * k);
        if (smaller >= size)
            smaller = size - 1;
        size = smaller < TEXT_MIN_SIZE ? TEXT_MIN_SIZE : smaller;
        e = lookup(t, s, size, face, 0);
    }
    if (!e)
        return out;
    out.x = align == TEXT_LEFT     ? box.x
            : align == TEXT_RIGHT  ? box.x + box.w - e->w
                                   : box.x + (box.w - e->w) / 2;
    out.y = box.y + (box.h - e->h) / 2;
    if (e->w > box.w) /* still too wide at the smallest size: cut at the box's right edge */
        out.x = box.x;
    if (e->h > box.h)
        out.y = box.y;
    blit(t, e, c, out.x, out.y, box.x + box.w - out.x, box.y + box.h - out.y);
    out.w = e->w < box.w ? e->w : box.w;
    out.h = e->h < box.h ? e->h : box.h;
    return out;
}

int text_draw_wrapped(Text *t, const char *s, int size, TextFace face, SDL_Color c, SDL_Rect box)
{
    if (box.w < 1 || box.h < 1)
        return 0;
    Entry *e = lookup(t, s, size, face, box.w);
    while (e && e->h > box.h && size > TEXT_MIN_SIZE) {
        size = size * 9 / 10 < TEXT_MIN_SIZE ? TEXT_MIN_SIZE : size * 9 / 10;
        e = lookup(t, s, size, face, box.w);
    }
    if (!e)
        return 0;
    blit(t, e, c, box.x, box.y, box.w, box.h);
    return e->h < box.h ? e->h : box.h;
}

void text_frame_end(Text *t)
{
    int k = 0;
    for (int i = 0; i < t->n; i++) {
        if (t->frame - t->e[i].last_frame >= TEXT_KEEP_FRAMES) {
            if (t->e[i].tex)
                SDL_DestroyTexture(t->e[i].tex);
            free(t->e[i].str);
        } else {
            t->e[k++] = t->e[i];
        }
    }
    t->n = k;
    t->frame++;
}
