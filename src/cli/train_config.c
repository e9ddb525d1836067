/* train_config.c - reading and checking the settings of a `train` run (train_config.h). */
#include "cli/train_config.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "cli/plot.h"
#include "common/outfile.h"
#include "common/utf8.h"
#include "nn/idx.h"
#include "nn/model.h"

#define AT(field)  offsetof(TrainConfig, field)
#define AUG(index) (AT(aug_flags) + (index) * sizeof(float))

/* The options in the order --help lists them, each with the field it fills. */
static const struct {
    CliOpt opt; /* dest filled in for each run */
    size_t at;  /* the field's offset in TrainConfig */
} options[] = {
    {{"finetune", OPT_STR, NULL, "MODEL",
      "instead: adapt MODEL to --drawings FILE mixed with MNIST (train --finetune MODEL --help)",
      CLI_NO_RANGE},
     AT(finetune)},
    {{"preset", OPT_STR, NULL, "NAME", "mlp (default), seed, cnn or small", CLI_NO_RANGE},
     AT(preset)},
    {{"layers", OPT_STR, NULL, "SPEC", "layer spec, e.g. 784,256:relu,128:relu,10:softmax",
      CLI_NO_RANGE},
     AT(layers)},
    {{"cost", OPT_STR, NULL, "NAME", "quadratic or cross-entropy", CLI_NO_RANGE}, AT(cost)},
    {{"optimizer", OPT_STR, NULL, "NAME", "sgd, momentum or adam", CLI_NO_RANGE}, AT(optimizer)},
    {{"lr", OPT_FLOAT, NULL, "RATE", "learning rate", CLI_ABOVE(0, 1000)}, AT(lr)},
    {{"momentum", OPT_FLOAT, NULL, "MU", "momentum (or Adam's beta1)", CLI_BELOW(0, 1)},
     AT(momentum)},
    {{"weight-decay", OPT_FLOAT, NULL, "LAMBDA", "L2 weight decay", CLI_RANGE(0, 1)},
     AT(weight_decay)},
    {{"schedule", OPT_STR, NULL, "NAME", "constant, step or cosine", CLI_NO_RANGE}, AT(schedule)},
    {{"step-every", OPT_INT, NULL, "N", "step schedule: epochs between decays (5)",
      CLI_RANGE(1, 100000)},
     AT(step_every)},
    {{"gamma", OPT_FLOAT, NULL, "F", "step schedule: factor per decay (0.5)", CLI_ABOVE(0, 1)},
     AT(gamma)},
    {{"augment", OPT_STR, NULL, "LEVEL",
      "data augmentation: none, shift (2 px) or full (the preset's by default)", CLI_NO_RANGE},
     AT(augment)},
    {{"shift", OPT_FLOAT, NULL, "PX", "augment: largest shift in pixels", CLI_RANGE(0, 14)},
     AUG(CLI_AUG_SHIFT)},
    {{"rotate", OPT_FLOAT, NULL, "DEG", "augment: largest rotation in degrees",
      CLI_RANGE(0, 180)},
     AUG(CLI_AUG_ROTATE)},
    {{"scale-min", OPT_FLOAT, NULL, "F", "augment: smallest scale factor", CLI_RANGE(0.1, 10)},
     AUG(CLI_AUG_SCALE_MIN)},
    {{"scale-max", OPT_FLOAT, NULL, "F", "augment: largest scale factor (not below the smallest)",
      CLI_RANGE(0.1, 10)},
     AUG(CLI_AUG_SCALE_MAX)},
    {{"shear", OPT_FLOAT, NULL, "F", "augment: largest slant (shear factor)", CLI_RANGE(0, 2)},
     AUG(CLI_AUG_SHEAR)},
    {{"elastic", OPT_FLOAT, NULL, "PX", "augment: elastic distortion strength", CLI_RANGE(0, 10)},
     AUG(CLI_AUG_ELASTIC)},
    {{"thickness", OPT_FLOAT, NULL, "P", "augment: probability of thinner or thicker strokes",
      CLI_RANGE(0, 1)},
     AUG(CLI_AUG_THICKNESS)},
    {{"slash-zero", OPT_FLOAT, NULL, "P",
      "augment: probability that a 0 gets a slash or bar through it", CLI_RANGE(0, 1)},
     AUG(CLI_AUG_SLASH_ZERO)},
    {{"flag-one", OPT_FLOAT, NULL, "P",
      "augment: probability that a 1 gets a flag at its top (and sometimes a foot)",
      CLI_RANGE(0, 1)},
     AUG(CLI_AUG_FLAG_ONE)},
    {{"outliers", OPT_INT, NULL, "N",
      "made non-digits to train on as belonging to no class (on digits the preset's: for mlp "
      "and cnn 12000 beside 55000 digits, in proportion beside fewer)",
      CLI_RANGE(0, 1000000)},
     AT(outliers)},
    {{"made-digits", OPT_INT, NULL, "N",
      "made digits (drawn as pen strokes in the ways people write them) to train on with their "
      "labels beside the data set's; the run then reads as many held-out ones as validation "
      "images, at most 2000 (on digits only; the preset's by default: for mlp and cnn 10000 "
      "beside 55000 digits, in proportion beside fewer)",
      CLI_RANGE(0, 1000000)},
     AT(made_digits)},
    {{"refuse-share", OPT_FLOAT, NULL, "F",
      "refuse (\"none of these\") below the top probability that refuses this share of the "
      "(distorted) validation images (0.005 on digits; 0: no rule)",
      CLI_RANGE(0, 0.5)},
     AT(refuse_share)},
    {{"batch", OPT_INT, NULL, "N", "mini-batch size (1 = pure stochastic descent)",
      CLI_RANGE(1, 65536)},
     AT(batch)},
    {{"epochs", OPT_INT, NULL, "N", "passes over the training set", CLI_RANGE(1, 100000)},
     AT(epochs)},
    {{"seed", OPT_U64, NULL, "N", "random seed for weights and shuffling (1)", CLI_NO_RANGE},
     AT(seed)},
    {{"data", OPT_STR, NULL, "DIR", "directory of the data set's raw or .gz IDX files",
      CLI_NO_RANGE},
     AT(data)},
    {{"val", OPT_INT, NULL, "N", "training images held out for validation (5000)",
      CLI_RANGE(0, NN_IDX_MAX_COUNT)},
     AT(val)},
    {{"limit", OPT_INT, NULL, "N", "train on only the first N training images (0: all)",
      CLI_RANGE(0, NN_IDX_MAX_COUNT)},
     AT(limit)},
    {{"out", OPT_STR, NULL, "FILE",
      "where to save the model (required); OUT.lock keeps other runs off it meanwhile; no "
      "output may be named *.lock or *.tmp.XXXXXX (the run's own files) or be an input",
      CLI_NO_RANGE},
     AT(out)},
    {{"name", OPT_STR, NULL, "NAME", "model name shown in the app (default: file name)",
      CLI_TEXT_BYTES(1, NN_NAME_LEN - 1)},
     AT(name)},
    {{"dataset", OPT_STR, NULL, "NAME",
      "mnist (default) or fashion-mnist: where the data is found, class names, preprocessing",
      CLI_NO_RANGE},
     AT(dataset)},
    {{"labels", OPT_STR, NULL, "A,B,...",
      "class names, one per output, each 1 to 31 bytes of UTF-8 (default: the data set's)",
      CLI_NO_RANGE},
     AT(labels)},
    {{"preprocess", OPT_STR, NULL, "HOW",
      "what the app does to a drawing first: mnist or none (default: the data set's)",
      CLI_NO_RANGE},
     AT(preprocess)},
    {{"quiet", OPT_FLAG, NULL, NULL, "print only the final line", CLI_NO_RANGE}, AT(quiet)},
    {{"checkpoint", OPT_STR, NULL, "FILE",
      "where to keep a checkpoint to resume from (default: OUT.checkpoint); removed "
      "when the run completes (through a link: the file it leads to)",
      CLI_NO_RANGE},
     AT(checkpoint)},
    {{"checkpoint-every", OPT_INT, NULL, "N",
      "batches between checkpoints, besides each epoch's end (1000; 0: none at all)",
      CLI_RANGE(0, 1000000)},
     AT(checkpoint_every)},
    {{"resume", OPT_STR, NULL, "FILE", "continue the run saved in this checkpoint",
      CLI_NO_RANGE},
     AT(resume)},
    {{"log", OPT_STR, NULL, "FILE",
      "per-epoch metrics as CSV (accuracies as fractions), rewritten after every epoch",
      CLI_NO_RANGE},
     AT(log)},
    {{"curves", OPT_STR, NULL, "FILE",
      "learning curves (loss and accuracy per epoch) as SVG, redrawn after every epoch",
      CLI_NO_RANGE},
     AT(curves)},
    {{"confusion", OPT_STR, NULL, "FILE",
      "confusion matrix of the saved model on the test set, as SVG", CLI_NO_RANGE},
     AT(confusion)},
};

