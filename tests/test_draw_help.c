/* test_draw_help.c - the list of keys (src/draw/help.c): its estimate of text widths against
 * hand-computed values, its layout at the classroom's window sizes and every size step (rows
 * inside the window, none overlapping, one size never below the bottom lines', every row
 * placed once, room for every wrapped line), its pages (H and PgDn / PgUp), and its rows
 * against the keys events.c handles and the README's key table. */
#include "draw/app.h"
#include "draw/help.h"
#include "test.h"

#include <ctype.h>

/* ---- text widths ---- */

TEST(widths_are_the_fonts_advances)
{
    /* 'a' 61 and 'b' 63 hundredths, each + 2 for rounding: 128 at size 100, + 25 to spare */
    CHECK(help_text_width("ab", 100, 0) == 128 + 25);
    /* bold: 'a' 67, 'b' 72 */
    CHECK(help_text_width("ab", 100, 1) == 143 + 25);
    /* an arrow (3 bytes of UTF-8) counts once, as wide as the size */
    CHECK(help_text_width("\xe2\x86\x92", 100, 0) == 102 + 25);
    CHECK(help_text_width("", 100, 0) == 0);
    CHECK(help_text_width(NULL, 100, 0) == 0);
}

TEST(wrapping_counts_lines)
{
    /* "aa" is 126 at size 100, a space 34: "aa aa" 286, "aa aa aa" 446; spare 25 */
    CHECK(help_wrap_lines("aa aa aa", 100, 0, 446 + 25) == 1);
    CHECK(help_wrap_lines("aa aa aa", 100, 0, 445 + 25) == 2);
    CHECK(help_wrap_lines("aa aa aa", 100, 0, 286 + 25) == 2);
    CHECK(help_wrap_lines("aa aa aa", 100, 0, 285 + 25) == 3);
    /* two spaces are two spaces' width */
    CHECK(help_wrap_lines("aa  aa", 100, 0, 286 + 25) == 2);
    CHECK(help_wrap_lines("aa  aa", 100, 0, 320 + 25) == 1);
    /* a word wider than the line breaks */
    CHECK(help_wrap_lines("aaaa", 100, 0, 126 + 25) == 2);
    CHECK(help_wrap_lines("", 100, 0, 10) == 1);
}

/* ---- layout ---- */

static int overlap(LayoutRect a, LayoutRect b)
{
    return a.w > 0 && a.h > 0 && b.w > 0 && b.h > 0 && a.x < b.x + b.w && b.x < a.x + a.w &&
           a.y < b.y + b.h && b.y < a.y + a.h;
}

static int inside(LayoutRect r, LayoutRect outer)
{
    return r.x >= outer.x && r.y >= outer.y && r.x + r.w <= outer.x + outer.w &&
           r.y + r.h <= outer.y + outer.h;
}

static const char *note =
    "The answer: confident from 90%, leaning towards from 50%, else not sure. Not a digit: "
    "no digit reaches 39.78%.";

/* Checks every page of the help in a w x h window at size step k; returns its pages. */
static int check_window(int w, int h, int k, int min_size)
{
    Layout l = layout_compute_size(w, h, 1.0f, LAYOUT_VIEW_NONE, k);
    LayoutRect win = layout_box(0, 0, w, h);
    int ns;
    const HelpSection *sec = help_sections(&ns);
    int seen[16][32] = {{0}}, note_seen = 0, failed = 0;
    HelpLayout first = help_layout(&l, 0, note);
    for (int page = 0; page < first.pages; page++) {
        HelpLayout hl = help_layout(&l, page, note);
        if (hl.page != page || hl.pages != first.pages || hl.n <= 0)
            failed = __LINE__;
        if (hl.size != l.font_small || hl.size < min_size || hl.title_size < hl.size)
            failed = __LINE__;
        if (!inside(hl.panel, win) || !inside(hl.heading, hl.panel) ||
            !inside(hl.pager, hl.panel))
            failed = __LINE__;
        if (w > h && hl.columns < 2)
            failed = __LINE__; /* a landscape window uses its width */
        for (int i = 0; i < hl.n; i++) {
            const HelpPlace *p = &hl.places[i];
            if (!inside(p->what, hl.panel) || (p->keys.w > 0 && !inside(p->keys, hl.panel)) ||
                overlap(p->what, hl.heading) || overlap(p->what, hl.pager))
                failed = __LINE__;
            for (int j = 0; j < i; j++) {
                const HelpPlace *q = &hl.places[j];
                if (overlap(p->what, q->what) || overlap(p->keys, q->keys) ||
                    overlap(p->keys, q->what) || overlap(p->what, q->keys))
                    failed = __LINE__;
            }
            if (p->row < 0)
                continue;
            /* room for every line the text wraps into at the one size */
            int lines = help_wrap_lines(p->what_text, hl.size, 0, p->what.w);
            if (p->what.h < lines * hl.line_h)
                failed = __LINE__;
            if (p->keys_text &&
                p->keys.h < help_wrap_lines(p->keys_text, hl.size, 1, p->keys.w) * hl.line_h)
                failed = __LINE__;
            if (p->row < sec[p->section].n)
                seen[p->section][p->row]++;
            else if (!strcmp(p->what_text, note))
                note_seen++;
        }
    }
    for (int s = 0; s < ns; s++)
        for (int r = 0; r < sec[s].n; r++)
            if (seen[s][r] != 1)
                failed = __LINE__; /* every row on exactly one page */
    if (note_seen != 1)
        failed = __LINE__;
    if (failed)
        printf("  the help at %d x %d, size step %d: %d pages, size %d (at least %d), line %d\n",
               w, h, k, first.pages, first.size, min_size, failed);
    CHECK(!failed);
    return first.pages;
}

