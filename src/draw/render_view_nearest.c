/* render_view_nearest.c - the nearest digits view (render_views.h): the training digits nearest
 * to the drawing as the network sees them, under the sentence their labels make, each with its
 * label and distance; the background job's progress or where the images come from; and the
 * test digits that excite the unit picked in the layers view most. The images are drawn as
 * MNIST stores them, white ink on black; the numbers come from app_digits.h.
 */
#include "draw/render_views.h"

#include <stdio.h>
#include <string.h>

#include "draw/app_digits.h"
#include "draw/worker.h"

_Static_assert(APP_NEAR_K == VIEW_DIGIT_ROWS * VIEW_DIGITS_PER_ROW &&
                   APP_EXCITE_K == VIEW_DIGIT_ROWS * VIEW_DIGITS_PER_ROW,
               "the view's rows hold the digits");

#define SLOT_NEAR 0                     /* the textures of the nearest digits' rows */
#define SLOT_EXCITE (SLOT_NEAR + VIEW_DIGIT_ROWS) /* ... and of the unit's digits' rows */

/* What the view says, made once for the items and the drawing. */
typedef struct NearestText {
    char sentence[400];
    char status[600];
    int status_error;
    char title[200];
    int near[APP_NEAR_K], n_near;         /* the training digits' indices */
    char near_label[APP_NEAR_K][32];
    int excite[APP_EXCITE_K], n_excite;   /* the test digits' indices */
    char excite_label[APP_EXCITE_K][32];
} NearestText;

/* The last part of a folder's name: "mnist-subset", "mnist". */
static const char *base_name(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    const char *p = dir + n;
    while (p > dir && p[-1] != '/')
        p--;
    return p;
}

/* n with commas between thousands: "10,000". */
static void thousands(int n, char *buf, size_t size)
{
    if (n >= 1000)
        snprintf(buf, size, "%d,%03d", n / 1000, n % 1000);
    else
        snprintf(buf, size, "%d", n);
}

static void status_line(const AppState *s, const AppModelDigits *md, const AppDigitSet *set,
                        NearestText *t)
{
    const char *word = app_reads_digits(s) ? "digits" : "images";
    if (!md || md->status == APP_DIGITS_NONE) {
        snprintf(t->status, sizeof t->status, "starting\xe2\x80\xa6");
    } else if (md->status == APP_DIGITS_BUSY) {
        WorkerState st;
        worker_state(s->worker, &st);
        if (st.total > 0)
            snprintf(t->status, sizeof t->status, "%s\xe2\x80\xa6 %lld %%", st.what,
                     100LL * st.done / st.total);
        else
            snprintf(t->status, sizeof t->status, "%s\xe2\x80\xa6",
                     st.what[0] ? st.what : "waiting");
    } else if (md->status == APP_DIGITS_FAILED) {
        snprintf(t->status, sizeof t->status, "%s", md->error);
        t->status_error = 1;
    } else {
        char n[32];
        thousands(md->index.n, n, sizeof n);
        snprintf(t->status, sizeof t->status,
                 "Under each: its label \xc2\xb7 its distance from your drawing in the %d values "
                 "of layer %d. %s training %s from %s, indexed in %.1f s; searched in %.1f ms.",
                 md->index.width, md->index.layer + 1, n, word,
                 set ? base_name(set->from) : "?", md->index_ms / 1000.0,
                 s->digits ? s->digits->search_us / 1000.0 : 0.0);
    }
}

static void sentence(const AppState *s, const AppModelDigits *md, NearestText *t)
{
    const NnModel *m = app_model(s);
    const char *word = app_reads_digits(s) ? "digits" : "images";
    if (!m) {
        snprintf(t->sentence, sizeof t->sentence, "No model loaded.");
    } else if (md && md->status == APP_DIGITS_FAILED && md->index.n == 0) {
        int fashion = strcmp(m->info.train.dataset, "fashion-mnist") == 0;
        snprintf(t->sentence, sizeof t->sentence,
                 "This view compares with the images the model learned from (%s), which are "
                 "not here; no other images stand in for them.",
                 fashion ? "Fashion-MNIST's photos of clothes"
                 : m->info.train.dataset[0] ? m->info.train.dataset : "unknown");
    } else if (!md || md->index.n == 0) {
        snprintf(t->sentence, sizeof t->sentence,
                 "Comparing with every training %s as the network sees it (its last hidden "
                 "layer) needs an index of them, built once for this model.",
                 app_reads_digits(s) ? "digit" : "image");
    } else if (t->n_near == 0) {
        snprintf(t->sentence, sizeof t->sentence,
                 "Draw: the training %s nearest to your drawing, as the network sees it, show "
                 "here.", word);
    } else {
        app_nearest_sentence(s, t->sentence, sizeof t->sentence);
    }
}

