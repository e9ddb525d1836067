#!/usr/bin/env bash
# e2e_draw_collect.sh - a person's own digits, collected through the window.
#
# usage: e2e_draw_collect.sh EXE MODEL.json
#
# One run of the app in Xvfb (a 1280x720 screen, the window full screen on it), its data folder
# a scratch one (XDG_DATA_HOME, gui_lib.sh): never the user's. A stroke is drawn and Ctrl+3
# keeps it: drawings.jsonl then holds one line labelled 3 and the IDX pair beside it one image
# and the label 3. Cleared, another stroke is labelled by touch: the "Label it" tag over the
# canvas, then the digit button 5. Y opens the Yours view, which must show a picture (not one
# flat colour); a click on the 3's image picks it, O puts it on the canvas (the answer comes
# back), Ctrl+Delete deletes it (one line left, labelled 5), and the Delete button the 5 (an
# empty file, an IDX pair of no images). The app reads the collection again at its next start.
# Screenshots of the view and of the digit buttons go to $SCRATCHNET_E2E_OUT (default: .), and
# of the screen at a failure. Without Xvfb or xdotool it skips (77), unless
# SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_e2e_args e2e_draw_collect "" "$@"
probe=${SCRATCHNET_LAYOUT_PROBE:?the layout probe}

gui_require_tools import:imagemagick gzip:gzip od:coreutils
gui_start_xvfb 1280x720
data="$XDG_DATA_HOME/scratchnet"
jsonl="$data/drawings.jsonl"
case $jsonl in "$tmp"/*) ;; *) fail "the data folder $jsonl is not the scratch folder" ;; esac

# full screen on the 1280x720 screen, and where the app puts things there: the layouts closed (the
# view area shut) and open (the Yours view open), for at and click (gui_lib.sh)
full_screen() {
    gui_full_screen 1280x720 # no window manager: the window covers the screen
    "$probe" "$W" "$H" 1 >"$tmp/closed" || fail "$probe $W $H 1 failed"
    "$probe" "$W" "$H" 1 yours >"$tmp/open" || fail "$probe $W $H 1 yours failed"
}
start "collect" "${models[0]}"
full_screen

# draw FILE: a 3-like stroke on the canvas of that layout
draw() {
    local x y w h
    read -r x y w h < <(at "$1" canvas)
    stroke $((x + w * 3 / 10)) $((y + h / 5)) $((x + w * 6 / 10)) $((y + h / 5)) \
        $((x + w * 4 / 10)) $((y + h / 2)) $((x + w * 6 / 10)) $((y + h * 7 / 10)) \
        $((x + w * 3 / 10)) $((y + h * 8 / 10))
}
# drawn WHAT: waits up to 15 s for the title to give an answer, not "draw a digit"
drawn() {
    for _ in $(seq 150); do
        title | grep -q -- "$dash" && ! title | grep -q "draw a digit" && return 0
        sleep 0.1
    done
    fail "$1: the title is '$(title)', expected an answer"
}
# lines_are N LABELS WHAT: waits up to 10 s for the JSONL to hold N lines whose labels, in
# order, are LABELS ("3 5"), and the IDX labels file to match
lines_are() {
    local n=$1 want=$2 got idx
    for _ in $(seq 100); do
        got=$(sed -n 's/.*"label":\([0-9]\).*/\1/p' "$jsonl" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')
        idx=$(od -An -tu1 -j8 "$data/drawings-labels-idx1-ubyte" 2>/dev/null | tr -s ' \n' ' ' |
            sed 's/^ //; s/ $//')
        [ -f "$jsonl" ] && [ "$(wc -l <"$jsonl")" = "$n" ] && [ "$got" = "$want" ] &&
            [ "$idx" = "$want" ] && return 0
        sleep 0.1
    done
    fail "$3: the collection holds '$got' (IDX labels '$idx'), expected $n line(s): '$want'"
}

# Ctrl+3 keeps the drawing as a 3
draw closed
drawn "a drawn stroke"
[ -e "$jsonl" ] && fail "the collection exists before anything was labelled"
xdotool key --clearmodifiers ctrl+3
lines_are 1 "3" "Ctrl+3"
images=$(stat -c %s "$data/drawings-images-idx3-ubyte")
[ "$images" = $((16 + 784)) ] || fail "the IDX images file has $images bytes, expected 800"

# by touch: the Label it tag, then the digit 5
xdotool key c
expect_title "draw a digit" "C"
draw closed
drawn "the second stroke"
sleep 0.3
click closed label_tag
sleep 0.5
shot root e2e_collect_digit_buttons.png
click closed picker_5
lines_are 2 "3 5" "the tag and the digit button 5"
xdotool key c
expect_title "draw a digit" "C"

# the Yours view shows them; a click picks the 3, O puts it on the canvas
xdotool key y
read -r bx by bw bh < <(at open view_body)
for _ in $(seq 50); do
    sleep 0.2
    import -window "$wid" -crop "${bw}x${bh}+${bx}+${by}" "ppm:$tmp/yours.ppm" || fail "import"
    packed=$(gzip -c <"$tmp/yours.ppm" | wc -c)
    [ "$packed" -gt 4000 ] && break
done
[ "$packed" -gt 4000 ] || fail "Y: the view is one flat colour ($packed bytes packed)"
click open yours_tile_3
sleep 0.5
shot root e2e_collect_yours.png
xdotool key o
drawn "O: the picked drawing on the canvas"

# Ctrl+Delete deletes the picked 3; the Delete button the 5 picked after it
xdotool key --clearmodifiers ctrl+Delete
lines_are 1 "5" "Ctrl+Delete"
sleep 0.3
click open yours_delete
for _ in $(seq 100); do
    [ "$(wc -c <"$jsonl")" = 0 ] && break
    sleep 0.1
done
[ "$(wc -c <"$jsonl")" = 0 ] || fail "the Delete button: the collection is not empty: $(cat "$jsonl")"
[ "$(stat -c %s "$data/drawings-labels-idx1-ubyte")" = 8 ] || fail "the IDX labels of nothing"
quit_with ctrl+q "" "the first run"

# the next start reads what is there: one drawing kept before quitting
printf '%s\n' '{"label":7,"strokes":[[[8,5],[20,5],[12,24]]]}' >"$jsonl"
start "collect again" "${models[0]}"
full_screen
xdotool key y
sleep 0.5
click open yours_tile_7
xdotool key o
drawn "the second run: a 7 read from the file put on the canvas"
[ "$(od -An -tu1 -j8 "$data/drawings-labels-idx1-ubyte" | tr -d ' \n')" = 7 ] ||
    fail "the second run: the IDX pair was not rebuilt from the file"
quit_with ctrl+q "" "the second run"
echo "e2e_draw_collect: ok"
