#!/usr/bin/env bash
# e2e_draw.sh - drives scratchnet-draw in a virtual X server, as a user would.
#
# usage: e2e_draw.sh EXE MODEL.json [MODEL.json ...]
#
# Checks the command line (--help, --version, a bad flag, a missing font) without a display,
# then, in Xvfb: drags from 3 px left of the canvas into it and expects ink, draws a "1" with
# the mouse and expects the window title to say 1, clears with C, draws a "0" (a ring of many
# mouse moves) and expects 0, clears and expects "draw a digit";
# undoes the clear, saves with Ctrl+S (.json and a 28x28 .png; given SCRATCHNET_CLI, checks that
# scratchnet predict on both agrees with the window), saves a screenshot with F12 (a PNG of the
# window's size), opens the saved drawing again through the Ctrl+O prompt (keys typed there do
# not act; Ctrl+A selects what was typed, drawn highlighted, and the path typed next replaces
# it), checks the app uses no CPU while idle, that Esc with a drawing asks first (another key
# keeps the drawing) and that Esc twice quits; Esc then Enter, and Ctrl+Q, quit too.
# Then clicks every on-screen control where the layout probe ($SCRATCHNET_LAYOUT_PROBE) says
# it is: Clear, Undo and Redo change the title, a press slid off Clear does nothing and draws
# nothing, Steps, Preprocessing and Help change the window and their keys change it back, the
# brush buttons change the width of the next stroke saved; the model buttons select the
# corrupt model and back in the next run.
# Images: a PNG dropped onto the window reads as its digit, a PGM opened through the prompt
# too; drawn over, undone (the strokes, then the image), redone, saved with the image in the
# strokes file, opened again, and classified by scratchnet predict as the window shows.
# Then a corrupt model next to a good one (the good one still predicts), a drawing and an image
# (the base image, reading as 7) given on the command line, ONNX models (PyTorch's, from the
# user's models folder, the command line and a drop; a broken one listed with its error), the
# Fashion-MNIST model (it asks for "something" and reads drawn trousers as "Trouser"), no
# model at all (the window still
# opens and says so; a model opened with Ctrl+O then loads), and, under a small window
# manager (evilwm; full screen is the window manager's job on X11), F11 to full screen and
# back, and Esc leaving full screen; F11 without a window manager covers the screen too.
# Screenshots go to $SCRATCHNET_E2E_OUT (default: .).
# Without Xvfb or xdotool it skips (77), unless SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_e2e_args e2e_draw \
    "train it: build/src/cli/scratchnet train --preset mlp --out models/mnist-mlp.json" "$@"

# ---- the command line, no display needed ----

"$exe" --help >"$tmp/help.out" 2>&1 || fail "--help exited with $?"
grep -q "usage: scratchnet-draw" "$tmp/help.out" || fail "--help prints no usage line"
"$exe" --version 2>&1 | grep -q "^scratchnet-draw [0-9]" || fail "--version prints no version"

"$exe" --frobnicate >"$tmp/bad.out" 2>"$tmp/bad.err"
rc=$?
[ "$rc" = 2 ] || fail "a bad flag exited with $rc, expected 2"
head -n 1 "$tmp/bad.err" | grep -q "unknown option '--frobnicate'" ||
    fail "a bad flag: first line is '$(head -n 1 "$tmp/bad.err")'"
grep -q "^usage:" "$tmp/bad.err" || fail "a bad flag prints no usage"

SCRATCHNET_ASSETS="$tmp/no-such-dir" DISPLAY= "$exe" "${models[@]}" >"$tmp/font.out" 2>"$tmp/font.err"
rc=$?
[ "$rc" != 0 ] || fail "a missing font exited with 0"
[ "$(wc -l <"$tmp/font.err")" = 1 ] || fail "a missing font printed $(wc -l <"$tmp/font.err") lines"
grep -q "$tmp/no-such-dir/DejaVuSans.ttf" "$tmp/font.err" ||
    fail "a missing font: the message does not name the path: $(cat "$tmp/font.err")"
echo "ok   command line: --help, --version, bad flag, missing font"

# ---- the window ----

gui_require_tools
have_import=1
command -v import >/dev/null 2>&1 || have_import=0
have_identify=1
command -v identify >/dev/null 2>&1 || have_identify=0

gui_start_xvfb

# save_drawing: presses Ctrl+S and prints the drawing-*.json it wrote in the current folder,
# waiting up to 15 s for a new one; prints nothing if none appeared.
save_drawing() {
    local new= _
    ls "$tmp"/work/drawing-*.json >"$tmp/saved-before" 2>/dev/null
    xdotool key --clearmodifiers ctrl+s
    for _ in $(seq 150); do
        new=$(ls "$tmp"/work/drawing-*.json 2>/dev/null | grep -vxFf "$tmp/saved-before" | head -n 1)
        [ -n "$new" ] && break
        sleep 0.1
    done
    printf '%s' "$new"
}