enum { N_OPTIONS = (int)(sizeof options / sizeof options[0]) };

/* Reads the command line into c (after its defaults); checks the data set, the preprocessing,
 * the preset and --out. */
static int read_options(TrainConfig *c, int argc, char **argv)
{
    *c = (TrainConfig){.preset = "mlp", .dataset = "mnist", .lr = NAN, .momentum = NAN,
                       .weight_decay = NAN, .gamma = 0.5f, .step_every = 5, .seed = 1,
                       .val = 5000, .checkpoint_every = 1000, .outliers = -1,
                       .made_digits = -1, .refuse_share = NAN};
    for (int i = 0; i < CLI_AUG_FLAGS; i++)
        c->aug_flags[i] = NAN;
    CliOpt opts[N_OPTIONS];
    for (int i = 0; i < N_OPTIONS; i++) {
        opts[i] = options[i].opt;
        opts[i].dest = (char *)c + options[i].at;
    }
    const CliCommand cmd = {
        "train", "--out FILE [options]",
        "Train a network on MNIST or Fashion-MNIST and save it as a JSON model file.",
        opts, N_OPTIONS, 0, 0};
    char *pos[64];
    int n_pos = 0;
    int rc = cli_parse(&cmd, argc, argv, pos, (int)(sizeof pos / sizeof pos[0]), &n_pos);
    if (rc)
        return rc > 0 ? EXIT_OK : EXIT_USAGE;

    c->ds = cli_dataset(c->dataset);
    if (!c->ds) {
        fprintf(stderr, "scratchnet train: unknown data set '%s' (%s)\n", c->dataset,
                cli_dataset_names);
        return EXIT_USAGE;
    }
    if (nn_preprocess_parse(c->preprocess ? c->preprocess : c->ds->preprocess, &c->prep) != 0) {
        fprintf(stderr, "scratchnet train: unknown preprocessing '%s' (mnist, none)\n",
                c->preprocess);
        return EXIT_USAGE;
    }
    c->pr = nn_recipe(c->preset);
    if (!c->pr) {
        fprintf(stderr, "scratchnet train: unknown preset '%s' (%s)\n", c->preset,
                nn_recipe_names);
        return EXIT_USAGE;
    }
    if (!c->out) {
        fprintf(stderr, "scratchnet train: --out FILE is required (e.g. --out models/my.json)\n");
        return EXIT_USAGE;
    }
    return TRAIN_GO_ON;
}

