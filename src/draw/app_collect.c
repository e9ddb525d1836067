/* app_collect.c - the person's own digits in the app: labelling the drawing into the collection
 * (Ctrl+0 .. Ctrl+9, or the digit buttons the "Label it" tag shows), and the Yours view's pick,
 * with what the active model reads it as, deleting it and putting it on the canvas. The files
 * are ink/collection.h's; they are small and written on this thread (a few milliseconds).
 * No SDL, no printing.
 */
#include "draw/app_internal.h"

#include <stdio.h>
#include <string.h>

#include "common/paths.h"

static const char *const names[INK_COLLECTION_CLASSES][2] = {
    {"zero", "zeros"}, {"one", "ones"},     {"two", "twos"},     {"three", "threes"},
    {"four", "fours"}, {"five", "fives"},   {"six", "sixes"},    {"seven", "sevens"},
    {"eight", "eights"}, {"nine", "nines"},
};

const char *app_digit_name(int digit, int plural)
{
    return digit >= 0 && digit < INK_COLLECTION_CLASSES ? names[digit][plural != 0] : "?";
}

/* "a 7", "an 8". */
static const char *article(int digit)
{
    return digit == 8 ? "an" : "a";
}

int app_collect_open(AppState *s, const char *path)
{
    AppCollect *c = &s->collect;
    ink_collection_free(&c->files);
    c->opened = 0;
    c->selected = -1;
    c->reading[0] = '\0';
    c->read_json = NULL;
    SnError err = {0};
    if (ink_collection_init(&c->files, path, &err) != 0) {
        snprintf(c->error, sizeof c->error, "%s", err.msg);
        app_message(s, 1, "%s", c->error);
        return -1;
    }
    int rebuilt = 0, rc = ink_collection_load(&c->files, &rebuilt, &err);
    c->opened = 1;
    c->error[0] = '\0';
    s->needs_redraw = 1;
    if (rc < 0) { /* never written over: fixed or moved away by hand, it reads next time */
        snprintf(c->error, sizeof c->error, "%s", err.msg);
        app_message(s, 1, "Your collection did not read: %s", err.msg);
        return -1;
    }
    if (rc > 0)
        app_message(s, 1, "%s", err.msg);
    return 0;
}

int app_collect_count(const AppState *s, int digit)
{
    return digit >= 0 && digit < INK_COLLECTION_CLASSES ? s->collect.files.counts[digit] : 0;
}

int app_collect_picker_shown(const AppState *s)
{
    return s->collect.picker && !ink_drawing_is_empty(&s->drawing);
}

void app_collect_picker(AppState *s, int open)
{
    if (open && ink_drawing_is_empty(&s->drawing)) {
        app_message(s, 0, "Draw a digit first, then label it: Ctrl+0 to Ctrl+9, or Label it");
        open = 0;
    } else if (open) {
        app_message(s, 0, "Which digit is it? Tap it (\xc3\x97: how many you have); Esc closes");
    }
    if (s->collect.picker != open)
        s->needs_redraw = 1;
    s->collect.picker = open;
}

