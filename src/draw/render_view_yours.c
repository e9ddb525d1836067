/* render_view_yours.c - the person's own digits on screen: the Yours view (render_views.h), a
 * row of images per digit under the picked drawing large with what the active model reads it
 * as, and a part of the frame over the canvas (render_internal.h): the "Label it" tag and the
 * digit buttons it opens. The images are the collection's IDX images, what a network is
 * trained on, white ink on black as MNIST stores them.
 */
#include "draw/render_views.h"
#include "draw/view_yours.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOT_BIG YOURS_DIGITS /* the rows use slots 0..9, the picked drawing the next */
#define PX (28 * 28)

_Static_assert(SLOT_BIG < RENDER_VIEW_TEXTURES, "a texture per row and the picked drawing");

static int total(const AppState *s)
{
    return s->collect.files.n;
}

/* The picked drawing's rank among its digit's, or -1. */
static int picked_rank(const AppState *s, int *digit)
{
    int i = s->collect.selected;
    *digit = -1;
    if (i < 0 || i >= total(s))
        return -1;
    *digit = s->collect.files.samples[i].label;
    int r = 0;
    for (int k = 0; k < i; k++)
        r += s->collect.files.samples[k].label == *digit;
    return r;
}

/* The lines under the picked drawing: what it is, what the active model reads it as, and a
 * note. */
static void info_text(const AppState *s, char *head, size_t nh, char *reading, size_t nr,
                      char *note, size_t nn)
{
    int digit, rank = picked_rank(s, &digit);
    const char *path = s->collect.files.path[0] ? s->collect.files.path : "(nowhere yet)";
    if (rank < 0) {
        snprintf(head, nh, "%d drawing%s of yours", total(s), total(s) == 1 ? "" : "s");
        snprintf(reading, nr, "Click one to see it here with what the model reads.");
        snprintf(note, nn, "\xe2\x86\x90 \xe2\x86\x92 step through them. Kept in %s", path);
        return;
    }
    snprintf(head, nh, "A %d (%d of %d)", digit, rank + 1, app_collect_count(s, digit));
    snprintf(reading, nr, "%s", s->collect.reading[0] ? s->collect.reading : "No model reads it");
    snprintf(note, nn, "As the network is trained on it: 28 \xc3\x97 28, centred like MNIST.");
}

/* The key of row d's images (those shown) and which of them is picked. */
static uint64_t row_key(const AppState *s, const YoursLayout *y, int d, int pick_d, int pick_r)
{
    uint64_t k = key_int(KEY_START, y->rows[d].tiles);
    for (int t = 0; t < y->rows[d].tiles; t++) {
        int i = app_collect_index(s, d, y->first[d] + t);
        k = i >= 0 ? key_bytes(k, s->collect.files.samples[i].image, PX) : k;
    }
    return key_int(k, pick_d == d ? pick_r : -1);
}

/* Row d's whole rectangle: its label and images, with room for the pick's outline. */
static SDL_Rect row_rect(const YoursLayout *y, int d)
{
    LayoutRect lab = y->labels[d];
    return box(lab.x, lab.y, y->rows_area.x + y->rows_area.w - lab.x, lab.h);
}

void yours_items(Render *rd, const AppState *s, const Layout *l)
{
    YoursLayout y = view_yours_layout(l, s->collect.files.counts);
    char head[200], reading[600], note[PATHS_MAX + 200];
    info_text(s, head, sizeof head, reading, sizeof reading, note, sizeof note);
    render_item(rd, sdl_rect(y.info),
                key_str(key_str(key_str(KEY_START, head), reading), note));
    int pd, pr = picked_rank(s, &pd), i = s->collect.selected;
    uint64_t big = key_int(KEY_START, i);
    if (pr >= 0)
        big = key_bytes(big, s->collect.files.samples[i].image, PX);
    render_item_whole(rd, sdl_rect(y.big), big);
    if (total(s) == 0) {
        render_item(rd, sdl_rect(y.rows_area), key_str(KEY_START, s->collect.files.path));
        return;
    }
    for (int d = 0; d < YOURS_DIGITS; d++)
        render_item_whole(rd, row_rect(&y, d),
                          key_int(row_key(s, &y, d, pd, pr), app_collect_count(s, d)));
}