/* Finds out now, not after an hour of training, that an output cannot be written. */
static int check_writable(const TrainConfig *c)
{
    for (int i = 0; i < TRAIN_WRITTEN; i++) {
        const CliFile *o = &c->outputs[i];
        SnError err;
        if (o->path && outfile_check(o->path, &err) != 0) {
            /* the default checkpoint is named, as the user did not name it */
            const int dflt = i == TRAIN_OUT_CHECKPOINT && !c->checkpoint;
            fprintf(stderr, "scratchnet train: %s%s%s\n",
                    dflt ? "the checkpoint (--checkpoint's default, OUT.checkpoint)"
                         : o->path[0] ? "" : o->what,
                    dflt || !o->path[0] ? ": " : "", err.msg);
            return EXIT_FAIL;
        }
    }
    return TRAIN_GO_ON;
}

/* Two outputs that are one file would overwrite each other (and the finished run deletes its
 * checkpoint); --resume may only name the checkpoint, which it reads before it writes. */
static int check_distinct(const TrainConfig *c)
{
    const CliFile *o = c->outputs;
    const int resume = TRAIN_OUTPUTS - 1;
    for (int i = 0; i < TRAIN_OUTPUTS; i++)
        for (int j = i + 1; j < TRAIN_OUTPUTS; j++) {
            if (!o[i].path || !o[j].path || (i == TRAIN_OUT_CHECKPOINT && j == resume) ||
                !outfile_same(o[i].path, o[j].path))
                continue;
            fprintf(stderr, "scratchnet train: %s and %s name the same file %s; %s\n", o[i].what,
                    o[j].what, o[j].path,
                    j == resume ? "a run resumes from its checkpoint (--checkpoint, "
                                  "by default OUT.checkpoint)"
                                : "give each output a file of its own");
            return EXIT_USAGE;
        }
    return TRAIN_GO_ON;
}

