#!/usr/bin/env bash
# test_cli_show.sh - `scratchnet show` as a user meets it: its help, a picture of each kind in
# each format for a drawing and an image, and its refusals, each one line naming the file, before
# any work: a missing model, an input that is not an image or a drawing, an output that is a
# folder, a file of the wrong kind, the same as an input or as another output, no output at
# all, a class the model does not have. (test_picture checks what the pictures hold.)
# usage: test_cli_show.sh SCRATCHNET_BINARY
#   (env: SCRATCHNET_TEST_DATA, SCRATCHNET_MNIST_DIR, SCRATCHNET_SOURCE_ROOT, SCRATCHNET_SANITIZE)
# shellcheck source=cli_lib.sh
source "$(dirname "$0")/cli_lib.sh"

model=$data/tiny-model.json
drawing=$data/seven-with-base.json
image=$data/mnist-test-0-seven.png

expect 0 "show --help" -- "$bin" show --help
golden show-help

expect 0 "show writes every picture as PNG and SVG" -- "$bin" show "$model" "$drawing" \
    --activations "$tmp/a.png" --weights "$tmp/w.svg" --saliency "$tmp/s.png"
for f in a.png w.svg s.png; do
    grep -q "^wrote $tmp/$f\$" "$tmp/out" || fail "no 'wrote $f' line: $(cat "$tmp/out")"
    [ -s "$tmp/$f" ] || fail "$f not written"
done
head -c 8 "$tmp/a.png" | od -An -c | grep -q 'P   N   G' || fail "a.png is not a PNG"
grep -q '^<svg ' "$tmp/w.svg" && grep -q '</svg>' "$tmp/w.svg" || fail "w.svg is not an SVG"
expect 0 "show reads an image, --class by label, over an older picture" -- "$bin" show "$model" \
    "$image" --saliency "$tmp/s.png" --activations "$tmp/a.svg" --weights "$tmp/w.png" --class 3
grep -q 'mnist-test-0-seven.png' "$tmp/a.svg" || fail "the activations picture does not name its input"
ls "$tmp" | grep -q '\.tmp\.' && fail "a temporary file was left: $(ls "$tmp")"

expect 1 "a missing model is named" -- "$bin" show "$tmp/missing.json" "$drawing" \
    --saliency "$tmp/x.png"
one_line_error "missing.json"
expect 1 "an input that is not an image is named" -- "$bin" show "$model" \
    "$data/tiny-info.golden" --saliency "$tmp/x.png"
one_line_error "tiny-info.golden"
printf '{"strokes": 3}' >"$tmp/bad.json"
expect 1 "a broken drawing is named" -- "$bin" show "$model" "$tmp/bad.json" \
    --activations "$tmp/x.svg"
one_line_error "bad.json"
mkdir "$tmp/folder.png"
expect 1 "an output that is a folder is refused" -- "$bin" show "$model" "$drawing" \
    --weights "$tmp/folder.png"
one_line_error "folder.png"
[ -d "$tmp/folder.png" ] || fail "the folder was replaced"
expect 2 "an output of another kind is refused" -- "$bin" show "$model" "$drawing" \
    --weights "$tmp/w.jpg"
one_line_error "w.jpg: name a .png or .svg file"
cp "$image" "$tmp/in.png"
cp "$image" "$tmp/in.kept"
expect 2 "an output naming the input is refused" -- "$bin" show "$model" "$tmp/in.png" \
    --weights "$tmp/w.png" --activations "$tmp/in.png"
one_line_error "is the input $tmp/in.png itself"
cmp -s "$tmp/in.png" "$tmp/in.kept" || fail "show overwrote its input"
expect 2 "two outputs naming one file are refused" -- "$bin" show "$model" "$drawing" \
    --weights "$tmp/same.png" --saliency "$tmp/./same.png"
one_line_error "is --weights $tmp/same.png itself"
[ -e "$tmp/same.png" ] && fail "a refused run wrote same.png"
expect 2 "nothing to draw is a usage error" -- "$bin" show "$model" "$drawing"
one_line_error "nothing to draw"
expect 2 "a class the model does not have is refused" -- "$bin" show "$model" "$drawing" \
    --saliency "$tmp/x.png" --class 10
one_line_error "--class 10"
[ -e "$tmp/x.png" ] && fail "a refused run wrote x.png"
finish
