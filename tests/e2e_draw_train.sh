#!/usr/bin/env bash
# e2e_draw_train.sh - the Train view as a user drives it: a network learns from random weights in
# the window, is paused, saved, and the saved model joins the Tab cycle.
#
# usage: e2e_draw_train.sh EXE MODEL.json
#
# One run of the app in Xvfb (a 1280x720 screen, the window full screen on it) with the model
# given, the layout probe ($SCRATCHNET_LAYOUT_PROBE) saying where the train view's parts are.
# T opens the view (its body changes); a click on its Start button starts the seed network's
# training: the state line keeps changing, and so do both curves. A Z is drawn meanwhile (the
# bars answer). Space pauses: the state line then holds still. Shift+S saves: a model file with
# its test accuracy appears in the user's data folder ($XDG_DATA_HOME/scratchnet/models, in the
# scratch folder). Tab goes from the paused training model to the saved one, whose bars for the
# scribble are those of the paused network (the same weights), then to the model given, whose
# bars differ, then Tab twice back to the saved model's. Screenshots of the view training and paused
# go to $SCRATCHNET_E2E_OUT (default: .), and of the screen at a failure.
# Without Xvfb or xdotool it skips (77), unless SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_e2e_args e2e_draw_train "" "$@"
probe=${SCRATCHNET_LAYOUT_PROBE:?the layout probe}

gui_require_tools import:imagemagick
gui_start_xvfb 1280x720

start "train" "${models[@]}"
gui_full_screen 1280x720 # no window manager: the window covers the screen
"$probe" "$W" "$H" 1 7 >"$tmp/layout" || fail "$probe $W $H 1 7 failed"

# grab RECT NAME: the layout's rectangle RECT of the window as $tmp/NAME.ppm; its checksum in got
grab() {
    local x y w h
    read -r x y w h < <(at "$1")
    [ -n "$x" ] || fail "the layout has no '$1'"
    import -window "$wid" -crop "${w}x${h}+${x}+${y}" "ppm:$tmp/$2.ppm" || fail "import: $2"
    got=$(md5sum <"$tmp/$2.ppm" | cut -c1-32)
}
# changes RECT WHAT: the rectangle changes within 10 s (taken twice, half a second apart)
changes() {
    local first
    grab "$1" "$1-a"
    first=$got
    for _ in $(seq 20); do
        sleep 0.5
        grab "$1" "$1-b"
        [ "$got" != "$first" ] && return 0
    done
    fail "$2: $1 did not change in 10 s"
}
# settles RECT WHAT: taken every half second until two in a row are the same (up to 15 s)
settles() {
    local prev=
    for _ in $(seq 30); do
        sleep 0.5
        grab "$1" "$1-s"
        [ "$got" = "$prev" ] && return 0
        prev=$got
    done
    fail "$2: $1 never held still"
}

# T opens the view: its body differs from the area there before
grab view_body before
before=$got
xdotool key --window "$wid" t
for _ in $(seq 50); do
    sleep 0.2
    grab view_body opened
    [ "$got" != "$before" ] && break
done
[ "$got" != "$before" ] || fail "T: the train view did not open"
echo "ok   T opens the train view"

# its Start button: the seed network trains, the state line and both curves move on
click train_run
changes train_state "training after a click on Start"
changes train_cost "the cost curve while training"
changes train_accuracy "the accuracy curve while training"
echo "ok   Start: the state line and both curves change as it trains"

# a scribble drawn while it trains gets an answer (a Z: no model is sure of it, so two models'
# bars differ)
stroke $((cx - half / 2)) $((cy - half / 2)) $((cx + half / 2)) $((cy - half / 3)) \
    $((cx - half / 2)) $((cy + half / 3)) $((cx + half / 2)) $((cy + half / 2))
expect_title "$dash " "the scribble drawn while training"
shot "$wid" e2e-draw-train-training.png

# Space pauses: the state line holds still
xdotool key --window "$wid" space
settles train_state "paused"
held=$got
sleep 1.5
grab train_state paused-later
[ "$got" = "$held" ] || fail "paused: the state line still changes"
echo "ok   Space pauses: the state line holds"
shot "$wid" e2e-draw-train-paused.png
grab bars bars-training
bars_training=$got

# Shift+S saves into the user's data folder
xdotool key --window "$wid" shift+s
saved=
for _ in $(seq 100); do
    saved=$(ls "$tmp/data/scratchnet/models/"seed-live-*.json 2>/dev/null | head -n 1)
    [ -n "$saved" ] && break
    sleep 0.1
done
[ -n "$saved" ] || fail "Shift+S: no seed-live-*.json in $tmp/data/scratchnet/models"
grep -q '"test_accuracy"' "$saved" || fail "$saved: no test accuracy recorded"
echo "ok   Shift+S saved $(basename "$saved")"

# the Tab cycle: the training model, the saved one (the same weights: the same bars), the model
# given (other bars), then the training model again and the saved one again
sleep 1 # the message and the list settle
xdotool key --window "$wid" Tab
settles bars "Tab to the saved model"
[ "$got" = "$bars_training" ] || fail "the saved model's bars differ from the paused network's"
xdotool key --window "$wid" Tab
settles bars "Tab to the model given"
[ "$got" != "$bars_training" ] || fail "the model given reads the scribble as the trained one does"
xdotool key --window "$wid" Tab Tab
settles bars "Tab back to the saved model"
[ "$got" = "$bars_training" ] || fail "back at the saved model, its bars changed"
echo "ok   the saved model is in the Tab cycle with the trained network's answer"

quit_with ctrl+q "" "quitting while a network is trained"
echo "ok   Ctrl+Q quits while the training thread runs"
