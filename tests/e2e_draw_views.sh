#!/usr/bin/env bash
# e2e_draw_views.sh - the views of the network's inside, as the app draws them, for every model.
#
# usage: e2e_draw_views.sh EXE MODEL.json [MODEL.json ...]
#
# One run of the app in Xvfb (a 1280x720 screen, the window full screen on it) with every model
# given, the layout probe ($SCRATCHNET_LAYOUT_PROBE) saying where the view area, its tabs and the
# Inside button are. A 7 is drawn and the Inside button opens the area; then
# for each model in turn (Tab) the layers view (its key, L), a unit up close (a click on it;
# the first model's also knocked out and put back), the weights view (a click on its
# tab), the softmax view (X), the nearest digits view (N) and the compare view (M) must each
# show a picture (not one flat colour) that differs from the one before; the weights differ from
# model to model, and for the first model B and a click on the second model's line each compare
# another model.
# Pointing at the layers changes their readout line, a higher temperature (.) changes the
# softmax view, G tints the canvas with the saliency, and I closes the area. Flip it (F; the
# first model's by its switch) shows over the canvas for each model once its search in the
# background settles; applied (Enter) it changes the answer, one Ctrl+Z brings the 7 back,
# one Ctrl+Y the flip again, and one Ctrl+Z the 7 again. Screenshots of the first model's views (its compare view after B) and flip it and of
# the second's nearest digits go to $SCRATCHNET_E2E_OUT (default: .), and of the screen at a
# failure.
# Without Xvfb or xdotool it skips (77), unless SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_e2e_args e2e_draw_views "" "$@"
probe=${SCRATCHNET_LAYOUT_PROBE:?the layout probe}

gui_require_tools import:imagemagick gzip:gzip
gui_start_xvfb 1280x720

start "views" "${models[@]}"
gui_full_screen 1280x720 # no window manager: the window covers the screen
"$probe" "$W" "$H" 1 1 >"$tmp/layout" || fail "$probe $W $H 1 1 failed"
# the compare view's line of the second model (the area's other parts are the same in each view)
"$probe" "$W" "$H" 1 5 | grep '^compare_pair ' >>"$tmp/layout" || fail "$probe: no compare_pair"

# body NAME: the view body of the window as $tmp/NAME.ppm, taken until it differs from the one
# taken before (for up to 10 s: the app may be slow to draw); its checksum goes into got (and
# last). Fails if it never changed, or if it is one flat colour (its pixels then compress to
# almost nothing).
last=
body() {
    local x y w h packed
    read -r x y w h < <(at view_body)
    for _ in $(seq 50); do
        sleep 0.2
        import -window "$wid" -crop "${w}x${h}+${x}+${y}" "ppm:$tmp/$1.ppm" ||
            fail "import could not take $1"
        got=$(md5sum <"$tmp/$1.ppm" | cut -c1-32)
        [ "$got" != "$last" ] && break
    done
    [ "$got" != "$last" ] || fail "$1: the view did not change"
    last=$got
    packed=$(gzip -c <"$tmp/$1.ppm" | wc -c)
    [ "$packed" -gt 4000 ] || fail "$1: the view is one flat colour ($packed bytes packed)"
}

# settle_at RECT NAME WHAT: the layout's rectangle RECT taken every half second until two in a
# row are the same (for up to 30 s: background work lands meanwhile), as $tmp/NAME.ppm; got as
# its checksum; fails naming WHAT if it never settles
settle_at() {
    local x y w h prev=
    read -r x y w h < <(at "$1")
    for _ in $(seq 60); do
        sleep 0.5
        import -window "$wid" -crop "${w}x${h}+${x}+${y}" "ppm:$tmp/$2.ppm" ||
            fail "import could not take $2"
        got=$(md5sum <"$tmp/$2.ppm" | cut -c1-32)
        [ "$got" = "$prev" ] && break
        prev=$got
    done
    [ "$got" = "$prev" ] || fail "$2: the $3 never settled"
}

# settle NAME: the view body, settled (the view's digits land in the background); last is it
settle() {
    settle_at view_body "$1" view
    last=$got
}

