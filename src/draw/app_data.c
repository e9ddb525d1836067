/* app_data.c - the Data view's state for the app (app_data.h): the active model's answers to
 * the test images handed to the browser, stepping and filtering it from the keys and buttons,
 * the image shown put on the canvas, and what the view says. No SDL, no printing.
 */
#include "draw/app_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw/app_digits.h"
#include "draw/app_internal.h"
#include "draw/worker.h"

/* The active model's part when its answers are there. */
static const AppModelDigits *answered(const AppState *s)
{
    const AppModelDigits *md = app_digits_model(s);
    return md && md->answers_status == APP_DIGITS_READY && md->n_answers > 0 ? md : NULL;
}

static Browse *browser(AppState *s)
{
    return (Browse *)app_data_browse(s);
}

const Browse *app_data_browse(const AppState *s)
{
    const AppModelDigits *md = answered(s);
    return md && s->digits && s->digits->browse.id == md->answers_id ? &s->digits->browse : NULL;
}

const NnDataset *app_data_images(const AppState *s)
{
    const AppDigitSet *set = app_data_browse(s) ? app_digits_set(s) : NULL;
    return set && set->test.n > 0 ? &set->test : NULL;
}

const float *app_data_probs(const AppState *s, int i)
{
    const AppModelDigits *md = answered(s);
    return md && i >= 0 && i < md->n_answers ? md->probs + (size_t)i * (size_t)md->n_classes
                                             : NULL;
}

/* After new answers of the same model (its weights moved, units knocked out): the filter
 * shown before, and the image shown if it is still in it, else the same place in the list. */
static void keep_place(Browse *b, BrowseFilter f, int label, int answer, int image, int pos)
{
    int rc = f == BROWSE_CELL ? browse_cell(b, label, answer)
             : f == BROWSE_MISTAKES ? browse_filter(b, f) : 0;
    if (rc != 0)
        return;
    for (int k = 0; k < b->n_shown; k++)
        if (b->shown[k] == image) {
            b->pos = k;
            return;
        }
    browse_go(b, pos);
}

void app_data_follow(AppState *s)
{
    app_answers_want(s);
    const AppModelDigits *md = answered(s);
    const AppDigitSet *set = app_digits_set(s);
    if (!md || !set || !s->digits || s->digits->browse.id == md->answers_id)
        return;
    if (set->test.n != md->n_answers) {
        browse_free(&s->digits->browse);
        return;
    }
    /* new answers (another model, or units knocked out): the browser starts over */
    float *sure = malloc((size_t)md->n_answers * sizeof *sure);
    if (!sure) {
        app_message(s, 1, "out of memory for the test images' answers");
        return;
    }
    for (int i = 0; i < md->n_answers; i++) {
        const float *p = md->probs + (size_t)i * (size_t)md->n_classes;
        sure[i] = p[nn_top_class(p, md->n_classes, NULL)];
    }
    BrowseSource src = {.id = md->answers_id, .n = md->n_answers, .n_classes = md->n_classes,
                        .labels = set->test.labels, .answers = md->answers, .sure = sure};
    Browse *b = &s->digits->browse;
    unsigned serial = s->models[s->active].serial;
    int same = b->id != 0 && s->digits->browse_serial == serial && b->n == md->n_answers;
    BrowseFilter f = b->filter;
    int label = b->cell_label, answer = b->cell_answer, image = browse_current(b), pos = b->pos;
    int rc = browse_set(b, &src);
    free(sure);
    s->digits->browse_serial = rc == 0 ? serial : 0;
    if (rc == 0 && same)
        keep_place(b, f, label, answer, image, pos);
    if (rc == SN_E_ARG)
        app_message(s, 1, "%s: a test label is not one of this model's classes",
                    set->test_from[0] ? set->test_from : "the test images");
    else if (rc != 0)
        app_message(s, 1, "out of memory for the test images' answers");
}

/* "digits" or "images", as the model's classes are. */
static const char *word(const AppState *s)
{
    return app_reads_digits(s) ? "digits" : "images";
}

/* The browser, or NULL with a word in the message line. */
static Browse *ready_or_say(AppState *s)
{
    Browse *b = browser(s);
    if (!b)
        app_message(s, 0, "The answers to the test %s are not ready yet (the Data view, D, "
                    "shows how far)", word(s));
    return b;
}

int app_data_step(AppState *s, int k)
{
    Browse *b = ready_or_say(s);
    if (!b || !browse_step(b, k))
        return 0;
    s->needs_redraw = 1;
    return 1;
}

int app_data_go(AppState *s, int i)
{
    Browse *b = ready_or_say(s);
    if (!b || !browse_go(b, i))
        return 0;
    s->needs_redraw = 1;
    return 1;
}

int app_data_mistakes_on(const AppState *s)
{
    const Browse *b = app_data_browse(s);
    return b && b->filter == BROWSE_MISTAKES;
}

