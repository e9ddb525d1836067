/* help.c - the list of keys as data, and its layout (help.h). */
#include "draw/help.h"

#include "draw/app.h"
#include "ink/classify.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define ARROWS_UD "\xe2\x86\x91\xe2\x86\x93"
#define ARROW_R "\xe2\x86\x92"

static const HelpRow drawing[] = {
    {"Left button, pen, finger", "draw (erase while the Eraser is on)"},
    {"Right button", "erase (always)"},
    {"E", "Eraser on / off, for a pen or a finger"},
    {"[  ]   -  +", "smaller / bigger brush"},
    {"C, Delete, Backspace", "clear the canvas"},
    {"Ctrl+Z", "undo the last stroke"},
    {"Ctrl+Y, Ctrl+Shift+Z", "redo"},
    {"Buttons at the bottom", "tap or click: each does what its key (on it) does"},
};

static const HelpRow answers[] = {
    {"Tab, Shift+Tab", "next / previous model"},
    {"P", "preprocessing on / off"},
    {"S", "show the preprocessing steps"},
    {"G, click a bar", "saliency (F off): the top class, or that bar's"},
    {"F, click a bar", "flip it (G off): to the runner-up, or that bar's class"},
    {"Enter, A", "put the flip on the canvas (Ctrl+Z takes it off)"},
};

static const HelpRow inside[] = {
    {"I", "the view of the network's inside on / off"},
    {"L  W  X  N  M", "layers, weights, softmax, nearest, compare"},
    {",  .   <  >", "in the softmax view: lower / higher temperature"},
    {"B, Shift+B", "compare view: next / previous second model"},
    {"Click a cell, K", "a unit up close; K knocks it out / puts it back"},
    {"Shift+K", "put every knocked-out unit back"},
};

static const HelpRow classroom[] = {
    {"T", "train a network from random weights, live"},
    {"Space", "in the train view: start / pause training"},
    {ARROW_R "   1 2 3", "in the train view: one batch; the recipe"},
    {ARROWS_UD, "in the train view: learning rate up / down"},
    {"PgUp PgDn", "in the train view: batch size up / down"},
    {"V", "in the train view: the next speed (slow, medium, full)"},
    {"Shift+S", "in the train view: save the network"},
    {"U", "teach the model your collected drawings (U stops)"},
    {"R", "replay the drawing with what it read; Esc closes"},
    {"Q,  Y  N", "challenge: next round; the teacher's yes / no"},
    {"Ctrl+0 \xe2\x80\xa6 Ctrl+9",
     "keep the drawing as that digit in your collection (also the Label it tag)"},
    {"Y", "your digits: \xe2\x86\x90 \xe2\x86\x92 pick, O on the canvas, Ctrl+Del delete"},
};

/* the Data view's (its arrows, pages, Home, End and Enter act while it is open) */
static const HelpRow data[] = {
    {"D", "the Data view on / off: the test images and what the model reads them as"},
    {"\xe2\x86\x90 \xe2\x86\x92", "the previous / next test image"},
    {"PgUp PgDn", "ten images back / on"},
    {"Home End", "the first / last image"},
    {"\xe2\x86\x91 \xe2\x86\x93", "the model's mistakes only / every image"},
    {"Click a cell", "a cell of the table: its images"},
    {"Enter", "put the image shown on the canvas"},
};

static const HelpRow files[] = {
    {"Ctrl+S", "save the drawing: .json and 28x28 .png"},
    {"Ctrl+O", "open a model (.json, .onnx), drawing or image by its path"},
    {"Tab, Ctrl+A, V, U", "in that prompt: complete, select all, paste, clear"},
    {"Drop a file", "open a model (.json, .onnx), a drawing or a PNG or PGM image"},
    {"F12", "save a screenshot (.png)"},
    {NULL, "Ctrl+S and F12 save into the folder the app was started from."},
};