TEST(rows_fit_the_window_at_every_size)
{
    int ns;
    const HelpSection *sec = help_sections(&ns);
    CHECK(ns <= 16);
    for (int s = 0; s < ns; s++)
        CHECK(sec[s].n <= 32 && sec[s].n > 0 && sec[s].title && sec[s].title[0]);
    /* never below the bottom lines' size at 1280 x 720 (the normal small text) */
    int min_size = layout_compute(1280, 720, 1.0f).font_small;
    CHECK(min_size >= 18);
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1366, 768},
                                   {1280, 800}, {1024, 768}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (int k = 0; k < LAYOUT_SIZE_STEPS; k++) {
            int w = sizes[i][0], h = sizes[i][1];
            int pages = check_window(w, h, k, w >= 1280 && h >= 720 ? min_size : 1);
            if (k == 0 && w >= 1280 && h >= 720) /* at the normal size, two pages at most on
                                                     a 16:9 screen, three on a squarer one */
                CHECK(pages <= (w * 9 == h * 16 || w == 1366 ? 2 : 3));
        }
    /* a portrait window and a tiny one: still inside and apart, on more pages */
    check_window(720, 1280, 0, 1);
    check_window(400, 300, 0, 1);
    /* the size follows the window: 4K's type three times 1280 x 720's */
    Layout a = layout_compute(1280, 720, 1.0f), b = layout_compute(3840, 2160, 1.0f);
    CHECK(help_layout(&b, 0, note).size >= 3 * help_layout(&a, 0, note).size - 3);
}

TEST(a_page_past_the_last_is_the_last)
{
    Layout l = layout_compute_size(1280, 720, 1.0f, LAYOUT_VIEW_NONE, 3);
    HelpLayout hl = help_layout(&l, 99, note);
    CHECK(hl.pages >= 2); /* 175% type on a small window: more than one page */
    CHECK(hl.page == hl.pages - 1);
    CHECK(help_layout(&l, -3, note).page == 0);
}

TEST(h_pages_then_closes)
{
    AppState s;
    app_init(&s);
    app_toggle_help(&s);
    CHECK(s.show_help && s.help_page == 0);
    app_help_page(&s, -1, 2); /* PgUp on the first page: stays */
    CHECK(s.help_page == 0);
    app_help_page(&s, +1, 2); /* PgDn */
    CHECK(s.help_page == 1);
    app_help_page(&s, +1, 2); /* PgDn on the last page: stays */
    CHECK(s.help_page == 1 && s.show_help);
    app_help_page(&s, -1, 2);
    CHECK(s.help_page == 0);
    app_help_next(&s, 2); /* H: the next page */
    CHECK(s.show_help && s.help_page == 1);
    app_help_next(&s, 2); /* H on the last: closes */
    CHECK(!s.show_help);
    app_toggle_help(&s); /* opens on the first page again */
    CHECK(s.show_help && s.help_page == 0);
    app_help_next(&s, 1); /* one page: H closes */
    CHECK(!s.show_help);
    app_free(&s);
}

