/* args.c - option parsing for the scratchnet subcommands (see args.h). Numbers must be plain
 * decimal and parse completely ("12x" and "0x10" are errors) and lie in their option's range;
 * an unknown option suggests --help. */
#include "cli/args.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"

/* The range of a numeric or text option as --help and the refusals say it, e.g. "1 to 100000",
 * "above 0, up to 1000", "0 to below 1", "1 to 63 bytes of UTF-8". Empty for other options. */
static void range_text(const CliOpt *o, char *buf, size_t n)
{
    buf[0] = '\0';
    if (o->kind == OPT_U64)
        snprintf(buf, n, "0 to 18446744073709551615");
    else if (o->kind == OPT_STR && (o->open & CLI_TEXT))
        snprintf(buf, n, "%.10g to %.10g bytes of UTF-8", o->min, o->max);
    else if (o->kind != OPT_INT && o->kind != OPT_FLOAT)
        return;
    else if (o->open & CLI_MIN_OPEN)
        snprintf(buf, n, "above %.10g, up to %.10g", o->min, o->max);
    else if (o->open & CLI_MAX_OPEN)
        snprintf(buf, n, "%.10g to below %.10g", o->min, o->max);
    else
        snprintf(buf, n, "%.10g to %.10g", o->min, o->max);
}

void cli_usage(const CliCommand *cmd, void *fp)
{
    FILE *f = fp;
    fprintf(f, "usage: scratchnet %s %s\n%s\n", cmd->name, cmd->synopsis, cmd->summary);
    if (cmd->n_opts)
        fprintf(f, "\noptions:\n");
    for (int i = 0; i < cmd->n_opts; i++) {
        const CliOpt *o = &cmd->opts[i];
        char left[64], range[64];
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->metavar ? " " : "",
                 o->metavar ? o->metavar : "");
        range_text(o, range, sizeof range);
        fprintf(f, "  %-26s %s%s%s%s%s\n", left, o->help,
                o->kind == OPT_STRS ? " (may be given more than once)" : "",
                range[0] ? " [" : "", range, range[0] ? "]" : "");
    }
    fprintf(f, "  %-26s %s\n", "--help", "show this help");
}

/* Whether v is a plain decimal number: an optional minus, digits with at most one point (and
 * a digit on at least one side of it), then for a float an optional exponent "e-3". */
