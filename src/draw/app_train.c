/* app_train.c - the Train view's state (app.h, app_train_*): the recipe chosen, the learning
 * rate and batch size asked for, the training session (train_session.h) and the model list's
 * entry that follows it.
 *
 * The session trains on its own thread; this side only copies: its figures and, when newer, its
 * weights into the list's entry (whose single-image copy is then made again, nn_model_freeze),
 * so that the bars and every view read the network as it learns. No SDL, no printing.
 */
#include "draw/app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/paths.h"
#include "draw/train_session.h"
#include "draw/view_train.h"
#include "nn/recipe.h"

struct AppTrain {
    int recipe;             /* APP_TRAIN_SEED .. */
    float lr;               /* the learning rate asked for */
    int batch;              /* the batch size asked for */
    int paused;             /* asked to pause */
    int speed;              /* APP_TRAIN_SLOW .. APP_TRAIN_FULL */
    TrainSession *sess;     /* NULL: none started (or stopped) */
    TrainStatus st;         /* its figures as last polled */
    int have_st;            /* st holds a session's figures */
    unsigned entry;         /* the list entry's serial (AppModel.serial), 0: none yet */
    unsigned weights;       /* the serial of the weights it holds */
    unsigned saves;         /* saves seen ended */
    TrainPhase said;        /* the phase the message line last spoke of */
    char saving[TRAIN_TEXT]; /* the file being saved, "" for none */
};

/* Each recipe's name (nn_recipe's), its button's, how a sentence names it, and its network in
 * a few words (the layer spec of the CNN is too long to read from the back of a room). */
static const struct {
    const char *name, *title, *phrase, *about;
} recipes[APP_TRAIN_RECIPES] = {
    [APP_TRAIN_SEED] = {"seed", "Seed", "the seed network",
                        "784 inputs, 100 sigmoid units, 10 outputs; quadratic cost, plain SGD"},
    [APP_TRAIN_MLP] = {"mlp", "MLP", "the MLP",
                       "784 inputs, 256 and 128 ReLU units, softmax; cross-entropy, Adam"},
    [APP_TRAIN_CNN] = {"cnn", "CNN", "the CNN",
                       "convolutions of 32 and 64 filters, 256 ReLU units, softmax; "
                       "cross-entropy, Adam"},
};

/* Each speed's digits a second (0: as fast as the computer goes) and its name. Slow shows the
 * seed network's first 0.3 s at full speed over about half a minute: its test accuracy passes
 * 50 % after about 2 s and 90 % after about 22 s on the full MNIST; Medium passes 90 % in a few
 * seconds and trains an epoch of the full MNIST in 12 s; Full is as fast as the computer goes. */
static const struct {
    double per_second;
    const char *title;
} speeds[APP_TRAIN_SPEEDS] = {
    [APP_TRAIN_SLOW] = {APP_TRAIN_SLOW_RATE, "Slow"},
    [APP_TRAIN_MEDIUM] = {APP_TRAIN_MEDIUM_RATE, "Medium"},
    [APP_TRAIN_FULL] = {0.0, "Full"},
};

int app_train_speed(const AppState *s)
{
    return s->train ? s->train->speed : APP_TRAIN_SLOW;
}

const char *app_train_speed_title(int speed)
{
    return speed >= 0 && speed < APP_TRAIN_SPEEDS ? speeds[speed].title : "";
}

double app_train_speed_rate(int speed)
{
    return speed >= 0 && speed < APP_TRAIN_SPEEDS ? speeds[speed].per_second : 0.0;
}

const char *app_train_recipe_name(int r)
{
    return r >= 0 && r < APP_TRAIN_RECIPES ? recipes[r].name : "";
}

const char *app_train_recipe_title(int r)
{
    return r >= 0 && r < APP_TRAIN_RECIPES ? recipes[r].title : "";
}

const char *app_train_recipe_about(int r)
{
    return r >= 0 && r < APP_TRAIN_RECIPES ? recipes[r].about : "";
}

