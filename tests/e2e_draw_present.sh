#!/usr/bin/env bash
# e2e_draw_present.sh - scratchnet-draw in front of a class, in Xvfb at 1280x720: F10 turns the
# window light (its background, sampled, turns from #101218 to #F6F7F9) and back; Ctrl+= makes
# the text of the bottom lines taller (the rows of pixels that hold text there, counted, grow)
# and F9 brings it back; the settings file in the config folder ($XDG_CONFIG_HOME, a scratch
# folder here) keeps the theme and the size: quit, start again, and the window is light and
# large; --no-settings and --theme start otherwise and leave the file as it is; a bad file is
# one message and the defaults, and the app runs. Screenshots of what it showed are kept in
# $SCRATCHNET_E2E_OUT, and one of the screen at any failure.
#
# usage: e2e_draw_present.sh EXE MODEL.json [MODEL.json ...]
# Without Xvfb, xdotool or ImageMagick the test skips (77), unless SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_e2e_args e2e_draw_present "" "$@"
probe=${SCRATCHNET_LAYOUT_PROBE:-}
[ -x "$probe" ] || fail "SCRATCHNET_LAYOUT_PROBE: no layout probe ('$probe')"
gui_require_tools import:imagemagick convert:imagemagick
gui_start_xvfb 1280x720
gui_keep_settings=1 # what a run saved is what the next one starts with

dark_bg='#101218'
light_bg='#F6F7F9'
settings="$XDG_CONFIG_HOME/scratchnet/settings.json"

# corner: the colour of the window's pixel near its bottom right corner (the background)
corner() {
    import -window "$wid" -crop "1x1+$((W - 2))+$((H - 2))" +repage -depth 8 txt:- 2>/dev/null |
        grep -oE '#[0-9A-F]{6}' | head -n 1
}
# expect_corner COLOUR WHAT: waits up to 5 s for the background to be COLOUR
expect_corner() {
    local got=
    for _ in $(seq 50); do
        got=$(corner)
        [ "$got" = "$1" ] && return 0
        sleep 0.1
    done
    fail "$2: the background is '$got', expected $1"
}
# text_rows STEP: how many rows of pixels of the bars' labels (the left eighth of the bars, where
# the layout probe puts them at size step STEP) hold anything but the background: the height the
# ten digits' text takes
text_rows() {
    local bg x y w h
    bg=$(corner)
    read -r x y w h < <(LAYOUT_PROBE_SIZE_STEP=$1 "$probe" "$W" "$H" | awk '$1 == "bars" { print $2, $3, $4, $5 }')
    [ -n "$h" ] || fail "the layout probe gives no bars"
    import -window "$wid" -crop "$((w / 8))x${h}+${x}+${y}" +repage "$tmp/lines.png" ||
        fail "import: the bars' labels"
    convert "$tmp/lines.png" -alpha off -fuzz 12% -fill white -opaque "$bg" \
        -fill black +opaque white -scale '1x!' -depth 8 txt:- |
        awk 'NR > 1 && $0 !~ /#FFFFFF/' | wc -l
}

# fill_screen: the window made 1280x720, a projector's screen (no window manager: it obeys)
fill_screen() {
    xdotool windowmove --sync "$wid" 0 0 windowsize --sync "$wid" 1280 720 2>/dev/null
    sleep 0.5
    read -r W H < <(xdotool getwindowgeometry --shell "$wid" | awk -F= '/^WIDTH/{w=$2} /^HEIGHT/{h=$2} END{print w, h}')
    [ "$W" = 1280 ] && [ "$H" = 720 ] || fail "the window is ${W}x$H, not 1280x720"
}

# ---- F10: the light theme and back ----
start "themes" "${models[@]}"
fill_screen
expect_corner "$dark_bg" "at start, with no settings file"
shot "$wid" e2e_draw_present-dark.png
xdotool key --clearmodifiers F10
expect_corner "$light_bg" "after F10"
shot "$wid" e2e_draw_present-light.png
echo "ok   F10 turns the background from $dark_bg to $light_bg"

# ---- Ctrl+= : larger type; F9: normal ----
rows0=$(text_rows 0)
xdotool key --clearmodifiers ctrl+equal
sleep 0.5
xdotool key --clearmodifiers ctrl+equal
sleep 1
rows2=$(text_rows 2)
[ "$rows0" -gt 50 ] || fail "the bars' labels show no text ($rows0 rows)"
[ $((rows2 * 10)) -ge $((rows0 * 13)) ] ||
    fail "Ctrl+= twice: the bars' labels are $rows2 rows high, were $rows0 (expected 30% more)"
shot "$wid" e2e_draw_present-large.png
echo "ok   Ctrl+= twice: the bars' labels grow from $rows0 to $rows2 rows of pixels"

# ---- the settings survive a restart ----
for _ in $(seq 30); do # saved a second after the last change
    grep -q '"size":[[:space:]]*2' "$settings" 2>/dev/null && break
    sleep 0.1
done
grep -q '"theme":[[:space:]]*"light"' "$settings" 2>/dev/null ||
    fail "no light theme saved in $settings: $(cat "$settings" 2>&1)"
quit_with ctrl+q "" "with the light theme"
start "restart" "${models[@]}"
fill_screen
expect_corner "$light_bg" "started again after quitting in the light theme"
rows=$(text_rows 2)
[ "$rows" -ge $((rows2 - 2)) ] || fail "started again: the text is $rows rows high, was $rows2"
echo "ok   quit and started again: light and large ($rows rows), as left"
xdotool key --clearmodifiers F9
sleep 1
rows=$(text_rows 0)
[ "$rows" -le $((rows0 + 2)) ] || fail "F9: the text is $rows rows high, normal is $rows0"
echo "ok   F9 brings the normal size back ($rows rows)"
quit_with ctrl+q "" "after F9"
grep -q '"size":[[:space:]]*0' "$settings" || fail "F9 then quit: size not saved: $(cat "$settings")"

# ---- --no-settings and --theme: the defaults or the theme asked, the file left alone ----
cp "$settings" "$tmp/before.json"
start "--no-settings" --no-settings "${models[@]}"
expect_corner "$dark_bg" "--no-settings (the file says light)"
xdotool key --clearmodifiers F10
sleep 1.5
quit_with ctrl+q "" "--no-settings"
cmp -s "$settings" "$tmp/before.json" || fail "--no-settings changed $settings"
start "--theme dark" --theme dark "${models[@]}"
expect_corner "$dark_bg" "--theme dark (the file says light)"
quit_with ctrl+q "" "--theme dark"
cmp -s "$settings" "$tmp/before.json" || fail "--theme dark alone changed $settings"
echo "ok   --no-settings and --theme dark start dark and leave the file as it was"

# ---- a bad file: one message, the defaults, and the app runs; left as it is ----
printf '{"theme": "purple", "size": 99}' >"$settings"
start "bad settings" "${models[@]}"
expect_corner "$dark_bg" "with a bad settings file"
expect_title "$dash draw a digit\$" "with a bad settings file"
shot "$wid" e2e_draw_present-bad-file.png
quit_with ctrl+q "" "with a bad settings file"
[ "$(cat "$settings")" = '{"theme": "purple", "size": 99}' ] ||
    fail "a bad settings file was replaced without a change: $(cat "$settings")"
[ ! -s "$tmp/app.err" ] || fail "a bad settings file wrote to stderr: $(cat "$tmp/app.err")"
echo "ok   a bad settings file: the app starts with the defaults and leaves the file alone"
