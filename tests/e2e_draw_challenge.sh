#!/usr/bin/env bash
# e2e_draw_challenge.sh - challenge mode as the app shows it: rounds, the canvas, the table.
#
# usage: e2e_draw_challenge.sh EXE MODEL.json
#
# One run of the app in Xvfb (1280x720), the layout probe ($SCRATCHNET_LAYOUT_PROBE) saying
# where the canvas, the view body and the buttons are. A stroke is drawn; the Challenge button
# opens the mode on round 1 with a clear canvas and its prompt, clock and score table in the
# view area (e2e-challenge-round.png); a stroke then changes what the view says; Q skips to
# round 2, for the other team (the view changes, the canvas is clear again;
# e2e-challenge-table.png); Esc closes the mode (the canvas back to its size), Q opens it on
# round 3 and its Close button closes it. Screenshots go to $SCRATCHNET_E2E_OUT (default: .),
# and of the screen at a failure.
# Without Xvfb, xdotool or ImageMagick it skips (77), unless SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_e2e_args e2e_draw_challenge "" "$@"
probe=${SCRATCHNET_LAYOUT_PROBE:?the layout probe}
gui_require_tools import:imagemagick convert:imagemagick
gui_start_xvfb 1280x720

start "challenge" "${models[@]}"
gui_full_screen 1280x720 # no window manager: the window covers the screen
"$probe" "$W" "$H" 1 >"$tmp/closed" || fail "$probe $W $H 1 failed"
"$probe" "$W" "$H" 1 challenge >"$tmp/open" || fail "$probe $W $H 1 challenge failed"

# ink FILE: the share of the canvas (as laid out in FILE) that is near white, parts per million
ink() {
    local x y w h
    read -r x y w h < <(at "$1" canvas)
    import -window root -crop "${w}x${h}+${x}+${y}" +repage "$tmp/canvas.png" || fail "import failed"
    convert "$tmp/canvas.png" -colorspace Gray -threshold 92% -format '%[fx:int(mean*1000000)]' info:
}
# body: a checksum of the view body's pixels (and its picture as $tmp/body.png)
body() {
    local x y w h
    read -r x y w h < <(at open view_body)
    import -window root -crop "${w}x${h}+${x}+${y}" +repage "$tmp/body.png" || fail "import failed"
    convert "$tmp/body.png" -depth 8 rgb:- | md5sum | cut -d' ' -f1
}
# draw FILE: a stroke across the canvas as laid out in FILE
draw() {
    local x y w h args=()
    read -r x y w h < <(at "$1" canvas)
    args=(mousemove --window "$wid" $((x + w / 4)) $((y + h / 4)) mousedown 1)
    for i in $(seq 1 20); do
        args+=(mousemove --window "$wid" $((x + w / 4 + i * w / 40)) $((y + h / 4 + i * h / 40)))
    done
    xdotool "${args[@]}" mouseup 1
    sleep 0.5
}

draw closed
[ "$(ink closed)" -gt 1000 ] || fail "the stroke left no ink"
click closed challenge
sleep 0.8
[ "$(ink open)" -lt 200 ] || fail "round 1 did not start on a clear canvas: $(ink open) ppm of ink"
round1=$(body)
convert "$tmp/body.png" -colorspace Gray -format '%[fx:standard_deviation]' info: |
    awk '{ exit !($1 > 0.05) }' || fail "the challenge view is one flat colour"
shot root e2e-challenge-round.png
draw open
sleep 0.8
[ "$(ink open)" -gt 1000 ] || fail "a stroke in the round left no ink"
drawn=$(body)
[ "$drawn" != "$round1" ] || fail "the view did not change with the drawing (what the network says)"
xdotool key --clearmodifiers q
sleep 0.8
[ "$(ink open)" -lt 200 ] || fail "round 2 did not start on a clear canvas"
round2=$(body)
[ "$round2" != "$drawn" ] || fail "Q did not start round 2"
shot root e2e-challenge-table.png

xdotool key --clearmodifiers Escape
sleep 0.8
[ "$(ink closed)" -lt 200 ] || fail "Esc: the canvas is not back at its size, or not clear"
xdotool key --clearmodifiers q
sleep 0.8
round3=$(body)
[ "$round3" != "$round2" ] || fail "Q did not open round 3"
click open ch_close
sleep 0.8
closed=$(body)
[ "$closed" != "$round3" ] || fail "Close did not close the mode"
quit_with ctrl+q
echo "e2e_draw_challenge: ok"
