#!/usr/bin/env bash
# test_cli_refusal.sh - a model's verdict as the scratchnet command shows it: predict's words and
# its --json "verdict" for a model with a refusal rule and without, for digits and for other
# classes.
# usage: test_cli_refusal.sh SCRATCHNET_BINARY
#   (env: SCRATCHNET_TEST_DATA, SCRATCHNET_MNIST_DIR, SCRATCHNET_SOURCE_ROOT, SCRATCHNET_SANITIZE)
# shellcheck source=cli_lib.sh
source "$(dirname "$0")/cli_lib.sh"

# tiny-model.json (a fixed digit model) reads mnist-test-0-seven.png as a 7 at 88 %, the same
# seven inverted and doubled as a 7 at 83 %, and seven-with-base.json as 9 at 47 % or 7 at 34 %.
# A copy with a rule refuses below 85 %; another names other classes ("a" to "j").
sed '/^  "labels": /a\  "refusal": {"rule": "top-probability", "below": 0.85, "chosen": "by hand"},' \
    "$data/tiny-model.json" >"$tmp/rule.json"
sed 's/^  "labels": .*/  "labels": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],/' \
    "$tmp/rule.json" >"$tmp/rule-letters.json"
grep -q '"refusal"' "$tmp/rule.json" && grep -q '"j"\]' "$tmp/rule-letters.json" ||
    fail "could not make the models with a rule"
images=("$data/mnist-test-0-seven.png" "$data/seven-dark-on-light.pgm" "$data/seven-with-base.json")

expect 0 "predict without a rule: a class, or not sure between two" -- "$bin" predict \
    --model "$data/tiny-model.json" "${images[@]}"
grep -q "^$data/mnist-test-0-seven.png: 7 (87.97%)$" "$tmp/out" || fail "class: $(cat "$tmp/out")"
grep -q "^$data/seven-dark-on-light.pgm: 7 (82.76%)$" "$tmp/out" || fail "class: $(cat "$tmp/out")"
grep -q "^$data/seven-with-base.json: not sure: 9 or 7?$" "$tmp/out" || fail "unsure: $(cat "$tmp/out")"
expect 0 "predict with a rule: not a digit below the threshold" -- "$bin" predict \
    --model "$tmp/rule.json" "${images[@]}"
grep -q "^$data/mnist-test-0-seven.png: 7 (87.97%)$" "$tmp/out" || fail "class: $(cat "$tmp/out")"
grep -q "^$data/seven-dark-on-light.pgm: not a digit$" "$tmp/out" || fail "none: $(cat "$tmp/out")"
grep -q "^$data/seven-with-base.json: not a digit$" "$tmp/out" || fail "none: $(cat "$tmp/out")"
[ "$(grep -c '^  ' "$tmp/out")" -eq 6 ] || fail "the probabilities are not all listed: $(cat "$tmp/out")"
expect 0 "predict with a rule on other classes: none of these classes" -- "$bin" predict \
    --model "$tmp/rule-letters.json" "${images[@]}"
grep -q "^$data/mnist-test-0-seven.png: h (87.97%)$" "$tmp/out" || fail "class: $(cat "$tmp/out")"
grep -q "^$data/seven-dark-on-light.pgm: none of these classes$" "$tmp/out" ||
    fail "none: $(cat "$tmp/out")"

# --json: "verdict" is "class", "unsure" or "none"; the other fields stay as they were (the top
# class and its confidence even when refused)
for model in "$data/tiny-model.json" "$tmp/rule.json"; do
    expect 0 "predict --json gives the verdict ($(basename "$model"))" -- "$bin" predict --json \
        --model "$model" "${images[@]}"
    python3 - "$tmp/out" "$(basename "$model")" <<'PY' || fail "predict --json verdicts: $(cat "$tmp/out")"
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
want = {"tiny-model.json": ["class", "class", "unsure"], "rule.json": ["class", "none", "none"]}
assert [r["verdict"] for r in rows] == want[sys.argv[2]], rows
assert [r["class"] for r in rows] == [7, 7, 9] and [r["label"] for r in rows] == ["7", "7", "9"]
assert abs(rows[1]["confidence"] - 0.82764) < 1e-5, rows[1]
assert list(rows[0]) == ["file", "blank", "class", "label", "confidence", "verdict",
                         "probabilities"], list(rows[0])
PY
done

finish
