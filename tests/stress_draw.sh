#!/usr/bin/env bash
# stress_draw.sh - scratchnet-draw under a rough user, in a virtual X server.
#
# usage: stress_draw.sh EXE MODEL.json [MODEL.json ...]
#
# Starts the app with the given models plus broken ones (garbage, a truncated model, an empty
# file), then: thousands of random strokes, inside the canvas and across the whole window
# ($SCRATCHNET_STRESS_STROKES, 2000 by default); bursts of clear, undo, redo, brush size,
# preprocessing, steps, help, model switching, saving, screenshots and the Open prompt; broken and good files dropped onto the window
# (with the XDND helper $SCRATCHNET_XDND_DROP); window sizes from tiny to larger than the
# screen, drawing at each. After every phase the app must still be running and must answer a
# freshly drawn stroke with a prediction within 15 s; at the end Ctrl+Q must quit it with status 0
# (under the sanitizer build that includes no leak). Prints what it did and the app's peak
# memory. Without Xvfb or xdotool it skips (77), unless SCRATCHNET_REQUIRE_GUI=1.
set -u

# shellcheck source=gui_lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/gui_lib.sh"
gui_args stress_draw "$@"
strokes=${SCRATCHNET_STRESS_STROKES:-2000}

gui_require_tools

gui_start_xvfb

# broken model files next to the good ones
printf '{"format": "scratchnet-model", "version": 1, "layers": [{"type": "dense"' >"$tmp/cut.json"
head -c 5000 "${models[0]}" >"$tmp/truncated.json"
: >"$tmp/empty.json"
printf '\x00\xff garbage \x7f' >"$tmp/garbage.json"
start stress "${models[@]}" "$tmp/cut.json" "$tmp/truncated.json" "$tmp/empty.json" \
    "$tmp/garbage.json"
t_start=$(date +%s.%N)

alive() {
    kill -0 "$app_pid" 2>/dev/null || fail "$1: the app is gone (exit or crash)"
}

# responsive WHAT: clears, draws a vertical stroke and waits for a prediction in the title,
# moving on to the next model (Tab) while the one shown is a broken file, and switching the
# Eraser off (E) when the stroke left the canvas empty (random clicks may have switched it on)
responsive() {
    alive "$1"
    local tries
    for tries in 1 2 3 4 5 6 7 8 9 10; do
        xdotool key --window "$wid" c
        xdotool mousemove --window "$wid" "$cx" $((cy - half * 7 / 10)) mousedown 1
        for k in 1 2 3 4 5 6 7 8 9 10; do
            xdotool mousemove --window "$wid" "$cx" $((cy - half * 7 / 10 + k * half * 14 / 100))
        done
        xdotool mouseup 1
        for _ in $(seq 50); do
            title | grep -qE -- "— [0-9] \(|not sure: [0-9]" && { alive "$1"; return 0; }
            sleep 0.1
        done
        if title | grep -qE -- "— draw (a digit|something)\$"; then
            xdotool key --window "$wid" e
        else
            xdotool key --window "$wid" Tab
        fi
    done
    fail "$1: no prediction after drawing (title '$(title)')"
}

responsive "start"

# 1. random strokes, 50 per xdotool call: inside the canvas and anywhere in the window
RANDOM=42
moves=0
for ((done = 0; done < strokes; done += 50)); do
    args=()
    for ((s = 0; s < 50; s++)); do
        if ((RANDOM % 4 == 0)); then # anywhere in the window, even its edges
            x=$((RANDOM % W)) y=$((RANDOM % H))
        else
            x=$((cx - half + RANDOM % (2 * half))) y=$((cy - half + RANDOM % (2 * half)))
        fi
        button=1
        ((RANDOM % 8 == 0)) && button=3 # the eraser
        args+=(mousemove --window "$wid" "$x" "$y" mousedown "$button")
        n=$((2 + RANDOM % 8))
        for ((p = 0; p < n; p++)); do
            x=$((x + RANDOM % 61 - 30)) y=$((y + RANDOM % 61 - 30))
            # never below 0: xdotool takes "-5" for an option and drops the rest of the call,
            # leaving the button held down
            ((x < 0)) && x=0
            ((y < 0)) && y=0
            args+=(mousemove --window "$wid" "$x" "$y")
        done
        moves=$((moves + n + 1))
        args+=(mouseup "$button")
    done
    xdotool "${args[@]}" 2>/dev/null
    ((done % 500 == 0)) && { alive "strokes"; xdotool key --window "$wid" c; }
done
responsive "after $strokes random strokes"

# 2. key bursts: clear, undo, redo, brush, preprocessing, steps, help, eraser, next model, save
# (Ctrl+S), screenshot (F12), and the Open prompt (Ctrl+O, then typing, Backspace, and Enter
# or Esc: a missing file, garbage, or a good model)
keys=(c ctrl+z ctrl+z ctrl+y ctrl+y ctrl+z bracketleft bracketright bracketright p p s s h h e Tab
      Delete BackSpace F1 F1 ctrl+s F12 OPEN OPEN)
