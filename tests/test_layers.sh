#!/usr/bin/env bash
# test_layers.sh - keeps the architecture true: the library (src/nn), the drawing pipeline
# (src/ink) and what the CLI and the GUI share (src/common) never include SDL, print to the
# terminal or exit; the GUI's pure files (app, layout)
# include no SDL header; only src/nn/model_io.c, src/ink and the benchmark's --json output
# (src/cli/cmd_bench.c) use cJSON.
# usage: test_layers.sh SOURCE_ROOT
set -u
root=$1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# strip // and /* */ comments so prose about printf does not count
code() { sed -e 's://.*$::' "$1" | perl -0pe 's:/\*.*?\*/::gs'; }

[ -n "$(ls "$root"/src/common/*.[ch] 2>/dev/null)" ] || fail "$root/src/common has no sources"
for f in "$root"/src/nn/*.[ch] "$root"/src/ink/*.[ch] "$root"/src/common/*.[ch]; do
    c=$(code "$f")
    grep -qE '#include[[:space:]]*[<"]SDL' <<<"$c" && fail "$f includes SDL"
    grep -qE '\b(printf|puts|perror|exit|abort)[[:space:]]*\(' <<<"$c" && fail "$f prints or exits"
    grep -qE '\b(fprintf|fputs)[[:space:]]*\([[:space:]]*(stdout|stderr)' <<<"$c" && fail "$f writes to the terminal"
done
for f in "$root"/src/draw/app.[ch] "$root"/src/draw/layout.[ch]; do
    [ -f "$f" ] || { fail "$f is missing"; continue; }
    grep -qE '#include[[:space:]]*[<"]SDL' <<<"$(code "$f")" && fail "$f (pure) includes SDL"
done
for f in $(grep -lE '#include[[:space:]]*[<"]cjson/cJSON.h' -r "$root/src"); do
    case "$f" in
        */src/nn/model_io.c|*/src/ink/*|*/src/cli/cmd_bench.c) ;;
        *) fail "$f uses cJSON (only src/nn/model_io.c, src/ink and src/cli/cmd_bench.c may)" ;;
    esac
done
if [ "$failures" -gt 0 ]; then
    exit 1
fi
echo "layers are clean"
