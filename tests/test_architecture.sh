#!/usr/bin/env bash
# test_architecture.sh - keeps the architecture true: the library (src/nn), the drawing pipeline
# (src/ink), what the CLI and the GUI share (src/common) and the public C library (src/lib) never
# include SDL, print to the terminal or exit; the network core (src/nn) never includes the
# drawing pipeline (src/ink), which runs networks (src/ink/classify.c); the public library uses
# only the public header and the nn/ink modules (not the programs' code) and include/ holds the
# one public header, which includes no internal header; the GUI's pure files (app*, layout)
# include no SDL header, and its event code (src/draw/events.c) changes the app's state only
# through app_* calls; only the model reader (src/nn/model_read*), the ONNX reader and writer
# (src/nn/onnx_*, for the JSON of their metadata), src/ink, their shared key
# lookup (src/common/json.[ch]), the benchmark's --json output (src/cli/cmd_bench.c), the app's
# telling of files apart (src/draw/app_files.c) and its settings file (src/draw/settings.c) use
# cJSON (its header or any cJSON name);
# only src/ink/png_codec.c uses libpng; the error struct and its codes are declared only in
# src/common/error.h.
# usage: test_architecture.sh SOURCE_ROOT
set -u
root=$1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# strip // and /* */ comments so prose about printf does not count
# (done once for every file, by one perl, into a copy of the tree: a process per file is slow on
# a busy machine)
stripped=$(mktemp -d)
trap 'rm -rf "$stripped"' EXIT
(cd "$root" && find src include -type f -name '*.[ch]') | STRIPPED=$stripped ROOT=$root perl -e '
    use File::Path qw(make_path);
    use File::Basename qw(dirname);
    while (my $rel = <STDIN>) {
        chomp $rel;
        open(my $in, "<", "$ENV{ROOT}/$rel") or die "$rel: $!";
        local $/;
        my $text = <$in>;
        close $in;
        $text =~ s{//.*$}{}mg;
        $text =~ s{/\*.*?\*/}{}gs;
        make_path(dirname("$ENV{STRIPPED}/$rel"));
        open(my $out, ">", "$ENV{STRIPPED}/$rel") or die "$rel: $!";
        print $out $text;
        close $out;
    }' || fail "cannot strip the comments of the sources"
S=$stripped
# fails "<file> <what>" for each of the files whose code (comments stripped) matches pattern
matching() {
    local pattern=$1 what=$2 f
    shift 2
    while IFS= read -r f; do
        fail "$root/${f#"$S"/} $what"
    done < <(grep -lE -- "$pattern" "$@" 2>/dev/null)
}

[ -n "$(ls "$root"/src/common/*.[ch] 2>/dev/null)" ] || fail "$root/src/common has no sources"
core=("$S"/src/nn/*.[ch] "$S"/src/ink/*.[ch] "$S"/src/lib/*.[ch] "$S"/src/common/*.[ch])
matching '#include[[:space:]]*[<"]SDL' "includes SDL" "${core[@]}"
matching '\b(printf|puts|perror|exit|abort)[[:space:]]*\(' "prints or exits" "${core[@]}"
matching '\b(fprintf|fputs)[[:space:]]*\([[:space:]]*(stdout|stderr)' "writes to the terminal" "${core[@]}"
matching '#include[[:space:]]*"ink/' "includes the drawing pipeline (src/ink)" "$S"/src/nn/*.[ch]
matching '#include[[:space:]]*"(cli|draw)/' "uses the programs' code" "$S"/src/lib/*.[ch]
for f in "$root"/include/*; do
    [ "$(basename "$f")" = scratchnet.h ] || fail "$f: include/ holds only the public scratchnet.h"
done
grep -qE '#include[[:space:]]*"' "$S/include/scratchnet.h" &&
    fail "include/scratchnet.h includes a project header (it must stand alone)"
for f in "$root"/src/draw/app.[ch] "$root"/src/draw/layout.[ch] "$root"/src/draw/app_internal.h \
    "$root"/src/draw/app_pen.c "$root"/src/draw/app_models.c "$root"/src/draw/app_files.c \
    "$root"/src/draw/app_prompt.c; do
    [ -f "$f" ] || fail "$f is missing"
done
matching '#include[[:space:]]*[<"]SDL' "(pure) includes SDL" "$S"/src/draw/app*.[ch] "$S"/src/draw/layout.[ch]
grep -nE '\bs->[A-Za-z_]+(\[[^]]*\])?[[:space:]]*([-+*/|&]?=[^=]|\+\+|--)' "$S/src/draw/events.c" |
    grep -q . && fail "$root/src/draw/events.c writes into the app's state directly (use an app_* call)"
while IFS= read -r f; do
    case "$f" in
        */src/nn/model_read*|*/src/nn/onnx_*|*/src/ink/*|*/src/common/json.[ch]|*/src/cli/cmd_bench.c|*/src/draw/app_files.c|*/src/draw/settings.c) ;;
        *) fail "$root/${f#"$S"/} uses cJSON (only src/nn/model_read*, src/nn/onnx_*, src/ink, src/common/json.[ch], src/cli/cmd_bench.c, src/draw/app_files.c and src/draw/settings.c may)" ;;
    esac
done < <(grep -lE '\bcJSON' -r "$S/src")
for f in $(grep -lE '#include[[:space:]]*[<"](png|pngconf)\.h' -r "$root/src"); do
    case "$f" in
        */src/ink/png_codec.c) ;;
        *) fail "$f uses libpng (only src/ink/png_codec.c may)" ;;
    esac
done
others=()
while IFS= read -r f; do
    [ "$f" = "$S/src/common/error.h" ] || others+=("$f")
done < <(find "$S/src" -name '*.[ch]')
matching '\bstruct[[:space:]]+[A-Za-z]*Error[[:space:]]*\{' \
    "declares an error struct of its own (use SnError, src/common/error.h)" "${others[@]}"
matching '\b[A-Z]+_E_[A-Z]+[[:space:]]*=[^=]' \
    "declares failure codes of its own (use SN_E_*, src/common/error.h)" "${others[@]}"
if [ "$failures" -gt 0 ]; then
    exit 1
fi
echo "the architecture holds"
