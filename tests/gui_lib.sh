# gui_lib.sh - what the GUI tests share: their arguments, a scratch folder, a virtual X server
# and the app in it. Sourced by e2e_draw.sh, e2e_draw_refusal.sh and stress_draw.sh.

# gui_args NAME "$@": EXE MODEL.json... into exe and models (absolute paths: the app runs in a
# scratch folder), a scratch folder in tmp, removed on exit with the app and the X server.
gui_args() {
    gui_name=$1
    shift
    if [ $# -lt 2 ]; then
        echo "usage: $gui_name.sh EXE MODEL.json [MODEL.json ...]" >&2
        exit 2
    fi
    exe=$(abs "$1")
    shift
    models=()
    for m in "$@"; do models+=("$(abs "$m")"); done
    tmp=$(mktemp -d)
    xvfb_pid=
    app_pid=
    trap gui_cleanup EXIT
}

# gui_e2e_args NAME HINT "$@": gui_args, then out (where screenshots go: $SCRATCHNET_E2E_OUT,
# default .) and dash (the em dash in the title "scratchnet-draw — 7 (98%)"); fails unless EXE
# is an executable and every MODEL.json can be read, a missing model's message ending in
# " (HINT)" when HINT is not empty.
gui_e2e_args() {
    local name=$1 hint=$2 m
    shift 2
    gui_args "$name" "$@"
    out=$(abs "${SCRATCHNET_E2E_OUT:-.}")
    # shellcheck disable=SC2034 # the sourcing test's
    dash=$'\xe2\x80\x94'
    [ -x "$exe" ] || fail "$exe: not an executable"
    for m in "${models[@]}"; do
        [ -r "$m" ] || fail "$m: model not found${hint:+ ($hint)}"
    done
}

abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }

wm_pid=
gui_cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
    [ -n "$wm_pid" ] && kill "$wm_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$tmp"
}

# fail MESSAGE: reports, with the end of what the app wrote to stderr, and exits 1
# and a screenshot of the screen as it was, in $SCRATCHNET_E2E_OUT (else the temp folder's
# parent), to see what the app showed
fail() {
    echo "$gui_name: FAIL: $*"
    if [ -n "${DISPLAY:-}" ] && command -v import >/dev/null 2>&1; then
        local shot="${SCRATCHNET_E2E_OUT:-${TMPDIR:-/tmp}}/$gui_name-failure.png"
        import -window root "$shot" 2>/dev/null && echo "     screen at the failure: $shot"
        [ -n "${wid:-}" ] && echo "     window title: $(xdotool getwindowname "$wid" 2>/dev/null)"
    fi
    if [ -s "$tmp/app.err" ]; then
        echo "--- scratchnet-draw stderr (last lines):"
        tail -n 30 "$tmp/app.err"
    fi
    exit 1
}

# gui_require_tools [TOOL:PACKAGE ...]: returns when Xvfb, xdotool and the given tools are
# installed; otherwise skips the test (exit 77) naming what is missing and the packages that
# have it, or fails when SCRATCHNET_REQUIRE_GUI=1 forbids skipping.
gui_require_tools() {
    local tool missing= packages="xvfb xdotool"
    for tool in Xvfb xdotool; do
        command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
    done
    for tool in "$@"; do
        packages="$packages ${tool#*:}"
        command -v "${tool%%:*}" >/dev/null 2>&1 || missing="$missing ${tool%%:*}"
    done
    [ -z "$missing" ] && return 0
    if [ "${SCRATCHNET_REQUIRE_GUI:-0}" = 1 ]; then
        fail "missing:$missing (apt-get install $packages; SCRATCHNET_REQUIRE_GUI=1 forbids skipping)"
    fi
    echo "skip: the window part needs$missing (apt-get install $packages)"
    exit 77
}