/* The recipe's own rate and batch size as asked for. */
static void recipe_defaults(struct AppTrain *tr)
{
    const NnRecipe *r = nn_recipe(recipes[tr->recipe].name);
    tr->lr = r ? r->lr : 0.1f;
    tr->batch = r ? r->batch : 10;
}

/* The Train view's part, made as first needed; NULL (said) when out of memory. */
static struct AppTrain *part(AppState *s)
{
    if (!s->train && (s->train = calloc(1, sizeof *s->train)) != NULL) {
        s->train->recipe = APP_TRAIN_SEED;
        s->train->speed = APP_TRAIN_SLOW; /* the class sees the curves rise */
        recipe_defaults(s->train);
    }
    if (!s->train)
        app_message(s, 1, "out of memory for training");
    return s->train;
}

int app_train_chosen(const AppState *s)
{
    return s->train ? s->train->recipe : APP_TRAIN_SEED;
}

float app_train_rate(const AppState *s)
{
    const NnRecipe *r = nn_recipe(recipes[APP_TRAIN_SEED].name);
    return s->train ? s->train->lr : r ? r->lr : 0.0f;
}

int app_train_batch_size(const AppState *s)
{
    const NnRecipe *r = nn_recipe(recipes[APP_TRAIN_SEED].name);
    return s->train ? s->train->batch : r ? r->batch : 0;
}

const TrainStatus *app_train_status(const AppState *s)
{
    return s->train && s->train->have_st ? &s->train->st : NULL;
}

/* Ends the session (its model stays in the list as it is). */
static void stop(struct AppTrain *tr)
{
    train_session_free(tr->sess);
    tr->sess = NULL;
    tr->paused = 0;
    tr->saving[0] = '\0';
}

void app_train_free(AppState *s)
{
    if (!s->train)
        return;
    stop(s->train);
    free(s->train);
    s->train = NULL;
}

int app_train_recipe(AppState *s, int r)
{
    struct AppTrain *tr = part(s);
    if (!tr || r < 0 || r >= APP_TRAIN_RECIPES)
        return 0;
    if (r == tr->recipe) {
        app_message(s, 0, "%s is chosen: Start (Space) trains it", recipes[r].title);
        return 1;
    }
    int was = tr->sess != NULL;
    stop(tr);
    tr->recipe = r;
    recipe_defaults(tr);
    app_message(s, 0, "%s%s: %s. Start (Space) trains it from random weights",
                was ? "Training stopped. " : "", recipes[r].title, recipes[r].about);
    s->needs_redraw = 1;
    return 1;
}

/* Starts a session of the chosen recipe (paused: waiting for a step); returns 1 if it did. */
static int start(AppState *s, struct AppTrain *tr, int paused)
{
    DataPaths paths;
    char full[PATHS_MAX];
    paths_resolve_here(&paths); /* on failure empty: the session then says what is missing */
    TrainSetup setup = {0};
    setup.recipe = recipes[tr->recipe].name;
    setup.full_dir = paths_mnist_dir(full);
    setup.subset_dir = paths.digits;
    setup.lr = tr->lr;
    setup.batch = tr->batch;
    setup.start_paused = paused;
    setup.test_n = 1000;
    setup.speed = speeds[tr->speed].per_second;
    const NnRecipe *r = nn_recipe(recipes[tr->recipe].name);
    setup.epochs = r ? r->epochs : 0; /* the run ends where the recipe's training does */
    SnError err = {0};
    stop(tr);
    tr->sess = train_session_new(&setup, s->wake, s->wake_ctx, &err);
    if (!tr->sess) {
        app_message(s, 1, "Cannot start training: %s", err.msg);
        return 0;
    }
    tr->paused = paused;
    tr->said = TRAIN_LOADING;
    train_session_status(tr->sess, &tr->st);
    tr->have_st = 1;
    tr->saves = 0;
    app_message(s, 0, "Reading the digits for %s...", recipes[tr->recipe].phrase);
    s->needs_redraw = 1;
    return 1;
}

/* 1 while the session trains or waits (not failed, not stopped, not done). */
static int live(const struct AppTrain *tr)
{
    return tr->sess && tr->st.phase != TRAIN_FAILED && tr->st.phase != TRAIN_STOPPED &&
           tr->st.phase != TRAIN_DONE;
}