/* Names every output; checks each can be written, that no two are one file and that none is
 * one of the data set's files (--resume is checked with the outputs). */
static int check_outputs(TrainConfig *c)
{
    /* the checkpoint's file: --checkpoint, else beside the model */
    if (snprintf(c->checkpoint_default, sizeof c->checkpoint_default, "%s.checkpoint", c->out) >=
        (int)sizeof c->checkpoint_default) {
        fprintf(stderr, "scratchnet train: --out %.40s...: too long a path\n", c->out);
        return EXIT_USAGE;
    }
    c->checkpoint_file = c->checkpoint_every > 0
                             ? (c->checkpoint ? c->checkpoint : c->checkpoint_default)
                             : NULL;
    const CliFile outputs[TRAIN_OUTPUTS] = {
        {"--out", c->out}, {"--checkpoint", c->checkpoint_file}, {"--log", c->log},
        {"--curves", c->curves}, {"--confusion", c->confusion}, {"--resume", c->resume}};
    memcpy(c->outputs, outputs, sizeof outputs);
    int status = check_writable(c);
    if (status == TRAIN_GO_ON)
        status = check_distinct(c);
    if (status != TRAIN_GO_ON)
        return status;
    c->data_dir = cli_dataset_dir(c->ds, c->data);
    char data_names[2 * CLI_DATASET_FILES][4200];
    CliFile data_files[2 * CLI_DATASET_FILES];
    cli_dataset_inputs(c->data_dir, "train", data_names, data_files);
    cli_dataset_inputs(c->data_dir, "t10k", data_names + CLI_DATASET_FILES,
                       data_files + CLI_DATASET_FILES);
    if (cli_refuse_inputs_as_outputs("train", c->outputs, TRAIN_WRITTEN, data_files,
                                     2 * CLI_DATASET_FILES) != 0)
        return EXIT_USAGE;
    return TRAIN_GO_ON;
}

/* The optimiser, its rate and the schedule: the options, else the preset's. */
static int configure_optimizer(TrainConfig *c)
{
    const NnRecipe *pr = c->pr;
    NnTrainConfig *cfg = &c->train;
    if (nn_cost_parse(c->cost, &cfg->cost)) {
        fprintf(stderr, "scratchnet train: unknown cost '%s' (quadratic, cross-entropy)\n",
                c->cost);
        return EXIT_USAGE;
    }
    if (nn_optim_parse(c->optimizer, &c->kind)) {
        fprintf(stderr, "scratchnet train: unknown optimizer '%s' (sgd, momentum, adam)\n",
                c->optimizer);
        return EXIT_USAGE;
    }
    cfg->opt = nn_optim_defaults(c->kind);
    if (strcmp(c->optimizer, pr->optimizer) == 0)
        cfg->opt.lr = pr->lr;
    if (!isnan(c->lr))
        cfg->opt.lr = c->lr;
    if (!isnan(c->momentum))
        cfg->opt.momentum = c->momentum;
    cfg->opt.weight_decay = isnan(c->weight_decay) ? pr->weight_decay : c->weight_decay;
    if (nn_schedule_parse(c->schedule, &cfg->opt.schedule)) {
        fprintf(stderr, "scratchnet train: unknown schedule '%s' (constant, step, cosine)\n",
                c->schedule);
        return EXIT_USAGE;
    }
    cfg->opt.step_every = c->step_every;
    cfg->opt.gamma = c->gamma;
    return TRAIN_GO_ON;
}