typed=(x y z slash period j s o n space BackSpace BackSpace)
# path_keys PATH: adds key presses typing PATH to the burst. (Not xdotool's "type": it remaps
# keycodes for characters as it goes, after which a later app instance can read the Escape key
# sent through XTEST as another key.)
path_keys() {
    local c i
    for ((i = 0; i < ${#1}; i++)); do
        c=${1:i:1}
        case $c in
            /) c=slash ;; .) c=period ;; -) c=minus ;; _) c=underscore ;; ' ') c=space ;;
        esac
        burst+=(key --window "$wid" "$c")
    done
}
burst=()
for ((i = 0; i < 400; i++)); do
    k=${keys[RANDOM % ${#keys[@]}]}
    if [ "$k" = OPEN ]; then
        burst+=(key --window "$wid" ctrl+o)
        for ((j = RANDOM % 8; j > 0; j--)); do
            burst+=(key --window "$wid" "${typed[RANDOM % ${#typed[@]}]}")
        done
        if ((RANDOM % 4 == 0)); then # a good model's path, key by key
            path_keys "${models[0]}"
        fi
        burst+=(key --window "$wid" "$( ((RANDOM % 2)) && echo Return || echo Escape)")
    else
        burst+=(key --window "$wid" "$k")
    fi
    if ((i % 10 == 0)); then # a stroke now and then, so undo and redo have work
        x=$((cx - half / 2 + RANDOM % half)) y=$((cy - half / 2 + RANDOM % half))
        burst+=(mousemove --window "$wid" "$x" "$y" mousedown 1 mousemove --window "$wid"
                $((x + 20)) $((y + 30)) mouseup 1)
    fi
done
xdotool "${burst[@]}" 2>/dev/null
# The burst never quits (its only Esc closes the Open prompt it opened). If it left the help
# open, a click closes it; in the window's bottom right corner, outside the canvas, a click
# does nothing else.
xdotool mousemove --window "$wid" $((W - 4)) $((H - 4)) click 1 2>/dev/null
sleep 0.2
alive "after 400 key presses"
responsive "after 400 key presses"
# the screenshots and drawings saved on the way are whole PNG files
shots=$(find "$tmp/work" -name 'scratchnet-draw-*.png' | wc -l)
saved=$(find "$tmp/work" -name 'drawing-*.png' | wc -l)
[ "$shots" -gt 0 ] || fail "F12 in the key bursts saved no screenshot"
if command -v identify >/dev/null 2>&1; then
    for f in "$tmp"/work/*.png; do
        identify "$f" >/dev/null 2>&1 || fail "$(basename "$f") is not a whole PNG"
    done
fi

# 3. files dropped onto the window (while it has its normal size), as from a file
# manager: broken models and drawings, then good ones, drawing in between
dropped=0
drop=${SCRATCHNET_XDND_DROP:-}
if [ -n "$drop" ] && [ -x "$drop" ]; then
    printf '{"format": "scratchnet-strokes", "version": 1, "strokes": [{"points": [[1, ' \
        >"$tmp/cut-drawing.json"
    head -c 300 /dev/urandom >"$tmp/random.bin"
    printf '{"format":"scratchnet-strokes","version":1,"width":28,"height":28,"strokes":[{"width":2.5,"erase":false,"points":[[14,4],[14,24]]}]}' \
        >"$tmp/one.json"
    for f in "$tmp/garbage.json" "$tmp/truncated.json" "$tmp/empty.json" "$tmp/cut-drawing.json" \
        "$tmp/random.bin" "$tmp/no-such-file.json" "${models[0]}" "$tmp/one.json" "$tmp/cut.json" \
        "${models[@]}"; do
        "$drop" "$wid" "$f" || fail "dropping $f: the window did not take the drop"
        dropped=$((dropped + 1))
        xdotool mousemove --window "$wid" "$cx" "$cy" mousedown 1 \
            mousemove --window "$wid" $((cx + 10)) $((cy + 40)) mouseup 1 2>/dev/null
        alive "after dropping $(basename "$f")"
    done
    responsive "after $dropped dropped files"
else
    echo "note: no xdnd_drop helper (needs libx11-dev): files are not dropped onto the window"
fi

# 4. window sizes: tiny, larger than the screen, odd shapes, and back; drawing at each
sizes=("60 40" "1 1" "4000 3000" "300 900" "1600 200" "640 480" "1280 800")
for size in "${sizes[@]}"; do
    # shellcheck disable=SC2086
    xdotool windowsize --sync "$wid" $size 2>/dev/null || xdotool windowsize "$wid" $size
    sleep 0.2
    read -r W H < <(xdotool getwindowgeometry --shell "$wid" | awk -F= '/^WIDTH/{w=$2} /^HEIGHT/{h=$2} END{print w, h}')
    xdotool mousemove --window "$wid" $((W / 3)) $((H / 3)) mousedown 1 \
        mousemove --window "$wid" $((W / 2)) $((H / 2)) mouseup 1 2>/dev/null
    alive "window size $size"
done
cx=$((H * 44 / 100)) cy=$((H * 45 / 100)) half=$((H * 40 / 100))
responsive "after resizing"

peak_kb=$(awk '/^VmHWM/{print $2}' "/proc/$app_pid/status" 2>/dev/null)
t_end=$(date +%s.%N)
quit_with ctrl+q window
printf 'ok   %d strokes (%d mouse moves), 400 key presses (%d screenshots, %d drawings saved), %d dropped files, %d window sizes in %.1f s; ' \
    "$strokes" "$moves" "$shots" "$saved" "$dropped" "${#sizes[@]}" "$(awk -v a="$t_start" -v b="$t_end" 'BEGIN{print b - a}')"
echo "peak memory ${peak_kb:-?} kB; still responsive after each phase; quit cleanly"
