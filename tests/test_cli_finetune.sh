#!/usr/bin/env bash
# test_cli_finetune.sh - `scratchnet train --finetune`: a small model fine-tuned on a scripted
# person's drawings (make-person) reads the held-back third better, keeps MNIST and its refusal
# rule, records the fine-tuning in its file and loads; every bad input is one line naming the
# file, exit 2, before any work; a stopped run saves nothing.
# usage: test_cli_finetune.sh SCRATCHNET_BINARY MAKE_PERSON_BINARY
#   (env: SCRATCHNET_TEST_DATA, SCRATCHNET_MNIST_DIR, SCRATCHNET_SOURCE_ROOT, SCRATCHNET_SANITIZE)
# shellcheck source=cli_lib.sh
source "$(dirname "$0")/cli_lib.sh"
person=$2

expect 0 "train --help points to --finetune" -- "$bin" train --help
grep -q -- "--finetune MODEL" "$tmp/out" || fail "train --help: $(cat "$tmp/out")"
expect 0 "train --finetune --help lists the fine-tuning's options" -- "$bin" train --finetune \
    x --help
for opt in --drawings --out --mnist --copies --epochs --lr --val --seed; do
    grep -q -- "$opt" "$tmp/out" || fail "train --finetune --help lacks $opt"
done

expect 0 "make-person writes the person's drawings" -- "$person" --per-digit 30 \
    "$tmp/person.jsonl" "$tmp/held.jsonl"
[ "$(grep -c '"label":' "$tmp/person.jsonl")" -eq 200 ] || fail "200 drawings to tune on"
[ "$(grep -c '"label":' "$tmp/held.jsonl")" -eq 100 ] || fail "100 drawings held back"
cp "$tmp/person.jsonl" "$tmp/again.jsonl"
"$person" --per-digit 30 "$tmp/again.jsonl" "$tmp/again-held.jsonl" >/dev/null
cmp -s "$tmp/person.jsonl" "$tmp/again.jsonl" || fail "make-person is not reproducible"

# --- bad input: one line naming the file, exit 2, nothing written -------------------------
model=$root/models/mnist-seed.json
printf '' >"$tmp/empty.jsonl"
printf '\n\n' >"$tmp/blank.jsonl"
printf '{"label":3,"strokes":[[[1,1],[5,9]]]}\n{"label":12,"strokes":[[[1,1],[5,9]]]}\n' \
    >"$tmp/label12.jsonl"
printf '{"label":3,"strokes":[[[1,1],[5,9]]]}\n{"strokes":[[[1,1],[5,9]]]}\n' >"$tmp/nolabel.jsonl"
printf '{"label":null,"strokes":[[[1,1],[5,9]]]}\n' >"$tmp/nodigit.jsonl"
printf '{"label":3,"strokes":[[[1,1],[5,9]]\n' >"$tmp/broken.jsonl"
bad() { # bad WHAT TEXT -- args...: exit 2, one line mentioning TEXT, no output file
    local what=$1 text=$2
    shift 3
    rm -f "$tmp/out.json"
    expect 2 "$what" -- "$bin" train "$@" && one_line_error "$text"
    [ "$(grep -c . "$tmp/err")" -eq 1 ] || fail "$what: not one line: $(cat "$tmp/err")"
    [ ! -e "$tmp/out.json" ] || fail "$what: wrote --out"
}
bad "a missing drawings file" "$tmp/nope.jsonl" -- --finetune "$model" \
    --drawings "$tmp/nope.jsonl" --out "$tmp/out.json"
bad "an empty drawings file" "$tmp/empty.jsonl: no drawings" -- --finetune "$model" \
    --drawings "$tmp/empty.jsonl" --out "$tmp/out.json"
bad "a drawings file of blank lines" "$tmp/blank.jsonl: no drawings" -- --finetune "$model" \
    --drawings "$tmp/blank.jsonl" --out "$tmp/out.json"
bad "a label that is no digit" "$tmp/label12.jsonl:2" -- --finetune "$model" \
    --drawings "$tmp/label12.jsonl" --out "$tmp/out.json"
bad "a drawing without a label" "$tmp/nolabel.jsonl:2: no \"label\"" -- --finetune "$model" \
    --drawings "$tmp/nolabel.jsonl" --out "$tmp/out.json"
