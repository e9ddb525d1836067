#!/usr/bin/env bash
# test_lib_installed.sh - libscratchnet as a user of the installed library meets it: installs the build
# into a temporary directory, compiles the README's example against the installed scratchnet.pc
# and header only (no path into the source or build tree), runs it on an image and a drawing,
# and checks that only scratchnet.h is installed as a header and that the library exports only
# the functions the header declares.
# usage: test_lib_installed.sh BUILD_ROOT SOURCE_ROOT B_SANITIZE CC...
#   B_SANITIZE is meson's b_sanitize ("none", "address,undefined", plus ",fuzzer-no-link" in the
#   fuzz build): a sanitized library needs the example compiled with the same -fsanitize flags
#   (and the same compiler, CC...).
set -u
build=$1
src=$2
# b_sanitize is a string, or a list in newer meson ("['address', 'undefined']"), and the fuzz
# build adds fuzzer-no-link: keep the names, comma-separated, without "none"
sanitize=$(tr -d "[]' " <<<"$3" | tr ',' '\n' | grep -vx -e none -e '' | paste -sd, -)
shift 3
cc=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

# --- install into $tmp ---
if ! meson install -C "$build" --destdir "$tmp/root" --no-rebuild --quiet >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    echo "FAIL: meson install failed"
    exit 1
fi
pc=$(find "$tmp/root" -name scratchnet.pc -path '*/pkgconfig/*' | head -n 1)
lib=$(find "$tmp/root" -name 'libscratchnet.so.*.*' -type f | head -n 1)
if [ -z "$pc" ] || [ -z "$lib" ]; then
    echo "FAIL: the install holds no scratchnet.pc ($pc) or libscratchnet.so.X.Y ($lib)"
    exit 1
fi
libdir=$(dirname "$lib")
ok "installed $(basename "$lib") and ${pc#"$tmp/root"}"

# --- headers: the public one only ---
headers=$(find "$tmp/root" -path '*/include/*' \( -type f -o -type l \) | sed "s|^$tmp/root||")
if [ "$(basename "$headers")" = scratchnet.h ] && [ "$(wc -l <<<"$headers")" -eq 1 ]; then
    ok "the only installed header is $headers"
else
    fail "installed headers should be just include/scratchnet.h, got: $(tr '\n' ' ' <<<"$headers")"
fi

# --- the export list: exactly the functions scratchnet.h declares ---
declared=$(grep -oE '^SCRATCHNET_API[^(]*\bscratchnet_[a-z_]+\(' "$src/include/scratchnet.h" |
    grep -oE 'scratchnet_[a-z_]+' | sort)
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVWi]$/ {print $3}' | sed 's/@.*//' | sort)
if [ -n "$declared" ] && [ "$declared" = "$exported" ]; then
    ok "exports exactly the $(wc -l <<<"$declared") public functions"
else
    fail "exported symbols differ from the header's functions:"
    diff <(echo "$declared") <(echo "$exported") | sed 's/^/    /' | head -20
fi
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ "$soname" = "libscratchnet.so.$(basename "$lib" | cut -d. -f3)" ]; then
    ok "soname $soname"
else
    fail "soname is '$soname', expected libscratchnet.so.MAJOR"
fi
if readelf -d "$lib" | grep -E 'R(UN)?PATH' | grep -qF "$build"; then
    fail "the installed library keeps a run path into the build directory"
fi

# --- the README's example, built against the installed files only ---
sed -n '/<!-- library-example:begin -->/,/<!-- library-example:end -->/p' "$src/README.md" |
    sed -e '1,/^```c$/d' -e '/^```$/,$d' >"$tmp/example.c"
if ! grep -q 'scratchnet_load' "$tmp/example.c"; then
    echo "FAIL: no example between <!-- library-example:begin/end --> in README.md"
    exit 1
fi
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$pc")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export PKG_CONFIG_SYSROOT_DIR=$tmp/root
if ! flags=$(pkg-config --cflags --libs scratchnet); then
    echo "FAIL: pkg-config cannot read the installed scratchnet.pc"
    exit 1
fi
case " $flags " in
    *"$src"*|*"$build"*) fail "pkg-config flags point into the source or build tree: $flags" ;;
    *" -I$tmp/root/"*" -L$tmp/root/"*|*" -L$tmp/root/"*" -I$tmp/root/"*) ok "pkg-config flags: ${flags//$tmp/TMP}" ;;
    *) fail "pkg-config flags do not point into the install: $flags" ;;
