#!/usr/bin/env bash
# test_cli.sh - the scratchnet command as a user meets it: help and golden outputs, wrong flags,
# corrupt files, training end to end, Ctrl-C keeping the best model, predict and eval.
# usage: test_cli.sh SCRATCHNET_BINARY   (env: SCRATCHNET_TEST_DATA, SCRATCHNET_MNIST_DIR)
set -u
bin=$1
data=${SCRATCHNET_TEST_DATA:?}
mnist=${SCRATCHNET_MNIST_DIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

# expect CODE DESCRIPTION -- command...: checks the exit code, keeps stdout/stderr in $tmp
expect() {
    local code=$1 what=$2
    shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" -ne "$code" ]; then
        fail "$what: exit $rc, expected $code"; sed 's/^/    /' "$tmp/err" | head -5
        return 1
    fi
    ok "$what"
}

# golden NAME: stdout must equal tests/data/NAME.golden (the temp and data directories replaced by TMP and DATA)
golden() {
    sed -e "s|$tmp|TMP|g" -e "s|$data|DATA|g" "$tmp/out" >"$tmp/out.norm"
    if ! diff -u "$data/$1.golden" "$tmp/out.norm" >"$tmp/diff"; then
        fail "output differs from $1.golden"; head -20 "$tmp/diff"
    fi
}

# one line on stderr, containing the given text
one_line_error() {
    local lines
    lines=$(grep -c . "$tmp/err")
    grep -q -- "$1" "$tmp/err" || fail "stderr does not mention '$1': $(head -c 300 "$tmp/err")"
    [ "$lines" -ge 1 ] || fail "no error message"
}

expect 0 "--help lists the commands" -- "$bin" --help
golden help
expect 0 "--version prints the version" -- "$bin" --version
grep -qE '^scratchnet [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out" || fail "version line: $(cat "$tmp/out")"
expect 2 "no command is a usage error" -- "$bin"
expect 2 "an unknown command is a usage error" -- "$bin" frobnicate
one_line_error "unknown command 'frobnicate'"
expect 0 "train --help shows every option" -- "$bin" train --help
golden train-help
expect 2 "an unknown flag is a usage error" -- "$bin" train --epoch 3 --out "$tmp/m.json"
one_line_error "unknown option '--epoch'"
expect 2 "a malformed number is a usage error" -- "$bin" train --epochs 3x --out "$tmp/m.json"
one_line_error '"3x" is not a valid whole number'
expect 2 "a missing value is a usage error" -- "$bin" train --out
expect 2 "a bad layer spec is explained" -- "$bin" train --layers 784,10:relux --out "$tmp/m.json"
one_line_error 'unknown activation "relux"'
expect 2 "train without --out says so" -- "$bin" train
one_line_error "--out FILE is required"
expect 1 "a missing data directory is named" -- "$bin" train --data "$tmp/nowhere" --out "$tmp/m.json"
one_line_error "$tmp/nowhere"
[ -e "$tmp/m.json" ] && fail "a failed run left $tmp/m.json behind"

expect 1 "info on a missing model names the file" -- "$bin" info "$tmp/missing.json"
one_line_error "$tmp/missing.json"
printf '{"format": "scratchnet-model", "version": 1, "layers": [' >"$tmp/broken.json"
expect 1 "info on a corrupt model names the file" -- "$bin" info "$tmp/broken.json"
one_line_error "$tmp/broken.json"
expect 0 "info describes a model" -- "$bin" info "$data/tiny-model.json"
golden tiny-info
expect 1 "predict on a corrupt image names it" -- "$bin" predict "$data/tiny-model.json" "$data/tiny-info.golden"
one_line_error "tiny-info.golden"
expect 0 "predict without a model uses the shipped CNN" -- env -u SCRATCHNET_MODELS -u SCRATCHNET_DATADIR \
    "$bin" predict "$data/mnist-test-0-seven.pgm"
grep -q "mnist-test-0-seven.pgm: 7 (" "$tmp/out" || fail "expected a 7: $(head -1 "$tmp/out")"
expect 0 "predict --help names the default model" -- env -u SCRATCHNET_MODELS -u SCRATCHNET_DATADIR \
    "$bin" predict --help
grep -q -- "--model FILE .*(default: .*/models/mnist-cnn.json)" "$tmp/out" ||
    fail "predict --help: no default model: $(grep -- --model "$tmp/out")"
expect 1 "predict --model takes the model from the option" -- "$bin" predict \
    --model "$tmp/missing.json" "$data/mnist-test-0-seven.pgm"
one_line_error "$tmp/missing.json"
expect 1 "a default model missing from SCRATCHNET_MODELS is named" -- env SCRATCHNET_MODELS="$tmp/none" \
    "$bin" predict "$data/mnist-test-0-seven.pgm"
one_line_error "$tmp/none/mnist-cnn.json"

if [ ! -f "$mnist/t10k-labels-idx1-ubyte" ] && [ ! -f "$mnist/t10k-labels-idx1-ubyte.gz" ]; then
    if [ "${SCRATCHNET_REQUIRE_DATA:-0}" = 1 ]; then
        fail "MNIST is required but missing in $mnist"
    else
        echo "skip: MNIST not found in $mnist (run scripts/setup): training tests not run"
    fi
else
    expect 0 "a short training run saves a model" -- "$bin" train --preset small --limit 3000 \
        --val 500 --epochs 2 --data "$mnist" --out "$tmp/small.json"
    grep -q "saved $tmp/small.json" "$tmp/out" || fail "no 'saved' line: $(tail -2 "$tmp/out")"
    [ "$(grep -c '^epoch ' "$tmp/out")" -eq 2 ] || fail "expected one summary line per epoch"
    ls "$tmp"/*.tmp* >/dev/null 2>&1 && fail "a temporary file was left behind"
    expect 0 "eval reports accuracy, per-class figures and the confusion matrix" -- \
        "$bin" eval "$tmp/small.json" --data "$mnist"
    for want in "accuracy:" "precision" "confusion matrix" "most confused"; do
        grep -q "$want" "$tmp/out" || fail "eval output lacks '$want'"
    done
    expect 0 "eval --json is machine readable" -- "$bin" eval "$tmp/small.json" --data "$mnist" --json
    { grep -q '"samples": 10000, "correct": [0-9]*, "accuracy": 0\.[0-9]*' "$tmp/out" &&
      [ "$(grep -o '"precision"' "$tmp/out" | wc -l)" -eq 10 ] &&
      grep -q '"confusion": \[\[' "$tmp/out"; } || fail "eval --json is not the expected JSON"
    expect 0 "predict classifies a PGM image of a 7" -- "$bin" predict "$tmp/small.json" "$data/mnist-test-0-seven.pgm"
    grep -q "mnist-test-0-seven.pgm: 7 (" "$tmp/out" || fail "expected a 7: $(head -1 "$tmp/out")"
    expect 0 "predict reads an inverted (dark on light) image too" -- "$bin" predict "$tmp/small.json" "$data/seven-dark-on-light.pgm"
    grep -q ": 7 (" "$tmp/out" || fail "expected a 7: $(head -1 "$tmp/out")"

    # Ctrl-C, or SIGTERM as a system shutting down sends, after the first epoch: stops at the
    # next batch, keeps the best model and a checkpoint, exits 130
    for sig in INT TERM; do
        "$bin" train --preset small --epochs 50 --limit 20000 --val 1000 --data "$mnist" \
            --out "$tmp/stopped-$sig.json" >"$tmp/out" 2>"$tmp/err" &
        pid=$!
        for _ in $(seq 1 300); do
            grep -q '^epoch ' "$tmp/out" 2>/dev/null && break
            sleep 0.1
        done
        kill -"$sig" "$pid"
        wait "$pid"
        rc=$?
        [ "$rc" -eq 130 ] && ok "SIG$sig exits with 130" || fail "SIG$sig: exit $rc, expected 130"
        grep -q "saved the best model so far" "$tmp/err" ||
            fail "SIG$sig: no message: $(cat "$tmp/err")"
        grep -q -- "--resume $tmp/stopped-$sig.json.checkpoint" "$tmp/err" ||
            fail "SIG$sig: no word of the checkpoint: $(cat "$tmp/err")"
        expect 0 "the model saved on SIG$sig loads" -- "$bin" info "$tmp/stopped-$sig.json"
    done

    # checkpoints: a run killed outright (SIGKILL: nothing can be saved then) and resumed from
    # its last checkpoint ends with the same weights, bit for bit, as a run never stopped
    run=(train --preset small --epochs 4 --limit 20000 --val 500 --augment full --data "$mnist"
         --quiet)
    expect 0 "an uninterrupted run for comparison" -- "$bin" "${run[@]}" --checkpoint-every 0 \
        --out "$tmp/whole.json"
    [ -e "$tmp/whole.json.checkpoint" ] && fail "--checkpoint-every 0 wrote a checkpoint"
    "$bin" "${run[@]}" --checkpoint-every 20 --out "$tmp/resumed.json" >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 3000); do
        [ -e "$tmp/resumed.json.checkpoint" ] && break
        sleep 0.01
    done
    sleep 0.3
    kill -KILL "$pid"
    wait "$pid" 2>/dev/null
    if [ -e "$tmp/resumed.json" ]; then
        fail "the run finished before it could be killed"
    else
        ok "a run killed with SIGKILL left a checkpoint"
        cp "$tmp/resumed.json.checkpoint" "$tmp/saved.checkpoint"
        expect 0 "the killed run resumes from its checkpoint" -- "$bin" "${run[@]}" \
            --checkpoint-every 20 --out "$tmp/resumed.json" --resume "$tmp/resumed.json.checkpoint"
        if cmp -s <(sed -n '/"layers"/,/"training"/p' "$tmp/whole.json") \
            <(sed -n '/"layers"/,/"training"/p' "$tmp/resumed.json"); then
            ok "the resumed run ends with the same weights as the uninterrupted one"
        else
            fail "the resumed run's weights differ from the uninterrupted run's"
        fi
        [ -e "$tmp/resumed.json.checkpoint" ] && fail "the finished run left its checkpoint"
        expect 2 "resuming with other settings is refused" -- "$bin" "${run[@]}" --seed 7 \
            --out "$tmp/other.json" --resume "$tmp/saved.checkpoint"
        one_line_error "saved by a run with other settings"
        head -c 3000 "$tmp/saved.checkpoint" >"$tmp/cut.checkpoint"
        expect 1 "a truncated checkpoint is refused" -- "$bin" "${run[@]}" \
            --out "$tmp/other.json" --resume "$tmp/cut.checkpoint"
        one_line_error "cut.checkpoint"
        [ -e "$tmp/other.json" ] && fail "a refused resume wrote a model"
    fi

    # a write that fails (here: the file size limit, as a full disk would) is reported with the
    # path, leaves the existing model as it was and no temporary file behind
    mkdir -p "$tmp/full" && cp "$data/tiny-model.json" "$tmp/full/model.json"
    before=$(cksum <"$tmp/full/model.json")
    (ulimit -f 8; trap '' XFSZ; exec "$bin" train --preset small --epochs 1 --limit 2000 \
        --val 200 --data "$mnist" --out "$tmp/full/model.json" --quiet) >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 1 ] && ok "a failed save exits with 1" || fail "failed save: exit $rc, expected 1"
    grep -q "full/model.json.*cannot write.*not changed" "$tmp/err" ||
        fail "failed save: message does not name the file: $(cat "$tmp/err")"
    [ "$(cksum <"$tmp/full/model.json")" = "$before" ] || fail "failed save changed the model"
    [ "$(ls "$tmp/full")" = "model.json" ] || fail "failed save left files: $(ls "$tmp/full")"

    # the benchmark, short: every section is there and the numbers are numbers
    mkdir -p "$tmp/models" && cp "$data/tiny-model.json" "$tmp/models/"
    expect 0 "bench --quick --json measures every section" -- \
        "$bin" bench --quick --json --data "$mnist" --models "$tmp/models"
    for key in '"peak_gflops": [0-9]' '"blas": "[^"]*kernel' '"gflops": [0-9]' \
        '"name": "ref. MLP, SGD momentum 0.9"' '"name": "ref. MLP, plain SGD' \
        '"name": "ref. CNN, Adam"' '"name": "preset cnn' '"seconds_per_epoch": [0-9]' \
        '"model": "tiny-model.json"' '"model": "ref. CNN"' '"median_us": [0-9]' \
        '"p99_us": [0-9]' '"app_update_us": [0-9]' '"training_run_peak": [0-9]'; do
        grep -q -- "${key//: /:[[:space:]]*}" "$tmp/out" || fail "bench --json lacks $key"
    done
    expect 2 "bench refuses an unknown flag" -- "$bin" bench --fast
fi

if [ "$failures" -gt 0 ]; then
    echo "$failures failures"
    exit 1
fi
echo "all checks passed"