static void excite_title(const AppState *s, const AppModelDigits *md, NearestText *t)
{
    const NnModel *m = app_model(s);
    int layer, unit;
    const char *word = app_reads_digits(s) ? "digits" : "images";
    if (!m || !app_excite_unit(s, &layer, &unit)) {
        snprintf(t->title, sizeof t->title,
                 "Click a unit or a map in the Layers view (L): the test %s that excite it most "
                 "show here.", word);
        return;
    }
    const NnLayer *L = &m->layers[layer];
    const char *what = L->type == NN_LAYER_CONV2D ? "map" : "unit";
    if (!md || md->excite.n == 0)
        snprintf(t->title, sizeof t->title, "Layer %d, %s %d: its test %s are being scored.",
                 layer + 1, what, unit + 1, word);
    else
        snprintf(t->title, sizeof t->title,
                 "The test %s that excite layer %d (%s), %s %d, most; its output on each:",
                 word, layer + 1, nn_layer_type_name(L->type), what, unit + 1);
}

static void make_text(const AppState *s, NearestText *t)
{
    memset(t, 0, sizeof *t);
    const AppModelDigits *md = app_digits_model(s);
    const AppDigitSet *set = app_digits_set(s);
    const AppDigits *d = s->digits;
    if (d && md && set && d->near_serial && md->index.n > 0)
        for (int i = 0; i < d->n_near; i++) {
            t->near[t->n_near] = d->near[i].index;
            snprintf(t->near_label[t->n_near++], sizeof t->near_label[0], "%s \xc2\xb7 %.2f",
                     app_label(s, d->near[i].label), (double)sqrtf(d->near[i].distance));
        }
    NnExcited ex[APP_EXCITE_K];
    int n = set ? app_excited(s, ex, APP_EXCITE_K) : 0;
    for (int i = 0; i < n; i++) {
        t->excite[t->n_excite] = ex[i].index;
        int label = set->test.labels[ex[i].index];
        snprintf(t->excite_label[t->n_excite++], sizeof t->excite_label[0], "%s \xc2\xb7 %.2f",
                 app_label(s, label), (double)ex[i].score);
    }
    sentence(s, md, t);
    status_line(s, md, set, t);
    excite_title(s, md, t);
}

/* The key of a row of digits: which images, from which set. */
static uint64_t row_key(const NnDataset *ds, const int *idx, int n)
{
    uint64_t k = key_bytes(KEY_START, &ds, sizeof ds);
    for (int i = 0; i < n; i++)
        k = key_int(k, idx[i]);
    return key_int(k, n);
}

/* The labels under a row, as one key. */
static uint64_t labels_key(char (*labels)[32], int n)
{
    uint64_t k = KEY_START;
    for (int i = 0; i < n; i++)
        k = key_str(k, labels[i]);
    return key_int(k, n);
}

/* Digits [first, first + per row) of idx (n in all) on one row. */
static int row_count(int n, int r)
{
    int c = n - r * VIEW_DIGITS_PER_ROW;
    return c < 0 ? 0 : c > VIEW_DIGITS_PER_ROW ? VIEW_DIGITS_PER_ROW : c;
}

static void part_items(Render *rd, const ViewBlock *rows, const LayoutRect *labels,
                       const NnDataset *ds, const int *idx, char (*text)[32], int n)
{
    for (int r = 0; r < VIEW_DIGIT_ROWS; r++) {
        int first = r * VIEW_DIGITS_PER_ROW, c = row_count(n, r);
        render_item(rd, sdl_rect(rows[r].grid), row_key(ds, idx + first, c));
        render_item(rd, sdl_rect(labels[r]), labels_key(text + first, c));
    }
}

void nearest_items(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    (void)l;
    NearestText t;
    make_text(s, &t);
    const AppDigitSet *set = app_digits_set(s);
    render_item(rd, sdl_rect(v->sentence), key_str(KEY_START, t.sentence));
    part_items(rd, v->near, v->near_labels, set ? &set->train : NULL, t.near, t.near_label,
               t.n_near);
    render_item(rd, sdl_rect(v->status), key_int(key_str(KEY_START, t.status), t.status_error));
    render_item(rd, sdl_rect(v->excite_title), key_str(KEY_START, t.title));
    part_items(rd, v->excite, v->excite_labels, set ? &set->test : NULL, t.excite,
               t.excite_label, t.n_excite);
}

/* One row of images (c of them) of ds into texture slot, its labels under them on lines lines
 * (the layout's label_lines, or view_label_lines in the close-up's row). */