/* 1 while a session's network can be saved (live, or done). */
static int savable(const struct AppTrain *tr)
{
    return tr->sess && (live(tr) || tr->st.phase == TRAIN_DONE) && tr->st.weights_serial > 0;
}

int app_train_run(AppState *s)
{
    struct AppTrain *tr = part(s);
    if (!tr)
        return 0;
    if (!live(tr))
        return start(s, tr, 0);
    tr->paused = !tr->paused;
    train_session_pause(tr->sess, tr->paused);
    app_message(s, 0, tr->paused ? "Paused: Space resumes, Step (Right arrow) trains one batch"
                                 : "Training resumed");
    s->needs_redraw = 1;
    return 1;
}

int app_train_step(AppState *s)
{
    struct AppTrain *tr = part(s);
    if (!tr)
        return 0;
    if (!live(tr)) {
        if (!start(s, tr, 1))
            return 0;
    } else if (!tr->paused) {
        tr->paused = 1;
        train_session_pause(tr->sess, 1);
    }
    train_session_step(tr->sess);
    app_message(s, 0, "One batch of %d digits, then paused: Space resumes", tr->batch);
    return 1;
}

int app_train_lr(AppState *s, int dir)
{
    struct AppTrain *tr = part(s);
    if (!tr)
        return 0;
    float lr = train_lr_step(tr->lr, dir);
    if (lr == tr->lr)
        return 0;
    tr->lr = lr;
    if (tr->sess)
        train_session_set_lr(tr->sess, lr);
    app_message(s, 0, "Learning rate %g from the next batch (%s: the steps are %s)", (double)lr,
                dir > 0 ? "larger" : "smaller", dir > 0 ? "longer" : "shorter");
    s->needs_redraw = 1;
    return 1;
}

int app_train_batch(AppState *s, int dir)
{
    struct AppTrain *tr = part(s);
    if (!tr)
        return 0;
    int b = train_batch_step(tr->batch, dir);
    if (b == tr->batch)
        return 0;
    tr->batch = b;
    if (tr->sess)
        train_session_set_batch(tr->sess, b);
    app_message(s, 0, "Batch size %d from the next batch: each step averages %d digit%s", b, b,
                b == 1 ? "" : "s");
    s->needs_redraw = 1;
    return 1;
}

int app_train_speed_next(AppState *s)
{
    struct AppTrain *tr = part(s);
    if (!tr)
        return 0;
    tr->speed = (tr->speed + 1) % APP_TRAIN_SPEEDS;
    double v = speeds[tr->speed].per_second;
    if (tr->sess)
        train_session_set_speed(tr->sess, v);
    if (v > 0.0)
        app_message(s, 0, "Speed: %s, at most %g digits a second (V: the next speed)",
                    speeds[tr->speed].title, v);
    else
        app_message(s, 0, "Speed: Full, as fast as this computer trains (V: the next speed)");
    s->needs_redraw = 1;
    return 1;
}

int app_train_save(AppState *s, time_t now)
{
    struct AppTrain *tr = part(s);
    if (!tr)
        return 0;
    if (!savable(tr)) {
        app_message(s, 1, "Nothing to save yet: Start (Space) trains a network first");
        return 0;
    }
    if (tr->saving[0]) {
        app_message(s, 0, "Saving already: measuring the test set");
        return 0;
    }
    char dir[PATHS_MAX], stem[96];
    SnError err = {0};
    if (paths_user_dir_here(PATHS_USER_DATA, "models", dir, &err) != 0 ||
        paths_make_dirs(dir, &err) != 0) {
        app_message(s, 1, "Cannot save the model: %s", err.msg);
        return 0;
    }
    char prefix[32];
    snprintf(prefix, sizeof prefix, "%s-live", recipes[tr->recipe].name);
    app_dated_name(prefix, now, stem, sizeof stem);
    struct stat st;
    char n[16] = "";
    for (int k = 2; k < 1000; k++) { /* "-2", "-3"... while the name is taken */
        snprintf(tr->saving, sizeof tr->saving, "%s/%s%s.json", dir, stem, n);
        if (stat(tr->saving, &st) != 0)
            break;
        snprintf(n, sizeof n, "-%d", k);
    }
    train_session_save(tr->sess, tr->saving);
    app_message(s, 0, "Saving: measuring the network on the whole test set first...");
    return 1;
}