# gui_start_xvfb [WxH]: starts Xvfb on a free display, its screen W x H pixels (default
# 1280x800), and sets the environment the app runs in (the user's folders in the scratch folder).
gui_start_xvfb() {
    local screen=${1:-1280x800}
    # Xvfb picks a free display itself and writes its number to fd 3 once it is ready.
    # -noreset: without it the server resets when its last client leaves, and an app started
    # right after the previous one quit can find no display during the reset
    Xvfb -displayfd 3 -screen 0 "${screen}x24" -nolisten tcp -noreset 3>"$tmp/display" 2>"$tmp/xvfb.err" &
    xvfb_pid=$!
    for _ in $(seq 100); do
        [ -s "$tmp/display" ] && break
        kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb did not start: $(cat "$tmp/xvfb.err")"
        sleep 0.1
    done
    [ -s "$tmp/display" ] || fail "Xvfb did not report a display"
    export DISPLAY=":$(head -n 1 "$tmp/display")"
    unset WAYLAND_DISPLAY

    mkdir -p "$tmp/work" "$tmp/no-models"
    # the user's folders (settings, the personal collection, models trained in the app) in the
    # scratch folder: a test never reads or writes the real user's
    export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"

    # X11 (Xvfb), SDL's software renderer: the same pictures on every machine, and no GL driver whose
    # allocations a sanitizer build would report at exit.
    export SDL_VIDEODRIVER=x11 SDL_RENDER_DRIVER=software SDL_FRAMEBUFFER_ACCELERATION=0
    gui_lsan_suppressions
}

# gui_lsan_suppressions: leaks inside libX11 and libdbus (caches they keep for the process's
# lifetime, also when SDL finds no display) are not the app's: a sanitizer build does not report
# them.
gui_lsan_suppressions() {
    [ -s "$tmp/lsan.supp" ] && return 0
    printf 'leak:libX11.so\nleak:libdbus-1.so\n' >"$tmp/lsan.supp"
    export LSAN_OPTIONS="suppressions=$tmp/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
}

# gui_start_wm: starts evilwm, a small window manager, in the X server from now on (full screen
# on X11 is the window manager's job). Returns 1 if it is not installed or does not start, with
# the reason in wm_why (what evilwm wrote to stderr when it died).
# evilwm's default title font is not among Xvfb's built-in fonts, and without it evilwm exits at
# once ("couldn't find a font to use"); "fixed" is always there (and xfonts-base adds the rest).
wm_why=
gui_start_wm() {
    if ! command -v evilwm >/dev/null 2>&1; then
        wm_why="evilwm is not installed"
        return 1
    fi
    if ! command -v xprop >/dev/null 2>&1; then
        wm_why="xprop (x11-utils) is not installed: it tells when the window manager is up"
        return 1
    fi
    evilwm -fn fixed >"$tmp/wm.err" 2>&1 &
    wm_pid=$!
    # it is up once it has set the EWMH "supporting window manager" property on the root
    for _ in $(seq 50); do
        xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && return 0
        if ! kill -0 "$wm_pid" 2>/dev/null; then
            wait "$wm_pid"
            wm_why="evilwm exited with $? at start: $(tr '\n' ' ' <"$tmp/wm.err")"
            wm_pid=
            return 1
        fi
        sleep 0.1
    done
    wm_why="evilwm did not announce itself within 5 s: $(tr '\n' ' ' <"$tmp/wm.err")"
    return 1
}

wid=
gui_keep_settings=0
# start NAME ARGS...: starts the app in $tmp/work with only the models given, finds its window.
# Each start begins with the default settings (what a run before changed, the brush or the
# theme, is forgotten) unless the test set gui_keep_settings=1.
start() {
    local name=$1
    shift
    [ "$gui_keep_settings" = 1 ] || rm -f "${XDG_CONFIG_HOME:-/nonexistent}/scratchnet/settings.json"
    (cd "$tmp/work" && SCRATCHNET_MODELS="$tmp/no-models" exec "$exe" "$@") 2>"$tmp/app.err" &
    app_pid=$!
    wid=
    for _ in $(seq 300); do
        wid=$(xdotool search --onlyvisible --name '^scratchnet-draw' 2>/dev/null | tail -n 1)
        [ -n "$wid" ] && xdotool getwindowname "$wid" >/dev/null 2>&1 && break
        wid=
        kill -0 "$app_pid" 2>/dev/null || fail "$name: the app exited at start"
        sleep 0.1
    done
    [ -n "$wid" ] || fail "$name: no window appeared"
    xdotool windowfocus --sync "$wid" 2>/dev/null || true
    read -r W H < <(xdotool getwindowgeometry --shell "$wid" | awk -F= '/^WIDTH/{w=$2} /^HEIGHT/{h=$2} END{print w, h}')
    # a pointer pressed before the app drew its first frame may be lost with the focus it
    # settles at start: wait (up to 10 s) for the window's background in its far corner (the
    # dark theme's or the light one's)
    if command -v import >/dev/null 2>&1; then
        for _ in $(seq 100); do
            import -window "$wid" -crop "1x1+$((W - 2))+$((H - 2))" +repage -depth 8 txt:- 2>/dev/null |
                grep -qE '#101218|#F6F7F9' && break
            sleep 0.1
        done
    fi
    # the canvas is the square on the left, vertically centred: its middle and half-side
    cx=$((H * 44 / 100))
    cy=$((H * 45 / 100))
    half=$((H * 40 / 100))
}