/* "digit" or "image" for one of them (n == 1), else word(s). */
static const char *words(const AppState *s, int n)
{
    return n != 1 ? word(s) : app_reads_digits(s) ? "digit" : "image";
}

int app_data_columns(const AppState *s)
{
    const NnModel *m = app_model(s);
    return m ? m->info.n_classes + (m->info.refuse_below > 0.0f ? 1 : 0) : 0;
}

/* n with commas between thousands: "10,000". */
static void thousands(int n, char *buf, size_t size)
{
    if (n >= 1000000)
        snprintf(buf, size, "%d,%03d,%03d", n / 1000000, n / 1000 % 1000, n % 1000);
    else if (n >= 1000)
        snprintf(buf, size, "%d,%03d", n / 1000, n % 1000);
    else
        snprintf(buf, size, "%d", n);
}

int app_data_mistakes(AppState *s)
{
    Browse *b = ready_or_say(s);
    if (!b)
        return 0;
    int on = b->filter != BROWSE_MISTAKES;
    if (browse_filter(b, on ? BROWSE_MISTAKES : BROWSE_ALL) != 0)
        app_message(s, 1, "out of memory for the list of test images");
    else if (on)
        app_message(s, 0, "Mistakes only, the surest first (Up or Down: every %s again)",
                    app_reads_digits(s) ? "digit" : "image");
    else
        app_message(s, 0, "Every test %s again", app_reads_digits(s) ? "digit" : "image");
    s->needs_redraw = 1;
    return 1;
}

int app_data_cell(AppState *s, int label, int answer)
{
    Browse *b = ready_or_say(s);
    if (!b)
        return 0;
    int rc = browse_cell(b, label, answer);
    if (rc == SN_E_NOMEM)
        app_message(s, 1, "out of memory for the list of test images");
    s->needs_redraw = 1;
    return rc == 0;
}

int app_data_edit(AppState *s)
{
    const Browse *b = app_data_browse(s);
    const NnDataset *ds = app_data_images(s);
    int i = b ? browse_current(b) : -1;
    if (i < 0 || !ds || ds->rows != INK_BASE_SIDE || ds->cols != INK_BASE_SIDE) {
        app_message(s, 1, "No test %s is shown to put on the canvas",
                    app_reads_digits(s) ? "digit" : "image");
        return 0;
    }
    float base[INK_BASE_PIXELS];
    const uint8_t *px = ds->images + (size_t)i * INK_BASE_PIXELS;
    for (int k = 0; k < INK_BASE_PIXELS; k++)
        base[k] = (float)px[k] / 255.0f; /* white ink on black, as the canvas holds it */
    InkDrawing d;
    ink_drawing_init(&d, APP_SIDE, APP_SIDE);
    char what[64], n[16];
    thousands(i, n, sizeof n);
    snprintf(what, sizeof what, "test image %s", n);
    if (ink_drawing_set_base(&d, base) < 0) {
        ink_drawing_free(&d);
        app_message(s, 1, "out of memory for the test image");
        return 0;
    }
    int label = b->labels[i];
    if (app_history_replace(s, &d, what) < 0)
        return 0;
    app_message(s, 0, "Test image %s (true label %s) is on the canvas: draw on it; Ctrl+Z takes "
                "it off", n, app_label(s, label));
    return 1;
}

void app_data_row_name(const AppState *s, int c, char *buf, size_t n)
{
    if (app_reads_digits(s))
        snprintf(buf, n, "%s", app_label(s, c));
    else /* the number the columns name it by, then its name */
        snprintf(buf, n, "%d %s", c, app_label(s, c));
}

void app_data_column_name(const AppState *s, int c, char *buf, size_t n)
{
    const NnModel *m = app_model(s);
    if (m && c == m->info.n_classes)
        snprintf(buf, n, "none");
    else if (app_reads_digits(s))
        snprintf(buf, n, "%s", app_label(s, c));
    else
        snprintf(buf, n, "%d", c);
}

/* The dataset's name as people write it. */
static const char *set_name(const AppDigitSet *set)
{
    return strcmp(set->dataset, "fashion-mnist") == 0 ? "Fashion-MNIST" : "MNIST";
}

/* Which test set: the full one (10,000 images) or the subset shipped with the models. */
static void source_text(const AppState *s, const Browse *b, AppDataText *t)
{
    const AppDigitSet *set = app_digits_set(s);
    const AppModelDigits *md = answered(s);
    if (!set || !md)
        return;
    int full = b->n >= 10000;
    char n[16];
    thousands(b->n, n, sizeof n);
    if (full)
        snprintf(t->source, sizeof t->source, "The full %s test set: %s %s, answered in %.1f s.",
                 set_name(set), n, word(s), md->answers_ms / 1000.0);
    else
        snprintf(t->source, sizeof t->source,
                 "The %s test subset shipped with the app, %s %s, answered in %.1f s: the full "
                 "test set is not here (scripts/setup %s).", set_name(set), n, word(s),
                 md->answers_ms / 1000.0,
                 strcmp(set->dataset, "fashion-mnist") == 0
                     ? "--test installs it" : "fetches it");
}

