/* args.h - a small table-driven parser for "--name value", "--name=value" and flags.
 *
 * Each subcommand lists its options once; the same table drives parsing and the --help text.
 * Errors print one line naming the bad option, then the usage, and return -1.
 */
#ifndef CLI_ARGS_H
#define CLI_ARGS_H

#include <stdint.h>

typedef enum CliOptKind {
    OPT_FLAG,  /* no value: sets an int to 1 */
    OPT_STR,   /* const char * */
    OPT_INT,   /* int */
    OPT_FLOAT, /* float */
    OPT_U64,   /* uint64_t */
} CliOptKind;

typedef struct CliOpt {
    const char *name;    /* without the leading dashes, e.g. "epochs" */
    CliOptKind kind;
    void *dest;          /* where the value goes */
    const char *metavar; /* shown in help, e.g. "N"; NULL for flags */
    const char *help;    /* one line */
} CliOpt;

typedef struct CliCommand {
    const char *name;       /* "train" */
    const char *synopsis;   /* "[options]" or "MODEL FILE..." */
    const char *summary;    /* one sentence */
    const CliOpt *opts;
    int n_opts;
    int min_pos, max_pos;   /* allowed positional argument counts (max -1 = unlimited) */
} CliCommand;

/* Parses argv[0..argc) (argv[0] is the first argument after the subcommand name). Fills the
 * option destinations; stores positional arguments in pos (room for cap) and their count in
 * *n_pos. Returns 0, 1 if --help was asked (help printed to stdout), or -1 on a usage error
 * (one line plus usage on stderr). */
int cli_parse(const CliCommand *cmd, int argc, char **argv, char **pos, int cap, int *n_pos);

/* Prints the usage and option table of cmd to f (stdout or stderr). */
void cli_usage(const CliCommand *cmd, void *f);

#endif