/* Draws the n images (28 x 28 bytes each) of block b into texture slot `slot`. */
static void draw_images(Render *rd, int slot, const ViewBlock *b, const uint8_t *const *images,
                        int n, uint64_t key)
{
    if (view_tiles_hold(rd, slot, b, key)) {
        view_draw_tiles(rd, slot, b, NULL, 1.0f, view_ramp_grey, key);
        return;
    }
    float *v = malloc((size_t)(n > 0 ? n : 1) * PX * sizeof *v);
    if (!v)
        return;
    for (int t = 0; t < n; t++)
        for (int p = 0; p < PX; p++)
            v[(size_t)t * PX + (size_t)p] = (float)images[t][p] / 255.0f;
    view_draw_tiles(rd, slot, b, v, 1.0f, view_ramp_grey, key);
    free(v);
}

void yours_draw(Render *rd, const AppState *s, const Layout *l)
{
    YoursLayout y = view_yours_layout(l, s->collect.files.counts);
    int f = y.font, t = l->line;
    char head[200], reading[600], note[PATHS_MAX + 200];
    info_text(s, head, sizeof head, reading, sizeof reading, note, sizeof note);
    int hh = iround(1.5f * (float)f);
    text_draw(rd->text, head, iround(1.15f * (float)f), TEXT_BOLD, C_TEXT,
              box(y.info.x, y.info.y, y.info.w, hh), TEXT_LEFT);
    int used = text_draw_wrapped(rd->text, reading, f, TEXT_REGULAR, C_TEXT,
                                 box(y.info.x, y.info.y + hh, y.info.w, y.info.h - hh));
    int ny = y.info.y + hh + used + f / 2;
    text_draw_wrapped(rd->text, note, f, TEXT_REGULAR, C_DIM,
                      box(y.info.x, ny, y.info.w, y.info.y + y.info.h - ny));
    int pd, pr = picked_rank(s, &pd), i = s->collect.selected;
    SDL_Rect big = sdl_rect(y.big);
    render_fill(rd->r, big, (SDL_Color){0, 0, 0, 255});
    render_border(rd->r, big, t, C_BORDER);
    if (pr >= 0) {
        ViewBlock b = {.layer = -1, .tiles = 1, .n = PX, .rows = 28, .cols = 28, .per_row = 1,
                       .tile_w = y.big.w, .tile_h = y.big.h, .grid = y.big};
        const uint8_t *img = s->collect.files.samples[i].image;
        draw_images(rd, SLOT_BIG, &b, &img, 1, key_bytes(KEY_START, img, PX));
    }
    if (total(s) == 0) {
        char words[PATHS_MAX + 400];
        snprintf(words, sizeof words,
                 "Nothing collected yet. Draw a digit, then press Ctrl and the digit (Ctrl+7 "
                 "for a 7), or tap Label it in the canvas's corner. Your drawings are kept in %s, "
                 "ready to teach a model your handwriting.",
                 s->collect.files.path[0] ? s->collect.files.path : "your data folder");
        text_draw_wrapped(rd->text, words, f, TEXT_REGULAR, C_TEXT, sdl_rect(y.rows_area));
        return;
    }
    for (int d = 0; d < YOURS_DIGITS; d++) {
        SDL_Rect lab = sdl_rect(y.labels[d]);
        char num[8], count[16];
        snprintf(num, sizeof num, "%d", d);
        snprintf(count, sizeof count, "\xc3\x97%d", app_collect_count(s, d));
        int dw = lab.w * 2 / 5;
        text_draw(rd->text, num, iround(1.2f * (float)f), TEXT_BOLD,
                  pd == d ? C_ACCENT : C_TEXT, box(lab.x, lab.y, dw, lab.h), TEXT_LEFT);
        text_draw(rd->text, count, f, TEXT_REGULAR, C_DIM,
                  box(lab.x + dw, lab.y, lab.w - dw, lab.h), TEXT_LEFT);
        const ViewBlock *b = &y.rows[d];
        if (b->tiles < 1)
            continue;
        const uint8_t *imgs[256];
        int n = b->tiles < 256 ? b->tiles : 256;
        for (int k = 0; k < n; k++) {
            int j = app_collect_index(s, d, y.first[d] + k);
            imgs[k] = s->collect.files.samples[j >= 0 ? j : 0].image;
        }
        draw_images(rd, d, b, imgs, n, row_key(s, &y, d, -1, -1));
        if (pd == d && pr >= y.first[d] && pr < y.first[d] + b->tiles) {
            int k = pr - y.first[d];
            SDL_Rect tile = box(b->grid.x + k * (b->tile_w + b->gap), b->grid.y, b->tile_w,
                                b->tile_h);
            render_border(rd->r, tile, SDL_max(2, t), C_ACCENT);
        }
    }
}