draw_one() {
    # a vertical line through the middle, in 40 moves
    stroke $(awk -v x="$cx" -v y="$cy" -v h="$half" \
        'BEGIN { for (i = 0; i <= 40; i++) printf "%d %d ", x, y - 0.75*h + 1.5*h*i/40 }')
}

draw_zero() {
    # an upright ellipse, closed with some overlap, in 80 moves
    stroke $(awk -v x="$cx" -v y="$cy" -v h="$half" 'BEGIN {
        for (i = 0; i <= 80; i++) { a = 6.2831853 * i / 72
            printf "%d %d ", x + 0.5*h*sin(a), y - 0.75*h*cos(a) } }')
}

# The on-screen controls, where the layout probe ($tmp/layout) puts them.
ctl_centre() { awk -v n="$1" '$1 == n { print $2 + int($4 / 2), $3 + int($5 / 2) }' "$tmp/layout"; }
click() {
    local name
    name=$(echo "$1" | tr 'A-Z' 'a-z')
    [ -n "$(ctl_centre "$name")" ] || fail "the layout has no control '$name'"
    xdotool mousemove --window "$wid" $(ctl_centre "$name") click 1
    sleep 0.2
}
# view NAME: the window above the message line (the status line's timing changes), as NAME.png
view() {
    local y
    y=$(awk '$1 == "message" { print $3 }' "$tmp/layout")
    import -window "$wid" -crop "${W}x${y}+0+0" +repage "$tmp/$1.png" || fail "import: view $1"
}
# view_differs A B / view_same A B: takes view B until it differs from (is the same as) A,
# for up to 3 s; returns 1 if it never does
view_differs() {
    for _ in $(seq 15); do
        view "$2"
        compare -metric AE "$tmp/$1.png" "$tmp/$2.png" null: 2>/dev/null || return 0
        sleep 0.2
    done
    return 1
}
view_same() {
    for _ in $(seq 15); do
        view "$2"
        compare -metric AE "$tmp/$1.png" "$tmp/$2.png" null: 2>/dev/null && return 0
        sleep 0.2
    done
    return 1
}

# ---- run 1: a good model ----
start "one model" "${models[@]}"
expect_title "$dash draw a digit\$" "at start"

# A drag that starts 3 px left of the canvas (its border, found in the window's pixels on the
# middle row, looked for until the first frame is on the screen: the title can come first)
# draws: the stroke starts on the canvas edge.
if [ "$have_import" = 1 ]; then
    for _ in $(seq 50); do
        left=$(import -window "$wid" -crop "${W}x1+0+${cy}" +repage -depth 8 txt:- |
               grep -m 1 -i '#60687A' | cut -d, -f1)
        [ -n "$left" ] && break
        sleep 0.2
    done
    [ -n "$left" ] || fail "no canvas border found on row $cy"
    stroke $(awk -v x="$left" -v y="$cy" -v h="$half" \
        'BEGIN { for (i = 0; i <= 30; i++) printf "%d %d ", x - 3 + h*i/30, y }')
    expect_title "$dash ([0-9]|not sure|not a digit)" "after a drag from 3 px left of the canvas"
    echo "ok   a drag from 3 px left of the canvas (x = $((left - 3))) draws: $(title)"
    xdotool key --clearmodifiers c
    expect_title "$dash draw a digit\$" "after C"
fi

draw_one
expect_title "$dash 1 \([0-9]+%\)\$" "after drawing a 1"
echo "ok   a drawn 1 reads as 1: $(title)"

xdotool key --clearmodifiers c
expect_title "$dash draw a digit\$" "after C"

draw_zero
expect_title "$dash 0 \([0-9]+%\)\$" "after drawing a 0"
echo "ok   a drawn 0 reads as 0: $(title)"
shot root e2e_draw.png

xdotool key --clearmodifiers s
shot root e2e_draw-steps.png
xdotool key --clearmodifiers s

xdotool key --clearmodifiers c
expect_title "$dash draw a digit\$" "after the second C"
echo "ok   C clears: $(title)"
shot root e2e_draw-empty.png

xdotool key --clearmodifiers ctrl+z
expect_title "$dash 0 \(" "after Ctrl+Z (undo the clear)"
xdotool key --clearmodifiers ctrl+z
expect_title "$dash draw a digit\$" "after a second Ctrl+Z (undo the ring)"
xdotool key --clearmodifiers ctrl+y
expect_title "$dash 0 \(" "after Ctrl+Y (redo the ring)"
echo "ok   undo and redo by stroke"