esac
# a static link needs every library the code inside uses
static_libs=$(pkg-config --static --libs scratchnet)
for want in -lscratchnet -lz -lcjson -lpng -lm; do
    case " $static_libs " in
        *" $want"*) ;;
        *) fail "pkg-config --static --libs lacks $want: $static_libs" ;;
    esac
done
san=()
if [ -n "$sanitize" ]; then
    san=("-fsanitize=$sanitize")
    echo "note: the library is built with -fsanitize=$sanitize; the example is too"
fi
# shellcheck disable=SC2086 # pkg-config's output is a list of words
if (cd "$tmp" && "${cc[@]}" -std=c11 -Wall -Wextra -Werror "${san[@]}" example.c $flags \
        -o example) >"$tmp/cc.log" 2>&1; then
    ok "the README example compiles with $(basename "${cc[-1]}") and pkg-config"
else
    fail "the README example does not compile:"
    sed 's/^/    /' "$tmp/cc.log" | head -20
    exit 1
fi
if LD_LIBRARY_PATH=$libdir ldd "$tmp/example" | grep libscratchnet | grep -qF "$libdir/"; then
    ok "the example loads the installed library"
else
    fail "the example does not load the installed library: $(LD_LIBRARY_PATH=$libdir ldd "$tmp/example" | grep scratchnet)"
fi

# run MODEL FILE EXPECTED_CLASS LAYERS: the top class, probabilities that sum to 1, a line for
# each of the model's layers and the cell that counts most for the top class
run() {
    local model=$1 file=$2 want=$3 layers=$4
    (cd "$src" && LD_LIBRARY_PATH=$libdir "$tmp/example" "$model" "$file") >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" -ne 0 ]; then
        fail "example $model $file: exit $rc"; sed 's/^/    /' "$tmp/err" | head -5
        return
    fi
    local top sum n shown salient
    top=$(head -n 1 "$tmp/out" | sed -n "s|^$file: \([^ ]*\) (\([0-9.]*\)%)\$|\1|p")
    n=$(tail -n +2 "$tmp/out" | grep -cE '^  [^ ]+ +[01]\.[0-9]{4}$')
    sum=$(tail -n +2 "$tmp/out" | grep -E '^  [^ ]+ +[01]\.[0-9]{4}$' |
        awk '{s += $2} END {printf "%.4f", s}')
    shown=$(grep -cE '^layer [0-9]+: [a-z0-9]+ [a-z]+, [0-9]+x[0-9]+x[0-9]+$' "$tmp/out")
    salient=$(grep -cE "^the ink at row [0-9]+, column [0-9]+ counts most for $want\$" "$tmp/out")
    if [ "$top" = "$want" ] && [ "$n" -eq 10 ] &&
        awk -v s="$sum" 'BEGIN {exit !(s > 0.999 && s < 1.001)}' &&
        [ "$shown" -eq "$layers" ] && [ "$salient" -eq 1 ]; then
        ok "example $model $file: $want, 10 probabilities summing to $sum, $layers layers, saliency"
    else
        fail "example $model $file: top '$top' (want $want), $n probability lines, sum $sum," \
            "$shown of $layers layer lines, $salient saliency line"
        sed 's/^/    /' "$tmp/out"
    fi
}
run models/mnist-mlp.json tests/data/mnist-test-0-seven.pgm 7 3
run models/mnist-cnn.json tests/data/seven-dark-on-light.pgm 7 7
run models/mnist-mlp.json tests/fuzz/strokes/seven.json 7 3

# a missing file: exit 1 and one line naming it
(cd "$src" && LD_LIBRARY_PATH=$libdir "$tmp/example" models/mnist-mlp.json no-such.pgm) \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" -eq 1 ] && [ "$(grep -c . "$tmp/err")" -eq 1 ] && grep -q '^no-such.pgm: ' "$tmp/err"; then
    ok "a missing file: $(cat "$tmp/err")"
else
    fail "a missing file: exit $rc, stderr: $(cat "$tmp/err")"
fi

if [ "$failures" -gt 0 ]; then
    echo "$failures failures"
    exit 1
fi
echo "the installed library works"
