#!/usr/bin/env bash
# test_cli_onnx.sh - `scratchnet import` and `scratchnet export` as a user meets them: a model
# exported and imported back reads the test images as the original did, the ONNX file opens
# directly in eval and predict, the options, and one line for each bad input.
# usage: test_cli_onnx.sh SCRATCHNET_BINARY
#   (env: SCRATCHNET_TEST_DATA, SCRATCHNET_MNIST_DIR, SCRATCHNET_SOURCE_ROOT, SCRATCHNET_SANITIZE)
# shellcheck source=cli_lib.sh
source "$(dirname "$0")/cli_lib.sh"

onnx_data=$data/onnx # the first 1,000 MNIST test images and PyTorch's models (README there)

# export, then import back: the same answers on the 1,000 test images
expect 0 "export writes an ONNX file" -- "$bin" export "$root/models/mnist-mlp.json" \
    --out "$tmp/mlp.onnx"
grep -q "^wrote $tmp/mlp.onnx: ONNX opset 13; input \"pixels\" (N, 1, 28, 28)" "$tmp/out" ||
    fail "export's line: $(cat "$tmp/out")"
expect 0 "import reads it back" -- "$bin" import "$tmp/mlp.onnx" --out "$tmp/mlp.json"
grep -q "written by scratchnet" "$tmp/out" || fail "import does not say who wrote the file"
grep -q "^wrote $tmp/mlp.json$" "$tmp/out" || fail "import's last line: $(tail -1 "$tmp/out")"
expect 0 "eval of the original" -- "$bin" eval "$root/models/mnist-mlp.json" --data "$onnx_data"
grep '^accuracy' "$tmp/out" >"$tmp/acc-original"
expect 0 "eval of the imported model" -- "$bin" eval "$tmp/mlp.json" --data "$onnx_data"
grep '^accuracy' "$tmp/out" >"$tmp/acc-imported"
expect 0 "eval opens the ONNX file directly" -- "$bin" eval "$tmp/mlp.onnx" --data "$onnx_data"
grep '^accuracy' "$tmp/out" >"$tmp/acc-onnx"
[ -s "$tmp/acc-original" ] && cmp -s "$tmp/acc-original" "$tmp/acc-imported" &&
    cmp -s "$tmp/acc-original" "$tmp/acc-onnx" ||
    fail "accuracies differ: $(cat "$tmp/acc-original" "$tmp/acc-imported" "$tmp/acc-onnx")"
expect 0 "predict with an ONNX model reads the seven" -- "$bin" predict --model "$tmp/mlp.onnx" \
    "$data/mnist-test-0-seven.png"
grep -q "seven.png: 7 (" "$tmp/out" || fail "predict: $(cat "$tmp/out")"
expect 0 "info shows an ONNX model" -- "$bin" info "$tmp/mlp.onnx"
grep -q "^model mlp " "$tmp/out" || fail "info names it after its file: $(head -1 "$tmp/out")"

# a PyTorch export ending in logits: the softmax it gets is said
expect 0 "import of PyTorch's MLP" -- "$bin" import "$onnx_data/mlp-logits-opset9.onnx" \
    --out "$tmp/torch.json" --labels zero,one,two,three,four,five,six,seven,eight,nine \
    --name torch-mlp
grep -q "^note: the graph ends in raw outputs (logits)" "$tmp/out" || fail "no note on logits"
grep -q '"name": "torch-mlp"' "$tmp/torch.json" || fail "--name is not the model's name"
grep -q '"seven"' "$tmp/torch.json" || fail "--labels are not the labels"
expect 0 "--scale and --offset set the input scaling" -- "$bin" import \
    "$onnx_data/mlp-logits-opset9.onnx" --out "$tmp/norm.json" --scale 0.012728233 \
    --offset -0.42421293 --preprocess none
grep -q '"scale": 0.012728233, "offset": -0.42421293, "preprocess": "none"' "$tmp/norm.json" ||
    fail "scaling: $(grep '"input"' "$tmp/norm.json")"

# bad input: one line naming the file, exit 1; usage: exit 2; nothing written
printf 'not a model at all' >"$tmp/junk.onnx"
expect 1 "a file that is not ONNX" -- "$bin" import "$tmp/junk.onnx" --out "$tmp/junk.json"
one_line_error "^scratchnet import: $tmp/junk.onnx: not an ONNX model (the protobuf data is malformed)$"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
[ ! -e "$tmp/junk.json" ] || fail "a refused import wrote its output"
expect 1 "eval of a file that is not ONNX" -- "$bin" eval "$tmp/junk.onnx" --data "$onnx_data"
one_line_error "^scratchnet: $tmp/junk.onnx: not an ONNX model"
head -c 2000 "$tmp/mlp.onnx" >"$tmp/cut.onnx"
expect 1 "a file cut short" -- "$bin" import "$tmp/cut.onnx" --out "$tmp/cut.json"
one_line_error "^scratchnet import: $tmp/cut.onnx: "
expect 1 "labels that do not match the outputs" -- "$bin" import "$tmp/mlp.onnx" \
    --out "$tmp/l.json" --labels a,b,c
one_line_error "^scratchnet import: $tmp/mlp.onnx: 3 labels for the model's 10 outputs$"
expect 1 "mnist preprocessing of an input that is not 28 x 28" -- "$bin" import \
    "$root/tests/fuzz/onnx/small-conv.onnx" --out "$tmp/p.json" --preprocess mnist
one_line_error "\"mnist\" preprocessing needs a 1 x 28 x 28 input; the model's is 1 x 6 x 6"
expect 2 "import without --out" -- "$bin" import "$tmp/mlp.onnx"
one_line_error "^scratchnet import: --out FILE is required"
expect 2 "export without --out" -- "$bin" export "$root/models/mnist-mlp.json"
cp "$tmp/mlp.onnx" "$tmp/keep.onnx"
expect 2 "import over its own input" -- "$bin" import "$tmp/mlp.onnx" --out "$tmp/./mlp.onnx"
one_line_error "is the model $tmp/mlp.onnx itself"
cmp -s "$tmp/mlp.onnx" "$tmp/keep.onnx" || fail "import overwrote its input"
mkdir "$tmp/dir.onnx"
expect 1 "export into a folder" -- "$bin" export "$root/models/mnist-mlp.json" --out "$tmp/dir.onnx"
one_line_error "$tmp/dir.onnx"
mkfifo "$tmp/fifo.onnx"
expect 1 "import refuses a FIFO at once" -- timeout 10 "$bin" import "$tmp/fifo.onnx" \
    --out "$tmp/f.json"
one_line_error "$tmp/fifo.onnx: not a regular file (a FIFO)"

finish