saved=$(save_drawing)
[ -n "$saved" ] || fail "Ctrl+S wrote no drawing-*.json in the current folder"
grep -q '"scratchnet-strokes"' "$saved" || fail "$saved is not a strokes file"
echo "ok   Ctrl+S saved $(basename "$saved")"

# The saved drawing, classified by the command line, gives what the window shows.
if [ -n "${SCRATCHNET_CLI:-}" ]; then
    gui=$(title | sed -E 's/.* ([^ ]+) \(([0-9.]+)%\)$/\1 \2/')
    cli=$("$SCRATCHNET_CLI" predict "${models[0]}" --strokes "$saved" | head -n 1 |
          sed -E 's/.* ([^ ]+) \(([0-9.]+)%\)$/\1 \2/')
    echo "$gui $cli" | awk '{ exit !($1 == $3 && $2 - $4 <= 1 && $4 - $2 <= 1) }' ||
        fail "the window says \"$gui\" but scratchnet predict --strokes says \"$cli\""
    echo "ok   scratchnet predict on the saved drawing agrees with the window: $cli"
fi

# Ctrl+S also wrote the canvas as a 28x28 PNG beside the drawing, which predict reads alike
saved_png=${saved%.json}.png
[ -s "$saved_png" ] || fail "Ctrl+S wrote no $(basename "$saved_png") beside $(basename "$saved")"
if [ "$have_identify" = 1 ]; then
    geometry=$(identify -format '%wx%h %[channels]' "$saved_png" 2>&1) || fail "identify: $geometry"
    case "$geometry" in 28x28\ gray*) ;; *) fail "$saved_png is '$geometry', expected 28x28 grey" ;; esac
fi
if [ -n "${SCRATCHNET_CLI:-}" ]; then
    digit=$(title | sed -E 's/.* ([^ ]+) \(([0-9.]+)%\)$/\1/')
    cli=$("$SCRATCHNET_CLI" predict "${models[0]}" "$saved_png" | head -n 1)
    echo "$cli" | grep -qE ": $digit \(" ||
        fail "the window says $digit but scratchnet predict on the PNG says \"$cli\""
    echo "ok   Ctrl+S saved $(basename "$saved_png") (28x28) too; scratchnet predict on it: ${cli##*: }"
fi

# F12: a screenshot of the whole window, named after the time, in the current folder
xdotool key --clearmodifiers F12
for _ in $(seq 150); do
    ls "$tmp"/work/scratchnet-draw-*.png >/dev/null 2>&1 && break
    sleep 0.1
done
screenshot=$(ls "$tmp"/work/scratchnet-draw-*.png 2>/dev/null | head -n 1)
[ -n "$screenshot" ] || fail "F12 wrote no scratchnet-draw-*.png in the current folder"
basename "$screenshot" | grep -qE '^scratchnet-draw-[0-9]{8}-[0-9]{6}\.png$' ||
    fail "F12 wrote $(basename "$screenshot"), expected scratchnet-draw-YYYYMMDD-HHMMSS.png"
if [ "$have_identify" = 1 ]; then
    size=$(identify -format '%wx%h' "$screenshot" 2>&1) || fail "identify $screenshot: $size"
    [ "$size" = "${W}x${H}" ] || fail "the screenshot is $size, the window ${W}x${H}"
    # not a blank frame: the canvas (white ink on black) and the panel give many colours
    colours=$(identify -format '%k' "$screenshot")
    [ "$colours" -ge 20 ] || fail "the screenshot has only $colours colours"
fi
cp "$screenshot" "$out/e2e_draw-f12.png"
xdotool key --clearmodifiers F12
for _ in $(seq 150); do
    [ "$(ls "$tmp"/work/scratchnet-draw-*.png | wc -l)" -ge 2 ] && break
    sleep 0.1
done
[ "$(ls "$tmp"/work/scratchnet-draw-*.png | wc -l)" -ge 2 ] || fail "a second F12 wrote no second file"
echo "ok   F12 saved $(basename "$screenshot") (${size:-?}, the window's size), a second F12 another file"

# Ctrl+O: the prompt takes the keys (c would clear, s toggle the steps), Esc closes only it
xdotool key --clearmodifiers ctrl+o
sleep 0.2
xdotool type --delay 20 "csh"
shot root e2e_draw-prompt.png
xdotool key --clearmodifiers Escape
sleep 0.3
kill -0 "$app_pid" 2>/dev/null || fail "Esc with the prompt open quit the app"
title | grep -qE "$dash 0 \(" || fail "keys typed into the prompt acted: the title is '$(title)'"
echo "ok   Ctrl+O prompt: typed c, s, h did not act; Esc closed it, not the app"

