#!/usr/bin/env bash
# test_onnx_export.sh - every shipped model exported to ONNX is accepted by ONNX's own checker
# and, run by onnxruntime on its whole test set (MNIST, or Fashion-MNIST for the fashion models),
# gives the same top class as scratchnet for every image and every probability within 1e-5.
# So does a small model of every layer type and activation, trained here for a moment. And
# scratchnet itself, opening each exported file, gives bit-identical probabilities.
# Prints per model: images, top-class agreements, largest difference.
# usage: test_onnx_export.sh SCRATCHNET ONNX_PROBS ONNX_CHECK_PY ORT_COMPARE_JS
#   (env as cli_lib.sh, and SCRATCHNET_FASHION_DIR, SCRATCHNET_ONNXRUNTIME_DIR: the folder
#   node_modules holding onnxruntime-node)
# What it needs besides the build (python3-onnx, onnxruntime-node, node, MNIST, Fashion-MNIST:
# scripts/setup --test installs them all): when any is missing the test is skipped (77), or
# fails when SCRATCHNET_REQUIRE_DATA=1.
# shellcheck source=tests/cli_lib.sh
source "$(dirname "$0")/cli_lib.sh"
probs=$2 check=$3 compare=$4
fashion=${SCRATCHNET_FASHION_DIR:?}
ort_modules=${SCRATCHNET_ONNXRUNTIME_DIR:?}

# The Python that has ONNX: Debian's python3-onnx is in the system's Python, which another
# python3 first on the PATH (a virtual environment, pyenv) does not see.
python=
for candidate in /usr/bin/python3 python3; do
    if "$candidate" -c 'import onnx' 2>/dev/null; then
        python=$candidate
        break
    fi
done

# the images of a test set in dir, raw or gzip-compressed ("" when neither is there)
images_in() {
    local f
    for f in "$1/t10k-images-idx3-ubyte" "$1/t10k-images-idx3-ubyte.gz"; do
        [ -f "$f" ] && { echo "$f"; return; }
    done
}

missing=()
[ -n "$python" ] || missing+=("python3-onnx (no python3 imports onnx)")
if ! command -v node >/dev/null 2>&1; then
    missing+=("node")
elif ! node -e 'require(process.argv[1])' "$ort_modules/onnxruntime-node" >/dev/null 2>&1; then
    missing+=("onnxruntime-node in $ort_modules")
fi
[ -n "$(images_in "$mnist")" ] || missing+=("MNIST in $mnist")
[ -n "$(images_in "$fashion")" ] || missing+=("Fashion-MNIST in $fashion")
if [ "${#missing[@]}" -gt 0 ]; then
    what=$(IFS=';'; echo "${missing[*]}" | sed 's/;/, /g')
    if [ "${SCRATCHNET_REQUIRE_DATA:-0}" = 1 ]; then
        echo "FAIL: required but missing: $what (scripts/setup --test installs them)"
        exit 1
    fi
    echo "skip: not found: $what (scripts/setup --test installs them): the exports not checked"
    exit 77
fi

# every layer type and activation (an activation layer on the input, after a convolution
# without one and after a dense layer with one; batchnorm on images and on a vector), trained
# for one short epoch so that batchnorm's statistics and the refusal rule are not the defaults
every_type=1x28x28,act:sigmoid,conv4x3:relu,pool,bn:tanh,dropout0.25,conv6x3p0,act:relu,pool
every_type+=,flatten,bn,32:tanh,act:sigmoid,24:relu,10:softmax
expect 0 "a model of every layer type trained" -- "$bin" train --layers "$every_type" \
    --limit 2500 --val 500 --epochs 1 --outliers 0 --made-digits 0 --augment none \
    --cost cross-entropy --optimizer adam --lr 0.003 --preprocess none --data "$mnist" \
    --out "$tmp/every-type.json"
# and inputs scaled with an offset, labels that JSON must escape in the metadata
sed -i -E -e 's/"scale": [^,]+, "offset": [^,]+/"scale": 0.0125, "offset": -0.4/' \
    -e 's/"labels": \["0", "1",/"labels": ["zero, nought", "\\"one\\"",/' \
    -e 's/"9"\]/"neuf \\\\ été"]/' "$tmp/every-type.json"
grep -q '"offset": -0.4' "$tmp/every-type.json" && grep -q 'zero, nought' "$tmp/every-type.json" ||
    fail "every-type.json's scaling and labels not changed: $(sed -n 5,6p "$tmp/every-type.json")"

count=0
for model in "$root"/models/*.json "$tmp/every-type.json"; do
    name=$(basename "$model" .json)
    onnx="$tmp/$name.onnx"
    count=$((count + 1))
    dir=$mnist
    if grep -q '"dataset": *"fashion-mnist"' "$model"; then
        dir=$fashion
    fi
    expect 0 "$name: exported" -- "$bin" export "$model" --out "$onnx" || continue
    if "$python" "$check" "$onnx" "$model" >"$tmp/check" 2>&1; then
        ok "$name: $(tail -n 1 "$tmp/check")"
    else
        fail "$name: ONNX's checker: $(cat "$tmp/check")"
    fi
    if ! "$probs" "$model" "$dir" "$tmp/$name.f32" >"$tmp/probs" 2>&1; then
        fail "$name: scratchnet's probabilities: $(cat "$tmp/probs")"
        continue
    fi
    if node "$compare" "$ort_modules" "$onnx" "$(images_in "$dir")" "$tmp/$name.f32" \
            >"$tmp/ort" 2>&1; then
        ok "$(cat "$tmp/ort")"
    else
        fail "$name: onnxruntime: $(cat "$tmp/ort")"
    fi
    # the exported file opened as the programs open a .onnx file: the very same answers
    if ! "$probs" "$onnx" "$dir" "$tmp/$name.back.f32" >"$tmp/probs" 2>&1; then
        fail "$name: $name.onnx opened by scratchnet: $(cat "$tmp/probs")"
    elif cmp -s "$tmp/$name.f32" "$tmp/$name.back.f32"; then
        ok "$name.onnx opened by scratchnet: bit-identical probabilities"
    else
        fail "$name.onnx opened by scratchnet: the probabilities differ from $name.json's"
    fi
done
[ "$count" -ge 6 ] || fail "only $((count - 1)) models in $root/models"
finish
