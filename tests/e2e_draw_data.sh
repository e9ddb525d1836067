#!/usr/bin/env bash
# e2e_draw_data.sh - the Data view as the app draws it: the test digits, the model's mistakes,
# its confusion matrix, and a test digit put on the canvas.
#
# usage: e2e_draw_data.sh EXE MODEL.json
#
# One run of the app in Xvfb (a 1280x720 screen, the window full screen on it) with one MNIST
# model, the layout probe ($SCRATCHNET_LAYOUT_PROBE) saying where the view's parts are. D opens
# the Data view; its answers to every test digit come from the background thread, and the view
# settles. Right shows another digit, Left the first again (the same picture); Down shows the
# mistakes only (another picture), Down again every digit. A click on the matrix's cell "4 read
# as 4" shows the 4s the model reads, Next (its button) the next of them; Enter puts the one
# shown on the canvas and the bars read it (the title says 4), Ctrl+Z takes it off (the title
# asks for a digit again). A click on the same cell again shows every digit; one on the cell "9
# read as 4" its digits, and Edit on canvas (its button) puts one on the canvas. Screenshots of the
# view (after the cell's digit went onto the canvas) go to $SCRATCHNET_E2E_OUT (default: .), and
# of the screen at a failure.
# Without Xvfb or xdotool it skips (77), unless SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_e2e_args e2e_draw_data "" "$@"
probe=${SCRATCHNET_LAYOUT_PROBE:?the layout probe}

gui_require_tools import:imagemagick
gui_start_xvfb 1280x720

start "data" "${models[@]}"
gui_full_screen 1280x720 # no window manager: the window covers the screen
"$probe" "$W" "$H" 1 data "${models[0]}" >"$tmp/layout" || fail "$probe $W $H 1 data failed"

# take RECT NAME: the layout's rectangle RECT as $tmp/NAME.ppm; its checksum into got
take() {
    local x y w h
    read -r x y w h < <(at "$1")
    import -window "$wid" -crop "${w}x${h}+${x}+${y}" "ppm:$tmp/$2.ppm" ||
        fail "import could not take $2"
    got=$(md5sum <"$tmp/$2.ppm" | cut -c1-32)
}
# settle_at RECT NAME WHAT: RECT taken every half second until two in a row are the same (for
# up to 60 s: the answers come from the background thread), as $tmp/NAME.ppm
settle_at() {
    local prev=
    for _ in $(seq 120); do
        sleep 0.5
        take "$1" "$2"
        [ "$got" = "$prev" ] && return 0
        prev=$got
    done
    fail "$2: the $3 never settled"
}
# changed RECT NAME WHAT: RECT taken until it differs from $last (up to 10 s); last is it then
changed() {
    for _ in $(seq 50); do
        sleep 0.2
        take "$1" "$2"
        [ "$got" != "$last" ] && break
    done
    [ "$got" != "$last" ] || fail "$3: $1 did not change"
    last=$got
}

expect_title "$dash draw a digit\$" "at start"
take view_body closed
last=$got
xdotool key --clearmodifiers d
changed view_body opened "D"
# the answers land: the matrix and the first digit show, and stay
settle_at view_body answered "Data view"
take data_image first
first=$got
last=$got
grep -q . "$tmp/app.err" && fail "the app wrote to stderr: $(head -n 3 "$tmp/app.err")"

xdotool key --clearmodifiers Right
changed data_image second "Right"
xdotool key --clearmodifiers Left
changed data_image first-again "Left"
[ "$got" = "$first" ] || fail "Left did not show the first digit again"

take view_body all
last=$got
xdotool key --clearmodifiers Down
changed view_body mistakes "Down (mistakes only)"
mistakes=$got
xdotool key --clearmodifiers Down
changed view_body all-again "Down again (every digit)"
[ "$got" != "$mistakes" ] || fail "Down again still shows the mistakes"

# the cell "4 read as 4": the 4s the model reads, surest first; the next of them
click cell_4_4
changed view_body cell "a click on the cell 4 read as 4"
take data_image cell-first
last=$got
click data_next
changed data_image cell-next "Next"
# Enter: the digit shown onto the canvas, and the bars read it
xdotool key --clearmodifiers Return
expect_title "$dash 4 \(" "after Enter put a 4 read as 4 on the canvas"
shot "$wid" e2e_draw_data.png
xdotool key --clearmodifiers ctrl+z
expect_title "$dash draw a digit\$" "after Ctrl+Z took the digit off the canvas"
# the same cell again: every digit
take view_body cell-shown
last=$got
click cell_4_4
changed view_body every "a second click on the cell"
# a mistake's cell, "9 read as 4" (the shipped model on the shipped subset reads two 9s so):
# its digit onto the canvas is read as something
click cell_9_4
changed view_body nine-as-four "a click on the cell 9 read as 4"
click data_edit
expect_title "$dash ([0-9]|not sure|not a digit)" "after Edit on canvas put a 9 read as 4 there"

quit_with ctrl+q
echo "e2e_draw_data: ok"
