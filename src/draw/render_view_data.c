/* render_view_data.c - the Data view (render_views.h): the active model's confusion matrix on
 * the test set, then the browser: what shows, the image shown (white ink on black, as MNIST
 * stores it) and beside it its place in the list, its true label and the model's answer.
 *
 * The matrix's right answers (its diagonal) are blue, its mistakes orange, the brighter the more
 * of them (the palette's two colours, ink/palette.h, told apart with any common colour
 * blindness); a cell of none is left dark with a dot. The cell the browser shows is outlined in
 * the accent colour. The words come from app_data.h.
 */
#include "draw/render_views.h"

#include <stdio.h>
#include <string.h>

#include "draw/app_data.h"

#define SLOT_IMAGE 0 /* the texture of the image shown */

/* The image shown as a block of one 28 x 28 tile filling r. */
static ViewBlock image_block(LayoutRect r)
{
    ViewBlock b = {.layer = -1, .tiles = 1, .n = 28 * 28, .rows = 28, .cols = 28, .per_row = 1,
                   .tile_w = r.w, .tile_h = r.h, .grid = r};
    return b;
}

/* The image shown: its index into the test images, or -1. */
static int shown(const AppState *s)
{
    const Browse *b = app_data_browse(s);
    const NnDataset *ds = app_data_images(s);
    return b && ds && ds->rows == 28 && ds->cols == 28 ? browse_current(b) : -1;
}

/* The key of everything the matrix shows. */
static uint64_t matrix_key(const AppState *s, const ViewLayout *v)
{
    const Browse *b = app_data_browse(s);
    uint64_t k = key_int(KEY_START, b ? (long long)b->id : -1);
    if (b)
        k = key_int(key_int(key_int(k, b->filter), b->cell_label), b->cell_answer);
    char name[80];
    for (int c = 0; c < v->matrix_rows; c++) {
        app_data_row_name(s, c, name, sizeof name);
        k = key_str(k, name);
    }
    return key_int(k, v->matrix_cols);
}

static uint64_t info_key(const AppDataText *t)
{
    uint64_t k = key_str(key_str(key_str(KEY_START, t->place), t->truth), t->answer);
    k = key_str(key_str(key_str(k, t->source), t->status), t->age);
    return key_int(key_int(k, t->right), t->status_error);
}

void data_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    (void)l;
    AppDataText t;
    app_data_text(s, &t);
    render_item(rd, sdl_rect(v->matrix_title), key_str(KEY_START, t.matrix));
    render_item(rd, sdl_rect(v->matrix), matrix_key(s, v));
    render_item(rd, sdl_rect(v->data_head), key_str(KEY_START, t.head));
    const NnDataset *ds = app_data_images(s);
    render_item_whole(rd, grow(sdl_rect(v->data_image), 2 * l->line),
                      key_int(key_bytes(KEY_START, &ds, sizeof ds), shown(s)));
    render_item(rd, sdl_rect(v->data_info), info_key(&t));
}

/* One cell: its count on a colour that says right (blue) or wrong (orange), brighter the more,
 * in the theme's text or background colour, whichever stands out more. */
static void draw_cell(Render *rd, const ViewLayout *v, LayoutRect r, int count, int diagonal,
                      int most)
{
    SDL_Rect c = box(r.x + 1, r.y + 1, r.w - 2, r.h - 2);
    SDL_Color ink = C_DIM;
    if (count > 0) {
        SDL_Color fill = view_ramp_dark(view_data_shade(count, diagonal, most));
        render_fill(rd->r, c, fill);
        ink = view_data_text_on(render_theme, fill.r, fill.g, fill.b) ? C_TEXT : C_BG;
    }
    char n[16];
    snprintf(n, sizeof n, "%d", count);
    text_draw(rd->text, count > 0 ? n : "\xc2\xb7", v->font, diagonal ? TEXT_BOLD : TEXT_REGULAR,
              ink, sdl_rect(r), TEXT_CENTER);
}