static void head_text(const AppState *s, const Browse *b, AppDataText *t)
{
    char n[16], k[16];
    thousands(b->n, n, sizeof n);
    thousands(b->n_shown, k, sizeof k);
    if (b->filter == BROWSE_ALL) {
        thousands(b->n_mistakes, k, sizeof k);
        snprintf(t->head, sizeof t->head, "Every test %s: %s, %s of them wrong",
                 app_reads_digits(s) ? "digit" : "image", n, k);
    } else if (b->filter == BROWSE_MISTAKES) {
        snprintf(t->head, sizeof t->head, "%s mistake%s of %s, the surest first", k,
                 b->n_shown == 1 ? "" : "s", n);
    } else if (b->cell_answer == b->n_classes) {
        snprintf(t->head, sizeof t->head, "%s refused: %s %s", app_label(s, b->cell_label), k,
                 words(s, b->n_shown));
    } else {
        snprintf(t->head, sizeof t->head, "%s read as %s: %s %s%s", app_label(s, b->cell_label),
                 app_label(s, b->cell_answer), k, words(s, b->n_shown),
                 b->cell_label == b->cell_answer ? " (right)" : ", the surest first");
    }
}

/* The line of the answer to image i, in the app's words. */
static void answer_text(const AppState *s, const Browse *b, int i, AppDataText *t)
{
    const float *p = app_data_probs(s, i);
    char words[160];
    if (b->answers[i] == BROWSE_REFUSED) {
        char rule[160];
        app_refusal_rule(s, rule, sizeof rule);
        snprintf(t->answer, sizeof t->answer, "Answer: refused (%s): wrong", rule);
        t->right = 0;
        return;
    }
    int top = -1, second = -1;
    AppVerdict v = p ? app_classify(p, b->n_classes, &top, &second) : APP_NO_ANSWER;
    app_answer_text(s, v, p, top, second, words, sizeof words);
    t->right = browse_right(b, i);
    /* "confident" as the panel says it; a class's name leaves no room for it (as there) */
    snprintf(t->answer, sizeof t->answer, "Answer: %s%s: %s", words,
             v == APP_SURE && app_reads_digits(s) ? ", confident" : "",
             t->right ? "right" : "wrong");
}

static void status_text(const AppState *s, AppDataText *t)
{
    const NnModel *m = app_model(s);
    const AppModelDigits *md = app_digits_model(s);
    if (!m) {
        snprintf(t->status, sizeof t->status, "No model loaded: the answers need one.");
    } else if (md && md->answers_status == APP_DIGITS_FAILED) {
        snprintf(t->status, sizeof t->status, "%s", md->answers_error);
        t->status_error = 1;
    } else {
        WorkerState st;
        worker_state(s->worker, &st);
        if (st.busy && st.total > 0)
            snprintf(t->status, sizeof t->status, "%s\xe2\x80\xa6 %lld %%", st.what,
                     100LL * st.done / st.total);
        else
            snprintf(t->status, sizeof t->status, "%s\xe2\x80\xa6",
                     st.busy && st.what[0] ? st.what : "starting");
    }
}

void app_data_text(const AppState *s, AppDataText *t)
{
    memset(t, 0, sizeof *t);
    t->right = -1;
    const Browse *b = app_data_browse(s);
    if (!b) {
        status_text(s, t);
        snprintf(t->head, sizeof t->head, "The model's answer to every test %s",
                 app_reads_digits(s) ? "digit" : "image");
        return;
    }
    head_text(s, b, t);
    source_text(s, b, t);
    double age;
    int updating;
    if (app_answers_stale(s, &age, &updating))
        snprintf(t->age, sizeof t->age, "Answers from %.0f s ago: %s", age,
                 updating ? "updating\xe2\x80\xa6" : "it is training");
    int right = b->n - b->n_mistakes;
    snprintf(t->matrix, sizeof t->matrix,
             "Rows: the true label. Columns: the answer%s. Right: %.1f%%. Click a cell.",
             app_data_columns(s) > b->n_classes ? " (none: refused)" : "",
             b->n > 0 ? 100.0 * right / b->n : 0.0);
    int i = browse_current(b);
    if (i < 0) {
        snprintf(t->place, sizeof t->place, "No %s here", word(s));
        return;
    }
    char k[16], n[16], idx[16];
    thousands(b->pos + 1, k, sizeof k);
    thousands(b->n_shown, n, sizeof n);
    thousands(i, idx, sizeof idx);
    snprintf(t->place, sizeof t->place, "%s of %s \xc2\xb7 test image %s", k, n, idx);
    snprintf(t->truth, sizeof t->truth, "True label: %s", app_label(s, b->labels[i]));
    answer_text(s, b, i, t);
}