bad "drawings of no digit at all" "$tmp/nodigit.jsonl: no drawing of a digit" -- \
    --finetune "$model" --drawings "$tmp/nodigit.jsonl" --out "$tmp/out.json"
bad "a line that is not JSON" "$tmp/broken.jsonl:1" -- --finetune "$model" \
    --drawings "$tmp/broken.jsonl" --out "$tmp/out.json"
bad "a missing model" "$tmp/nomodel.json" -- --finetune "$tmp/nomodel.json" \
    --drawings "$tmp/person.jsonl" --out "$tmp/out.json"
bad "a Fashion-MNIST model with digit drawings" "fashion-mlp.json: reads T-shirt/top" -- \
    --finetune "$root/models/fashion-mlp.json" --drawings "$tmp/person.jsonl" \
    --out "$tmp/out.json"
bad "no --drawings" "--drawings FILE is required" -- --finetune "$model" --out "$tmp/out.json"
bad "no --out" "--out FILE is required" -- --finetune "$model" --drawings "$tmp/person.jsonl"
cp "$model" "$tmp/model.json"
expect 2 "the output may not be the model it reads" -- "$bin" train --finetune \
    "$tmp/model.json" --drawings "$tmp/person.jsonl" --out "$tmp/model.json"
one_line_error "model.json"
cmp -s "$model" "$tmp/model.json" || fail "the model was changed"
expect 1 "an output in a missing folder is refused before any work" -- "$bin" train \
    --finetune "$model" --drawings "$tmp/person.jsonl" --out "$tmp/no/such/out.json"
one_line_error "$tmp/no/such/out.json"

have_mnist "fine-tuning" || finish
# --- a test-sized run: the seed model on the person ------------------------------------------
expect 0 "eval before: the held-back third" -- "$bin" eval "$model" --drawings "$tmp/held.jsonl"
before=$(sed -n 's/^accuracy: \([0-9.]*\)%.*/\1/p' "$tmp/out")
expect 0 "fine-tune the seed model on the person" -- "$bin" train --finetune "$model" \
    --drawings "$tmp/person.jsonl" --out "$tmp/tuned.json" --data "$mnist"
cat "$tmp/out"
grep -q "^refusal rule refit on held-out MNIST: below" "$tmp/out" || fail "no refusal refit"
python3 - "$tmp/out" <<'PY' || fail "MNIST test accuracy dropped more than 0.3 points"
import re, sys
m = re.search(r"MNIST test: ([0-9.]+) % before, ([0-9.]+) % after", open(sys.argv[1]).read())
assert m and float(m.group(1)) - float(m.group(2)) <= 0.3, m and m.groups()
PY
expect 0 "eval after: the held-back third" -- "$bin" eval "$tmp/tuned.json" \
    --drawings "$tmp/held.jsonl"
after=$(sed -n 's/^accuracy: \([0-9.]*\)%.*/\1/p' "$tmp/out")
echo "held back: $before % before, $after % after"
python3 -c "import sys; sys.exit(0 if float('$after') >= float('$before') + 10 else 1)" ||
    fail "the held-back drawings: $before % before, $after % after (not 10 points better)"
python3 - "$tmp/tuned.json" <<'PY' || fail "the model file does not record the fine-tuning"
import json, sys
m = json.load(open(sys.argv[1]))
f = m["training"]["finetuned"]
assert f["from"] == "mnist-seed" and f["drawings"] == "person.jsonl" and f["samples"] == 200, f
assert m["refusal"]["below"] > 0 and "MNIST" in m["refusal"]["chosen"], m["refusal"]
assert m["name"] == "tuned", m["name"]
PY
expect 0 "the fine-tuned model loads (info)" -- "$bin" info "$tmp/tuned.json"

# --- a stopped run saves nothing and leaves no temporary file --------------------------------
"$bin" train --finetune "$model" --drawings "$tmp/person.jsonl" --out "$tmp/stopped.json" \
    --data "$mnist" --epochs 50 >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 2
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || fail "a stopped fine-tuning exits $rc, not 130: $(cat "$tmp/err")"
grep -q "interrupted; nothing saved" "$tmp/err" || fail "stopped: $(cat "$tmp/err")"
[ ! -e "$tmp/stopped.json" ] || fail "a stopped fine-tuning wrote its output"
ls "$tmp" | grep -q 'stopped.json.tmp' && fail "a stopped fine-tuning left a temporary file"
finish