static void draw_row(Render *rd, int slot, const ViewBlock *b, LayoutRect labels,
                     const NnDataset *ds, const int *idx, char (*text)[32], int c, int font,
                     int lines)
{
    if (c == 0)
        return; /* no digits yet: the row stays blank */
    uint64_t k = row_key(ds, idx, c);
    if (!view_tiles_hold(rd, slot, b, k)) {
        float vals[VIEW_DIGIT_ROWS * VIEW_DIGITS_PER_ROW * 28 * 28] = {0}; /* a close-up's row */
        int per = ds ? ds->rows * ds->cols : 0;
        for (int i = 0; i < c && per == 28 * 28; i++)
            for (int p = 0; p < per; p++)
                vals[i * per + p] = (float)ds->images[(size_t)idx[i] * (size_t)per + p] / 255.0f;
        view_draw_tiles(rd, slot, b, vals, 1.0f, view_ramp_grey, k);
    } else {
        view_draw_tiles(rd, slot, b, NULL, 1.0f, view_ramp_grey, k);
    }
    for (int i = 0; i < c; i++) {
        /* centred under its image, as wide as the image and a gap */
        SDL_Rect r = box(b->grid.x + i * (b->tile_w + b->gap) - b->gap / 2, labels.y,
                         b->tile_w + b->gap, labels.h);
        const char *dot = lines == 2 ? strstr(text[i], " \xc2\xb7 ") : NULL;
        if (!dot) {
            text_draw(rd->text, text[i], font, TEXT_REGULAR, C_TEXT, r, TEXT_CENTER);
            continue;
        }
        /* the class's name, then the number under it */
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)(dot - text[i]), text[i]);
        r.h /= 2;
        text_draw(rd->text, name, font, TEXT_REGULAR, C_TEXT, r, TEXT_CENTER);
        r.y += r.h;
        text_draw(rd->text, dot + 4, font, TEXT_REGULAR, C_TEXT, r, TEXT_CENTER);
    }
}

void nearest_draw(Render *rd, const AppState *s, const Layout *l, const ViewLayout *v)
{
    (void)l;
    NearestText t;
    make_text(s, &t);
    const AppDigitSet *set = app_digits_set(s);
    int fs = v->font;
    int lines = v->label_lines;
    text_draw_wrapped(rd->text, t.sentence, fs, TEXT_BOLD, C_TEXT, sdl_rect(v->sentence));
    for (int r = 0; r < VIEW_DIGIT_ROWS; r++) {
        int first = r * VIEW_DIGITS_PER_ROW;
        draw_row(rd, SLOT_NEAR + r, &v->near[r], v->near_labels[r], set ? &set->train : NULL,
                 t.near + first, t.near_label + first, row_count(t.n_near, r), fs, lines);
        draw_row(rd, SLOT_EXCITE + r, &v->excite[r], v->excite_labels[r],
                 set ? &set->test : NULL, t.excite + first, t.excite_label + first,
                 row_count(t.n_excite, r), fs, lines);
    }
    text_draw_wrapped(rd->text, t.status, fs, TEXT_REGULAR,
                      t.status_error ? C_ERROR : C_DIM, sdl_rect(v->status));
    text_draw_wrapped(rd->text, t.title, fs, TEXT_REGULAR, C_DIM, sdl_rect(v->excite_title));
}

/* The close-up's row: what it says left of the digits, the digits and their labels. */
typedef struct ExcitedRow {
    LayoutRect caption, labels;
    ViewBlock row;
    char say[600];
    int lines; /* of each label */
    int idx[APP_EXCITE_K], n;
    char label[APP_EXCITE_K][32];
} ExcitedRow;

static void excited_row(const AppState *s, LayoutRect r, int font, ExcitedRow *e)
{
    memset(e, 0, sizeof *e);
    e->lines = view_label_lines(app_model(s));
    view_digits_row(r, font, e->lines, &e->caption, &e->row, &e->labels);
    const AppModelDigits *md = app_digits_model(s);
    const AppDigitSet *set = app_digits_set(s);
    NnExcited ex[APP_EXCITE_K];
    int n = set ? app_excited(s, ex, e->row.tiles) : 0;
    for (int i = 0; i < n; i++) {
        e->idx[i] = ex[i].index;
        snprintf(e->label[i], sizeof e->label[0], "%s \xc2\xb7 %.2f",
                 app_label(s, set->test.labels[ex[i].index]), (double)ex[i].score);
    }
    e->n = n;
    const char *word = app_reads_digits(s) ? "digits" : "images";
    if (n > 0)
        snprintf(e->say, sizeof e->say, "Test %s that excite it most, its output under each:",
                 word);
    else if (md && md->status == APP_DIGITS_FAILED)
        snprintf(e->say, sizeof e->say, "No test %s to show: %s", word, md->error);
    else
        snprintf(e->say, sizeof e->say, "Scoring the test %s for every unit\xe2\x80\xa6", word);
}

void excited_items(Render *rd, const AppState *s, LayoutRect r, int font)
{
    ExcitedRow e;
    excited_row(s, r, font, &e);
    const AppDigitSet *set = app_digits_set(s);
    render_item(rd, sdl_rect(e.caption), key_str(KEY_START, e.say));
    render_item(rd, sdl_rect(e.row.grid), row_key(set ? &set->test : NULL, e.idx, e.n));
    render_item(rd, sdl_rect(e.labels), labels_key(e.label, e.n));
}

void excited_draw(Render *rd, const AppState *s, LayoutRect r, int font)
{
    ExcitedRow e;
    excited_row(s, r, font, &e);
    const AppDigitSet *set = app_digits_set(s);
    text_draw_wrapped(rd->text, e.say, font, TEXT_REGULAR, C_DIM, sdl_rect(e.caption));
    draw_row(rd, SLOT_EXCITE, &e.row, e.labels, set ? &set->test : NULL, e.idx, e.label, e.n,
             font, e.lines);
}
