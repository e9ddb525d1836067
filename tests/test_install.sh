#!/usr/bin/env bash
# test_install.sh - `meson install` as a packager or a user runs it: installs the build into a
# scratch folder (meson install --destdir) and checks what lands there: both programs, every
# shipped model, the MNIST and Fashion-MNIST subsets, the fonts and their licence, the desktop entry
# (desktop-file-validate), the icon, the manual pages (groff without a warning, every option of
# every --help documented). Then the installed programs run with no SCRATCHNET_* variable:
# --version, predict with the default model, and scratchnet-draw --help must name folders inside
# the scratch tree, also after the tree is moved; with Xvfb and xdotool the installed app opens
# with a model and reads a 1.
#
# usage: test_install.sh MESON SOURCE_ROOT BUILD_ROOT VERSION BINDIR DATADIR MANDIR
#   (BINDIR, DATADIR and MANDIR absolute, as configured: prefix joined with the option)
set -u
if [ $# -ne 7 ]; then
    echo "usage: test_install.sh MESON SOURCE_ROOT BUILD_ROOT VERSION BINDIR DATADIR MANDIR" >&2
    exit 2
fi
meson=$1 src=$2 build=$3 version=$4 bindir=$5 datadir=$6 mandir=$7
unset SCRATCHNET_MODELS SCRATCHNET_ASSETS SCRATCHNET_DATADIR DESTDIR

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_name=test_install
tmp=$(mktemp -d)
xvfb_pid=
app_pid=
trap gui_cleanup EXIT
failures=0
check_fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

# ---- the install ----
stage=$tmp/stage
if ! "$meson" install -C "$build" --destdir "$stage" --no-rebuild --quiet >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    fail "meson install --destdir failed"
fi
ok "meson install --destdir $stage"
bin=$stage$bindir
share=$stage$datadir/scratchnet
man1=$stage$mandir/man1

for p in scratchnet scratchnet-draw; do
    [ -x "$bin/$p" ] || check_fail "$bin/$p is not installed"
done
n=0
for m in "$src"/models/*.json; do
    n=$((n + 1))
    cmp -s "$m" "$share/models/$(basename "$m")" ||
        check_fail "models/$(basename "$m") is not installed as it is in the source tree"
done
[ "$n" -ge 1 ] || check_fail "no models in $src/models"
for f in DejaVuSans.ttf DejaVuSans-Bold.ttf LICENSE-DejaVu.txt; do
    cmp -s "$src/assets/$f" "$share/assets/$f" || check_fail "assets/$f is not installed"
done
for d in mnist-subset fashion-mnist-subset; do
    for f in README.md {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz; do
        cmp -s "$src/$d/$f" "$share/$d/$f" || check_fail "$d/$f is not installed"
    done
done
extra=$(cd "$share" && find . -type f | sort | grep -vE '^\./(models/[^/]+\.json|assets/(DejaVuSans(-Bold)?\.ttf|LICENSE-DejaVu\.txt)|(fashion-)?mnist-subset/(README\.md|(train|t10k)-(images-idx3|labels-idx1)-ubyte\.gz))$')
[ -z "$extra" ] || check_fail "unexpected files in $share: $extra"
ok "programs, $n models, the MNIST and Fashion-MNIST subsets, fonts and licence are in place"

# ---- desktop entry and icon ----
desktop=$stage$datadir/applications/scratchnet-draw.desktop
if [ -f "$desktop" ]; then
    for line in 'Type=Application' 'Exec=scratchnet-draw %f' 'Icon=scratchnet-draw' \
        'Terminal=false' 'Categories=Education;Science;'; do
        grep -qxF -- "$line" "$desktop" || check_fail "the desktop entry lacks the line $line"
    done
    grep -qE '^Comment=.{20,}' "$desktop" || check_fail "the desktop entry has no real Comment"
    if command -v desktop-file-validate >/dev/null 2>&1; then
        # hints (such as two main categories, asked for here) are not faults
        if ! desktop-file-validate "$desktop" >"$tmp/dfv" 2>&1 ||
            grep -qE '(error|warning):' "$tmp/dfv"; then
            check_fail "desktop-file-validate: $(cat "$tmp/dfv")"
        else
            ok "desktop-file-validate accepts the desktop entry"
        fi
    else
        echo "note: desktop-file-validate not found (apt-get install desktop-file-utils)"
    fi
else
    check_fail "$desktop is not installed"
fi
icons=$stage$datadir/icons/hicolor
svg=$icons/scalable/apps/scratchnet-draw.svg
{ [ -f "$svg" ] && grep -q '<svg ' "$svg" && grep -q 'viewBox=' "$svg"; } ||
    check_fail "no SVG icon at $svg"
# png_size FILE: "WIDTHxHEIGHT" from the PNG header (signature, then IHDR's two 32-bit sizes)
png_size() {
    [ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = 89504e470d0a1a0a ] || { echo "not a PNG"; return; }
    local w h
    w=$(od -An -tu1 -j16 -N4 "$1" | awk '{print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4}')
    h=$(od -An -tu1 -j20 -N4 "$1" | awk '{print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4}')
    echo "${w}x$h"
}
for s in 48x48 128x128 256x256; do
    png=$icons/$s/apps/scratchnet-draw.png
    if [ -f "$png" ]; then
        got=$(png_size "$png")
        [ "$got" = "$s" ] || check_fail "$png is $got, expected $s"
    else
        check_fail "$png is not installed"
    fi
done
ok "desktop entry and icons checked"

# ---- manual pages ----
for p in scratchnet scratchnet-draw; do
    page=$man1/$p.1
    [ -f "$page" ] || { check_fail "$page is not installed"; continue; }
    grep -q '@VERSION@\|@DATADIR@' "$page" && check_fail "$page: placeholders left unfilled"
    grep -q "^\.TH .*\"scratchnet $version\"" "$page" || check_fail "$page: no version $version in .TH"
    if command -v groff >/dev/null 2>&1; then
        for width in 65 80; do
            groff -man -Tutf8 -ww -z -rLL=${width}n "$page" >"$tmp/groff" 2>&1
            [ -s "$tmp/groff" ] && check_fail "groff warns about $p.1 at $width columns: $(head -5 "$tmp/groff")"
        done
    else
        echo "note: groff not found: $p.1 not rendered (apt-get install groff-base)"
    fi
done
# every option a --help lists is in the page: "--step-every" is written "\-\-step\-every" in roff
documented() { # PAGE HELP-OUTPUT-FILE WHAT
    local opt
    for opt in $(grep -oE -- '--[a-z][a-z-]*' "$2" | sort -u); do
        grep -qF -- "${opt//-/\\-}" "$1" || check_fail "$(basename "$1"): $3 lists $opt, the page does not"
    done
}
if [ -f "$man1/scratchnet.1" ]; then
    for cmd in train eval predict info plot bench; do
        "$bin/scratchnet" "$cmd" --help >"$tmp/help" 2>&1 || check_fail "scratchnet $cmd --help failed"
        documented "$man1/scratchnet.1" "$tmp/help" "scratchnet $cmd --help"
        grep -q "^\.SS $cmd\$" "$man1/scratchnet.1" || check_fail "scratchnet.1 has no section for $cmd"
    done
fi
if [ -f "$man1/scratchnet-draw.1" ]; then
    "$bin/scratchnet-draw" --help >"$tmp/help" 2>&1
    documented "$man1/scratchnet-draw.1" "$tmp/help" "scratchnet-draw --help"
fi
ok "manual pages checked"

# ---- the installed programs, with no SCRATCHNET_* variable ----
for p in scratchnet scratchnet-draw; do
    got=$("$bin/$p" --version 2>&1)
    [ "$got" = "$p $version" ] || check_fail "$p --version says '$got', expected '$p $version'"
done
ok "--version of both programs says $version"

# folders DRAW-BINARY: "models FONTS" as scratchnet-draw --help resolves them
folders() {
    "$1" --help >"$tmp/draw-help" 2>&1 || check_fail "$1 --help failed"
    echo "$(sed -n 's/^models: //p' "$tmp/draw-help")|$(sed -n 's/^fonts: //p' "$tmp/draw-help")"
}
# installed_run ROOT: the installed programs under ROOT find their own data and classify a 7
installed_run() {
    local root=$1 b=$1$bindir got models fonts
    got=$(folders "$b/scratchnet-draw")
    models=${got%|*} fonts=${got#*|}
    [ "$models" = "$root$datadir/scratchnet/models" ] ||
        check_fail "scratchnet-draw --help: models '$models', expected $root$datadir/scratchnet/models"
    [ "$fonts" = "$root$datadir/scratchnet/assets" ] ||
        check_fail "scratchnet-draw --help: fonts '$fonts', expected $root$datadir/scratchnet/assets"
    case "$models$fonts" in *"$src"*) check_fail "the installed app reads the source tree" ;; esac
    (cd "$tmp" && "$b/scratchnet" predict "$src/tests/data/mnist-test-0-seven.pgm") >"$tmp/out" 2>&1
    grep -q "mnist-test-0-seven.pgm: 7 (" "$tmp/out" ||
        check_fail "installed predict with its default model: $(head -2 "$tmp/out")"
    "$b/scratchnet" predict --help >"$tmp/out" 2>&1
    grep -qF "(default: $root$datadir/scratchnet/models/mnist-cnn.json)" "$tmp/out" ||
        check_fail "installed predict --help: $(grep -- --model "$tmp/out")"
}
installed_run "$stage"
ok "installed: scratchnet-draw finds its models and fonts in the install, predict reads a 7"

# the environment still wins over the install
got=$(SCRATCHNET_DATADIR="$tmp/elsewhere" folders "$bin/scratchnet-draw")
[ "$got" = "$tmp/elsewhere/models|$tmp/elsewhere/assets" ] || check_fail "SCRATCHNET_DATADIR: $got"
got=$(SCRATCHNET_MODELS="$tmp/m" SCRATCHNET_ASSETS="$tmp/a" folders "$bin/scratchnet-draw")
[ "$got" = "$tmp/m|$tmp/a" ] || check_fail "SCRATCHNET_MODELS and SCRATCHNET_ASSETS: $got"
SCRATCHNET_ASSETS="$tmp/no-fonts" DISPLAY= "$bin/scratchnet-draw" >"$tmp/out" 2>"$tmp/err"
rc=$?
{ [ "$rc" = 1 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "$tmp/no-fonts/DejaVuSans.ttf" "$tmp/err"; } ||
    check_fail "missing fonts: exit $rc, stderr: $(cat "$tmp/err")"
ok "SCRATCHNET_DATADIR, SCRATCHNET_MODELS and SCRATCHNET_ASSETS override the install"

# a moved tree still finds its own data (the folder next to the program, not the prefix)
mv "$stage" "$tmp/moved"
stage=$tmp/moved
bin=$stage$bindir
installed_run "$stage"
ok "after moving the installed tree, the programs find their data in its new place"

# ---- the installed app in a window ----
missing=$(gui_missing_tools)
if [ -n "$missing" ]; then
    if [ "${SCRATCHNET_REQUIRE_GUI:-0}" = 1 ]; then
        check_fail "missing:$missing (install xvfb and xdotool; SCRATCHNET_REQUIRE_GUI=1 forbids skipping)"
    else
        echo "note: the window check needs$missing (apt-get install xvfb xdotool)"
    fi
else
    gui_start_xvfb
    # gui_lib's start points SCRATCHNET_MODELS at an empty folder: run through a wrapper that
    # clears it, so the installed app looks up its models itself
    exe=$tmp/installed-draw
    printf '#!/bin/sh\nunset SCRATCHNET_MODELS SCRATCHNET_ASSETS SCRATCHNET_DATADIR\nexec "%s" "$@"\n' \
        "$bin/scratchnet-draw" >"$exe"
    chmod +x "$exe"
    start "the installed app"
    dash="scratchnet-draw —"
    expect_title "$dash draw a digit\$" "the installed app at start (a model loaded)"
    xdotool mousemove --window "$wid" "$cx" $((cy - half * 3 / 4)) mousedown 1
    for k in $(seq 1 30); do
        xdotool mousemove --window "$wid" "$cx" $((cy - half * 3 / 4 + k * half * 3 / 2 / 30))
    done
    xdotool mouseup 1
    expect_title "$dash 1 \([0-9]+%\)\$" "the installed app after drawing a 1"
    ok "the installed app opens with its models and reads a drawn 1: $(title)"
    xdotool key --clearmodifiers Escape # with a drawing on the canvas the first Esc asks
    sleep 0.5
    kill -0 "$app_pid" 2>/dev/null || check_fail "Esc with a drawing on the canvas quit without asking"
    quit_with_esc "the installed app, Esc a second time"
fi

if [ "$failures" -gt 0 ]; then
    echo "$failures failures"
    exit 1
fi
echo "all checks passed"