/* The list's entry that follows the session, or NULL. */
static AppModel *entry(AppState *s, unsigned serial)
{
    for (int i = 0; serial && i < s->n_models; i++)
        if (s->models[i].serial == serial)
            return &s->models[i];
    return NULL;
}

/* The session's network as a list entry, made active: a new one, or the old entry again. */
static void make_entry(AppState *s, struct AppTrain *tr)
{
    unsigned serial = 0;
    NnModel *m = train_session_model(tr->sess, &serial);
    if (!m)
        return;
    snprintf(m->info.name, sizeof m->info.name, "training: %s", recipes[tr->recipe].name);
    nn_model_freeze(m, NULL);
    AppModel *e = entry(s, tr->entry);
    int i = e ? (int)(e - s->models) : -1;
    if (i >= 0)
        i = app_replace_model(s, i, m, "");
    else
        i = app_add_model(s, m, "", NULL);
    if (i < 0)
        return;
    tr->entry = s->models[i].serial;
    tr->weights = serial;
    app_select_model(s, i);
    char who[64];
    snprintf(who, sizeof who, "%s", recipes[tr->recipe].phrase);
    who[0] = (char)(who[0] - 'a' + 'A'); /* "The seed network" */
    app_message(s, 0, "%s learns from random weights: the bars and every view follow it "
                "(model \"%s\")", who, s->models[i].name);
}

/* A save that ended: the file joins the model list, or the message says why not. */
static void saved(AppState *s, struct AppTrain *tr)
{
    if (tr->saving[0] && strcmp(tr->st.saved_path, tr->saving) == 0) {
        app_add_model_file(s, tr->saving);
        char pct[16], digits[32];
        app_percent(tr->st.saved_acc, pct, sizeof pct);
        view_train_count(tr->st.n_saved_test, digits, sizeof digits);
        const char *slash = strrchr(tr->saving, '/');
        app_message(s, 0, "Saved %s (%s of %s test digits right; Tab selects it) in %.*s",
                    slash ? slash + 1 : tr->saving, pct, digits,
                    slash ? (int)(slash - tr->saving) : 0, tr->saving);
    } else {
        app_message(s, 1, "Cannot save the model: %s",
                    tr->st.error[0] ? tr->st.error : "unknown reason");
    }
    tr->saving[0] = '\0';
}

void app_train_poll(AppState *s)
{
    struct AppTrain *tr = s->train;
    if (!tr || !tr->sess)
        return;
    train_session_status(tr->sess, &tr->st);
    s->needs_redraw = 1;
    AppModel *e = entry(s, tr->entry);
    if (tr->st.weights_serial > 0 && tr->said == TRAIN_LOADING) {
        tr->said = TRAIN_RUNNING;
        make_entry(s, tr);
    } else if (e && e->model && train_session_weights(tr->sess, e->model, &tr->weights)) {
        nn_model_thaw(e->model);
        nn_model_freeze(e->model, NULL); /* the single-image copy follows the new weights */
        s->weights_version++;
        if (e == &s->models[s->active] || s->view == LAYOUT_VIEW_COMPARE)
            app_changed(s);
    }
    if (tr->st.saves != tr->saves) {
        tr->saves = tr->st.saves;
        saved(s, tr);
    }
    if (tr->st.phase == TRAIN_DONE && tr->said != TRAIN_DONE) {
        tr->said = TRAIN_DONE;
        tr->paused = 0;
        app_message(s, 0, "Training done after %d epochs: Save (Shift+S) keeps the network, "
                    "Start (Space) trains a new one from random weights", tr->st.epochs);
    }
    if (tr->st.phase == TRAIN_FAILED && tr->said != TRAIN_FAILED) {
        tr->said = TRAIN_FAILED;
        app_message(s, 1, "Training stopped: %s", tr->st.error);
    }
}
