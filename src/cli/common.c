/* common.c - helpers shared by the subcommands (see common.h). */
#include "cli/common.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/plot.h"
#include "common/outfile.h"
#include "common/paths.h"
#include "common/utf8.h"
#include "nn/idx.h"
#include "nn/model_io.h"

static const CliDataset datasets[] = {
    {"mnist", PATHS_MNIST_ENV, "mnist", NULL, "0,1,2,3,4,5,6,7,8,9", "mnist", NULL, 28, 28, 1},
    /* Zalando's Fashion-MNIST: 28 x 28 grey photos of clothes in MNIST's file format; the
     * digit-shaped distortions of full augmentation (strokes, slashed zeros, flagged ones) do
     * not apply. */
    {"fashion-mnist", PATHS_FASHION_ENV, "fashion-mnist", PATHS_FASHION_SYSTEM_DIR,
     "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot", "none",
     "shift", 28, 28, 0},
};
const char cli_dataset_names[] = "mnist, fashion-mnist";

const CliDataset *cli_dataset(const char *name)
{
    for (size_t i = 0; i < sizeof datasets / sizeof datasets[0]; i++)
        if (strcmp(datasets[i].name, name) == 0)
            return &datasets[i];
    return NULL;
}

const char *cli_dataset_dir(const CliDataset *ds, const char *opt)
{
    static char buf[PATHS_MAX];
    return opt ? opt : paths_dataset_dir(getenv(ds->env), ds->dir, ds->system_dir, buf);
}

const char *cli_data_dir(const char *opt)
{
    return cli_dataset_dir(cli_dataset("mnist"), opt);
}

int cli_refuse_inputs_as_outputs(const char *cmd, const CliFile *outputs, int n_out,
                                 const CliFile *inputs, int n_in)
{
    for (int i = 0; i < n_out; i++)
        for (int j = 0; j < n_in; j++) {
            if (!outputs[i].path || !inputs[j].path ||
                !outfile_same(outputs[i].path, inputs[j].path))
                continue;
            fprintf(stderr, "scratchnet %s: %s %s is %s %s itself; write it elsewhere\n", cmd,
                    outputs[i].what, outputs[i].path, inputs[j].what, inputs[j].path);
            return EXIT_USAGE;
        }
    return 0;
}

void cli_dataset_inputs(const char *dir, const char *prefix, char names[][4200], CliFile *files)
{
    static const char *const whats[2][2] = {{"the training images", "the training labels"},
                                            {"the test images", "the test labels"}};
    const int test = strcmp(prefix, "train") != 0;
    for (int i = 0; i < CLI_DATASET_FILES; i++) {
        nn_dataset_file_name(names[i], sizeof names[i], dir, prefix, i / 2, i % 2);
        files[i] = (CliFile){whats[test][i / 2], names[i]};
    }
}

static NnPool *pool;

int cli_pool_start(void)
{
    SnError err = {0};
    pool = nn_pool_new(0, &err);
    if (!pool)
        fprintf(stderr, "scratchnet: %s\n", err.msg);
    return pool ? 0 : -1;
}

NnPool *cli_pool(void)
{
    return pool;
}

void cli_pool_stop(void)
{
    nn_pool_free(pool);
    pool = NULL;
}

NnModel *cli_load_model(const char *path)
{
    SnError err = {0};
    NnModel *m = nn_model_load(path, &err);
    if (!m) {
        fprintf(stderr, "scratchnet: %s\n", err.msg);
        return NULL;
    }
    nn_model_freeze(m, NULL); /* only used for inference here; unfrozen it still works */
    nn_model_set_pool(m, pool);
    return m;
}

NnModel *cli_parse_model(const CliCommand *cmd, int argc, char **argv, char **pos, int cap,
                         int *n_pos, int *status)
{
    int rc = cli_parse(cmd, argc, argv, pos, cap, n_pos);
    if (rc) {
        *status = rc > 0 ? EXIT_OK : EXIT_USAGE;
        return NULL;
    }
    NnModel *m = cli_load_model(pos[0]);
    *status = m ? EXIT_OK : EXIT_FAIL;
    return m;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void cli_iso_date(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int cli_isatty(FILE *f)
{
    return isatty(fileno(f));
}

void cli_join_args(int argc, char **argv, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < argc && len + 1 < n; i++) {
        int w = snprintf(buf + len, n - len, "%s%s", i ? " " : "", argv[i]);
        if (w < 0)
            break;
        len += (size_t)w;
    }
    if (len >= n && n > 4) /* cut off: mark it */
        memcpy(buf + n - 4, "...", 4);
}

int cli_save_confusion(const char *path, const NnModel *m, const char *set, const char *source,
                       int n, const uint8_t *truth, const uint8_t *pred, SnError *err)
{
    const int C = m->n_out;
    long *conf = calloc((size_t)C * (size_t)C, sizeof *conf); /* conf[true][predicted] */
    if (!conf)
        return sn_error(err, SN_E_NOMEM, "%s: out of memory", path);
    long right = 0;
    for (int i = 0; i < n; i++) { /* pred C: refused, an error outside the matrix */
        if (pred[i] < C)
            conf[truth[i] * C + pred[i]]++;
        right += truth[i] == pred[i];
    }
    const char *labels[NN_MAX_CLASSES];
    for (int c = 0; c < C; c++)
        labels[c] = m->info.labels[c];
    char title[256], subtitle[1024];
    snprintf(title, sizeof title, "%s: accuracy %.2f%% on %s", m->info.name,
             n > 0 ? 100.0 * (double)right / n : 0.0, set);
    snprintf(subtitle, sizeof subtitle,
             "%ld of %d right (%s); rows: true class, columns: predicted class", right, n, source);
    char *svg = plot_confusion_svg(title, subtitle, labels, C, conf);
    int rc = plot_save(path, svg, err);
    free(svg);
    free(conf);
    return rc;
}

void cli_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    while (*s) {
        unsigned char c = (unsigned char)*s;
        int len = utf8_char_length(s, strnlen(s, 4));
        if (len == 0) {
            fputs("\\ufffd", f);
            s++;
        } else if (c == '"' || c == '\\') {
            fprintf(f, "\\%c", c);
            s++;
        } else if (c < 0x20 || c == 0x7f) {
            fprintf(f, "\\u%04x", c);
            s++;
        } else {
            fwrite(s, 1, (size_t)len, f);
            s += len;
        }
    }
    fputc('"', f);
}

void cli_print_layers(const NnModel *m)
{
    printf("layer  type        output       activation  parameters  settings\n");
    for (int l = 0; l < m->n_layers; l++) {
        const NnLayer *L = &m->layers[l];
        char shape[32], settings[48];
        if (L->out.h == 1 && L->out.w == 1)
            snprintf(shape, sizeof shape, "%d", L->out.c);
        else
            snprintf(shape, sizeof shape, "%dx%dx%d", L->out.c, L->out.h, L->out.w);
        nn_layer_describe(L, settings, sizeof settings);
        printf("%5d  %-10s  %-11s  %-10s  %10zu%s%s\n", l, nn_layer_type_name(L->type), shape,
               nn_act_name(L->act), L->n_weight + L->n_bias, settings[0] ? "  " : "", settings);
    }
}