# Ctrl+O on the saved drawing, after clearing: it comes back
xdotool key --clearmodifiers c
expect_title "$dash draw a digit\$" "after C before Ctrl+O"
xdotool key --clearmodifiers ctrl+o
sleep 0.2
xdotool type --delay 5 "no/such/file.json"
# selection_pixels: how many pixels of the screen are in the selection's colour (C_SELECT; all
# else, the probability bars too, is dimmed under the prompt), read from the whole screen (a busy
# X server can refuse one capture: three tries); prints nothing if no capture worked, which the
# caller reports (a failure inside $(...) would only end the subshell)
selection_pixels() {
    local _
    for _ in 1 2 3; do
        sleep 0.3
        import -window root "$tmp/prompt.png" 2>/dev/null || continue
        convert "$tmp/prompt.png" -alpha off -fill black +opaque '#2454A0' -fill white \
            -opaque '#2454A0' -format '%[fx:int(mean*w*h+0.5)]' info:
        return
    done
}
[ "$have_identify" = 1 ] && [ "$have_import" = 1 ] && unselected=$(selection_pixels)
xdotool key --clearmodifiers ctrl+a # the path typed next replaces it
shot root e2e_draw-prompt-selected.png
if [ "$have_identify" = 1 ] && [ "$have_import" = 1 ]; then
    selected=$(selection_pixels)
    [ -n "$unselected" ] && [ -n "$selected" ] || fail "import could not take the screen three times"
    [ "$unselected" -eq 0 ] && [ "$selected" -ge 200 ] ||
        fail "Ctrl+A: the typed path is not drawn selected ($unselected, then $selected pixels in the selection's colour)"
fi
xdotool type --delay 5 "$saved"
xdotool key --clearmodifiers BackSpace
xdotool type --delay 5 "n"
xdotool key --clearmodifiers Return
expect_title "$dash 0 \(" "after opening the saved drawing with Ctrl+O"
echo "ok   Ctrl+O, a wrong path, Ctrl+A, the drawing's path (with a Backspace), Enter: it is back: $(title)"

xdotool key --clearmodifiers h
shot root e2e_draw-help.png
xdotool key --clearmodifiers Escape # closes the help, not the app
sleep 0.3
kill -0 "$app_pid" 2>/dev/null || fail "Esc with the help open quit the app"

# idle: no busy loop (utime + stime from /proc, in clock ticks, over 2 s)
if [ -r "/proc/$app_pid/stat" ]; then
    sleep 0.5
    t0=$(awk '{print $14 + $15}' "/proc/$app_pid/stat")
    sleep 2
    t1=$(awk '{print $14 + $15}' "/proc/$app_pid/stat")
    [ $((t1 - t0)) -le 5 ] || fail "the app used $((t1 - t0)) clock ticks of CPU in 2 s of idling"
    echo "ok   idle: $((t1 - t0)) clock ticks of CPU in 2 s"
fi

# Esc with a drawing on the canvas asks (the window stays); any other key keeps the drawing
# (C, which would clear it, only answers); Esc twice quits
xdotool key --clearmodifiers Escape
sleep 0.5
kill -0 "$app_pid" 2>/dev/null || fail "Esc with a drawing on the canvas quit without asking"
shot root e2e_draw-quit-question.png
xdotool key --clearmodifiers c
sleep 0.3
title | grep -qE "$dash 0 \(" || fail "C answering the quit question acted: the title is '$(title)'"
xdotool key --clearmodifiers Escape
sleep 0.5
kill -0 "$app_pid" 2>/dev/null || fail "Esc after the question was answered quit without asking again"
quit_with_esc "with a drawing, Esc a second time"
echo "ok   Esc with a drawing asks (C keeps the drawing), Esc twice quits, exit status 0"

