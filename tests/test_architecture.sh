#!/usr/bin/env bash
# test_architecture.sh - keeps the architecture true: the library (src/nn), the drawing pipeline
# (src/ink), what the CLI and the GUI share (src/common) and the public C library (src/lib) never
# include SDL, print to the terminal or exit; the network core (src/nn) never includes the
# drawing pipeline (src/ink), which runs networks (src/ink/classify.c); the public library uses
# only the public header and the nn/ink modules (not the programs' code) and include/ holds the
# one public header, which includes no internal header; the GUI's pure files (app*, layout)
# include no SDL header, and its event code (src/draw/events.c) changes the app's state only
# through app_* calls; only the model reader (src/nn/model_read*), src/ink, their shared key
# lookup (src/common/json.[ch]) and the benchmark's --json output (src/cli/cmd_bench.c) use cJSON;
# only src/ink/png_codec.c uses libpng; the error struct and its codes are declared only in
# src/common/error.h.
# usage: test_architecture.sh SOURCE_ROOT
set -u
root=$1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# strip // and /* */ comments so prose about printf does not count
code() { sed -e 's://.*$::' "$1" | perl -0pe 's:/\*.*?\*/::gs'; }

[ -n "$(ls "$root"/src/common/*.[ch] 2>/dev/null)" ] || fail "$root/src/common has no sources"
for f in "$root"/src/nn/*.[ch] "$root"/src/ink/*.[ch] "$root"/src/lib/*.[ch] "$root"/src/common/*.[ch]; do
    c=$(code "$f")
    grep -qE '#include[[:space:]]*[<"]SDL' <<<"$c" && fail "$f includes SDL"
    grep -qE '\b(printf|puts|perror|exit|abort)[[:space:]]*\(' <<<"$c" && fail "$f prints or exits"
    grep -qE '\b(fprintf|fputs)[[:space:]]*\([[:space:]]*(stdout|stderr)' <<<"$c" && fail "$f writes to the terminal"
done
for f in "$root"/src/nn/*.[ch]; do
    grep -qE '#include[[:space:]]*"ink/' <<<"$(code "$f")" && fail "$f includes the drawing pipeline (src/ink)"
done
for f in "$root"/src/lib/*.[ch]; do
    grep -qE '#include[[:space:]]*"(cli|draw)/' <<<"$(code "$f")" && fail "$f uses the programs' code"
done
for f in "$root"/include/*; do
    [ "$(basename "$f")" = scratchnet.h ] || fail "$f: include/ holds only the public scratchnet.h"
done
grep -qE '#include[[:space:]]*"' <<<"$(code "$root/include/scratchnet.h")" &&
    fail "include/scratchnet.h includes a project header (it must stand alone)"
for f in "$root"/src/draw/app.[ch] "$root"/src/draw/layout.[ch] "$root"/src/draw/app_internal.h \
    "$root"/src/draw/app_pen.c "$root"/src/draw/app_models.c "$root"/src/draw/app_files.c \
    "$root"/src/draw/app_prompt.c; do
    [ -f "$f" ] || fail "$f is missing"
done
for f in "$root"/src/draw/app*.[ch] "$root"/src/draw/layout.[ch]; do
    grep -qE '#include[[:space:]]*[<"]SDL' <<<"$(code "$f")" && fail "$f (pure) includes SDL"
done
# the app's state (AppState *s) is written by app_* calls only, never by the event code
grep -nE '\bs->[A-Za-z_]+(\[[^]]*\])?[[:space:]]*([-+*/|&]?=[^=]|\+\+|--)' \
    <<<"$(code "$root/src/draw/events.c")" | grep -q . &&
    fail "$root/src/draw/events.c writes into the app's state directly (use an app_* call)"
for f in $(grep -lE '#include[[:space:]]*[<"]cjson/cJSON.h' -r "$root/src"); do
    case "$f" in
        */src/nn/model_read*|*/src/ink/*|*/src/common/json.[ch]|*/src/cli/cmd_bench.c) ;;
        *) fail "$f uses cJSON (only src/nn/model_read*, src/ink, src/common/json.[ch] and src/cli/cmd_bench.c may)" ;;
    esac
done
for f in $(grep -lE '#include[[:space:]]*[<"](png|pngconf)\.h' -r "$root/src"); do
    case "$f" in
        */src/ink/png_codec.c) ;;
        *) fail "$f uses libpng (only src/ink/png_codec.c may)" ;;
    esac
done
# one error convention: the error struct and the failure codes are declared in common/error.h only
for f in $(find "$root/src" -name '*.[ch]'); do
    [ "$f" = "$root/src/common/error.h" ] && continue
    c=$(code "$f")
    grep -qE '\bstruct[[:space:]]+[A-Za-z]*Error[[:space:]]*\{' <<<"$c" &&
        fail "$f declares an error struct of its own (use SnError, src/common/error.h)"
    grep -qE '\b[A-Z]+_E_[A-Z]+[[:space:]]*=[^=]' <<<"$c" &&
        fail "$f declares failure codes of its own (use SN_E_*, src/common/error.h)"
done
if [ "$failures" -gt 0 ]; then
    exit 1
fi
echo "the architecture holds"
