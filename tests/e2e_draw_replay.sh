#!/usr/bin/env bash
# e2e_draw_replay.sh - replay (R) as the app shows it: a partial drawing, then the whole one.
#
# usage: e2e_draw_replay.sh EXE MODEL.json
#
# One run of the app in Xvfb (1280x720). A stroke is drawn slowly with xdotool (about 2 s of
# pointer moves, the app recording each point's time), then R replays it: shortly after, the
# canvas holds clearly less ink than the drawing (screenshot e2e-replay-partial.png), and once
# the replay is over all of it again (e2e-replay-full.png, the chart beside it). R, then a key,
# stops a replay at once with the whole drawing back; so does a click. Screenshots go to
# $SCRATCHNET_E2E_OUT (default: .), and of the screen at a failure.
# Without Xvfb, xdotool or ImageMagick it skips (77), unless SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_e2e_args e2e_draw_replay "" "$@"
gui_require_tools import:imagemagick convert:imagemagick
gui_start_xvfb 1280x720

start "replay" "${models[@]}"
gui_full_screen 1280x720 # no window manager: the window covers the screen

# ink: the share of the screen's pixels that are near white (the canvas's ink; the chart and
# the tags are coloured or grey), in parts per million, from a screenshot saved as $out/$1
ink() {
    import -window root "$out/$1" || fail "import could not take $1"
    convert "$out/$1" -colorspace Gray -threshold 92% -format '%[fx:int(mean*1000000)]' info:
}

# a 7, slowly: the bar, then the stem, each point 25 ms after the one before
xdotool mousemove --window "$wid" $((cx - half / 2)) $((cy - half / 2)) mousedown 1
for i in $(seq 1 30); do
    xdotool mousemove --window "$wid" $((cx - half / 2 + i * half / 30)) $((cy - half / 2))
    sleep 0.025
done
for i in $(seq 1 40); do
    xdotool mousemove --window "$wid" $((cx + half / 2 - i * half / 80)) $((cy - half / 2 + i * half / 30))
    sleep 0.025
done
xdotool mouseup 1
sleep 0.5
expect_title "${dash} .*7" "the drawn 7"
drawn=$(ink e2e-replay-drawn.png)
[ "$drawn" -gt 1000 ] || fail "the drawing shows no ink ($drawn ppm)"

xdotool key --clearmodifiers r
sleep 0.5
part=$(ink e2e-replay-partial.png)
sleep 3.5 # the drawing took about 2.5 s
# the chart beside the canvas makes it smaller: the whole drawing's ink is measured with it
whole=$(ink e2e-replay-full.png)
echo "     ink: drawn $drawn ppm (no chart), 0.5 s into the replay $part ppm, after it $whole ppm"
[ "$part" -gt 0 ] || fail "0.5 s into the replay the canvas is empty"
[ $((part * 10)) -lt $((whole * 8)) ] || fail "0.5 s into the replay the canvas holds $part ppm of ink, not less than the whole drawing's $whole"
echo "     screenshots: $out/e2e-replay-partial.png, $out/e2e-replay-full.png"

# a key stops a replay at once, a click too: the whole drawing back
xdotool key --clearmodifiers r
sleep 0.3
xdotool key --clearmodifiers Right
sleep 0.3
stopped=$(ink e2e-replay-stopped.png)
[ $((stopped * 10)) -ge $((whole * 9)) ] || fail "a key did not stop the replay: $stopped ppm of ink, the drawing $whole"
xdotool key --clearmodifiers r
sleep 0.3
xdotool mousemove --window "$wid" $((W - 20)) 20 click 1
sleep 0.3
stopped=$(ink e2e-replay-clicked.png)
[ $((stopped * 10)) -ge $((whole * 9)) ] || fail "a click did not stop the replay: $stopped ppm of ink, the drawing $whole"
expect_title "${dash} .*7" "the 7 after the replays"
rm -f "$out/e2e-replay-drawn.png" "$out/e2e-replay-stopped.png" "$out/e2e-replay-clicked.png"

quit_with ctrl+q
echo "e2e_draw_replay: ok"