# ---- run 1b: every on-screen control, clicked with the mouse ----
# The layout probe says where the app puts each control in a window of this size.
probe=${SCRATCHNET_LAYOUT_PROBE:-}
if [ -n "$probe" ]; then
    start "controls" "${models[@]}"
    "$probe" "$W" "$H" >"$tmp/layout" || fail "$probe $W $H failed"
    draw_zero
    expect_title "$dash 0 \(" "controls: after drawing a 0"
    click Clear
    expect_title "$dash draw a digit\$" "after clicking Clear"
    click Undo
    expect_title "$dash 0 \(" "after clicking Undo (the clear)"
    click Redo
    expect_title "$dash draw a digit\$" "after clicking Redo (the clear)"
    click Undo
    expect_title "$dash 0 \(" "after clicking Undo again"
    echo "ok   the Clear, Undo and Redo buttons: $(title)"

    # a press on Clear that slides onto the canvas and lifts there neither clears nor draws:
    # Undo then takes away the ring itself
    before=$(title)
    xdotool mousemove --window "$wid" $(ctl_centre clear) mousedown 1 \
        mousemove --window "$wid" "$cx" "$cy" mousemove --window "$wid" $((cx + 40)) $((cy + 40)) \
        mouseup 1
    sleep 0.5
    [ "$(title)" = "$before" ] || fail "a press on Clear lifted on the canvas acted: '$(title)'"
    click Undo
    expect_title "$dash draw a digit\$" "after Undo following a press slid off Clear"
    click Redo
    expect_title "$dash 0 \(" "after Redo (the ring)"
    echo "ok   a press on a button that slides off does nothing, and draws nothing"

    # the switches change what the window shows; their keys switch them back
    if [ "$have_import" = 1 ] && command -v compare >/dev/null 2>&1; then
        for sw in "steps s" "preprocess p" "help h"; do
            read -r name key <<<"$sw"
            xdotool mousemove --window "$wid" $(ctl_centre "$name") # the mouse over it, as after
            sleep 0.2
            view "$name-before"
            click "$name"
            view_differs "$name-before" "$name-on" || fail "clicking $name changed nothing on the screen"
            cp "$tmp/$name-on.png" "$out/e2e_draw-$name-button.png"
            xdotool key --clearmodifiers "$key"
            if [ "$name" = help ] && ! view_same "$name-before" "$name-off"; then
                # the help on two pages: H shows the next one, H on the last closes it
                view_differs "$name-on" "$name-page2" ||
                    fail "H on the help's first page changed nothing"
                xdotool key --clearmodifiers "$key"
            fi
            view_same "$name-before" "$name-off" || fail "the key $key did not undo what clicking $name did"
        done
        echo "ok   the Steps, Preprocessing and Help buttons switch what their keys S, P, H switch"
    fi

    # the brush buttons: two steps bigger, one smaller, then a stroke 3 cells wide
    click brush_larger
    click brush_larger
    click brush_smaller
    draw_one
    saved_b=$(save_drawing)
    [ -n "$saved_b" ] || fail "Ctrl+S after the brush buttons saved nothing"
    width=$(grep -o '"width": *[0-9.]*' "$saved_b" | tail -n 1 | grep -o '[0-9.]*$')
    [ "$width" = 3 ] || fail "the stroke after +, +, - is $width cells wide, expected 3 (from 2.5)"
    shot root e2e_draw-controls.png
    echo "ok   the brush buttons: +, +, - gives a stroke 3 cells wide"

    # the Eraser button: the left button rubs out across the drawing; E switches it off again
    click eraser
    stroke $(awk -v x="$cx" -v y="$cy" -v h="$half" \
        'BEGIN { for (i = 0; i <= 20; i++) printf "%d %d ", x - 0.5*h + h*i/20, y }')
    shot root e2e_draw-eraser.png
    xdotool key --clearmodifiers e
    draw_one
    saved_e=$(save_drawing)
    [ -n "$saved_e" ] || fail "Ctrl+S after the Eraser saved nothing"
    erases=$(grep -o '"erase": *[a-z]*' "$saved_e" | tail -n 2 | grep -o '[a-z]*$' | tr '\n' ' ')
    [ "$erases" = "true false " ] ||
        fail "with the Eraser clicked on the left button did not erase, or after E it did not draw ($erases)"
    echo "ok   the Eraser button makes the left button erase, and E makes it draw again"
    quit_with ctrl+q "" "controls"
    # run 3 opens the drawing saved in run 1
    rm -f "$saved_b" "${saved_b%.json}.png" "$saved_e" "${saved_e%.json}.png"
elif [ "${SCRATCHNET_REQUIRE_GUI:-0}" = 1 ]; then
    fail "SCRATCHNET_LAYOUT_PROBE is not set: the on-screen controls cannot be found"
fi

# ---- run 1c: images become the canvas's base image ----
# A PNG dropped onto the window (as a file manager drops it) and a PGM opened through the
# prompt are classified as they open; strokes drawn over the image are undone before it, the
# image as one step; Ctrl+S saves the strokes file with the image in it, which opens again as
# it was and which scratchnet predict reads as the window does.
# wait_title_is TEXT WHAT: waits up to 15 s for the title to be exactly TEXT.
wait_title_is() {
    for _ in $(seq 150); do
        [ "$(title)" = "$1" ] && return 0
        sleep 0.1
    done
    fail "$2: the title is '$(title)', expected '$1'"
}
testdata=$(abs "$(dirname -- "${BASH_SOURCE[0]}")/data")
start "images" "${models[@]}"
if [ -n "${SCRATCHNET_XDND_DROP:-}" ]; then
    "$SCRATCHNET_XDND_DROP" "$wid" "$testdata/mnist-test-0-seven.png" ||
        fail "dropping mnist-test-0-seven.png: the window did not take the drop"
    expect_title "$dash 7 \([0-9]+%\)\$" "after dropping mnist-test-0-seven.png"
    echo "ok   a dropped PNG opens as the canvas and reads as 7: $(title)"
    shot root e2e_draw-dropped-png.png
    xdotool key --clearmodifiers c
    expect_title "$dash draw a digit\$" "after C on the dropped image"