static const HelpRow window[] = {
    {"F11", "full screen on / off"},
    {"F10", "light / dark theme (the Light switch)"},
    {"Ctrl+=   Ctrl+-", "larger / smaller type and bars (the Size button)"},
    {"F9", "type and bars back to the normal size"},
    {"H, F1", "show this help, its next page, hide it"},
    {"PgDn, PgUp", "the help's next / previous page"},
    {"Esc", "leave full screen, close help or prompt, else quit"},
    {"Ctrl+Q", "quit at once (Esc asks first if there is a drawing)"},
};

#define SECTION(title, rows) {title, rows, (int)(sizeof rows / sizeof rows[0])}
static const HelpSection sections[] = {
    SECTION("Drawing", drawing),
    SECTION("Models and answers", answers),
    SECTION("Inside the network", inside),
    SECTION("Classroom", classroom),
    SECTION("Data view", data),
    SECTION("Files", files),
    SECTION("Window and presentation", window),
};

const HelpSection *help_sections(int *n)
{
    *n = (int)(sizeof sections / sizeof sections[0]);
    return sections;
}

void help_note(const AppState *s, char *buf, size_t n)
{
    char refusal[240];
    app_refusal_help(s, refusal, sizeof refusal);
    snprintf(buf, n,
             "The answer: confident from %d%%, leaning towards from %d%%, else not sure. %s.",
             (int)lroundf(100.0f * INK_CONFIDENT_FROM), (int)lroundf(100.0f * INK_UNSURE_BELOW),
             refusal);
}

int help_tappable(const char *keys)
{
    static const char *const tappable[] = {"Ctrl+S", "Ctrl+O", "F12", "F11", "Shift+K"};
    for (size_t i = 0; keys && i < sizeof tappable / sizeof tappable[0]; i++)
        if (strcmp(keys, tappable[i]) == 0)
            return 1;
    return 0;
}

const char *help_key_at(const HelpLayout *hl, int px, int py)
{
    for (int i = 0; i < hl->n; i++) {
        const HelpPlace *p = &hl->places[i];
        if (p->row < 0 || !help_tappable(p->keys_text))
            continue;
        LayoutRect all = layout_box(p->keys.x, p->keys.y, p->what.x + p->what.w - p->keys.x,
                                    p->what.h);
        if (layout_contains(all, px, py))
            return p->keys_text;
    }
    return NULL;
}

/* ---- text widths ---- */

/* DejaVu Sans's advances of the characters ' ' .. '~' in hundredths of the size, regular and
 * bold, as SDL_ttf measures them at size 100. */
static const unsigned char advances[2][95] = {
    {32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34,
     64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 34, 34, 84, 84, 84, 53,
     100, 68, 69, 70, 77, 63, 58, 77, 75, 30, 36, 68, 56, 86, 75, 79,
     60, 79, 69, 63, 63, 73, 68, 99, 69, 63, 69, 39, 34, 39, 84, 52,
     50, 61, 63, 55, 63, 62, 38, 63, 63, 28, 30, 58, 28, 97, 63, 61,
     63, 63, 42, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84},
    {35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37,
     70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 40, 40, 84, 84, 84, 58,
     100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 43, 81, 64, 100, 84, 85,
     73, 85, 77, 72, 68, 81, 77, 110, 77, 75, 73, 46, 37, 46, 84, 50,
     50, 67, 72, 59, 72, 68, 45, 72, 71, 34, 38, 69, 34, 104, 71, 69,
     72, 72, 50, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84},
};

/* The width of the n bytes at s: each character's advance and two hundredths more for the
 * rounding of small sizes to whole pixels, a character outside ASCII (an arrow) as the widest
 * symbols. */
static int raw_n(const char *s, size_t n, int size, int bold)
{
    long sum = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80)
            continue; /* a continuation byte: counted with its character's first */
        sum += 2 + (c >= 32 && c < 127 ? advances[bold != 0][c - 32] : 100);
    }
    return (int)((sum * size + 99) / 100);
}

/* The spare of a line: a quarter of the size (the kerning and the text's edges). */
static int spare(int size)
{
    return size / 4;
}