/* The folder of the collection's file, made with every missing one above it. */
static int make_folder(AppState *s)
{
    char dir[PATHS_MAX];
    snprintf(dir, sizeof dir, "%s", s->collect.files.path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    SnError err = {0};
    if (paths_make_dirs(dir, &err) != 0) {
        app_message(s, 1, "Cannot keep your drawings: %s", err.msg);
        return -1;
    }
    return 0;
}

int app_collect_add(AppState *s, int digit)
{
    AppCollect *c = &s->collect;
    app_collect_picker(s, 0);
    if (digit < 0 || digit >= INK_COLLECTION_CLASSES)
        return -1;
    if (ink_drawing_is_empty(&s->drawing)) {
        app_message(s, 0, "Draw a %d first, then Ctrl+%d keeps it in your collection", digit,
                    digit);
        return -1;
    }
    if (!c->opened || c->error[0]) {
        app_message(s, 1, "Cannot keep your drawings: %s",
                    c->error[0] ? c->error : "no folder for them (neither XDG_DATA_HOME nor "
                                             "HOME is set)");
        return -1;
    }
    if (make_folder(s) != 0)
        return -1;
    SnError err = {0};
    int rc = ink_collection_add(&c->files, &s->drawing, digit, &err);
    c->read_json = NULL;
    if (rc < 0) {
        app_message(s, 1, "Not saved: %s", err.msg);
        return -1;
    }
    int n = c->files.counts[digit];
    if (rc > 0) /* in the collection; its images are rebuilt on the next start */
        app_message(s, 1, "Saved as %s %d, but %s", article(digit), digit, err.msg);
    else {
        /* every digit's count, so a class collecting a set sees what is still missing */
        char tally[INK_COLLECTION_CLASSES * 12 + 1];
        size_t at = 0;
        for (int d = 0; d < INK_COLLECTION_CLASSES && at < sizeof tally; d++)
            at += (size_t)snprintf(tally + at, sizeof tally - at, "%s%d:%d", d ? " " : "", d,
                                   c->files.counts[d]);
        app_message(s, 0, "Saved as %s %d: you have %d %s \xc2\xb7 Y shows them \xc2\xb7 %s",
                    article(digit), digit, n, app_digit_name(digit, n != 1), tally);
    }
    s->needs_redraw = 1;
    return 0;
}

int app_collect_index(const AppState *s, int digit, int rank)
{
    const InkCollection *f = &s->collect.files;
    for (int i = 0, r = 0; i < f->n && rank >= 0; i++)
        if (f->samples[i].label == digit && r++ == rank)
            return i;
    return -1;
}

void app_collect_select(AppState *s, int i)
{
    if (i < -1 || i >= s->collect.files.n)
        i = -1;
    if (i != s->collect.selected)
        app_changed(s); /* the model reads the new pick (app_collect_capture) */
    s->collect.selected = i;
    s->collect.read_json = NULL;
}

/* The pick's place in the view's order (by digit, then file order), or -1. */
static int view_position(const InkCollection *f, int i)
{
    if (i < 0 || i >= f->n)
        return -1;
    int pos = 0, d = f->samples[i].label;
    for (int k = 0; k < d; k++)
        pos += f->counts[k];
    for (int k = 0; k < i; k++)
        pos += f->samples[k].label == d;
    return pos;
}

/* The drawing at place pos of the view's order, or -1. */
static int at_position(const AppState *s, int pos)
{
    for (int d = 0; d < INK_COLLECTION_CLASSES && pos >= 0; d++) {
        if (pos < s->collect.files.counts[d])
            return app_collect_index(s, d, pos);
        pos -= s->collect.files.counts[d];
    }
    return -1;
}

int app_collect_step(AppState *s, int step)
{
    const InkCollection *f = &s->collect.files;
    if (f->n == 0) {
        app_message(s, 0, "Nothing collected yet: draw a digit, then Ctrl+0 to Ctrl+9");
        return 0;
    }
    int pos = view_position(f, s->collect.selected);
    pos = pos < 0 ? (step > 0 ? 0 : f->n - 1) : ((pos + step) % f->n + f->n) % f->n;
    app_collect_select(s, at_position(s, pos));
    return 1;
}

int app_collect_delete(AppState *s)
{
    AppCollect *c = &s->collect;
    int i = c->selected;
    if (i < 0 || i >= c->files.n) {
        app_message(s, 0, "Click one of your drawings in the Yours view (Y) first");
        return 0;
    }
    int digit = c->files.samples[i].label, pos = view_position(&c->files, i);
    SnError err = {0};
    int rc = ink_collection_delete(&c->files, i, &err);
    c->read_json = NULL; /* its line may be freed */
    if (rc < 0) {
        app_message(s, 1, "Not deleted: %s", err.msg);
        return 0;
    }
    int n = c->files.counts[digit];
    if (rc > 0)
        app_message(s, 1, "Deleted %s %d, but %s", article(digit), digit, err.msg);
    else
        app_message(s, 0, "Deleted %s %d from your collection: you have %d %s", article(digit),
                    digit, n, app_digit_name(digit, n != 1));
    /* the next one in the view takes its place (the last one's, the one before it) */
    c->selected = at_position(s, pos < c->files.n ? pos : c->files.n - 1);
    app_changed(s);
    return 1;
}

int app_collect_use(AppState *s)
{
    AppCollect *c = &s->collect;
    int i = c->selected;
    if (i < 0 || i >= c->files.n) {
        app_message(s, 0, "Click one of your drawings in the Yours view (Y) first");
        return 0;
    }
    InkDrawing d;
    ink_drawing_init(&d, APP_SIDE, APP_SIDE);
    SnError err = {0};
    if (ink_collection_drawing(&c->files, i, &d, &err) != 0) {
        app_message(s, 1, "%s", err.msg);
        ink_drawing_free(&d);
        return 0;
    }
    if (d.width != APP_SIDE || d.height != APP_SIDE) {
        app_message(s, 1, "%s: that drawing is on a %gx%g canvas, not the app's %dx%d",
                    c->files.path, (double)d.width, (double)d.height, APP_SIDE, APP_SIDE);
        ink_drawing_free(&d);
        return 0;
    }
    int digit = c->files.samples[i].label;
    if (app_history_replace(s, &d, c->files.path) < 0)
        return 0;
    app_message(s, 0, "Your %d is on the canvas: Ctrl+Z brings back what was there", digit);
    return 1;
}

void app_collect_capture(AppState *s)
{
    AppCollect *c = &s->collect;
    NnModel *m = app_model(s);
    int shown = s->view == LAYOUT_VIEW_YOURS && c->selected >= 0 && c->selected < c->files.n && m;
    const char *json = shown ? c->files.samples[c->selected].json : NULL;
    unsigned serial = m ? s->models[s->active].serial : 0;
    if (json && json == c->read_json && serial == c->read_model &&
        s->preprocess == c->read_prep)
        return; /* read already: the drawing on the canvas changed, not the pick */
    c->reading[0] = '\0';
    c->read_json = json;
    c->read_model = serial;
    c->read_prep = s->preprocess;
    if (!json)
        return;
    InkDrawing d;
    ink_drawing_init(&d, APP_SIDE, APP_SIDE);
    SnError err = {0};
    InkAnswer a = {0};
    InkInput in = {.drawing = &d, .prep = s->preprocess ? INK_PREP_MNIST : INK_PREP_NONE,
                   .what = s->models[s->active].name};
    int rc = ink_collection_drawing(&c->files, c->selected, &d, &err);
    if (rc == 0)
        rc = ink_classify(m, &in, &a, &err);
    ink_drawing_free(&d);
    if (rc < 0 || a.n_classes < 1) {
        snprintf(c->reading, sizeof c->reading, "%s", err.msg);
        return;
    }
    int top = -1, second = -1;
    AppVerdict v = a.too_little ? APP_TOO_LITTLE : app_classify(a.probs, a.n_classes, &top,
                                                                &second);
    if (v != APP_TOO_LITTLE && ink_answer_refused(m, &a))
        v = APP_REFUSED;
    char words[160];
    app_answer_text(s, v, a.probs, top, second, words, sizeof words);
    snprintf(c->reading, sizeof c->reading, "%s reads it as: %s", s->models[s->active].name,
             words);
}
