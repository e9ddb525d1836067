#!/usr/bin/env bash
# e2e_bench_frames.sh - scratchnet-draw --bench-frames: bad options are a usage error (exit 2)
# without a display; in Xvfb the benchmark draws its scripted strokes in a window of the size
# asked (and by default of the whole screen; with --view unit the layers view with a unit up
# close, with --saliency the saliency over the canvas, with --view train while the seed network
# trains, saying how many digits it trained meanwhile) and prints well-formed, sane figures: at least
# 500 moves timed, 0 < median <= p95 <= max, the software renderer. No timing threshold: how
# fast frames are is for the benchmark to tell, not for a test to judge.
#
# usage: e2e_bench_frames.sh EXE MODELS_DIR   (MODELS_DIR holds mnist-cnn.json)
# Without Xvfb or xdotool the window part skips (77), unless SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_name=e2e_bench_frames
if [ $# -ne 2 ]; then
    echo "usage: e2e_bench_frames.sh EXE MODELS_DIR" >&2
    exit 2
fi
exe=$(abs "$1")
models_dir=$(abs "$2")
tmp=$(mktemp -d)
xvfb_pid=
app_pid=
trap gui_cleanup EXIT
[ -x "$exe" ] || fail "$exe: not an executable"
[ -r "$models_dir/mnist-cnn.json" ] || fail "$models_dir/mnist-cnn.json: not found"

# ---- bad options: one line naming the problem, the usage, exit 2 ----

# bad WHAT PATTERN ARGS...: expects exit 2 and a first line on stderr matching PATTERN
bad() {
    local what=$1 pattern=$2
    shift 2
    DISPLAY= "$exe" "$@" >"$tmp/bad.out" 2>"$tmp/bad.err"
    local rc=$?
    [ "$rc" = 2 ] || fail "$what: exited with $rc, expected 2: $(cat "$tmp/bad.err")"
    head -n 1 "$tmp/bad.err" | grep -qE -- "$pattern" ||
        fail "$what: first line is '$(head -n 1 "$tmp/bad.err")', expected /$pattern/"
    grep -q "^usage:" "$tmp/bad.err" || fail "$what: no usage line"
    echo "ok   $what: $(head -n 1 "$tmp/bad.err")"
}
bad "a size too small" "--size '10x10'" --bench-frames --size 10x10
bad "a size that is not WxH" "--size '800'" --bench-frames --size 800
bad "--size without a value" "--size needs" --bench-frames --size
bad "--size without --bench-frames" "goes with --bench-frames" --size 800x600

# ---- the window ----

gui_require_tools
gui_start_xvfb
unset SDL_RENDER_DRIVER # the benchmark asks for the software renderer itself

# value NAME: the value of the "NAME: value" line of the last run's output
value() { sed -n "s/^$1: //p" "$tmp/bench.out"; }

# run_bench WHAT WIDTH HEIGHT ARGS...: runs the benchmark and checks what it printed
run_bench() {
    local what=$1 w=$2 h=$3
    shift 3
    (cd "$tmp/work" && timeout 200 "$exe" --models "$models_dir" --bench-frames "$@") \
        >"$tmp/bench.out" 2>"$tmp/app.err"
    local rc=$?
    [ "$rc" = 0 ] || fail "$what: exited with $rc: $(cat "$tmp/bench.out")"
    [ "$(value window)" = "$w x $h pixels" ] ||
        fail "$what: window is '$(value window)', expected '$w x $h pixels'"
    [ "$(value renderer)" = software ] || fail "$what: renderer is '$(value renderer)'"
    value model | grep -q "^mnist-cnn" || fail "$what: model is '$(value model)'"
    value measured | grep -q "SDL_RenderPresent" || fail "$what: no line says what is measured"
    local moves median p95 max
    moves=$(value moves)
    median=$(value median)
    p95=$(value p95)
    max=$(value max)
    [[ "$moves" =~ ^[0-9]+$ ]] || fail "$what: moves is '$moves'"
    [ "$moves" -ge 500 ] || fail "$what: only $moves moves timed, expected at least 500"
    for v in "$median" "$p95" "$max"; do
        [[ "$v" =~ ^[0-9]+\.[0-9]+\ ms$ ]] || fail "$what: '$v' is not a time in ms"
    done
    awk -v a="${median% ms}" -v b="${p95% ms}" -v c="${max% ms}" \
        'BEGIN { exit !(a > 0 && a <= b && b <= c) }' ||
        fail "$what: expected 0 < median <= p95 <= max, got $median, $p95, $max"
    echo "ok   $what: $moves moves, median $median, p95 $p95, max $max"
}
run_bench "--size 640x480" 640 480 --size 640x480
run_bench "the whole screen by default" 1280 800
run_bench "--view unit --saliency" 640 480 --size 640x480 --view unit --saliency
value model | grep -q "(view open: layers, a unit up close, saliency on)$" ||
    fail "--view unit --saliency: model is '$(value model)', expected them named"
# with training going: the train view open, the seed network learning while every move is timed
run_bench "--view train" 640 480 --size 640x480 --view train
value model | grep -q "(view open: train)$" || fail "--view train: model is '$(value model)'"
value training | grep -qE "^the seed network, the active model, trained [1-9][0-9]* samples" ||
    fail "--view train: no samples trained while the moves were timed: '$(value training)'"
value "90% test accuracy" | grep -qE "^([0-9]+\.[0-9]+ s after Space|not reached)" ||
    fail "--view train: the time to 90 % is '$(value "90% test accuracy")'"
echo "ok   --view train: $(value training); 90 %: $(value "90% test accuracy")"