static int plain_decimal(const char *v, int is_float)
{
    const char *s = v + (*v == '-');
    int digits = 0, point = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (*s == '.' && is_float && !point)
            point = 1;
        else
            break;
    }
    if (!digits)
        return 0;
    if (is_float && (*s == 'e' || *s == 'E')) {
        s++;
        s += *s == '+' || *s == '-';
        if (!(*s >= '0' && *s <= '9'))
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

/* Whether x lies in the option's range. */
static int in_range(const CliOpt *o, double x)
{
    if (o->open & CLI_MIN_OPEN ? !(x > o->min) : !(x >= o->min))
        return 0;
    return o->open & CLI_MAX_OPEN ? x < o->max : x <= o->max;
}

static int set_value(const CliCommand *cmd, const CliOpt *o, const char *v)
{
    char *end = NULL;
    char range[64];
    range_text(o, range, sizeof range);
    errno = 0;
    switch (o->kind) {
    case OPT_STR:
        if (o->open & CLI_TEXT) {
            size_t len = strlen(v);
            if ((double)len < o->min || (double)len > o->max) {
                fprintf(stderr, "scratchnet %s: --%s: %zu bytes long, at %s %.10g\n", cmd->name,
                        o->name, len, (double)len < o->min ? "least" : "most",
                        (double)len < o->min ? o->min : o->max);
                return -1;
            }
            if (!utf8_valid(v, len)) {
                fprintf(stderr, "scratchnet %s: --%s: not valid UTF-8 text\n", cmd->name,
                        o->name);
                return -1;
            }
        }
        *(const char **)o->dest = v;
        return 0;
    case OPT_STRS: {
        CliStrs *list = o->dest;
        if (list->n >= CLI_MAX_REPEATS) {
            fprintf(stderr, "scratchnet %s: --%s given more than %d times\n", cmd->name, o->name,
                    CLI_MAX_REPEATS);
            return -1;
        }
        list->v[list->n++] = v;
        return 0;
    }
    case OPT_INT: {
        if (!plain_decimal(v, 0))
            break;
        long x = strtol(v, &end, 10);
        if (errno || x < -2147483647L || x > 2147483647L || !in_range(o, (double)x))
            goto out_of_range;
        *(int *)o->dest = (int)x;
        return 0;
    }
    case OPT_FLOAT: {
        if (!plain_decimal(v, 1)) {
            fprintf(stderr, "scratchnet %s: --%s: \"%s\" is not a plain decimal number\n",
                    cmd->name, o->name, v);
            return -1;
        }
        float x = (float)strtod(v, &end); /* the range holds for the float that is kept */
        if (!isfinite(x) || !in_range(o, (double)x))
            goto out_of_range;
        *(float *)o->dest = x;
        return 0;
    }
    case OPT_U64: {
        if (!plain_decimal(v, 0) || v[0] == '-')
            break;
        unsigned long long x = strtoull(v, &end, 10);
        if (errno)
            break;
        *(uint64_t *)o->dest = (uint64_t)x;
        return 0;
    }
    case OPT_FLAG:
        return 0;
    }
    fprintf(stderr, "scratchnet %s: --%s: \"%s\" is not a valid whole number\n", cmd->name,
            o->name, v);
    return -1;
out_of_range:
    fprintf(stderr, "scratchnet %s: --%s: %s is out of range (%s)\n", cmd->name, o->name, v,
            range);
    return -1;
}

int cli_parse(const CliCommand *cmd, int argc, char **argv, char **pos, int cap, int *n_pos)
{
    *n_pos = 0;
    int only_pos = 0;
    for (int k = 0; k < cmd->n_opts; k++) { /* a table without ranges is the program's fault */
        const CliOpt *o = &cmd->opts[k];
        if ((o->kind == OPT_INT || o->kind == OPT_FLOAT) && !(o->min < o->max)) {
            fprintf(stderr, "scratchnet %s: --%s has no range (a bug)\n", cmd->name, o->name);
            return -1;
        }
    }
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || a[1] == '\0') {
            if (*n_pos >= cap) {
                fprintf(stderr, "scratchnet %s: too many arguments (at most %d)\n", cmd->name,
                        cap);
                return -1;
            }
            pos[(*n_pos)++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli_usage(cmd, stdout);
            return 1;
        }
        const char *name = a[1] == '-' ? a + 2 : a + 1;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const CliOpt *o = NULL;
        for (int k = 0; k < cmd->n_opts; k++) {
            if (strlen(cmd->opts[k].name) == len && strncmp(cmd->opts[k].name, name, len) == 0)
                o = &cmd->opts[k];
        }
        if (!o || a[1] != '-') {
            fprintf(stderr, "scratchnet %s: unknown option '%s' (see scratchnet %s --help)\n",
                    cmd->name, a, cmd->name);
            cli_usage(cmd, stderr);
            return -1;
        }
        if (o->kind == OPT_FLAG) {
            if (eq) {
                fprintf(stderr, "scratchnet %s: --%s takes no value\n", cmd->name, o->name);
                return -1;
            }
            *(int *)o->dest = 1;
            continue;
        }
        const char *v = eq ? eq + 1 : NULL;
        if (!v) {
            if (i + 1 >= argc) {
                fprintf(stderr, "scratchnet %s: --%s needs a value (%s)\n", cmd->name, o->name,
                        o->metavar ? o->metavar : "value");
                return -1;
            }
            v = argv[++i];
        }
        if (set_value(cmd, o, v) != 0)
            return -1;
    }
    if (*n_pos < cmd->min_pos || (cmd->max_pos >= 0 && *n_pos > cmd->max_pos)) {
        if (*n_pos < cmd->min_pos)
            fprintf(stderr, "scratchnet %s: missing argument (expected %s)\n", cmd->name,
                    cmd->synopsis);
        else
            fprintf(stderr, "scratchnet %s: unexpected argument '%s'\n", cmd->name,
                    pos[cmd->max_pos]);
        cli_usage(cmd, stderr);
        return -1;
    }
    return 0;
}