elif [ "${SCRATCHNET_REQUIRE_GUI:-0}" = 1 ]; then
    fail "no xdnd_drop helper (SCRATCHNET_XDND_DROP; needs libx11-dev) to drop a PNG"
fi
xdotool key --clearmodifiers ctrl+o
sleep 0.2
xdotool type --delay 5 "$testdata/seven-dark-on-light.pgm"
xdotool key --clearmodifiers Return
expect_title "$dash 7 \([0-9]+%\)\$" "after opening seven-dark-on-light.pgm with Ctrl+O"
image_title=$(title)
echo "ok   Ctrl+O on a dark-on-light PGM: inverted as predict does, reads as 7: $image_title"
draw_zero
for _ in $(seq 150); do [ "$(title)" != "$image_title" ] && break; sleep 0.1; done
over_title=$(title)
[ "$over_title" != "$image_title" ] || fail "a ring drawn over the image changed nothing: $over_title"
shot root e2e_draw-over-image.png
xdotool key --clearmodifiers ctrl+z
wait_title_is "$image_title" "after Ctrl+Z (undo the ring drawn over the image)"
xdotool key --clearmodifiers ctrl+z
expect_title "$dash draw a digit\$" "after a second Ctrl+Z (undo the image)"
xdotool key --clearmodifiers ctrl+y
wait_title_is "$image_title" "after Ctrl+Y (redo the image)"
xdotool key --clearmodifiers ctrl+y
wait_title_is "$over_title" "after a second Ctrl+Y (redo the ring)"
echo "ok   drawn over the image: $over_title; undo takes the ring, then the image; redo brings both"
saved_base=$(save_drawing)
[ -n "$saved_base" ] || fail "Ctrl+S over an image wrote no new drawing-*.json"
grep -q '"base":{"width":28,"height":28,"pixels":\[' "$saved_base" ||
    fail "$saved_base holds no base image"
xdotool key --clearmodifiers c
expect_title "$dash draw a digit\$" "after C on the drawing over the image"
xdotool key --clearmodifiers ctrl+o
sleep 0.2
xdotool type --delay 5 "$saved_base"
xdotool key --clearmodifiers Return
wait_title_is "$over_title" "after opening $(basename "$saved_base") again"
echo "ok   Ctrl+S saved $(basename "$saved_base") with the image in it; it opens again as it was"
if [ -n "${SCRATCHNET_CLI:-}" ]; then
    gui=$(title | sed -E 's/.* ([^ ]+) \(([0-9.]+)%\)$/\1 \2/')
    cli=$("$SCRATCHNET_CLI" predict "${models[0]}" --strokes "$saved_base" | head -n 1 |
          sed -E 's/.* ([^ ]+) \(([0-9.]+)%\)$/\1 \2/')
    echo "$gui $cli" | awk '{ exit !($1 == $3 && $2 - $4 <= 1 && $4 - $2 <= 1) }' ||
        fail "the window says \"$gui\" but scratchnet predict on the drawing over the image says \"$cli\""
    png_cli=$("$SCRATCHNET_CLI" predict "${models[0]}" "${saved_base%.json}.png" | head -n 1)
    echo "$png_cli" | grep -qE ": ${gui% *} \(" ||
        fail "the window says ${gui% *} but scratchnet predict on the saved PNG says \"$png_cli\""
    echo "ok   scratchnet predict on the drawing over the image agrees with the window: $cli"
fi
quit_with ctrl+q "" "with an image on the canvas"
rm -f "$saved_base" "${saved_base%.json}.png"

# ---- run 2: a corrupt model next to the good one ----
printf '{"format":"scratchnet-model","version":1,"layers":[' >"$tmp/corrupt.json"
start "corrupt model" "$tmp/corrupt.json" "${models[@]}"
draw_one
expect_title "$dash 1 \(" "with a corrupt model listed, after drawing a 1"
shot root e2e_draw-corrupt.png
if [ -n "$probe" ]; then
    click model_prev # the corrupt one is listed first
    expect_title "$dash this model could not be loaded" "after clicking the previous model"
    click model_next
    expect_title "$dash 1 \(" "after clicking the next model"
    echo "ok   the model buttons switch to the corrupt model and back"