# canvas_settle NAME: the canvas (area open), settled (flip it searches in the background);
# fails if it is the same as $tmp/plain.ppm
canvas_settle() {
    settle_at canvas "$1" canvas
    cmp -s "$tmp/plain.ppm" "$tmp/$1.ppm" && fail "$1: flip it did not show on the canvas"
}
canvas_plain() {
    local x y w h
    read -r x y w h < <(at canvas)
    import -window "$wid" -crop "${w}x${h}+${x}+${y}" "ppm:$tmp/plain.ppm"
}

# the 7 on the whole canvas, before the area opens
"$probe" "$W" "$H" >"$tmp/closed" || fail "$probe $W $H failed"
read -r x y w h < <(awk '$1 == "canvas" { print $2, $3, $4, $5 }' "$tmp/closed")
pts=
for i in $(seq 0 14); do pts="$pts $((x + (7 + i) * w / 28)) $((y + 6 * w / 28))"; done
for i in $(seq 0 17); do pts="$pts $((x + (21 - i / 2) * w / 28)) $((y + (6 + i) * w / 28))"; done
# shellcheck disable=SC2086 # the points, one word each
stroke $pts
expect_title "$dash 7 " "after drawing a 7"
read -r x y w h < <(at view_body) # what is there before the area opens
import -window "$wid" -crop "${w}x${h}+${x}+${y}" "ppm:$tmp/before.ppm"
last=$(md5sum <"$tmp/before.ppm" | cut -c1-32)
click views # the area opens on the layers