# gui_full_screen WxH: F11 with no window manager, the window then covers the screen: waits up
# to 5 s for it to be W x H pixels (its size goes into W and H) and fails if it is not.
gui_full_screen() {
    xdotool key --clearmodifiers F11
    for _ in $(seq 50); do
        read -r W H < <(xdotool getwindowgeometry --shell "$wid" |
            awk -F= '/^WIDTH/{w=$2} /^HEIGHT/{h=$2} END{print w, h}')
        [ "${W}x${H}" = "$1" ] && break
        sleep 0.1
    done
    [ "${W}x${H}" = "$1" ] || fail "F11: the window is ${W}x${H}, expected $1"
}

# at [FILE] NAME: the rectangle NAME, "X Y W H", of the layout the layout probe wrote to
# $tmp/FILE (default: $tmp/layout)
at() {
    local file=layout
    if [ $# -ge 2 ]; then
        file=$1
        shift
    fi
    awk -v n="$1" '$1 == n { print $2, $3, $4, $5 }' "$tmp/$file"
}
# click [FILE] NAME: a click in the middle of that rectangle; fails if the layout has no NAME
click() {
    local x y w h
    read -r x y w h < <(at "$@")
    [ -n "$x" ] || fail "the layout has no '${*: -1}'"
    xdotool mousemove --window "$wid" $((x + w / 2)) $((y + h / 2)) click 1
}

# quit_with KEY [window] [WHAT]: presses KEY (Escape, ctrl+q) and expects the app to end
# within 15 s with status 0 (under the sanitizer build that includes no leak report); WHAT names
# the run in a failure. KEY comes from the X server's test keyboard, as a user's would, or with
# "window" is sent to the window itself, as the stress test sends all its keys. (After thousands
# of keys sent that way, xdotool's key mapping on Xvfb can turn a later Esc into a key code SDL
# does not know, so the stress test quits with Ctrl+Q.)
quit_with() {
    local key=$1 how=${2:-} what=${3:-}
    if [ "$how" = window ]; then
        xdotool key --window "$wid" "$key"
    else
        xdotool key --clearmodifiers "$key"
    fi
    for _ in $(seq 150); do
        kill -0 "$app_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$app_pid" 2>/dev/null && fail "${what:+$what: }$key did not quit"
    wait "$app_pid"
    local rc=$?
    app_pid=
    [ "$rc" = 0 ] || fail "${what:+$what: }the app exited with $rc after $key"
}
quit_with_esc() { quit_with Escape "" "${1:-}"; }

# stroke X Y X Y ...: presses the left button at the first point, moves through the others.
stroke() {
    local args=(mousemove --window "$wid" "$1" "$2" mousedown 1)
    shift 2
    while [ $# -ge 2 ]; do
        args+=(mousemove --window "$wid" "$1" "$2")
        shift 2
    done
    xdotool "${args[@]}" mouseup 1
}

title() { xdotool getwindowname "$wid" 2>/dev/null; }

# shot WINDOW NAME: a screenshot of the window (or root) as $out/NAME, when ImageMagick's import
# is there
shot() {
    command -v import >/dev/null 2>&1 || return 0
    sleep 0.3
    import -window "$1" "$out/$2" || fail "import could not take $2"
    echo "     screenshot: $out/$2"
}

# expect_title PATTERN WHAT: waits up to 15 s for the title to match (grep -E).
expect_title() {
    for _ in $(seq 150); do
        title | grep -qE -- "$1" && return 0
        sleep 0.1
    done
    fail "$2: the title is '$(title)', expected /$1/"
}

