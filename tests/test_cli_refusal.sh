#!/usr/bin/env bash
# test_cli_refusal.sh - a model's verdict as the scratchnet command shows it: predict's words and
# its --json "verdict" for a model with a refusal rule and without, for digits and for other
# classes; eval's refused share and calibration error on drawings and on the test set, drawings
# of several files counted together, and the chart of what a threshold costs.
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

# eval --drawings on five drawn digits and three drawn letters (label null): with the rule a
# refused digit counts as wrong, the letters it refuses are counted apart, and the calibration
# error is over the digits it does not refuse
# (tiny-model.json reads four of the five digits right; a rule below 50 % refuses one of the
# digits it reads right and one of the letters)
cat "$data/unipen-sample.jsonl" "$data/letters-made.jsonl" >"$tmp/mixed.jsonl"
sed 's/"below": 0.85/"below": 0.5/' "$tmp/rule.json" >"$tmp/half.json"
for model in "$data/tiny-model.json" "$tmp/half.json"; do
    expect 0 "eval --drawings --json counts refusals ($(basename "$model"))" -- "$bin" eval \
        "$model" --drawings "$tmp/mixed.jsonl" --json
    cp "$tmp/out" "$tmp/$(basename "$model" .json).eval.json"
done
python3 - "$tmp/tiny-model.eval.json" "$tmp/half.eval.json" <<'PY' || fail "eval --drawings with a rule: $(head -c 400 "$tmp/half.eval.json")"
import json, sys
plain, rule = (json.load(open(p)) for p in sys.argv[1:])
for r in plain, rule:
    assert r["samples"] == 5 and r["outliers"] == 3, r
    assert 0 <= r["ece"] <= 1, r
assert plain["refused"] == 0 and plain["outliers_refused"] == 0, plain
assert plain["correct"] == 4 and abs(plain["ece"] - 0.409482) < 1e-6, plain
assert rule["correct"] == 3 and rule["accuracy"] == 0.6 and rule["refused"] == 0.2, rule
assert abs(rule["outliers_refused"] - 1 / 3) < 1e-6, rule
assert abs(rule["ece"] - 0.373389) < 1e-6, rule
refused_digits = sum(c["count"] for c in rule["classes"]) - sum(rule["confusion"][i][j]
    for i in range(10) for j in range(10))
assert refused_digits == round(rule["refused"] * 5), rule
PY
expect 0 "eval --drawings prints the refused share and the calibration error" -- "$bin" eval \
    "$tmp/half.json" --drawings "$tmp/mixed.jsonl"
grep -q "^refused:  20.00% of the labelled drawings" "$tmp/out" || fail "eval refused: $(cat "$tmp/out")"
grep -q "^calibration error (ECE, 15 bins): 37.34 %$" "$tmp/out" || fail "eval ECE: $(cat "$tmp/out")"
# a rule that refuses everything leaves no answer to calibrate
sed 's/"below": 0.85/"below": 1/' "$tmp/rule.json" >"$tmp/rule-all.json"
expect 0 "eval --drawings with every digit refused" -- "$bin" eval "$tmp/rule-all.json" \
    --drawings "$tmp/mixed.jsonl" --json
python3 - "$tmp/out" <<'PY' || fail "eval with everything refused: $(head -c 300 "$tmp/out")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["correct"] == 0 and r["refused"] == 1 and r["outliers_refused"] == 1 and r["ece"] is None, r
PY

# --drawings given twice counts the drawings of both files together, as one file of both
expect 0 "eval reads --drawings more than once" -- "$bin" eval "$tmp/half.json" --json \
    --drawings "$data/unipen-sample.jsonl" --drawings "$data/letters-made.jsonl"
python3 - "$tmp/out" "$tmp/half.eval.json" <<'PY' || fail "eval on two files: $(head -c 400 "$tmp/out")"
import json, sys
two, one = (json.load(open(p)) for p in sys.argv[1:])
for key in "samples", "correct", "refused", "outliers", "outliers_refused", "ece", "confusion":
    assert two[key] == one[key], (key, two[key], one[key])
assert two["data"].count("jsonl") == 2, two["data"]
PY
# --tradeoff draws the refused shares as the threshold moves, this model's point named
expect 0 "eval --tradeoff writes the chart" -- "$bin" eval "$tmp/half.json" \
    --drawings "$data/unipen-sample.jsonl" --drawings "$data/letters-made.jsonl" \
    --tradeoff "$tmp/tradeoff.svg"
python3 - "$tmp/tradeoff.svg" <<'PY' || fail "the trade-off chart: $(head -c 600 "$tmp/tradeoff.svg")"
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
texts = [t.firstChild.data for t in doc.getElementsByTagName("text") if t.firstChild]
assert "this model: refuses 20.0 % of digits, 33.3 % of non-digits" in texts, texts
assert "digits refused (% of 5)" in texts and "non-digits refused (% of 3)" in texts, texts
point = [c for c in doc.getElementsByTagName("circle") if c.getAttribute("data-threshold")]
assert len(point) == 1 and point[0].getAttribute("data-threshold") == "0.5", point
assert doc.getElementsByTagName("polyline"), "no curve"
PY
expect 2 "eval --tradeoff needs --drawings" -- "$bin" eval "$tmp/half.json" --data "$mnist" \
    --tradeoff "$tmp/no.svg"
one_line_error "^scratchnet eval: --tradeoff needs --drawings$"
expect 1 "eval --tradeoff needs drawings of no class" -- "$bin" eval "$tmp/half.json" \
    --drawings "$data/unipen-sample.jsonl" --tradeoff "$tmp/no.svg"
one_line_error "^scratchnet eval: --tradeoff $tmp/no.svg: needs drawings of a class and drawings of no class"
[ -e "$tmp/no.svg" ] && fail "a chart without the drawings it needs was written"
expect 2 "eval --tradeoff may not overwrite the drawings" -- "$bin" eval "$tmp/half.json" \
    --drawings "$tmp/mixed.jsonl" --drawings "$data/letters-made.jsonl" --tradeoff "$tmp/mixed.jsonl"
one_line_error "^scratchnet eval: --tradeoff $tmp/mixed.jsonl is --drawings $tmp/mixed.jsonl itself"

if have_mnist "eval on the test set"; then
    for model in "$data/tiny-model.json" "$tmp/rule.json"; do
        expect 0 "eval --json on the test set reports refusals and calibration ($(basename "$model"))" -- \
            "$bin" eval "$model" --data "$mnist" --json
        cp "$tmp/out" "$tmp/$(basename "$model" .json).test.json"
    done
    python3 - "$tmp/tiny-model.test.json" "$tmp/rule.test.json" <<'PY' || fail "eval on the test set: $(head -c 300 "$tmp/rule.test.json")"
import json, sys
plain, rule = (json.load(open(p)) for p in sys.argv[1:])
assert plain["refused"] == 0 and 0 < plain["ece"] < 1 and "outliers" not in plain, plain
assert 0 < rule["refused"] < 1 and rule["correct"] < plain["correct"], rule
assert rule["samples"] == 10000 and 0 <= rule["ece"] < 1, rule
PY
    expect 0 "eval on the test set prints the refused share and the calibration error" -- \
        "$bin" eval "$tmp/rule.json" --data "$mnist"
    grep -q "^refused:  [0-9.]*% of the test images ([0-9]* of 10000)$" "$tmp/out" ||
        fail "eval refused: $(cat "$tmp/out")"
    grep -q "^calibration error (ECE, 15 bins): [0-9]*\.[0-9][0-9] %$" "$tmp/out" ||
        fail "eval ECE: $(cat "$tmp/out")"
fi

finish
