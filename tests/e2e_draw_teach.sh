#!/usr/bin/env bash
# e2e_draw_teach.sh - Teach (U) in scratchnet-draw: the seed model is taught the scripted person.
#
# usage: e2e_draw_teach.sh EXE MAKE_PERSON MODEL.json   (env: SCRATCHNET_LAYOUT_PROBE)
#
# In Xvfb (1280x720): the collection (drawings.jsonl in the user's data folder, here the test's
# scratch XDG_DATA_HOME) holds the scripted person's drawings (make-person); U starts the teaching,
# its switch lights up, and drawing goes on while it runs (a drawn 1 is read); it ends with a
# model saved in the user's data folder as MODEL-mine.json that records its fine-tuning, and the
# switch goes off again (that the model is then listed and active: test_draw_finetune).
# Screenshots of the teaching and of its end go to $SCRATCHNET_E2E_OUT. MNIST is SCRATCHNET_DATA (the full set; the test skips without it).
# Without Xvfb or xdotool it skips (77), unless SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
person=$(abs "$2")
set -- "$1" "$3"
gui_e2e_args e2e_draw_teach "" "$@"
if [ ! -f "${SCRATCHNET_DATA:-}/train-images-idx3-ubyte" ]; then
    echo "skip: the full MNIST is not in SCRATCHNET_DATA"
    exit 77
fi

gui_require_tools
gui_start_xvfb 1280x720
mkdir -p "$XDG_DATA_HOME/scratchnet"
"$person" --per-digit 15 "$XDG_DATA_HOME/scratchnet/drawings.jsonl" "$tmp/held.jsonl" \
    >/dev/null || fail "make-person did not write the collection"
cat "$tmp/held.jsonl" >>"$XDG_DATA_HOME/scratchnet/drawings.jsonl"

probe=${SCRATCHNET_LAYOUT_PROBE:?the layout probe}
start "the seed model" "${models[0]}"
expect_title "$dash draw a digit\$" "at start"
# the colour of the Teach switch's frame, a pixel inside its left edge
read -r _ tx ty _ th < <("$probe" "$W" "$H" | grep '^teach ')
[ -n "$th" ] || fail "the layout probe gave no teach control"
frame() {
    import -window "$wid" -crop "1x1+$((tx + 1))+$((ty + th / 2))" +repage -depth 8 txt:- |
        grep -o '#[0-9A-F]\{6\}' | head -n 1
}
off=$(frame)
xdotool key --clearmodifiers u
sleep 1
on=$(frame)
[ -n "$on" ] && [ "$on" != "$off" ] || fail "the Teach switch did not light up ($off, then $on)"
echo "ok   U lights the Teach switch ($off -> $on)"
shot "$wid" e2e_draw_teach-running.png
# drawing goes on while the model is taught
stroke "$cx" "$((cy - half * 3 / 4))" "$cx" "$cy" "$cx" "$((cy + half * 3 / 4))"
expect_title "$dash 1 \([0-9]+%\)\$" "a 1 drawn while teaching"
echo "ok   drawing goes on while teaching: $(title)"
saved="$XDG_DATA_HOME/scratchnet/models/mnist-seed-mine.json"
for _ in $(seq 1200); do
    [ -f "$saved" ] && break
    sleep 0.1
done
[ -f "$saved" ] || fail "no model saved as $saved"
grep -q '"finetuned": {"from": "mnist-seed", "drawings": "drawings.jsonl"' "$saved" ||
    fail "$saved does not record its fine-tuning"
for _ in $(seq 100); do
    [ "$(frame)" = "$off" ] && break
    sleep 0.1
done
[ "$(frame)" = "$off" ] || fail "the Teach switch stayed lit after the model was saved"
echo "ok   taught: $(basename "$saved") saved, the switch off again"
shot "$wid" e2e_draw_teach-done.png
quit_with ctrl+q "" "after teaching"
exit 0
