/* args.c - option parsing for the scratchnet subcommands (see args.h). Numbers must parse
 * completely ("12x" is an error) and lie in range; an unknown option suggests --help. */
#include "cli/args.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_usage(const CliCommand *cmd, void *fp)
{
    FILE *f = fp;
    fprintf(f, "usage: scratchnet %s %s\n%s\n", cmd->name, cmd->synopsis, cmd->summary);
    if (cmd->n_opts)
        fprintf(f, "\noptions:\n");
    for (int i = 0; i < cmd->n_opts; i++) {
        const CliOpt *o = &cmd->opts[i];
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->metavar ? " " : "",
                 o->metavar ? o->metavar : "");
        fprintf(f, "  %-26s %s\n", left, o->help);
    }
    fprintf(f, "  %-26s %s\n", "--help", "show this help");
}

static int set_value(const CliCommand *cmd, const CliOpt *o, const char *v)
{
    char *end = NULL;
    errno = 0;
    switch (o->kind) {
    case OPT_STR:
        *(const char **)o->dest = v;
        return 0;
    case OPT_INT: {
        long x = strtol(v, &end, 10);
        if (end == v || *end || errno || x < -2147483647L || x > 2147483647L)
            break;
        *(int *)o->dest = (int)x;
        return 0;
    }
    case OPT_FLOAT: {
        float x = strtof(v, &end);
        if (end == v || *end || errno || !isfinite(x))
            break;
        *(float *)o->dest = x;
        return 0;
    }
    case OPT_U64: {
        if (v[0] == '-')
            break;
        unsigned long long x = strtoull(v, &end, 10);
        if (end == v || *end || errno)
            break;
        *(uint64_t *)o->dest = (uint64_t)x;
        return 0;
    }
    case OPT_FLAG:
        return 0;
    }
    fprintf(stderr, "scratchnet %s: --%s: \"%s\" is not a valid %s\n", cmd->name, o->name, v,
            o->kind == OPT_FLOAT ? "number" : "whole number");
    return -1;
}

int cli_parse(const CliCommand *cmd, int argc, char **argv, char **pos, int cap, int *n_pos)
{
    *n_pos = 0;
    int only_pos = 0;
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