TEST(a_tap_on_a_key_without_a_button_finds_it)
{
    Layout l = layout_compute(1920, 1080, 1.0f);
    int found = 0;
    for (int page = 0; page < help_layout(&l, 0, note).pages; page++) {
        HelpLayout hl = help_layout(&l, page, note);
        for (int i = 0; i < hl.n; i++) {
            const HelpPlace *p = &hl.places[i];
            if (p->row < 0)
                continue;
            /* the middle of the row's words */
            const char *k = help_key_at(&hl, p->what.x + p->what.w / 2, p->what.y + p->what.h / 2);
            if (help_tappable(p->keys_text)) {
                CHECK(k && !strcmp(k, p->keys_text));
                found++;
            } else {
                CHECK(k == NULL);
            }
        }
        CHECK(help_key_at(&hl, hl.heading.x + 1, hl.heading.y + 1) == NULL);
    }
    CHECK(found == 5); /* Ctrl+S, Ctrl+O, F12, F11, Shift+K */
}

/* ---- the rows against events.c and the README ---- */

/* Reads a whole file under the source root into a new string, or NULL. */
static char *read_source(const char *rel)
{
    const char *root, *data;
    if (test_roots(&root, &data) != 0)
        return NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    if (b)
        b[n] = '\0';
    fclose(f);
    return b;
}

/* 1 if label occurs in s with no letter or digit joined to it either side. */
static int has_token(const char *s, const char *label)
{
    size_t n = strlen(label);
    for (const char *p = strstr(s, label); p; p = strstr(p + 1, label)) {
        int before = p == s || !isalnum((unsigned char)p[-1]);
        int after = !isalnum((unsigned char)p[n]);
        if (before && after)
            return 1;
    }
    return 0;
}

/* What each key events.c handles is called in the help's keys and in the README's key table.
 * A key events.c gains fails the test until it is named here and listed in both. */
static const struct {
    const char *sdl, *help, *readme;
} names[] = {
    {"SDLK_1", "1 2 3", "1, 2, 3"}, {"SDLK_2", "1 2 3", "1, 2, 3"},
    {"SDLK_3", "1 2 3", "1, 2, 3"}, {"SDLK_BACKSPACE", "Backspace", "Backspace"},
    {"SDLK_DELETE", "Delete", "Delete"}, {"SDLK_DOWN", "\xe2\x86\x91\xe2\x86\x93", "\xe2\x86\x93"},
    {"SDLK_UP", "\xe2\x86\x91\xe2\x86\x93", "\xe2\x86\x91"}, {"SDLK_EQUALS", "Ctrl+=", "Ctrl+="},
    {"SDLK_PLUS", "Ctrl+=", "Ctrl+Plus"}, {"SDLK_KP_PLUS", "Ctrl+=", "Ctrl+keypad +"},
    {"SDLK_MINUS", "Ctrl+-", "Ctrl+-"}, {"SDLK_KP_MINUS", "Ctrl+-", "Ctrl+-"},
    {"SDLK_ESCAPE", "Esc", "Esc"}, {"SDLK_F1", "F1", "F1"}, {"SDLK_F9", "F9", "F9"},
    {"SDLK_F10", "F10", "F10"}, {"SDLK_F11", "F11", "F11"}, {"SDLK_F12", "F12", "F12"},
    {"SDLK_RETURN", "Enter", "Enter"}, {"SDLK_KP_ENTER", "Enter", "Enter"},
    {"SDLK_PAGEUP", "PgUp", "PageUp"}, {"SDLK_PAGEDOWN", "PgDn", "PageDown"},
    {"SDLK_RIGHT", "\xe2\x86\x92", "\xe2\x86\x92"}, {"SDLK_SPACE", "Space", "Space"},
    {"SDLK_TAB", "Tab", "Tab"}, {"SDLK_a", "A", "A"}, {"SDLK_b", "B", "B"}, {"SDLK_c", "C", "C"},
    {"SDLK_e", "E", "E"}, {"SDLK_f", "F", "F"}, {"SDLK_g", "G", "G"}, {"SDLK_h", "H", "H"},
    {"SDLK_i", "I", "I"}, {"SDLK_k", "K", "K"}, {"SDLK_l", "L", "L"}, {"SDLK_m", "M", "M"},
    {"SDLK_n", "N", "N"}, {"SDLK_o", "Ctrl+O", "Ctrl+O"}, {"SDLK_p", "P", "P"},
    {"SDLK_q", "Q", "Q"}, {"SDLK_r", "R", "R"}, {"SDLK_s", "S", "S"}, {"SDLK_t", "T", "T"},
    {"SDLK_u", "U", "U"}, {"SDLK_v", "V", "Ctrl+O"}, /* the prompt's keys: in its row */
    {"SDLK_w", "W", "W"}, {"SDLK_x", "X", "X"},
    {"SDLK_y", "Y", "Y"}, {"SDLK_z", "Ctrl+Z", "Ctrl+Z"}, {"SDLK_d", "D", "D"},
    {"SDLK_0", "Ctrl+0", "Ctrl+0"}, {"SDLK_9", "Ctrl+9", "Ctrl+9"},
    {"SDLK_KP_0", "Ctrl+0", "Ctrl+0"}, {"SDLK_KP_1", "Ctrl+0", "Ctrl+0"},
    {"SDLK_KP_9", "Ctrl+9", "Ctrl+9"},
    /* the Open prompt's caret keys (its caret stays at the end: they only drop the selection),
     * and the Yours view's left arrow, named in its row's description */
    {"SDLK_LEFT", NULL, NULL}, {"SDLK_HOME", NULL, NULL}, {"SDLK_END", NULL, NULL},
};