int help_text_width(const char *s, int size, int bold)
{
    return s && *s ? raw_n(s, strlen(s), size, bold) + spare(size) : 0;
}

int help_wrap_lines(const char *s, int size, int bold, int width)
{
    if (!s || !*s)
        return 1;
    int lines = 1, used = 0, space = raw_n(" ", 1, size, bold);
    width -= spare(size);
    const char *p = s;
    while (*p) {
        size_t k = strspn(p, " "); /* the spaces before the word count, each of them */
        p += k;
        if (!*p)
            break;
        size_t n = strcspn(p, " ");
        int w = raw_n(p, n, size, bold), gap = (int)k * space;
        if (used > 0 && used + gap + w > width) {
            lines++;
            used = 0;
        }
        used += (used > 0 ? gap : 0) + w;
        while (used > width && width > 0) { /* a word wider than the line: broken */
            lines++;
            used -= width;
        }
        p += n;
    }
    return lines;
}

/* ---- the layout ---- */

typedef struct Flow {
    int size, title_h, line_h, row_gap, key_w, col_w, col_gap, columns;
    int split;               /* 1: a section may go on in the next column, 0: only when it is
                                taller than a column */
    LayoutRect body;
    int page, col, y;        /* where the next thing goes */
    int want_page;           /* the page whose places are kept */
    HelpLayout *out;
} Flow;

/* The height of row r of a section in the flow's columns. */
static int row_height(const Flow *f, const HelpRow *r, const char *text)
{
    int lines;
    if (!r->keys) {
        lines = help_wrap_lines(text, f->size, 0, f->col_w);
    } else {
        int kl = help_wrap_lines(r->keys, f->size, 1, f->key_w - f->size / 2);
        int wl = help_wrap_lines(text, f->size, 0, f->col_w - f->key_w);
        lines = imax(kl, wl);
    }
    return lines * f->line_h;
}

/* Moves the flow to the next column (or page). */
static void next_column(Flow *f)
{
    f->y = 0;
    if (++f->col >= f->columns) {
        f->col = 0;
        f->page++;
    }
}

static void keep(Flow *f, int section, int row, const char *keys, const char *what,
                 LayoutRect kr, LayoutRect wr, int more)
{
    HelpLayout *o = f->out;
    if (f->page != f->want_page || o->n >= HELP_MAX_PLACES)
        return;
    HelpPlace *p = &o->places[o->n++];
    p->section = section;
    p->row = row;
    p->keys_text = keys;
    p->what_text = what;
    p->keys = kr;
    p->what = wr;
    p->more = more;
}