/* ---- over the canvas: the tag and the digit buttons ---- */

/* 1 while the tag shows: a drawing, and the digit buttons not open. */
static int tag_shown(const AppState *s)
{
    return !ink_drawing_is_empty(&s->drawing) && !app_collect_picker_shown(s) && !s->pen_down;
}

void collect_items(Render *rd, const AppState *s, const Layout *l)
{
    int shown = tag_shown(s);
    render_item(rd, shown ? sdl_rect(view_label_tag(l)) : box(0, 0, 0, 0),
                key_int(KEY_START, shown));
    PickerLayout p = view_picker_layout(l);
    int open = app_collect_picker_shown(s);
    uint64_t k = key_bytes(KEY_START, s->collect.files.counts, sizeof s->collect.files.counts);
    render_item(rd, open ? sdl_rect(p.band) : box(0, 0, 0, 0), k);
}

/* A button in rc: a name over a smaller note, on a face with a border. */
static void tag_button(Render *rd, SDL_Rect rc, const char *name, int size, const char *note,
                       int note_size, SDL_Color face, SDL_Color edge, int t)
{
    render_fill(rd->r, rc, face);
    render_border(rd->r, box(rc.x + t, rc.y + t, rc.w - 2 * t, rc.h - 2 * t), t, edge);
    SDL_Color ink = C_TEXT;
    int top = rc.h * 3 / 5;
    text_draw(rd->text, name, size, TEXT_BOLD, ink, box(rc.x, rc.y, rc.w, top), TEXT_CENTER);
    text_draw(rd->text, note, note_size, TEXT_REGULAR, ink,
              box(rc.x, rc.y + top, rc.w, rc.h - top), TEXT_CENTER);
}

void collect_draw(Render *rd, const AppState *s, const Layout *l)
{
    int fs = l->font_small, t = l->line;
    if (tag_shown(s)) {
        SDL_Rect tag = sdl_rect(view_label_tag(l));
        if (tag.w > 0)
            tag_button(rd, tag, "Label it", fs, "Ctrl+0\xe2\x80\x93" "9", fs * 3 / 4, C_PANEL,
                       C_ACCENT, t);
    }
    if (!app_collect_picker_shown(s))
        return;
    PickerLayout p = view_picker_layout(l);
    if (p.band.w < 1)
        return;
    render_fill(rd->r, sdl_rect(p.band), C_PANEL);
    text_draw(rd->text, "Which digit is it? (Ctrl+0 to Ctrl+9)", fs, TEXT_BOLD,
              C_TEXT, sdl_rect(p.title), TEXT_CENTER);
    for (int d = 0; d < YOURS_DIGITS; d++) {
        char num[4], note[24];
        snprintf(num, sizeof num, "%d", d);
        snprintf(note, sizeof note, "\xc3\x97%d", app_collect_count(s, d));
        SDL_Rect rc = sdl_rect(p.digits[d]);
        int big = SDL_min(rc.h / 2, iround(1.6f * (float)fs));
        tag_button(rd, rc, num, big, note, SDL_min(fs * 4 / 5, rc.w / 3), C_TRACK, C_BORDER, t);
    }
}