static void draw_matrix(Render *rd, const AppState *s, const ViewLayout *v, int line)
{
    const Browse *b = app_data_browse(s);
    char name[80];
    for (int c = 0; c < v->matrix_cols; c++) {
        app_data_column_name(s, c, name, sizeof name);
        text_draw(rd->text, name, v->font, TEXT_BOLD, C_DIM, sdl_rect(view_data_cell(v, -1, c)),
                  TEXT_CENTER);
    }
    int most = 0; /* the largest count of a mistake, for the orange's depth */
    for (int r = 0; b && r < v->matrix_rows; r++)
        for (int c = 0; c < v->matrix_cols && r < b->n_classes; c++)
            if (r != c && b->confusion[r][c] > most)
                most = b->confusion[r][c];
    for (int r = 0; r < v->matrix_rows; r++) {
        LayoutRect nr = view_data_cell(v, r, -1);
        nr.w -= v->font / 2;
        app_data_row_name(s, r, name, sizeof name);
        text_draw(rd->text, name, v->font, TEXT_BOLD, C_DIM, sdl_rect(nr), TEXT_RIGHT);
        for (int c = 0; b && r < b->n_classes && c < v->matrix_cols && c <= b->n_classes; c++)
            draw_cell(rd, v, view_data_cell(v, r, c), b->confusion[r][c], r == c, most);
    }
    if (b && b->filter == BROWSE_CELL)
        render_border(rd->r, sdl_rect(view_data_cell(v, b->cell_label, b->cell_answer)),
                      3 * line, C_ACCENT);
}

/* The lines beside the image: its place, its true label, the answer (right or wrong), then
 * where the images come from (while the network trains: how old its answers are); or, before
 * the answers are there, how far they are. */
static void draw_info(Render *rd, const ViewLayout *v, const AppDataText *t)
{
    LayoutRect r = v->data_info;
    int f = v->font, lh = iround(1.35f * (float)f), big = iround(1.2f * (float)f);
    if (t->status[0]) {
        text_draw_wrapped(rd->text, t->status, f, TEXT_REGULAR, t->status_error ? C_ERROR : C_DIM,
                          sdl_rect(r));
        return;
    }
    int y = r.y;
    text_draw(rd->text, t->place, f, TEXT_REGULAR, C_DIM, box(r.x, y, r.w, lh), TEXT_LEFT);
    y += lh;
    int bh = iround(1.35f * (float)big);
    text_draw(rd->text, t->truth, big, TEXT_BOLD, C_TEXT, box(r.x, y, r.w, bh), TEXT_LEFT);
    y += bh;
    if (t->answer[0]) {
        SDL_Rect a = box(r.x, y, r.w, SDL_min(2 * bh, r.y + r.h - y));
        int used = text_draw_wrapped(rd->text, t->answer, big, TEXT_BOLD,
                                     t->right == 1 ? C_OK : C_ERROR, a);
        y += SDL_max(used, bh);
    }
    /* while the network trains, how old its answers are, in the source's place */
    text_draw_wrapped(rd->text, t->age[0] ? t->age : t->source, f,
                      t->age[0] ? TEXT_BOLD : TEXT_REGULAR, t->age[0] ? C_ACCENT : C_DIM,
                      box(r.x, y + lh / 4, r.w, r.y + r.h - y - lh / 4));
}

void data_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    AppDataText t;
    app_data_text(s, &t);
    text_draw(rd->text, t.matrix, v->font, TEXT_REGULAR, C_DIM, sdl_rect(v->matrix_title),
              TEXT_LEFT);
    draw_matrix(rd, s, v, l->line);
    text_draw(rd->text, t.head, v->font, TEXT_BOLD, C_TEXT, sdl_rect(v->data_head), TEXT_LEFT);
    SDL_Rect img = sdl_rect(v->data_image);
    render_border(rd->r, img, l->line, C_BORDER);
    int i = shown(s);
    if (i >= 0 && img.w > 0) {
        const NnDataset *ds = app_data_images(s);
        ViewBlock blk = image_block(v->data_image);
        uint64_t k = key_int(key_bytes(KEY_START, &ds, sizeof ds), i);
        if (view_tiles_hold(rd, SLOT_IMAGE, &blk, k)) {
            view_draw_tiles(rd, SLOT_IMAGE, &blk, NULL, 1.0f, view_ramp_grey, k);
        } else {
            float px[28 * 28];
            for (int p = 0; p < 28 * 28; p++)
                px[p] = (float)ds->images[(size_t)i * 28 * 28 + (size_t)p] / 255.0f;
            view_draw_tiles(rd, SLOT_IMAGE, &blk, px, 1.0f, view_ramp_grey, k);
        }
    } else {
        render_fill(rd->r, img, C_TRACK);
    }
    draw_info(rd, v, &t);
}