/* Lays out every section at the flow's sizes; returns the number of pages. */
static int flow_all(Flow *f, const char *note)
{
    int ns;
    const HelpSection *sec = help_sections(&ns);
    f->page = f->col = f->y = 0;
    for (int s = 0; s < ns; s++) {
        /* the section's height: it starts a new column when it fits one but not what is
         * left of this one */
        int total = f->title_h;
        for (int r = 0; r < sec[s].n; r++)
            total += row_height(f, &sec[s].rows[r], sec[s].rows[r].what) + f->row_gap;
        if (s == ns - 1 && note && *note) {
            HelpRow nr = {NULL, note};
            total += row_height(f, &nr, note) + f->row_gap;
        }
        int first = row_height(f, &sec[s].rows[0], sec[s].rows[0].what);
        if (f->y > 0 && (f->y + total > f->body.h) &&
            ((!f->split && total <= f->body.h) || f->y + f->title_h + first > f->body.h))
            next_column(f);
        int x = f->body.x + f->col * (f->col_w + f->col_gap);
        keep(f, s, -1, NULL, sec[s].title, layout_box(x, f->body.y + f->y, 0, 0),
             layout_box(x, f->body.y + f->y, f->col_w, f->title_h - f->row_gap), 0);
        f->y += f->title_h;
        int n = sec[s].n + (s == ns - 1 && note && *note ? 1 : 0);
        for (int r = 0; r < n; r++) {
            HelpRow row = r < sec[s].n ? sec[s].rows[r] : (HelpRow){NULL, note};
            int h = row_height(f, &row, row.what);
            if (f->y + h > f->body.h && f->y > 0) { /* the section goes on, titled again */
                next_column(f);
                x = f->body.x + f->col * (f->col_w + f->col_gap);
                keep(f, s, -1, NULL, sec[s].title, layout_box(x, f->body.y, 0, 0),
                     layout_box(x, f->body.y, f->col_w, f->title_h - f->row_gap), 1);
                f->y = f->title_h;
            }
            x = f->body.x + f->col * (f->col_w + f->col_gap);
            int y = f->body.y + f->y;
            if (row.keys)
                keep(f, s, r, row.keys, row.what, layout_box(x, y, f->key_w - f->size / 2, h),
                     layout_box(x + f->key_w, y, f->col_w - f->key_w, h), 0);
            else
                keep(f, s, r, NULL, row.what, layout_box(x, y, 0, h),
                     layout_box(x, y, f->col_w, h), 0);
            f->y += h + f->row_gap;
        }
        f->y += f->row_gap; /* a little more between sections */
    }
    return f->page + (f->col > 0 || f->y > 0 ? 1 : 0);
}

HelpLayout help_layout(const Layout *l, int page, const char *note)
{
    static HelpLayout zero;
    HelpLayout o = zero;
    int size = imax(1, l->font_small);
    o.size = size;
    o.title_size = imax(size + 1, size * 6 / 5);
    o.line_h = imax(size + 1, size * 5 / 4);
    int pad = imax(l->gap, size / 2);
    o.panel = layout_box(l->gap, l->gap, l->w - 2 * l->gap, l->h - 2 * l->gap);
    o.heading = layout_box(o.panel.x + pad, o.panel.y + pad / 2, o.panel.w - 2 * pad,
                           o.title_size * 3 / 2);
    o.pager = layout_box(o.panel.x + pad, o.panel.y + o.panel.h - pad / 2 - o.line_h,
                         o.panel.w - 2 * pad, o.line_h);
    int top = o.heading.y + o.heading.h + pad / 2;
    LayoutRect body = layout_box(o.heading.x, top, o.heading.w, o.pager.y - pad / 2 - top);

    /* the widest keys, so the key column holds them on one line where it can */
    int ns, keys_w = 0;
    const HelpSection *sec = help_sections(&ns);
    for (int s = 0; s < ns; s++)
        for (int r = 0; r < sec[s].n; r++)
            keys_w = imax(keys_w, help_text_width(sec[s].rows[r].keys, size, 1));

    Flow best = {0};
    int best_pages = 0;
    for (int tries = 0; tries < 6; tries++) {
        int columns = 3 - tries / 2;
        Flow f = {0};
        f.split = tries % 2;
        f.size = size;
        f.line_h = o.line_h;
        f.row_gap = imax(1, size / 5);
        f.title_h = o.title_size * 4 / 3 + f.row_gap;
        f.col_gap = size * 3 / 2;
        f.columns = columns;
        f.body = body;
        f.col_w = (body.w - (columns - 1) * f.col_gap) / columns;
        if (columns > 1 && f.col_w < 14 * size)
            continue; /* too narrow for a key and a few words */
        f.key_w = imin(keys_w + size, f.col_w * 2 / 5);
        f.want_page = -1;
        f.out = &o;
        int pages = flow_all(&f, note);
        /* fewest pages, then the most columns, then whole sections */
        if (best_pages == 0 || pages < best_pages) {
            best = f;
            best_pages = pages;
        }
    }
    o.columns = best.columns;
    o.pages = imax(1, best_pages);
    o.page = imax(0, imin(page, o.pages - 1));
    o.n = 0;
    best.want_page = o.page;
    best.out = &o;
    flow_all(&best, note);
    return o;
}
