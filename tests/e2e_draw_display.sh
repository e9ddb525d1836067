#!/usr/bin/env bash
# e2e_draw_display.sh - scratchnet-draw and the display: no display, or one that does not exist,
# is one line on stderr and exit status 1 within seconds (never a window nobody sees on SDL's
# offscreen driver); on a real display the title, with its em dash, reads back as UTF-8 from
# both _NET_WM_NAME and WM_NAME, each in an encoding any window manager decodes (UTF8_STRING or
# COMPOUND_TEXT), whatever locale the app was started in.
#
# usage: e2e_draw_display.sh EXE MODEL.json [MODEL.json ...]
# Without Xvfb, xdotool or xprop the window part skips (77), unless SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_args e2e_draw_display "$@"
dash=$'\xe2\x80\x94' # the em dash in "scratchnet-draw — draw a digit"

[ -x "$exe" ] || fail "$exe: not an executable"

# no_display WHAT NAME ENV...: runs the app with the environment changes given (env's syntax)
# and no SDL_VIDEODRIVER; expects exit status 1 within 10 s and one line on stderr that contains
# NAME (grep -F).
no_display() {
    local what=$1 name=$2
    shift 2
    env -u SDL_VIDEODRIVER -u WAYLAND_DISPLAY "$@" timeout 10 "$exe" "${models[@]}" \
        >"$tmp/nd.out" 2>"$tmp/nd.err"
    local rc=$?
    [ "$rc" != 124 ] || fail "$what: the app still ran after 10 s (on an invisible display?)"
    [ "$rc" = 1 ] || fail "$what: exited with $rc, expected 1: $(cat "$tmp/nd.err")"
    [ "$(wc -l <"$tmp/nd.err")" = 1 ] ||
        fail "$what: printed $(wc -l <"$tmp/nd.err") lines on stderr: $(cat "$tmp/nd.err")"
    grep -qF -- "$name" "$tmp/nd.err" ||
        fail "$what: the line does not name $name: $(cat "$tmp/nd.err")"
    echo "ok   $what: $(cat "$tmp/nd.err")"
}
gui_lsan_suppressions
no_display "DISPLAY unset" "DISPLAY" -u DISPLAY
no_display "DISPLAY empty" "DISPLAY" DISPLAY=
no_display "a display that does not exist" '":9371"' DISPLAY=:9371

# ---- the window ----

gui_require_tools xprop:x11-utils
gui_start_xvfb

# the title as a window manager reads it, whatever locale the app was started in
for locale in C C.UTF-8; do
    LC_ALL=$locale LANG= start "locale $locale" "${models[@]}"
    expect_title "$dash draw a digit\$" "locale $locale, at start"
    for prop in _NET_WM_NAME WM_NAME; do
        got=$(LC_ALL=C.UTF-8 xprop -id "$wid" "$prop")
        case "$got" in
            *"= \"scratchnet-draw $dash draw a digit\"") ;;
            *) fail "locale $locale: $prop reads back as: $got" ;;
        esac
        # in an encoding every reader decodes, whatever its own locale (not STRING, which is
        # Latin-1, nor the app's locale encoding)
        case "$got" in
            "$prop(UTF8_STRING) = "* | "$prop(COMPOUND_TEXT) = "*) ;;
            *) fail "locale $locale: $prop has an encoding not every reader decodes: $got" ;;
        esac
        echo "ok   locale $locale: $got"
    done
    quit_with ctrl+q "" "locale $locale"
done
echo "ok   e2e_draw_display"