/* The text input characters events.c acts on (brush and temperature). */
static const struct {
    char c;
    const char *help, *readme;
} chars[] = {
    {'[', "[", "["}, {']', "]", "]"}, {'-', "-", "-"}, {'+', "+", "+"},
    {',', ",", ","}, {'.', ".", "."}, {'<', "<", "<"}, {'>', ">", ">"},
};

/* 1 if label is in some help row's keys. */
static int in_help(const char *label)
{
    int ns;
    const HelpSection *sec = help_sections(&ns);
    for (int s = 0; s < ns; s++)
        for (int r = 0; r < sec[s].n; r++)
            if (sec[s].rows[r].keys && has_token(sec[s].rows[r].keys, label))
                return 1;
    return 0;
}

/* 1 if label is in the first column of a row of the README's key tables. */
static int in_readme(const char *readme, const char *label)
{
    for (const char *line = readme; line && *line; line = strchr(line, '\n'), line += !!line) {
        if (strncmp(line, "| ", 2) != 0)
            continue;
        const char *end = strstr(line + 2, " |");
        const char *eol = strchr(line, '\n');
        if (!end || (eol && end > eol))
            continue;
        char cell[200];
        size_t n = (size_t)(end - line - 2) < sizeof cell - 1 ? (size_t)(end - line - 2)
                                                               : sizeof cell - 1;
        memcpy(cell, line + 2, n);
        cell[n] = '\0';
        if (has_token(cell, label))
            return 1;
    }
    return 0;
}

TEST(every_key_events_handles_is_listed)
{
    char *events = read_source("src/draw/events.c"), *readme = read_source("README.md");
    CHECK(events && readme);
    if (!events || !readme) {
        free(events);
        free(readme);
        return;
    }
    int found = 0;
    for (const char *p = strstr(events, "SDLK_"); p; p = strstr(p + 1, "SDLK_")) {
        char name[40];
        size_t n = 0;
        while (n + 1 < sizeof name && (isalnum((unsigned char)p[n]) || p[n] == '_'))
            name[n] = p[n], n++;
        name[n] = '\0';
        size_t k = 0;
        while (k < sizeof names / sizeof names[0] && strcmp(names[k].sdl, name) != 0)
            k++;
        if (k == sizeof names / sizeof names[0]) {
            printf("  %s is handled in events.c: name it in this test, the help and README\n",
                   name);
            CHECK(0);
            continue;
        }
        found++;
        if (!names[k].help)
            continue;
        if (!in_help(names[k].help)) {
            printf("  %s: \"%s\" is in no row of the help\n", name, names[k].help);
            CHECK(0);
        }
        if (!in_readme(readme, names[k].readme)) {
            printf("  %s: \"%s\" is in no row of the README's key table\n", name,
                   names[k].readme);
            CHECK(0);
        }
    }
    CHECK(found >= 50);
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++) {
        char code[8];
        snprintf(code, sizeof code, "'%c'", chars[i].c);
        CHECK(strstr(events, code) != NULL); /* still handled, or this list is stale */
        if (!in_help(chars[i].help) || !in_readme(readme, chars[i].readme)) {
            printf("  the character %c: not in the help's keys or the README's key table\n",
                   chars[i].c);
            CHECK(0);
        }
    }
    free(events);
    free(readme);
}

int main(void)
{
    RUN(widths_are_the_fonts_advances);
    RUN(wrapping_counts_lines);
    RUN(rows_fit_the_window_at_every_size);
    RUN(a_page_past_the_last_is_the_last);
    RUN(h_pages_then_closes);
    RUN(a_tap_on_a_key_without_a_button_finds_it);
    RUN(every_key_events_handles_is_listed);
    return test_main_result();
}