fi
xdotool key --clearmodifiers shift+Tab # the corrupt one is listed first
expect_title "$dash this model could not be loaded" "after selecting the corrupt model"
quit_with ctrl+q "" "with a corrupt model and a drawing on the canvas"
echo "ok   a corrupt model is listed with its error, the others keep working; Ctrl+Q quits at once"

# ---- run 3: a drawing given on the command line opens on the canvas ----
start "drawing argument" "${models[@]}" "$saved"
expect_title "$dash 0 \(" "with the saved drawing given on the command line"
xdotool key --clearmodifiers Escape
sleep 0.5
kill -0 "$app_pid" 2>/dev/null || fail "Esc with a drawing given on the command line quit without asking"
quit_with Return "" "Enter after Esc with a drawing"
echo "ok   a drawing given on the command line opens on the canvas; Esc asks, Enter quits"

# ---- run 3a: an image given on the command line opens as the canvas's base image ----
start "image argument" "${models[@]}" "$testdata/mnist-test-0-seven.png"
expect_title "$dash 7 \([0-9]+%\)\$" "with mnist-test-0-seven.png given on the command line"
xdotool key --clearmodifiers ctrl+z # opened as Open opens it: one undoable step
expect_title "$dash draw a digit\$" "after Ctrl+Z on the image given on the command line"
quit_with ctrl+q "" "with an image given on the command line"
echo "ok   an image given on the command line opens as the canvas's base image, reads as 7"

# ---- run 3c: an ONNX model PyTorch's exporter wrote (its last layer gives logits): from the
# user's models folder, given on the command line next to a broken one, dropped on the window ----
onnx="$testdata/onnx/mlp-logits-opset9.onnx"
mkdir -p "$XDG_DATA_HOME/scratchnet/models"
cp "$onnx" "$XDG_DATA_HOME/scratchnet/models/from-pytorch.onnx"
start "ONNX model in the user's models folder"
expect_title "$dash draw a digit\$" "with only an ONNX model, in the user's models folder"
draw_one
expect_title "$dash 1 \([0-9]+%\)\$" "after drawing a 1 for the ONNX model"
shot root e2e_draw-onnx.png
echo "ok   an ONNX model in the user's models folder is listed and reads a drawn 1: $(title)"
quit_with ctrl+q "" "with an ONNX model"
rm -f "$XDG_DATA_HOME/scratchnet/models/from-pytorch.onnx"

# a model with a recorded accuracy in the models folder (the Fashion-MNIST one, whose answers
# are clothes) does not start active: the model named on the command line does
printf 'no ONNX here' >"$tmp/broken.onnx"
clothes="$(dirname -- "${models[0]}")/fashion-mlp.json"
[ -f "$clothes" ] && cp "$clothes" "$XDG_DATA_HOME/scratchnet/models/"
start "ONNX models on the command line" "$tmp/broken.onnx" "$onnx" \
    "$testdata/mnist-test-0-seven.png"
expect_title "$dash 7 \([0-9]+%\)\$" "with an ONNX model and the 7 given on the command line"
xdotool key --clearmodifiers shift+Tab # the broken one is listed before it
expect_title "$dash this model could not be loaded" "after selecting the broken ONNX file"
shot root e2e_draw-onnx-broken.png
quit_with ctrl+q "" "with a broken ONNX file listed"
rm -f "$XDG_DATA_HOME/scratchnet/models/fashion-mlp.json"
echo "ok   ONNX files on the command line: the one named starts active and reads the 7, a broken one is listed with its error"

if [ -n "${SCRATCHNET_XDND_DROP:-}" ]; then
    start "ONNX model dropped"
    expect_title "$dash no model loaded" "before dropping an ONNX model"
    "$SCRATCHNET_XDND_DROP" "$wid" "$onnx" || fail "dropping $onnx: the window did not take the drop"
    expect_title "$dash draw a digit\$" "after dropping $onnx"
    shot root e2e_draw-onnx-dropped.png
    quit_with ctrl+q "" "with a dropped ONNX model"
    echo "ok   an ONNX model dropped onto the window is opened"
fi