/* The augmentation: --augment, else the data set's level, else the preset's; flags on top. */
static int configure_augment(TrainConfig *c)
{
    if (!c->augment)
        c->augment = c->ds->augment ? c->ds->augment : c->pr->augment;
    if (cli_augment_settings(c->augment, c->aug_flags, &c->aug, c->aug_desc,
                             sizeof c->aug_desc) != 0) {
        fprintf(stderr, "scratchnet train: unknown augmentation '%s' (none, shift, full)\n",
                c->augment);
        return EXIT_USAGE;
    }
    /* a scale bound of 0 (the level leaves scaling off) counts as 1 */
    float scale_lo = c->aug.scale_min > 0.0f ? c->aug.scale_min : 1.0f;
    float scale_hi = c->aug.scale_max > 0.0f ? c->aug.scale_max : 1.0f;
    if (scale_lo > scale_hi) {
        fprintf(stderr, "scratchnet train: the smallest scale %g is above the largest %g "
                "(--scale-min, --scale-max)\n", (double)scale_lo, (double)scale_hi);
        return EXIT_USAGE;
    }
    return TRAIN_GO_ON;
}

/* The refusal rule: the option, else the preset's on a data set of digits, else none; made
 * digits only on digits. (The made images' default depends on the digits trained on:
 * train_config_outliers.) */
static int configure_refusal(TrainConfig *c)
{
    const int given = !isnan(c->refuse_share);
    if (!given)
        c->refuse_share = c->ds->digits ? c->pr->refuse_share : 0.0f;
    if (c->made_digits > 0 && !c->ds->digits) {
        fprintf(stderr, "scratchnet train: --made-digits adds drawn digits: it needs a data set "
                        "of digits (mnist)\n");
        return EXIT_USAGE;
    }
    if (c->refuse_share > 0.0f && c->val == 0) {
        if (given) {
            fprintf(stderr, "scratchnet train: --refuse-share chooses its bound on the "
                            "validation images: it needs --val above 0\n");
            return EXIT_USAGE;
        }
        c->refuse_share = 0.0f; /* nothing held out to choose on */
    }
    return TRAIN_GO_ON;
}

/* Fills in what was not given from the preset; makes and checks the training settings. */
static int configure(TrainConfig *c)
{
    const NnRecipe *pr = c->pr;
    NnTrainConfig *cfg = &c->train;
    c->layers = c->layers ? c->layers : pr->layers;
    c->cost = c->cost ? c->cost : pr->cost;
    c->optimizer = c->optimizer ? c->optimizer : pr->optimizer;
    c->schedule = c->schedule ? c->schedule : pr->schedule;
    c->batch = c->batch ? c->batch : pr->batch;
    c->epochs = c->epochs ? c->epochs : pr->epochs;
    int status = configure_optimizer(c);
    if (status != TRAIN_GO_ON)
        return status;
    if (c->epochs < 1 || c->epochs > 100000 || c->batch < 1 || c->val < 0 || c->limit < 0 ||
        !(cfg->opt.lr > 0) || cfg->opt.weight_decay < 0 || c->checkpoint_every < 0) {
        fprintf(stderr, "scratchnet train: epochs, batch and learning rate must be positive; val, "
                        "limit, weight decay and checkpoint-every not negative\n");
        return EXIT_USAGE;
    }
    if ((c->log || c->curves) && c->epochs > PLOT_MAX_EPOCHS) {
        fprintf(stderr, "scratchnet train: --log and --curves keep at most %d epochs, not %d\n",
                PLOT_MAX_EPOCHS, c->epochs);
        return EXIT_USAGE;
    }
    status = configure_augment(c);
    if (status == TRAIN_GO_ON)
        status = configure_refusal(c);
    if (status != TRAIN_GO_ON)
        return status;
    cfg->batch_size = c->batch;
    cfg->epochs = c->epochs;
    cfg->seed = c->seed;
    return TRAIN_GO_ON;
}