weights_seen=
for m in $(seq ${#models[@]}); do
    if [ "$m" -gt 1 ]; then # the next model, drawn in the view shown, then its layers
        xdotool key --clearmodifiers Tab
        body "next-$m"
        xdotool key --clearmodifiers l
    fi
    body "layers-$m"
    layers=$got
    # its last hidden layer's first unit up close; for the first model also knocked out (the
    # close-up's button) and put back (Shift+K: the close-up exactly as before), then L back to
    # every layer
    "$probe" "$W" "$H" 1 1 "${models[$((m - 1))]}" >"$tmp/unit" || fail "$probe: model $m"
    read -r x y w h < <(awk '$1 == "hidden_unit" { print $2, $3, $4, $5 }' "$tmp/unit")
    xdotool mousemove --window "$wid" $((x + w / 2)) $((y + h / 2)) click 1
    body "closeup-$m"
    if [ "$m" = 1 ]; then
        settle closeup-digits # its best test digits, scored in the background
        # the unit's part of the close-up (all above the row of its best test digits, which
        # are scored once in the background and may still be coming when the app is slow)
        read -r dy < <(awk '$1 == "closeup_digits" { print $3 }' "$tmp/unit")
        unit_part() {
            local x y w h
            read -r x y w h < <(at view_body)
            import -window "$wid" -crop "${w}x$((dy - y))+${x}+${y}" "ppm:$tmp/$1.ppm" ||
                fail "import could not take $1"
            md5sum <"$tmp/$1.ppm" | cut -c1-32
        }
        [ -n "$dy" ] || fail "the probe gave no closeup_digits"
        closeup=$(unit_part closeup-unit)
        read -r x y w h < <(awk '$1 == "knock" { print $2, $3, $4, $5 }' "$tmp/unit")
        xdotool mousemove --window "$wid" $((x + w / 2)) $((y + h / 2)) click 1
        body knocked
        shot "$wid" e2e_draw_views-knocked.png
        xdotool key --clearmodifiers shift+k
        body restored
        settle restored # the first changed picture can be caught while the app is still
        # putting its changed parts on the screen (one at a time), as under the sanitizers
        [ "$(unit_part restored-unit)" = "$closeup" ] ||
            fail "Shift+K did not bring the close-up back as it was"
        xdotool key --clearmodifiers l
        body layers-again
    fi
    click view_weights
    body "weights-$m"
    case " $weights_seen " in *" $got "*) fail "model $m: the weights of an earlier model" ;; esac
    weights_seen="$weights_seen $got"
    xdotool key --clearmodifiers x
    body "softmax-$m"
    [ "$layers" != "$got" ] || fail "model $m ($(title)): the layers and softmax look the same"
    softmax=$got
    xdotool key --clearmodifiers n
    body "nearest-$m"
    [ "$softmax" != "$got" ] || fail "model $m ($(title)): the nearest digits look like softmax"
    if [ "$m" = 2 ]; then # the MLP's index is quick to build: its digits land
        settle nearest-built
        shot "$wid" e2e_draw_views-nearest.png
    fi
    xdotool key --clearmodifiers m
    body "compare-$m"
    if [ "$m" = 1 ]; then # B: another model compared, then a click on its line: the next
        xdotool key --clearmodifiers b
        body compare-next
        shot "$wid" e2e_draw_views-compare.png
        click compare_pair
        body compare-clicked
    fi
    xdotool key --clearmodifiers x
    body "softmax-again-$m"
    if [ "$m" = 1 ]; then
        shot "$wid" e2e_draw_views-softmax.png
        xdotool key --clearmodifiers period
        body softmax-hotter # a higher temperature changes the numbers
        xdotool key --clearmodifiers l
        body layers-before
        read -r x y w h < <(at view_body)
        xdotool mousemove --window "$wid" $((x + w / 3)) $((y + h / 4))
        body layers-pointed # pointing reads a value
        shot "$wid" e2e_draw_views-layers.png
        click view_weights
        body weights-again
        shot "$wid" e2e_draw_views-weights.png
    fi
    canvas_plain
    if [ "$m" = 1 ]; then click flip; else xdotool key --clearmodifiers f; fi
    canvas_settle "flip-$m"
    [ "$m" = 1 ] && shot "$wid" e2e_draw_views-flip.png
    xdotool key --clearmodifiers f
    echo "ok   model $m: layers, weights, softmax, nearest digits, compare and flip it drawn ($(title))"
done

# flip it applied: the answer changes; one Ctrl+Z brings the drawing back, one Ctrl+Y the flip
before=$(title)
canvas_plain
xdotool key --clearmodifiers f
canvas_settle flip-apply
xdotool key --clearmodifiers Return
for _ in $(seq 50); do
    sleep 0.2
    [ "$(title)" != "$before" ] && break
done
[ "$(title)" != "$before" ] || fail "Enter: the flip applied did not change the answer ($before)"
applied=$(title)
shot "$wid" e2e_draw_views-flip-applied.png
echo "ok   flip it applied: $before -> $applied"
# the title to wait for after key $1: $2 (a step half done would show an empty canvas)
key_reaches() {
    xdotool key --clearmodifiers "$1"
    for _ in $(seq 50); do
        sleep 0.2
        [ "$(title)" = "$2" ] && return 0
    done
    fail "$1 once: the title is '$(title)', expected '$2'"
}
key_reaches ctrl+z "$before"
key_reaches ctrl+y "$applied"
key_reaches ctrl+z "$before"
echo "ok   one Ctrl+Z brings the drawing back, one Ctrl+Y the flip"

# G: the saliency tints the canvas
read -r x y w h < <(awk '$1 == "canvas" { print $2, $3, $4, $5 }' "$tmp/layout")
import -window "$wid" -crop "${w}x${h}+${x}+${y}" "ppm:$tmp/plain.ppm"
xdotool key --clearmodifiers g
for _ in $(seq 50); do
    sleep 0.2
    import -window "$wid" -crop "${w}x${h}+${x}+${y}" "ppm:$tmp/salient.ppm"
    cmp -s "$tmp/plain.ppm" "$tmp/salient.ppm" || break
done
cmp -s "$tmp/plain.ppm" "$tmp/salient.ppm" && fail "G: the saliency did not show on the canvas"
shot "$wid" e2e_draw_views-saliency.png
xdotool key --clearmodifiers g
echo "ok   G shows the saliency over the canvas"

# the whole canvas's place, with the area open and after I
read -r x y w h < <(awk '$1 == "canvas" { print $2, $3, $4, $5 }' "$tmp/closed")
import -window "$wid" -crop "${w}x${h}+${x}+${y}" "ppm:$tmp/open.ppm"
xdotool key --clearmodifiers i
sleep 0.3
import -window "$wid" -crop "${w}x${h}+${x}+${y}" "ppm:$tmp/closed.ppm"
cmp -s "$tmp/open.ppm" "$tmp/closed.ppm" && fail "I: the view area did not close"
echo "ok   I closes the view area"
quit_with ctrl+q
exit 0
