/* args.h - a small table-driven parser for "--name value", "--name=value" and flags.
 *
 * Each subcommand lists its options once; the same table drives parsing and the --help text.
 * Every number has a range, checked here and shown by --help. Numbers are plain decimal: whole
 * numbers "-12", numbers "-1.5e-3" (no hex, no "inf" or "nan", no spaces). Errors print one
 * line naming the bad option (a wrong option also prints the usage) and return -1.
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
    OPT_STRS,  /* CliStrs: a string option that may be given more than once */
} CliOptKind;

/* The values of an OPT_STRS option, in the order given. */
#define CLI_MAX_REPEATS 16
typedef struct CliStrs {
    const char *v[CLI_MAX_REPEATS];
    int n;
} CliStrs;

/* CliOpt.open: which ends of the range are left out */
enum {
    CLI_MIN_OPEN = 1, /* values above min, not min itself (a rate that must be positive) */
    CLI_MAX_OPEN = 2, /* values below max, not max itself (a momentum below 1) */
    CLI_TEXT = 4,     /* OPT_STR: min to max bytes of UTF-8 text (a name stored in a model) */
};

/* The ends of an option's table entry: no range (flags, file names, OPT_U64, which takes any
 * 64-bit value), a range min to max, the same without min or without max, a text length. */
#define CLI_NO_RANGE 0.0, 0.0, 0
#define CLI_RANGE(lo, hi) (lo), (hi), 0
#define CLI_ABOVE(lo, hi) (lo), (hi), CLI_MIN_OPEN
#define CLI_BELOW(lo, hi) (lo), (hi), CLI_MAX_OPEN
#define CLI_TEXT_BYTES(lo, hi) (lo), (hi), CLI_TEXT

typedef struct CliOpt {
    const char *name;    /* without the leading dashes, e.g. "epochs" */
    CliOptKind kind;
    void *dest;          /* where the value goes */
    const char *metavar; /* shown in help, e.g. "N"; NULL for flags */
    const char *help;    /* one line; the range is added after it */
    double min, max;     /* OPT_INT and OPT_FLOAT (where they are required): the values allowed,
                          * min to max; OPT_STR with CLI_TEXT: its length in bytes */
    int open;            /* CLI_MIN_OPEN, CLI_MAX_OPEN, CLI_TEXT or 0 */
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