/* Class names from "a,b,c": exactly n of them, each 1 to NN_LABEL_LEN - 1 bytes of UTF-8 text
 * (refused, never cut). what names the list in the one-line message printed on failure. */
static int parse_labels(const char *text, const char *what, NnModelInfo *info, int n)
{
    int count = 0;
    for (const char *s = text;; count++) {
        size_t len = strcspn(s, ",");
        const char *why = NULL;
        if (len == 0)
            why = "is empty";
        else if (len >= NN_LABEL_LEN)
            why = "is too long";
        else if (!utf8_valid(s, len))
            why = "is not valid UTF-8 text";
        if (why && count < n) {
            if (len >= NN_LABEL_LEN)
                fprintf(stderr, "scratchnet train: %s: label %d is %zu bytes long, at most %d\n",
                        what, count + 1, len, NN_LABEL_LEN - 1);
            else
                fprintf(stderr, "scratchnet train: %s: label %d %s\n", what, count + 1, why);
            return -1;
        }
        if (count < n) {
            memcpy(info->labels[count], s, len);
            info->labels[count][len] = '\0';
        }
        if (s[len] == '\0') {
            count++;
            break;
        }
        s += len + 1;
    }
    if (count != n) {
        fprintf(stderr, "scratchnet train: %s needs exactly %d comma-separated names, not %d\n",
                what, n, count);
        return -1;
    }
    return 0;
}

/* A model name from the n bytes of a file name at s: whole UTF-8 characters that fit in cap - 1
 * bytes, any byte that is not UTF-8 text as '?', so the name is valid text however the file is
 * called. */
static void default_name(char *dst, size_t cap, const char *s, size_t n)
{
    size_t i = 0, j = 0;
    while (i < n) {
        int len = utf8_char_length(s + i, n - i);
        size_t take = len > 0 ? (size_t)len : 1;
        if (j + take >= cap)
            break;
        if (len > 0)
            memcpy(dst + j, s + i, take);
        else
            dst[j] = '?';
        i += take;
        j += take;
    }
    dst[j] = '\0';
}

/* Names the model: --name, else its file name without directory and .json. */
static void name_model(const TrainConfig *c, NnModelInfo *info)
{
    if (c->name) {
        snprintf(info->name, sizeof info->name, "%s", c->name); /* checked to fit, UTF-8 */
        return;
    }
    const char *base = strrchr(c->out, '/');
    base = base ? base + 1 : c->out;
    const char *dot = strstr(base, ".json");
    default_name(info->name, sizeof info->name, base, dot ? (size_t)(dot - base) : strlen(base));
    if (!info->name[0]) /* ".json": a model has a name, so keep the default one */
        snprintf(info->name, sizeof info->name, "model");
}

int train_config_describe(const TrainConfig *c, NnModel *m)
{
    /* a network with other than 10 outputs keeps the default names "0", "1", ... */
    const char *names = c->labels ? c->labels : m->n_out == 10 ? c->ds->labels : NULL;
    if (names && parse_labels(names, c->labels ? "--labels" : c->ds->name, &m->info, m->n_out))
        return EXIT_USAGE;
    name_model(c, &m->info);
    if (m->info.in_h == 28 && m->info.in_w == 28) /* otherwise nothing to preprocess */
        m->info.preprocess = c->prep;
    return TRAIN_GO_ON;
}

void train_config_outliers(TrainConfig *c, int n_train)
{
    /* not given: on digits, the preset's in proportion */
    const long long digits = c->ds->digits ? n_train : 0;
    if (c->outliers < 0)
        c->outliers = (int)(c->pr->outliers * digits / NN_RECIPE_DIGITS);
    if (c->made_digits < 0)
        c->made_digits = (int)(c->pr->made_digits * digits / NN_RECIPE_DIGITS);
}

int train_config_parse(TrainConfig *c, int argc, char **argv)
{
    int status = read_options(c, argc, argv);
    if (status == TRAIN_GO_ON)
        status = check_outputs(c);
    if (status == TRAIN_GO_ON)
        status = configure(c);
    return status;
}