# ---- run 3b: a Fashion-MNIST model names its classes: drawn trousers read as "Trouser" ----
fashion="$(dirname -- "${models[0]}")/fashion-mlp.json"
if [ -f "$fashion" ]; then
    start "fashion" "$fashion"
    expect_title "$dash draw something\$" "with the Fashion-MNIST model"
    xdotool key --window "$wid" bracketright bracketright bracketright bracketright # brush 4.5
    leg() { # X0 Y0 X1 Y1 in units of half the canvas, from its centre
        stroke $(awk -v x="$cx" -v y="$cy" -v h="$half" -v a="$1" -v b="$2" -v c="$3" -v d="$4" \
            'BEGIN { for (i = 0; i <= 30; i++) printf "%d %d ", x + h*(a + (c-a)*i/30), y + h*(b + (d-b)*i/30) }')
    }
    leg -0.4 -0.85 0.4 -0.85   # the waistband
    leg -0.38 -0.85 -0.48 0.9  # each leg two strokes wide, apart from the crotch down
    leg -0.18 -0.6 -0.26 0.9
    leg 0.38 -0.85 0.48 0.9
    leg 0.18 -0.6 0.26 0.9
    expect_title "$dash Trouser \(" "after drawing a pair of trousers"
    shot root e2e_draw-fashion.png
    echo "ok   the Fashion-MNIST model reads drawn trousers: $(title)"
    quit_with ctrl+q "" "with the Fashion-MNIST model"
elif [ "${SCRATCHNET_REQUIRE_DATA:-0}" = 1 ]; then
    fail "$fashion is missing"
fi

# ---- run 4: no model at all; Ctrl+O loads one ----
start "no model"
expect_title "$dash no model loaded" "with no model"
shot root e2e_draw-nomodel.png
xdotool key --clearmodifiers ctrl+o
sleep 0.2
xdotool type --delay 5 "${models[0]}"
xdotool key --clearmodifiers Return
expect_title "$dash draw a digit\$" "after opening ${models[0]} with Ctrl+O"
echo "ok   no model, then Ctrl+O with a model's path: $(title)"
quit_with ctrl+q "" "with no model"
echo "ok   no model: the window opens and explains"

geom() { xdotool getwindowgeometry --shell "$wid" | awk -F= '/^WIDTH/{w=$2} /^HEIGHT/{h=$2} END{print w "x" h}'; }
screen=$(xdotool getdisplaygeometry | tr ' ' x)

# ---- run 4b: F11 without a window manager: the window itself covers the screen ----
start "full screen without a window manager" "${models[@]}"
xdotool key --clearmodifiers F11
for _ in $(seq 50); do [ "$(geom)" = "$screen" ] && break; sleep 0.1; done
[ "$(geom)" = "$screen" ] || fail "F11 without a window manager: the window is $(geom), expected the screen's $screen"
shot root e2e_draw-fullscreen-nowm.png
xdotool key --clearmodifiers Escape
for _ in $(seq 50); do [ "$(geom)" = "${W}x${H}" ] && break; sleep 0.1; done
kill -0 "$app_pid" 2>/dev/null || fail "Esc in full screen without a window manager quit the app"
[ "$(geom)" = "${W}x${H}" ] || fail "Esc in full screen without a window manager: the window is $(geom), expected ${W}x${H}"
quit_with ctrl+q "" "full screen without a window manager"
echo "ok   F11 without a window manager: the window covers $screen; Esc gives it back its ${W}x${H}"

# ---- run 5: F11, full screen and back, under a window manager ----
if gui_start_wm; then
    start "full screen" "${models[@]}"
    xdotool key --clearmodifiers F11
    for _ in $(seq 50); do [ "$(geom)" = "$screen" ] && break; sleep 0.1; done
    [ "$(geom)" = "$screen" ] || fail "F11: the window is $(geom), expected the screen's $screen"
    shot root e2e_draw-fullscreen.png
    xdotool key --clearmodifiers F11
    for _ in $(seq 50); do [ "$(geom)" = "${W}x${H}" ] && break; sleep 0.1; done
    [ "$(geom)" = "${W}x${H}" ] || fail "F11 again: the window is $(geom), expected ${W}x${H}"
    # Esc in full screen leaves it, even on an empty canvas, and does not quit
    xdotool key --clearmodifiers F11
    for _ in $(seq 50); do [ "$(geom)" = "$screen" ] && break; sleep 0.1; done
    [ "$(geom)" = "$screen" ] || fail "F11 (second time): the window is $(geom), expected $screen"
    xdotool key --clearmodifiers Escape
    for _ in $(seq 50); do [ "$(geom)" = "${W}x${H}" ] && break; sleep 0.1; done
    kill -0 "$app_pid" 2>/dev/null || fail "Esc in full screen quit the app"
    [ "$(geom)" = "${W}x${H}" ] || fail "Esc in full screen: the window is $(geom), expected ${W}x${H}"
    quit_with ctrl+q "" "full screen"
    echo "ok   F11: full screen at $screen, then back to ${W}x${H}; Esc leaves full screen, not the app"
elif [ "${SCRATCHNET_REQUIRE_GUI:-0}" = 1 ]; then
    fail "F11 needs a window manager, and evilwm did not start: $wm_why (scripts/setup --test installs evilwm, x11-utils and xfonts-base)"
else
    echo "skip: F11 (full screen) needs a window manager under Xvfb: $wm_why"
fi
exit 0
