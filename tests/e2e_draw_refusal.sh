#!/usr/bin/env bash
# e2e_draw_refusal.sh - scratchnet-draw says "not a digit" when its model refuses the answer.
#
# usage: e2e_draw_refusal.sh EXE MODEL.json [FASHION_MODEL.json]
#
# In Xvfb (a 4K screen): a copy of MODEL.json given a refusal rule that refuses almost anything
# (top probability below 0.999) reads a drawn "A" as "not a digit" in the window title, in a
# window of 1280x720 and in full screen at 3840x2160 (a screenshot of each, and of the help,
# go to $SCRATCHNET_E2E_OUT); C clears the words. MODEL.json itself, without a rule, names a
# digit for a drawn 1. A copy of the Fashion-MNIST model given the rule says "none of these
# classes".
# Without Xvfb or xdotool it skips (77), unless SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_e2e_args e2e_draw_refusal "" "$@"

# with_rule MODEL OUT: MODEL with a refusal rule that refuses any top probability below 0.999
# (in place of the rule it has: a model file writes its rule on one line of its own)
with_rule() {
    sed -e '/^  "refusal": /d' -e '0,/{/s//{"refusal":{"rule":"top-probability","below":0.999},/' \
        "$1" >"$2"
    grep -q '"below":0.999' "$2" || fail "could not give $1 a refusal rule"
}

gui_require_tools
gui_start_xvfb 3840x2160

# canvas_at: the canvas's middle and half-side for the window's present size (as start does)
canvas_at() {
    read -r W H < <(xdotool getwindowgeometry --shell "$wid" | awk -F= '/^WIDTH/{w=$2} /^HEIGHT/{h=$2} END{print w, h}')
    cx=$((H * 44 / 100))
    cy=$((H * 45 / 100))
    half=$((H * 40 / 100))
}

# line X0 Y0 X1 Y1: a stroke in 30 moves, in units of half the canvas from its middle
line() {
    local pts
    pts=$(awk -v x="$cx" -v y="$cy" -v h="$half" -v a="$1" -v b="$2" -v c="$3" -v d="$4" \
        'BEGIN { for (i = 0; i <= 30; i++) printf "%d %d ", x + h*(a + (c-a)*i/30), y + h*(b + (d-b)*i/30) }')
    # shellcheck disable=SC2086 # the points, one word each
    stroke $pts
}

draw_a() { # a capital A: two slanted strokes and the bar
    line -0.55 0.8 0 -0.8
    line 0 -0.8 0.55 0.8
    line -0.3 0.15 0.3 0.15
}

# resize W H: the window to W x H pixels (no window manager: the app follows at once)
resize() {
    xdotool windowsize "$wid" "$1" "$2"
    for _ in $(seq 50); do
        canvas_at
        [ "$W" = "$1" ] && [ "$H" = "$2" ] && return 0
        sleep 0.1
    done
    fail "the window is ${W}x${H}, expected $1x$2"
}

# ---- a model with a rule refuses a drawn letter ----
with_rule "${models[0]}" "$tmp/refusing.json"
start "a model that refuses" "$tmp/refusing.json"
resize 1280 720
expect_title "$dash draw a digit\$" "at start"
draw_a
expect_title "$dash not a digit\$" "after drawing an A with a model that refuses it"
echo "ok   a drawn A, refused: $(title)"
shot "$wid" e2e_draw_refusal-1280x720.png
xdotool key --clearmodifiers h
shot "$wid" e2e_draw_refusal-help.png
xdotool key --clearmodifiers Escape # closes the help (H would show its next page)

xdotool key --clearmodifiers F11
screen=$(xdotool getdisplaygeometry | tr ' ' x)
for _ in $(seq 50); do canvas_at; [ "${W}x${H}" = "$screen" ] && break; sleep 0.1; done
[ "${W}x${H}" = "$screen" ] || fail "F11: the window is ${W}x${H}, expected the screen's $screen"
title | grep -qE "$dash not a digit\$" || fail "in full screen the title is '$(title)'"
# the window's background reaches the screen's far corner once the app drew at the new size
if command -v import >/dev/null 2>&1; then
    for _ in $(seq 50); do
        corner=$(import -window root -crop "1x1+$((W - 2))+$((H - 2))" +repage -depth 8 txt:- |
                 grep -o '#[0-9A-F]\{6\}' | head -n 1)
        [ "$corner" = "#101218" ] && break
        sleep 0.2
    done
    [ "$corner" = "#101218" ] || fail "in full screen the far corner is $corner, not the window's background"
fi
shot root e2e_draw_refusal-3840x2160.png
xdotool key --clearmodifiers c
expect_title "$dash draw a digit\$" "after C"
echo "ok   C clears the refusal: $(title)"
quit_with ctrl+q "" "the refusing model"

# ---- the model as shipped: a drawn A is not a digit, a drawn 1 is ----
start "the model as shipped" "${models[0]}"
canvas_at
draw_a
expect_title "$dash not a digit\$" "after drawing an A with ${models[0]}"
echo "ok   the model as shipped refuses the drawn A: $(title)"
xdotool key --clearmodifiers c
expect_title "$dash draw a digit\$" "after C with ${models[0]}"
line 0 -0.75 0 0.75
expect_title "$dash 1 \([0-9]+%\)\$" "after drawing a 1 with ${models[0]}"
echo "ok   the model as shipped names the drawn 1: $(title)"
quit_with ctrl+q "" "the model as shipped"

# ---- a model of other classes with a rule: none of these classes ----
if [ "${#models[@]}" -ge 2 ]; then
    with_rule "${models[1]}" "$tmp/fashion-refusing.json"
    start "a Fashion-MNIST model that refuses" "$tmp/fashion-refusing.json"
    canvas_at
    expect_title "$dash draw something\$" "at start with the Fashion-MNIST model"
    draw_a
    expect_title "$dash none of these classes\$" "after drawing an A with the Fashion-MNIST model"
    shot "$wid" e2e_draw_refusal-fashion.png
    echo "ok   the Fashion-MNIST model with a rule: $(title)"
    quit_with ctrl+q "" "the refusing Fashion-MNIST model"
fi
exit 0
