#!/usr/bin/env bash
# test_cli.sh - the scratchnet command as a user meets it: help and golden outputs, wrong flags,
# corrupt files, training end to end, Ctrl-C keeping the best model, predict and eval, the
# training reports (log, learning curves, confusion matrix).
# usage: test_cli.sh SCRATCHNET_BINARY
#   (env: SCRATCHNET_TEST_DATA, SCRATCHNET_MNIST_DIR, SCRATCHNET_SOURCE_ROOT, SCRATCHNET_SANITIZE)
set -u
bin=$1
data=${SCRATCHNET_TEST_DATA:?}
mnist=${SCRATCHNET_MNIST_DIR:?}
root=${SCRATCHNET_SOURCE_ROOT:?}
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
# every numeric option of train has a range, and a number is plain decimal: anything else is
# refused with one line, exit 2, before any data is read (the data folder does not exist)
while read -r opt value want; do
    expect 2 "train refuses $opt $value" -- "$bin" train "$opt" "$value" --data "$tmp/nowhere" \
        --out "$tmp/m.json"
    one_line_error "$want"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
done <<'CASES'
--epochs 0                      --epochs: 0 is out of range (1 to 100000)
--epochs 100001                 --epochs: 100001 is out of range (1 to 100000)
--batch 0                       --batch: 0 is out of range (1 to 65536)
--momentum 2                    --momentum: 2 is out of range (0 to below 1)
--momentum -1                   --momentum: -1 is out of range (0 to below 1)
--momentum 1                    --momentum: 1 is out of range (0 to below 1)
--step-every 0                  --step-every: 0 is out of range (1 to 100000)
--gamma -1                      --gamma: -1 is out of range (above 0, up to 1)
--gamma 0                       --gamma: 0 is out of range (above 0, up to 1)
--shift -5                      --shift: -5 is out of range (0 to 14)
--thickness 5                   --thickness: 5 is out of range (0 to 1)
--slash-zero 1.5                --slash-zero: 1.5 is out of range (0 to 1)
--rotate 181                    --rotate: 181 is out of range (0 to 180)
--shear 3                       --shear: 3 is out of range (0 to 2)
--elastic -1                    --elastic: -1 is out of range (0 to 10)
--scale-min 0                   --scale-min: 0 is out of range (0.1 to 10)
--lr 0                          --lr: 0 is out of range (above 0, up to 1000)
--lr -0.1                       --lr: -0.1 is out of range (above 0, up to 1000)
--weight-decay 2                --weight-decay: 2 is out of range (0 to 1)
--val -1                        --val: -1 is out of range (0 to 10000000)
--limit -5                      --limit: -5 is out of range (0 to 10000000)
--checkpoint-every -1           --checkpoint-every: -1 is out of range (0 to 1000000)
--lr 0x10                       --lr: "0x10" is not a plain decimal number
--lr inf                        --lr: "inf" is not a plain decimal number
--lr nan                        --lr: "nan" is not a plain decimal number
--lr 1e-3x                      --lr: "1e-3x" is not a plain decimal number
--epochs 0x10                   --epochs: "0x10" is not a valid whole number
--epochs +5                     --epochs: "+5" is not a valid whole number
--seed -1                       --seed: "-1" is not a valid whole number
--seed 18446744073709551616     --seed: "18446744073709551616" is not a valid whole number
CASES
expect 2 "train refuses an empty number" -- "$bin" train --momentum= --data "$tmp/nowhere" --out "$tmp/m.json"
one_line_error '--momentum: "" is not a plain decimal number'
expect 2 "train refuses a smallest scale above the largest" -- "$bin" train --scale-min 2 \
    --scale-max 1 --data "$tmp/nowhere" --out "$tmp/m.json"
one_line_error "the smallest scale 2 is above the largest 1"
expect 2 "train refuses --scale-min above the level's largest scale" -- "$bin" train \
    --augment full --scale-min 1.5 --data "$tmp/nowhere" --out "$tmp/m.json"
one_line_error "the smallest scale 1.5 is above the largest 1.2"
# names and labels are UTF-8 text within their limits: refused, never cut
long_name=$(printf 'n%.0s' $(seq 64))
label30=$(printf 'a%.0s' $(seq 30))
while read -r what opt value want; do
    expect 2 "train refuses $what" -- "$bin" train "$opt" "$value" --data "$tmp/nowhere" --out "$tmp/m.json"
    one_line_error "$want"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
done <<CASES
a-64-byte-name --name $long_name --name: 64 bytes long, at most 63
a-name-not-UTF-8 --name $(printf 'ab\xffc') --name: not valid UTF-8 text
a-32-byte-label --labels 0,1,2,3,4,5,6,7,8,${label30}xy --labels: label 10 is 32 bytes long, at most 31
a-label-cut-in-a-character --labels 0,1,2,3,4,5,6,7,8,${label30}$(printf '\xc3\xa9') --labels: label 10 is 32 bytes long, at most 31
a-label-not-UTF-8 --labels 0,1,2,3,4,5,6,7,$(printf '\xc3'),9 --labels: label 9 is not valid UTF-8 text
an-empty-label --labels 0,1,,3,4,5,6,7,8,9,10 --labels: label 3 is empty
nine-labels --labels 0,1,2,3,4,5,6,7,8 --labels needs exactly 10 comma-separated names
CASES
expect 2 "train refuses an empty name" -- "$bin" train --name "" --data "$tmp/nowhere" --out "$tmp/m.json"
one_line_error "--name: 0 bytes long, at least 1"
expect 2 "a bad layer spec is explained" -- "$bin" train --layers 784,10:relux --out "$tmp/m.json"
one_line_error 'unknown activation "relux"'
expect 2 "train without --out says so" -- "$bin" train
one_line_error "--out FILE is required"
# two outputs of one run that are the same file are refused before anything is written,
# whatever paths name it: the same path, ./ and ../ detours, a hard or a symbolic link
echo keep >"$tmp/same.json"
mkdir -p "$tmp/sub"
ln "$tmp/same.json" "$tmp/same-hard.json"
ln -s same.json "$tmp/same-link.json"
same_file_refused() { # same_file_refused WHAT OPTION-A OPTION-B options...
    local what=$1 a=$2 b=$3
    shift 3
    expect 2 "$what is refused" -- "$bin" train --data "$tmp/nowhere" "$@"
    one_line_error "^scratchnet train: $a and $b name the same file"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
}
same_file_refused "--checkpoint naming the model" --out --checkpoint \
    --out "$tmp/same.json" --checkpoint "$tmp/same.json"
same_file_refused "--log naming the model through ./ and ../" --out --log \
    --out "$tmp/same.json" --log "$tmp/sub/.././same.json"
same_file_refused "--curves naming the model through a hard link" --out --curves \
    --out "$tmp/same.json" --curves "$tmp/same-hard.json"
same_file_refused "--confusion naming the log through a symbolic link" --log --confusion \
    --out "$tmp/m.json" --log "$tmp/same.json" --confusion "$tmp/same-link.json"
same_file_refused "--log naming the default checkpoint" --checkpoint --log \
    --out "$tmp/new.json" --log "$tmp/new.json.checkpoint"
same_file_refused "two reports naming one file that does not exist yet" --log --curves \
    --out "$tmp/m.json" --log "$tmp/new.csv" --curves "$tmp/sub/../new.csv"
bin_abs=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
(cd "$tmp" && exec "$bin_abs" train --data "$tmp/nowhere" --out new.json \
    --checkpoint "$tmp/./new.json") >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] && ok "a relative and an absolute path to one file are refused" ||
    fail "a relative and an absolute path to one file: exit $rc, expected 2"
one_line_error "^scratchnet train: --out and --checkpoint name the same file"
same_file_refused "--resume naming the model" --out --resume \
    --out "$tmp/same.json" --resume "$tmp/same-link.json"
[ "$(cat "$tmp/same.json")" = keep ] || fail "a refused run changed $tmp/same.json"
[ -e "$tmp/m.json" ] || [ -e "$tmp/new.json" ] || [ -e "$tmp/new.csv" ] &&
    fail "a refused run wrote a file"
# the model and the checkpoint are checked before the data is even read, as the reports are:
# a folder that is missing or read-only, a directory or an empty name is one line, exit 1
output_refused() { # output_refused WHAT MESSAGE options...
    local what=$1 msg=$2
    shift 2
    expect 1 "$what is refused before training" -- "$bin" train --data "$tmp/nowhere" "$@"
    one_line_error "^scratchnet train: $msg"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
}
output_refused "--out in a missing folder" "$tmp/nowhere/m.json: cannot write there: the directory $tmp/nowhere does not exist" \
    --out "$tmp/nowhere/m.json"
output_refused "--out naming a directory" "$tmp/sub: is a directory" --out "$tmp/sub"
output_refused "--out naming a directory with a slash" "$tmp/sub/: is a directory" --out "$tmp/sub/"
output_refused "--out inside a file" "$tmp/same.json/m.json: cannot write there: $tmp/same.json is not a directory" \
    --out "$tmp/same.json/m.json"
output_refused "an empty --out" '--out: an empty file name' --out ""
output_refused "--checkpoint in a missing folder" "$tmp/nowhere/m.ckpt: cannot write there" \
    --out "$tmp/m.json" --checkpoint "$tmp/nowhere/m.ckpt"
output_refused "an empty --log" '--log: an empty file name' --out "$tmp/m.json" --log ""
mkdir -p "$tmp/read-only" && chmod 555 "$tmp/read-only"
if [ -w "$tmp/read-only" ]; then
    echo "skip: running as root, who may write into any folder: a read-only --out not tried"
else
    output_refused "--out in a read-only folder" "$tmp/read-only/m.json: cannot write there: the directory $tmp/read-only is not writable" \
        --out "$tmp/read-only/m.json"
fi
chmod 755 "$tmp/read-only"
# an output may not be named like the run's lock files or a save's temporary files, and its
# name leaves room for their suffixes (the longest, .tmp.XXXXXX, adds 11 bytes)
output_refused "--checkpoint naming the model's lock file" \
    "$tmp/m.json.lock: an output may not be named \*.lock" \
    --out "$tmp/m.json" --checkpoint "$tmp/m.json.lock"
output_refused "--log named like a lock file" "$tmp/x.json.lock: an output may not be named" \
    --out "$tmp/m.json" --log "$tmp/x.json.lock"
output_refused "--checkpoint named like a temporary file" \
    "$tmp/m.json.tmp.abc123: an output may not be named like a temporary file" \
    --out "$tmp/m.json" --checkpoint "$tmp/m.json.tmp.abc123"
long=$(printf 'a%.0s' {1..246})
output_refused "a 246-byte --out" "$tmp/a*\.\.\.: the file name is too long: 246 bytes, at most 244" \
    --out "$tmp/$long" --checkpoint-every 0
output_refused "a 246-byte --checkpoint" "$tmp/a*\.\.\.: the file name is too long" \
    --out "$tmp/m.json" --checkpoint "$tmp/$long"
output_refused "an --out whose default checkpoint name is too long" \
    "the checkpoint (--checkpoint's default, OUT.checkpoint): .*the file name is too long: 251" \
    --out "$tmp/${long:6}"
ls "$tmp" | grep -q "^aaaa" && fail "a refused run wrote a file with a long name"
mkfifo "$tmp/ckpt-fifo"
for resume in "$tmp" "$tmp/ckpt-fifo"; do # a checkpoint that is not a file: one line, no wait
    timeout 20 "$bin" train --preset small --data "$mnist" --limit 1000 --val 100 --epochs 1 \
        --quiet --out "$tmp/r.json" --resume "$resume" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 1 ] && ok "--resume $(basename "$resume") is refused" ||
        fail "--resume $resume: exit $rc, expected 1"
    if [ -f "$mnist/t10k-labels-idx1-ubyte" ] || [ -f "$mnist/t10k-labels-idx1-ubyte.gz" ]; then
        one_line_error "^scratchnet train: $resume: not a regular file (a"
    fi
done
grep -q "(a directory)" <(timeout 20 "$bin" train --data "$mnist" --limit 1000 --val 100 --epochs 1 \
    --preset small --out "$tmp/r.json" --resume "$tmp" 2>&1) || [ ! -d "$mnist" ] ||
    fail "--resume of a directory does not say it is one"
rm -f "$tmp/ckpt-fifo" "$tmp/r.json"
# no output may overwrite an input: the model, the drawings, the data set's files
cp "$data/tiny-model.json" "$tmp/in-model.json"
cp "$tmp/in-model.json" "$tmp/in-model.kept"
expect 2 "eval --confusion naming the model is refused" -- "$bin" eval "$tmp/in-model.json" \
    --data "$tmp/nowhere" --confusion "$tmp/./in-model.json"
one_line_error "^scratchnet eval: --confusion $tmp/./in-model.json is the model $tmp/in-model.json itself"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
cp "$data/unipen-sample.jsonl" "$tmp/in-drawings.jsonl"
cp "$tmp/in-drawings.jsonl" "$tmp/in-drawings.kept"
expect 2 "eval --confusion naming the drawings is refused" -- "$bin" eval "$tmp/in-model.json" \
    --drawings "$tmp/in-drawings.jsonl" --confusion "$tmp/in-drawings.jsonl"
one_line_error "^scratchnet eval: --confusion $tmp/in-drawings.jsonl is --drawings $tmp/in-drawings.jsonl itself"
cmp -s "$tmp/in-model.json" "$tmp/in-model.kept" || fail "eval overwrote its model"
cmp -s "$tmp/in-drawings.jsonl" "$tmp/in-drawings.kept" || fail "eval overwrote its drawings"
mkdir -p "$tmp/dcopy" && echo labels >"$tmp/dcopy/t10k-labels-idx1-ubyte"
echo images >"$tmp/dcopy/train-images-idx3-ubyte.gz"
expect 2 "eval --confusion naming a test-set file is refused" -- "$bin" eval "$tmp/in-model.json" \
    --data "$tmp/dcopy" --confusion "$tmp/dcopy/t10k-labels-idx1-ubyte"
one_line_error "is the test labels $tmp/dcopy/t10k-labels-idx1-ubyte itself"
expect 2 "train --confusion naming a test-set file is refused" -- "$bin" train --data "$tmp/dcopy" \
    --out "$tmp/m.json" --confusion "$tmp/dcopy/t10k-labels-idx1-ubyte"
one_line_error "^scratchnet train: --confusion $tmp/dcopy/t10k-labels-idx1-ubyte is the test labels"
expect 2 "train --log naming a training-set file is refused" -- "$bin" train --data "$tmp/dcopy" \
    --out "$tmp/m.json" --log "$tmp/dcopy/train-images-idx3-ubyte.gz"
one_line_error "is the training images $tmp/dcopy/train-images-idx3-ubyte.gz itself"
expect 2 "train --out naming a training-set file is refused" -- "$bin" train --data "$tmp/dcopy" \
    --out "$tmp/dcopy/train-labels-idx1-ubyte"
[ "$(cat "$tmp/dcopy/t10k-labels-idx1-ubyte")" = labels ] || fail "a refused run changed the data"
rm -rf "$tmp/dcopy" "$tmp/in-model.kept" "$tmp/in-drawings.kept"
expect 1 "a missing data directory is named" -- "$bin" train --data "$tmp/nowhere" --out "$tmp/m.json"
one_line_error "$tmp/nowhere"
[ -e "$tmp/m.json" ] && fail "a failed run left $tmp/m.json behind"
[ -e "$tmp/m.json.lock" ] && fail "a failed run left its lock $tmp/m.json.lock behind"

expect 1 "info on a missing model names the file" -- "$bin" info "$tmp/missing.json"
one_line_error "$tmp/missing.json"
printf '{"format": "scratchnet-model", "version": 1, "layers": [' >"$tmp/broken.json"
expect 1 "info on a corrupt model names the file" -- "$bin" info "$tmp/broken.json"
one_line_error "$tmp/broken.json"
# an input that is not a regular file is refused at once, never waited on: a FIFO nobody
# writes to would block a plain open, and one that is written to forever would be read forever
mkfifo "$tmp/fifo"
fifo_refused() { # fifo_refused WHAT command...: one line, exit 1, well within 10 seconds
    local what=$1
    shift
    expect 1 "$what" -- timeout 10 "$@"
    one_line_error "$tmp/fifo: not a regular file (a FIFO)"
}
fifo_refused "info refuses a FIFO as the model" "$bin" info "$tmp/fifo"
fifo_refused "predict refuses a FIFO as the model" "$bin" predict "$tmp/fifo" \
    "$data/mnist-test-0-seven.pgm"
mkfifo "$tmp/fifo.png"
expect 1 "predict refuses a FIFO as the image" -- timeout 10 "$bin" predict \
    "$data/tiny-model.json" "$tmp/fifo.png"
one_line_error "$tmp/fifo.png: not a regular file (a FIFO)"
mkfifo "$tmp/fifo.json"
expect 1 "predict refuses a FIFO as the strokes file" -- timeout 10 "$bin" predict \
    "$data/tiny-model.json" "$tmp/fifo.json"
one_line_error "$tmp/fifo.json: not a regular file (a FIFO)"
fifo_refused "eval refuses a FIFO as the drawings" "$bin" eval "$data/tiny-model.json" \
    --drawings "$tmp/fifo"
{ printf '{"label": 1, "comment": "'; head -c 9000000 /dev/zero | tr '\0' a; printf '"}\n'; } \
    >"$tmp/long.jsonl"
expect 1 "eval refuses a drawings line longer than a strokes file may be" -- "$bin" eval \
    "$data/tiny-model.json" --drawings "$tmp/long.jsonl"
one_line_error "$tmp/long.jsonl:1: more than 8388608 bytes, the largest drawing"
rm -f "$tmp/long.jsonl"
mkdir -p "$tmp/fdata"
for f in "$mnist"/*; do ln -s "$f" "$tmp/fdata/"; done
rm -f "$tmp/fdata/train-images-idx3-ubyte" "$tmp/fdata/train-images-idx3-ubyte.gz"
mkfifo "$tmp/fdata/train-images-idx3-ubyte"
expect 1 "train refuses a FIFO as a data-set file" -- timeout 10 "$bin" train --data "$tmp/fdata" \
    --preset small --epochs 1 --limit 100 --val 10 --out "$tmp/fm.json"
one_line_error "$tmp/fdata/train-images-idx3-ubyte: not a regular file (a FIFO)"
rm -rf "$tmp/fdata" "$tmp/fifo" "$tmp/fifo.png" "$tmp/fifo.json"
expect 0 "info describes a model" -- "$bin" info "$data/tiny-model.json"
golden tiny-info
# a model whose finite weights (1e30) overflow on a real image gives no answer, not "class 0"
sed -E '/^ *-?[0-9]/ s/-?[0-9][0-9.e+-]*/1e30/g' "$data/tiny-model.json" >"$tmp/huge.json"
expect 1 "predict reports a model whose outputs overflow" -- "$bin" predict "$tmp/huge.json" \
    "$data/mnist-test-0-seven.pgm"
one_line_error "^scratchnet predict: $data/mnist-test-0-seven.pgm: the model's outputs are not finite numbers"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "predict printed an answer: $(head -2 "$tmp/out")"
expect 1 "predict --json reports it too" -- "$bin" predict "$tmp/huge.json" --json \
    "$data/mnist-test-0-seven.pgm"
[ -s "$tmp/out" ] && fail "predict --json printed an answer: $(head -2 "$tmp/out")"
# predict --json writes valid JSON whatever the labels and file names hold: quotes,
# backslashes, control characters escaped, UTF-8 kept as it is
python3 - "$data/tiny-model.json" "$tmp/odd-labels.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["labels"] = ['q"x', 'b\\s', 't\t2', 'c\x013', 'é4', 'line\n5', '6\x7f', '"7"', '\\', '9 ✓']
json.dump(m, open(sys.argv[2], "w"))
PY
odd_names=('a"b\c.pgm' $'new\nline.pgm' $'tab\there.pgm' 'été ✓.pgm')
for name in "${odd_names[@]}"; do cp "$data/mnist-test-0-seven.pgm" "$tmp/$name"; done
for model in "$tmp/odd-labels.json" "$data/tiny-model.json"; do
    expect 0 "predict --json with odd labels and file names ($(basename "$model"))" -- \
        "$bin" predict --json "$model" "${odd_names[@]/#/$tmp/}"
    python3 - "$model" "$tmp/out" "${odd_names[@]/#/$tmp/}" <<'PY' || fail "predict --json is not valid JSON: $(head -c 600 "$tmp/out")"
import json, sys
labels = json.load(open(sys.argv[1]))["labels"]
lines = open(sys.argv[2], encoding="utf-8").read().rstrip("\n").split("\n")
assert len(lines) == len(sys.argv) - 3, lines
for line, name in zip(lines, sys.argv[3:]):
    r = json.loads(line)
    assert r["file"] == name, (r["file"], name)
    assert r["label"] == labels[r["class"]], (r["label"], labels)
PY
done
# a file name that is not UTF-8 text: each stray byte is the replacement character
cp "$data/mnist-test-0-seven.pgm" "$tmp/"$'bad\xff.pgm'
expect 0 "predict --json on a file name that is not UTF-8" -- "$bin" predict --json \
    "$data/tiny-model.json" "$tmp/"$'bad\xff.pgm'
python3 -c 'import json, sys; assert json.loads(sys.stdin.read())["file"].endswith("bad\ufffd.pgm")' \
    <"$tmp/out" || fail "predict --json does not replace a stray byte: $(head -c 300 "$tmp/out")"
# a model with a label that is not UTF-8 text is refused, not copied into the JSON output
sed 's/"labels": \["0"/"labels": ["\xff"/' "$data/tiny-model.json" >"$tmp/latin1.json"
expect 1 "predict refuses a model whose label is not UTF-8" -- "$bin" predict "$tmp/latin1.json" \
    --json "$data/mnist-test-0-seven.pgm"
one_line_error "latin1.json: labels\[0\]: not valid UTF-8 text"
expect 1 "predict on a corrupt image names it" -- "$bin" predict "$data/tiny-model.json" "$data/tiny-info.golden"
one_line_error "tiny-info.golden"
# a PNG cut short, and one with a flipped byte in its pixel data: one line each, exit 1
head -c 100 "$data/mnist-test-0-seven.png" >"$tmp/cut.png"
expect 1 "predict on a truncated PNG names it" -- "$bin" predict "$data/tiny-model.json" "$tmp/cut.png"
one_line_error "$tmp/cut.png: truncated PNG"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "a truncated PNG printed $(wc -l <"$tmp/err") lines"
[ -s "$tmp/out" ] && fail "a truncated PNG printed a result: $(head -1 "$tmp/out")"
cp "$data/mnist-test-0-seven.png" "$tmp/corrupt.png"
printf '\xff\xff\xff\xff' | dd of="$tmp/corrupt.png" bs=1 seek=60 conv=notrunc 2>/dev/null
expect 1 "predict on a corrupt PNG names it" -- "$bin" predict "$data/tiny-model.json" "$tmp/corrupt.png"
one_line_error "$tmp/corrupt.png: corrupt PNG: "
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "a corrupt PNG printed $(wc -l <"$tmp/err") lines"
# a good file after a bad one is still classified, and the exit status reports the bad one
expect 1 "predict goes on after a bad file" -- "$bin" predict "$data/tiny-model.json" "$tmp/cut.png" "$data/mnist-test-0-seven.png"
grep -q "mnist-test-0-seven.png: " "$tmp/out" || fail "the good PNG after a bad one was not classified"
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

# plot: a log that cannot be read is one line naming it, with the prefix and the reason
expect 1 "plot names a missing log" -- "$bin" plot "$tmp/no-such.csv" --out "$tmp/x.svg"
one_line_error "^scratchnet plot: $tmp/no-such.csv: cannot open: No such file or directory$"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
expect 1 "plot refuses a directory as the log" -- "$bin" plot "$tmp" --out "$tmp/x.svg"
one_line_error "^scratchnet plot: $tmp: not a regular file (a directory)"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
[ -e "$tmp/x.svg" ] && fail "plot wrote a chart without a log"
# a log with an accuracy of 5 (500 %) is refused, naming the line
printf 'epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,epoch_seconds\n1,0.5,5,,,0.1,1\n' \
    >"$tmp/five.csv"
expect 1 "plot refuses an accuracy above 1" -- "$bin" plot "$tmp/five.csv" --out "$tmp/x.svg"
one_line_error "five.csv: line 2: train_accuracy 5 is not a fraction"
[ -e "$tmp/x.svg" ] && fail "plot wrote a chart from a bad log"
# plot --out never writes over its own log, by name or through another name for the same file
printf 'epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,epoch_seconds\n1,0.5,0.8,0.6,0.75,0.1,1\n' \
    >"$tmp/one.csv"
cp "$tmp/one.csv" "$tmp/one.kept"
expect 2 "plot refuses to write its chart over its own log" -- "$bin" plot "$tmp/one.csv" --out "$tmp/one.csv"
one_line_error "^scratchnet plot: --out $tmp/one.csv is the log $tmp/one.csv itself"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
ln -s one.csv "$tmp/one-link.csv"
expect 2 "plot refuses an --out that links to its log" -- "$bin" plot "$tmp/one.csv" --out "$tmp/one-link.csv"
one_line_error "is the log .* itself"
expect 2 "plot refuses an --out that is its log by another path" -- "$bin" plot "$tmp/one-link.csv" --out "$tmp/./one.csv"
one_line_error "is the log .* itself"
cmp -s "$tmp/one.csv" "$tmp/one.kept" || fail "plot changed its own log"
[ -L "$tmp/one-link.csv" ] || fail "the link to the log is no longer a link"
# saves replace only regular files: a FIFO or a device is refused with one line and left as it
# was, a symbolic link is followed and stays a link
mkfifo "$tmp/fifo.svg"
expect 1 "plot refuses a FIFO as --out" -- "$bin" plot "$tmp/one.csv" --out "$tmp/fifo.svg"
one_line_error "^scratchnet plot: $tmp/fifo.svg: not a regular file (a FIFO), not replaced$"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
[ -p "$tmp/fifo.svg" ] || fail "the FIFO was replaced"
if [ "$(id -u)" -eq 0 ] && mknod "$tmp/null" c 1 3 2>/dev/null; then # a /dev/null of our own
    expect 1 "plot refuses a character device as --out" -- "$bin" plot "$tmp/one.csv" --out "$tmp/null"
    one_line_error "$tmp/null: not a regular file (a character device), not replaced"
    [ -c "$tmp/null" ] || fail "the device was replaced"
    rm -f "$tmp/null"
fi
ln -s chart-target.svg "$tmp/chart-link.svg"
expect 0 "plot writes through a link to a file not there yet" -- "$bin" plot "$tmp/one.csv" --out "$tmp/chart-link.svg"
[ -L "$tmp/chart-link.svg" ] && [ -f "$tmp/chart-target.svg" ] && grep -q '<svg' "$tmp/chart-target.svg" ||
    fail "the link was not kept or its target not written"
ls "$tmp"/*.tmp.* >/dev/null 2>&1 && fail "a temporary file was left behind"

if [ ! -f "$mnist/t10k-labels-idx1-ubyte" ] && [ ! -f "$mnist/t10k-labels-idx1-ubyte.gz" ]; then
    if [ "${SCRATCHNET_REQUIRE_DATA:-0}" = 1 ]; then
        fail "MNIST is required but missing in $mnist"
    else
        echo "skip: MNIST not found in $mnist (run scripts/setup): training tests not run"
    fi
else
    # a checkpoint behind a symbolic link: the saves go to the file it leads to, and the
    # finished run removes that file and leaves the link as the user made it
    mkdir -p "$tmp/ck" && ln -s ck.bin "$tmp/ck/lk"
    expect 0 "a run with --checkpoint through a link finishes" -- "$bin" train --preset small \
        --epochs 2 --limit 1000 --val 100 --data "$mnist" --quiet --out "$tmp/ck/m.json" \
        --checkpoint "$tmp/ck/lk" --checkpoint-every 5
    [ -L "$tmp/ck/lk" ] || fail "the link to the checkpoint is gone"
    [ -e "$tmp/ck/ck.bin" ] && fail "the finished run left the checkpoint the link leads to"
    [ "$(ls "$tmp/ck" | tr '\n' ' ')" = "lk m.json " ] || fail "left in the folder: $(ls "$tmp/ck")"
    # the temporary files a killed run left beside the reports are removed at the start too,
    # but never a file the run reads, whatever it is called
    echo half >"$tmp/ck/c.svg.tmp.20NX76" && echo half >"$tmp/ck/l.csv.tmp.abcdef"
    echo half >"$tmp/ck/v.svg.tmp.Zz0099" && echo old >"$tmp/ck/m.json.tmp.abc123"
    expect 0 "a run with reports removes their stale temporary files" -- "$bin" train \
        --preset small --epochs 1 --limit 1000 --val 100 --data "$mnist" --quiet \
        --out "$tmp/ck/m.json" --log "$tmp/ck/l.csv" --curves "$tmp/ck/v.svg" \
        --confusion "$tmp/ck/c.svg"
    ls "$tmp/ck"/*.tmp.?????? 2>/dev/null | grep -v m.json.tmp.abc123 &&
        fail "stale temporary files of the reports are left"
    [ -e "$tmp/ck/m.json.tmp.abc123" ] && fail "a stale temporary file of the model is left"
    echo 'not a checkpoint' >"$tmp/ck/m.json.tmp.abc123"
    expect 1 "a checkpoint to resume from named like a temporary file is read, not removed" -- \
        "$bin" train --preset small --epochs 1 --limit 1000 --val 100 --data "$mnist" --quiet \
        --out "$tmp/ck/m.json" --resume "$tmp/ck/m.json.tmp.abc123"
    grep -q "cannot open" "$tmp/err" && fail "the checkpoint to resume from was removed"
    [ -e "$tmp/ck/m.json.tmp.abc123" ] || fail "the checkpoint to resume from was removed"
    rm -rf "$tmp/ck"
    # the lock file of a run that was killed (its process is gone) is taken over
    echo 999999999 >"$tmp/small.json.lock"
    expect 0 "a short training run saves a model" -- "$bin" train --preset small --limit 3000 \
        --val 500 --epochs 2 --data "$mnist" --out "$tmp/small.json"
    [ -e "$tmp/small.json.lock" ] && fail "the finished run left its lock file"
    grep -q "saved $tmp/small.json" "$tmp/out" || fail "no 'saved' line: $(tail -2 "$tmp/out")"
    [ "$(grep -c '^epoch ' "$tmp/out")" -eq 2 ] || fail "expected one summary line per epoch"
    ls "$tmp"/*.tmp* >/dev/null 2>&1 && fail "a temporary file was left behind"
    # the reports: a log row per epoch, the curves and the confusion matrix, consistent with the
    # model file's training record
    expect 0 "train --log --curves --confusion writes the three reports" -- "$bin" train \
        --preset seed --limit 2000 --val 500 --epochs 3 --data "$mnist" --out "$tmp/seed.json" \
        --quiet --log "$tmp/seed.csv" --curves "$tmp/seed-curves.svg" \
        --confusion "$tmp/seed-confusion.svg"
    header=epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,epoch_seconds
    [ "$(head -1 "$tmp/seed.csv")" = "$header" ] || fail "log header: $(head -1 "$tmp/seed.csv")"
    [ "$(tail -n +2 "$tmp/seed.csv" | cut -d, -f1 | tr '\n' ' ')" = "1 2 3 " ] ||
        fail "log rows are not epochs 1, 2, 3: $(cat "$tmp/seed.csv")"
    num='[0-9]+(\.[0-9]+)?'
    [ "$(grep -cE "^[0-9]+,$num,$num,$num,$num,$num,$num\$" "$tmp/seed.csv")" -eq 3 ] ||
        fail "log rows are not 7 numbers each: $(cat "$tmp/seed.csv")"
    # the kept epoch: the log's best validation accuracy is the one the model records
    record() { sed -n "s/^ *\"$1\": \([-0-9.e]*\),*\$/\1/p" "$tmp/seed.json"; }
    read -r log_best log_val < <(tail -n +2 "$tmp/seed.csv" |
        awk -F, '$5 > best { best = $5; epoch = $1 } END { print epoch, best }')
    [ "$log_best" = "$(record best_epoch)" ] ||
        fail "log's best epoch $log_best, model's $(record best_epoch)"
    awk -v a="$log_val" -v b="$(record validation_accuracy)" 'BEGIN { exit !(a - b < 1e-6 && b - a < 1e-6) }' ||
        fail "log's best validation accuracy $log_val, model's $(record validation_accuracy)"
    # the confusion matrix: every test image once, its diagonal the recorded test accuracy
    counts() { grep -o "class=\"count\" data-true=\"[0-9]*\" data-pred=\"[0-9]*\"[^>]*>[0-9]*" "$1" |
        sed 's/.*data-true="\([0-9]*\)" data-pred="\([0-9]*\)".*>\([0-9]*\)$/\1 \2 \3/'; }
    read -r cells total right < <(counts "$tmp/seed-confusion.svg" |
        awk '{ n++; s += $3; if ($1 == $2) d += $3 } END { print n, s, d }')
    [ "$cells" = 100 ] && [ "$total" = 10000 ] ||
        fail "confusion matrix: $cells cells holding $total images, expected 100 and 10000"
    awk -v r="$right" -v t="$total" -v a="$(record test_accuracy)" \
        'BEGIN { exit !(t > 0 && r / t - a < 1e-6 && a - r / t < 1e-6) }' ||
        fail "confusion diagonal $right of $total, model's test accuracy $(record test_accuracy)"
    if command -v xmllint >/dev/null; then
        xmllint --noout "$tmp/seed-curves.svg" "$tmp/seed-confusion.svg" 2>"$tmp/xml" &&
            ok "the SVG charts are well-formed XML" || fail "SVG not well-formed: $(head -3 "$tmp/xml")"
    else
        echo "skip: xmllint not found (scripts/setup --test installs it): SVGs not parsed"
    fi
    grep -q "best epoch: $log_best " "$tmp/seed-curves.svg" || fail "the curves do not mark epoch $log_best"
    expect 0 "plot redraws the curves from the log" -- "$bin" plot "$tmp/seed.csv" \
        --out "$tmp/replot.svg" --cost quadratic
    grep -q "best epoch $log_best " "$tmp/out" || fail "plot names another epoch: $(cat "$tmp/out")"
    grep -q "best epoch: $log_best " "$tmp/replot.svg" || fail "the redrawn curves differ"
    expect 0 "eval --confusion draws the same matrix for the saved model" -- "$bin" eval \
        "$tmp/seed.json" --data "$mnist" --confusion "$tmp/eval-confusion.svg"
    cmp -s <(counts "$tmp/seed-confusion.svg") <(counts "$tmp/eval-confusion.svg") ||
        fail "eval's confusion counts differ from train's"
    expect 1 "an unwritable --log path is refused before training" -- "$bin" train --preset small \
        --epochs 1 --limit 2000 --val 200 --data "$mnist" --out "$tmp/nolog.json" \
        --log "$tmp/nowhere/log.csv"
    one_line_error "$tmp/nowhere/log.csv: cannot write there"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
    [ -e "$tmp/nolog.json" ] && fail "a refused run wrote a model"
    expect 1 "a directory as --curves is refused" -- "$bin" train --preset small --epochs 1 \
        --limit 2000 --val 200 --data "$mnist" --out "$tmp/nolog.json" --curves "$tmp"
    one_line_error "is a directory"
    expect 1 "eval --confusion into a missing directory is refused" -- "$bin" eval \
        "$tmp/seed.json" --data "$mnist" --confusion "$tmp/nowhere/c.svg"
    one_line_error "$tmp/nowhere/c.svg"
    # a chart whose write fails half-way (the file size limit, as a full disk would) leaves the
    # old chart as it was and no temporary file
    mkdir -p "$tmp/small-disk" && echo old >"$tmp/small-disk/c.svg"
    (ulimit -f 16; exec "$bin" eval "$tmp/seed.json" --data "$mnist" \
        --confusion "$tmp/small-disk/c.svg") >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 1 ] && ok "a failed chart write exits with 1" || fail "failed chart write: exit $rc"
    grep -q "small-disk/c.svg.*not changed" "$tmp/err" || fail "no message: $(cat "$tmp/err")"
    [ "$(cat "$tmp/small-disk/c.svg")" = old ] || fail "the failed write changed the old chart"
    [ "$(ls "$tmp/small-disk")" = c.svg ] || fail "left behind: $(ls "$tmp/small-disk")"
    # a run that diverges (NaN losses) still has a log that plot reads, and charts without NaN
    "$bin" train --layers 784,32:relu,10:linear --cost quadratic --optimizer sgd --lr 1000 \
        --limit 2000 --val 500 --epochs 2 --batch 10 --data "$mnist" --out "$tmp/diverged.json" \
        --log "$tmp/diverged.csv" --curves "$tmp/diverged.svg" --quiet >"$tmp/out" 2>"$tmp/err"
    grep -q "did training diverge" "$tmp/err" || fail "the diverged run did not diverge: $(cat "$tmp/err")"
    grep -qi "nan\|inf" "$tmp/diverged.csv" && fail "the log holds NaN: $(cat "$tmp/diverged.csv")"
    # the validation accuracy is still measured when the validation loss is not
    [ "$(tail -n +2 "$tmp/diverged.csv" | cut -d, -f4,5 | grep -c '^,0\.[0-9]*$')" -eq 2 ] ||
        fail "the diverged log lost its validation accuracy: $(cat "$tmp/diverged.csv")"
    expect 0 "plot reads the log of a diverged run" -- "$bin" plot "$tmp/diverged.csv" \
        --out "$tmp/diverged2.svg"
    grep -q "best epoch 1 (validation accuracy" "$tmp/out" || fail "plot: $(cat "$tmp/out")"
    grep -qi "nan\|inf" "$tmp/diverged.svg" "$tmp/diverged2.svg" && fail "a chart holds NaN"
    if command -v xmllint >/dev/null; then
        xmllint --noout "$tmp/diverged.svg" "$tmp/diverged2.svg" 2>"$tmp/xml" &&
            ok "the diverged run's charts are well-formed XML" ||
            fail "SVG not well-formed: $(head -3 "$tmp/xml")"
    fi
    expect 1 "plot refuses a file that is not a log" -- "$bin" plot "$tmp/seed.json" \
        --out "$tmp/x.svg"
    one_line_error "seed.json: line 1: expected the header"
    [ -e "$tmp/x.svg" ] && fail "plot wrote a chart from a bad log"
    # without --name the file name names the model: whole UTF-8 characters up to 63 bytes, any
    # other byte as '?', so the saved model always loads
    a62=$(printf 'a%.0s' $(seq 62))
    odd="$tmp/$a62$(printf '\xc3\xa9').json" # the two bytes of the é would end at byte 64
    expect 0 "a long file name ending inside a character still gives a model that loads" -- "$bin" \
        train --preset small --epochs 1 --limit 1000 --val 100 --data "$mnist" --out "$odd" --quiet
    expect 0 "info reads it" -- "$bin" info "$odd"
    grep -q "^model $a62 (" "$tmp/out" || fail "model name: $(head -1 "$tmp/out")"
    printf 'x\xffy.json' >"$tmp/odd-name"
    expect 0 "a file name with a byte that is not UTF-8" -- "$bin" train --preset small --epochs 1 \
        --limit 1000 --val 100 --data "$mnist" --out "$tmp/$(cat "$tmp/odd-name")" --quiet
    expect 0 "info reads it" -- "$bin" info "$tmp/$(cat "$tmp/odd-name")"
    grep -q "^model x?y (" "$tmp/out" || fail "model name: $(head -1 "$tmp/out")"
    # a file name with nothing before ".json" gives the default name: a model has a name
    expect 0 "a file named .json gives a model that loads" -- "$bin" train --preset small \
        --epochs 1 --limit 1000 --val 100 --data "$mnist" --out "$tmp/.json" --quiet
    expect 0 "info reads it" -- "$bin" info "$tmp/.json"
    grep -q "^model model (" "$tmp/out" || fail "model name: $(head -1 "$tmp/out")"
    # a FIFO as the model file is refused, not replaced by a regular file
    mkfifo "$tmp/fifo.json"
    expect 1 "train refuses a FIFO as --out" -- "$bin" train --preset small --epochs 1 \
        --limit 1000 --val 100 --data "$mnist" --out "$tmp/fifo.json" --quiet
    one_line_error "$tmp/fifo.json: not a regular file (a FIFO), not replaced"
    [ -p "$tmp/fifo.json" ] || fail "the FIFO was replaced by the model"
    rm -f "$tmp/fifo.json"

    expect 0 "eval reports accuracy, per-class figures and the confusion matrix" -- \
        "$bin" eval "$tmp/small.json" --data "$mnist"
    for want in "accuracy:" "precision" "confusion matrix" "most confused"; do
        grep -q "$want" "$tmp/out" || fail "eval output lacks '$want'"
    done
    expect 0 "eval --json is machine readable" -- "$bin" eval "$tmp/small.json" --data "$mnist" --json
    { grep -q '"samples": 10000, "correct": [0-9]*, "accuracy": 0\.[0-9]*' "$tmp/out" &&
      [ "$(grep -o '"precision"' "$tmp/out" | wc -l)" -eq 10 ] &&
      grep -q '"confusion": \[\[' "$tmp/out"; } || fail "eval --json is not the expected JSON"
    # a model whose outputs overflow on the test images has no accuracy: not "9.80%" from class 0
    for flag in "" --json; do
        expect 1 "eval $flag refuses a model whose outputs are not finite" -- \
            "$bin" eval "$tmp/huge.json" --data "$mnist" $flag
        one_line_error "^scratchnet eval: $tmp/huge.json: the model's outputs are not finite numbers on [1-9][0-9]* of 10000 test images: no answer$"
        [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
        [ -s "$tmp/out" ] && fail "eval $flag printed an accuracy: $(head -2 "$tmp/out")"
    done
    expect 0 "predict classifies a PGM image of a 7" -- "$bin" predict "$tmp/small.json" "$data/mnist-test-0-seven.pgm"
    grep -q "mnist-test-0-seven.pgm: 7 (" "$tmp/out" || fail "expected a 7: $(head -1 "$tmp/out")"
    expect 0 "predict reads an inverted (dark on light) image too" -- "$bin" predict "$tmp/small.json" "$data/seven-dark-on-light.pgm"
    grep -q ": 7 (" "$tmp/out" || fail "expected a 7: $(head -1 "$tmp/out")"
    expect 0 "predict classifies a PNG image of a 7" -- "$bin" predict "$tmp/small.json" "$data/mnist-test-0-seven.png"
    grep -q "mnist-test-0-seven.png: 7 (" "$tmp/out" || fail "expected a 7: $(head -1 "$tmp/out")"
    # the PNG holds the PGM's pixels: the same probabilities, digit for digit
    "$bin" predict "$tmp/small.json" --json "$data/mnist-test-0-seven.pgm" | sed 's/"file": "[^"]*"//' >"$tmp/pgm.json"
    "$bin" predict "$tmp/small.json" --json "$data/mnist-test-0-seven.png" | sed 's/"file": "[^"]*"//' >"$tmp/png.json"
    cmp -s "$tmp/pgm.json" "$tmp/png.json" && ok "the PNG and the PGM of the same 7 give the same probabilities" ||
        fail "PNG and PGM differ: $(cat "$tmp/pgm.json" "$tmp/png.json")"
    # the format is read from the first bytes, not the name
    cp "$data/mnist-test-0-seven.png" "$tmp/seven-named.pgm"
    expect 0 "predict reads a PNG named .pgm" -- "$bin" predict "$tmp/small.json" "$tmp/seven-named.pgm"
    grep -q ": 7 (" "$tmp/out" || fail "expected a 7: $(head -1 "$tmp/out")"

    # Ctrl-C, or SIGTERM as a system shutting down sends, after the first epoch: stops at the
    # next batch, keeps the best model and a checkpoint, exits 130
    for sig in INT TERM; do
        "$bin" train --preset small --epochs 50 --limit 20000 --val 1000 --data "$mnist" \
            --out "$tmp/stopped-$sig.json" --log "$tmp/stopped-$sig.csv" >"$tmp/out" 2>"$tmp/err" &
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
        [ "$(tail -n +2 "$tmp/stopped-$sig.csv" | wc -l)" -eq "$(grep -c '^epoch ' "$tmp/out")" ] ||
            fail "SIG$sig: the log does not hold every finished epoch: $(cat "$tmp/stopped-$sig.csv")"
        expect 0 "the model saved on SIG$sig loads" -- "$bin" info "$tmp/stopped-$sig.json"
    done

    # one run at a time per output: a second run with the same --out, or writing the first
    # one's checkpoint, is refused with one line naming the first one's process; its lock goes
    # when it ends
    "$bin" train --preset small --epochs 50 --limit 20000 --val 1000 --data "$mnist" \
        --out "$tmp/locked.json" --quiet >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 1 500); do
        [ -s "$tmp/locked.json.lock" ] && [ -s "$tmp/locked.json.checkpoint.lock" ] && break
        sleep 0.01
    done
    [ "$(cat "$tmp/locked.json.lock" 2>/dev/null)" = "$pid" ] ||
        fail "the lock does not hold the run's process $pid: $(cat "$tmp/locked.json.lock" 2>&1)"
    expect 1 "a second run with the same --out is refused" -- "$bin" train --preset small \
        --epochs 1 --limit 1000 --val 100 --data "$mnist" --out "$tmp/locked.json"
    one_line_error "^scratchnet train: $tmp/locked.json: in use by another run (process $pid, "
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
    expect 1 "a run writing another run's checkpoint is refused" -- "$bin" train --preset small \
        --epochs 1 --limit 1000 --val 100 --data "$mnist" --out "$tmp/other-locked.json" \
        --checkpoint "$tmp/locked.json.checkpoint"
    one_line_error "locked.json.checkpoint: in use by another run (process $pid, "
    [ -e "$tmp/other-locked.json.lock" ] && fail "a refused run left its own lock behind"
    kill -TERM "$pid"
    wait "$pid"
    [ -e "$tmp/locked.json.lock" ] || [ -e "$tmp/locked.json.checkpoint.lock" ] &&
        fail "a run stopped by SIGTERM left its lock files: $(ls "$tmp"/locked*)"

    # checkpoints: a run killed outright (SIGKILL: nothing can be saved then) and resumed from
    # its last checkpoint ends with the same weights, bit for bit, as a run never stopped; so
    # does every checkpoint a run writes, inside an epoch or at its end
    run=(train --preset small --epochs 4 --limit 20000 --val 500 --augment full --data "$mnist")
    start=$(date +%s.%N)
    expect 0 "an uninterrupted run for comparison" -- "$bin" "${run[@]}" --checkpoint-every 0 \
        --out "$tmp/whole.json" --log "$tmp/whole.csv" --quiet
    whole_s=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
    [ -e "$tmp/whole.json.checkpoint" ] && fail "--checkpoint-every 0 wrote a checkpoint"
    # kill_and_resume NAME EVERY WHEN: runs with --checkpoint-every EVERY, kills the run with
    # SIGKILL (WHEN: "mid" inside epoch 2, "epoch-end" right after the first checkpoint, a
    # number: that many seconds after the first checkpoint), resumes it and compares it with
    # the uninterrupted run. Returns 1 if the run could not be killed before it finished.
    kill_and_resume() {
        local name=$1 every=$2 when=$3 ck="$tmp/$1.json.checkpoint"
        "$bin" "${run[@]}" --checkpoint-every "$every" --out "$tmp/$name.json" \
            --log "$tmp/$name.csv" --quiet >/dev/null 2>&1 &
        local pid=$!
        for _ in $(seq 1 3000); do
            [ -e "$ck" ] && { [ "$when" != mid ] || [ "$(wc -l <"$tmp/$name.csv")" -ge 2 ]; } &&
                break
            sleep 0.01
        done 2>/dev/null
        case $when in
            mid) sleep 0.3 ;; # inside the second epoch: its first one's log row is in the checkpoint
            epoch-end) ;;
            *) sleep "$when" ;;
        esac
        kill -KILL "$pid"
        wait "$pid" 2>/dev/null
        if [ -e "$tmp/$name.json" ]; then
            return 1
        fi
        # its lock files stay (a process killed outright removes nothing) and are taken over
        [ -e "$tmp/$name.json.lock" ] && [ -e "$ck.lock" ] || fail "the killed run left no lock files"
        # temporary files as the killed run's saves would have left them, which the resumed run
        # removes, and files that only look like them, which it keeps
        local keep=("$tmp/$name.json.tmp.Kill0" "$tmp/$name.json.tmp.Kill012" "$tmp/$name.json.tmp.Kill-1"
                    "$tmp/$name.json.tmp.Dir001" "$tmp/$name.jsontmp.Kill01" "$tmp/$name.json.checkpoint.tmp")
        echo part >"$tmp/$name.json.tmp.Kill01"
        echo part >"$tmp/$name.json.checkpoint.tmp.kILL9z"
        for f in "${keep[@]}"; do echo keep >"$f"; done
        rm "$tmp/$name.json.tmp.Dir001" && mkdir "$tmp/$name.json.tmp.Dir001"
        ok "a run killed with SIGKILL ($name) left a checkpoint"
        cp "$ck" "$tmp/$name-killed.checkpoint"
        expect 0 "the run killed $name resumes from its checkpoint" -- "$bin" "${run[@]}" \
            --checkpoint-every "$every" --out "$tmp/$name.json" --resume "$ck" \
            --log "$tmp/$name.csv"
        grep -q "^resuming $ck: [0-9]* epochs done" "$tmp/out" || fail "$name: no resuming line"
        if [ "$when" = epoch-end ]; then
            grep -q "^resuming $ck: [1-3] epochs done\$" "$tmp/out" ||
                fail "not resumed from an epoch's end: $(grep resuming "$tmp/out")"
        fi
        if cmp -s <(sed -n '/"layers"/,/"training"/p' "$tmp/whole.json") \
            <(sed -n '/"layers"/,/"training"/p' "$tmp/$name.json"); then
            ok "the run resumed $name ends with the same weights as the uninterrupted one"
        else
            fail "the run resumed $name ends with weights other than the uninterrupted run's"
        fi
        [ -e "$ck" ] && fail "the finished run left its checkpoint"
        [ -e "$tmp/$name.json.lock" ] || [ -e "$ck.lock" ] &&
            fail "the resumed run left the killed run's lock files"
        [ -e "$tmp/$name.json.tmp.Kill01" ] || [ -e "$tmp/$name.json.checkpoint.tmp.kILL9z" ] &&
            fail "the resumed run left the killed run's temporary files"
        for f in "${keep[@]}"; do
            [ -e "$f" ] || fail "the resumed run removed $f, which is not one of its temporary files"
        done
        rm -r "${keep[@]}"
        ls "$tmp/$name.json".*tmp* >/dev/null 2>&1 && fail "temporary files left: $(ls "$tmp/$name.json".*tmp*)"
        # the resumed run's log holds every epoch once, with the uninterrupted run's numbers
        [ "$(tail -n +2 "$tmp/$name.csv" | cut -d, -f1 | tr '\n' ' ')" = "1 2 3 4 " ] ||
            fail "the resumed log does not hold epochs 1-4 once each: $(cat "$tmp/$name.csv")"
        cmp -s <(cut -d, -f1-6 "$tmp/whole.csv") <(cut -d, -f1-6 "$tmp/$name.csv") &&
            ok "the log of the run resumed $name equals the uninterrupted run's (times aside)" ||
            fail "the resumed log differs: $(diff <(cut -d, -f1-6 "$tmp/whole.csv") <(cut -d, -f1-6 "$tmp/$name.csv") | head -5)"
        return 0
    }
    kill_and_resume mid 20 mid || fail "the run finished before it could be killed inside epoch 2"
    # only the checkpoints at the end of each epoch (every 100000 batches is never)
    kill_and_resume epoch-end 100000 epoch-end ||
        fail "the run finished before it could be killed after its first epoch"
    # a random point: the interval and the time after the first checkpoint come from a seed
    kill_seed=${SCRATCHNET_KILL_SEED:-$RANDOM}
    RANDOM=$kill_seed
    every=$((5 + RANDOM % 200))
    delay=$(awk -v r=$((RANDOM % 1000)) -v t="$whole_s" 'BEGIN { printf "%.2f", 0.7 * t * r / 1000 }')
    echo "kill seed $kill_seed (SCRATCHNET_KILL_SEED=$kill_seed repeats it): checkpoints every $every batches, killed $delay s after the first"
    kill_and_resume random "$every" "$delay" ||
        echo "skip: the run finished $delay s after its first checkpoint, before it was killed"
    cp "$tmp/mid-killed.checkpoint" "$tmp/saved.checkpoint"
    run+=(--quiet)
    expect 2 "resuming with other settings is refused" -- "$bin" "${run[@]}" --seed 7 \
        --out "$tmp/other.json" --resume "$tmp/saved.checkpoint"
    one_line_error "saved by a run with other settings"
    head -c 3000 "$tmp/saved.checkpoint" >"$tmp/cut.checkpoint"
    expect 1 "a truncated checkpoint is refused" -- "$bin" "${run[@]}" \
        --out "$tmp/other.json" --resume "$tmp/cut.checkpoint"
    one_line_error "cut.checkpoint"
    [ -e "$tmp/other.json" ] && fail "a refused resume wrote a model"
    # a checkpoint whose epoch history does not hold epochs 1, 2, ... of its finished
    # epochs is refused (the file's checksum made right again, so that only the history is
    # wrong). The record: settings[1024], 3 floats, 2 int32 (epochs_done at 1040), 2 doubles,
    # n_history (int32 at 1064), then 28-byte rows starting with their epoch number.
    if command -v python3 >/dev/null; then
        tamper() { # tamper IN OUT OFFSET VALUE: an int32 in the record, checksum redone
            python3 - "$@" <<'PY'
import struct, sys
src, dst, off, val = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
b = bytearray(open(src, 'rb').read())
body = b[:-8]
# the record starts with its settings text, "layers ...", and ends the body; the u64 in front
# of it is its length with the weights that follow
start = body.index(b'layers ')
assert struct.unpack_from('=Q', body, start - 8)[0] == len(body) - start
struct.pack_into('=i', body, start + off, val)
h = 0xcbf29ce484222325
for c in body:
    h = ((h ^ c) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
open(dst, 'wb').write(bytes(body) + struct.pack('=Q', h))
PY
        }
        tamper "$tmp/saved.checkpoint" "$tmp/short.checkpoint" 1064 0
        expect 1 "a checkpoint with fewer history rows than finished epochs is refused" -- \
            "$bin" "${run[@]}" --out "$tmp/other.json" --resume "$tmp/short.checkpoint"
        one_line_error "short.checkpoint: damaged: its epoch history holds 0 rows"
        tamper "$tmp/saved.checkpoint" "$tmp/renumbered.checkpoint" 1068 2
        expect 1 "a checkpoint whose history is numbered wrong is refused" -- \
            "$bin" "${run[@]}" --out "$tmp/other.json" --resume "$tmp/renumbered.checkpoint"
        one_line_error "renumbered.checkpoint: damaged: its epoch history"
        [ -e "$tmp/other.json" ] && fail "a refused resume wrote a model"
    else
        echo "skip: python3 not found: damaged checkpoint histories not tried"
    fi

    # the epoch a run resumes in the middle of counts its time before the stop too: stopped
    # (SIGINT saves a checkpoint) 70 % into epoch 2, the resumed epoch 2 takes about a whole
    # epoch, not the 30 % left
    part=(train --preset small --epochs 2 --limit 30000 --val 500 --augment full --data "$mnist"
          --checkpoint-every 20 --out "$tmp/part.json" --log "$tmp/part.csv")
    "$bin" "${part[@]}" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    for _ in $(seq 1 3000); do
        [ "$(wc -l <"$tmp/part.csv")" -ge 2 ] && break
        sleep 0.01
    done 2>/dev/null
    first=$(sed -n 2p "$tmp/part.csv" | cut -d, -f7)
    sleep "$(awk -v l="$first" 'BEGIN { print 0.7 * l }')"
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    if [ "$rc" -ne 130 ] || [ "$(wc -l <"$tmp/part.csv")" -ne 2 ]; then
        echo "skip: the run did not stop inside epoch 2 (exit $rc): epoch time after resume not tried"
    else
        expect 0 "a run stopped inside epoch 2 resumes" -- "$bin" "${part[@]}" \
            --resume "$tmp/part.json.checkpoint"
        second=$(sed -n 3p "$tmp/part.csv" | cut -d, -f7)
        awk -v a="$first" -v b="$second" 'BEGIN { exit !(b >= 0.7 * a * 0.9) }' &&
            ok "the resumed epoch's time counts its part before the stop ($second s, epoch 1 $first s)" ||
            fail "the resumed epoch took $second s, epoch 1 $first s: its time before the stop is lost"
    fi

    # a write that fails (here: the file size limit, as a full disk would; its signal, SIGXFSZ,
    # does not kill the run) is reported with the path, leaves the existing model as it was and
    # no temporary file behind; so do the checkpoints, and training goes on without them
    mkdir -p "$tmp/full" && cp "$data/tiny-model.json" "$tmp/full/model.json"
    before=$(cksum <"$tmp/full/model.json")
    (ulimit -f 8; exec "$bin" train --preset small --epochs 2 --limit 2000 --checkpoint-every 10 \
        --val 200 --data "$mnist" --out "$tmp/full/model.json" --quiet) >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" -eq 1 ] && ok "a failed save exits with 1" || fail "failed save: exit $rc, expected 1"
    grep -q "full/model.json.*cannot write.*not changed" "$tmp/err" ||
        fail "failed save: message does not name the file: $(cat "$tmp/err")"
    grep -q "full/model.json.checkpoint.*cannot write.*training goes on without checkpoints" \
        "$tmp/err" || fail "failed checkpoint: no message naming it: $(cat "$tmp/err")"
    [ "$(wc -l <"$tmp/err")" -eq 2 ] || fail "failed saves: not one line each: $(cat "$tmp/err")"
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

    # Under an address-space limit (ulimit -v) every command either works or says in one line
    # that it ran out of memory and exits 1, within 10 s: never a hang, a crash or a misleading
    # message. The sanitizer build reserves terabytes of shadow memory and cannot run like this.
    if [[ "${SCRATCHNET_SANITIZE:-none}" == *address* ]]; then
        echo "skip: memory limits (the address sanitizer cannot run under ulimit -v)"
    else
        printf 'epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,epoch_seconds\n1,0.5,0.8,0.4,0.85,0.1,1\n' \
            >"$tmp/lim.csv"
        limited_cmds=(
            "--version"
            "info $root/models/mnist-cnn.json"
            "eval $root/models/mnist-mlp.json --data $mnist"
            "eval $root/models/mnist-cnn.json --data $mnist"
            "predict --model $root/models/mnist-cnn.json $data/mnist-test-0-seven.png"
            "train --preset small --epochs 1 --limit 1000 --val 100 --data $mnist --out $tmp/lim.json --quiet"
            "train --preset cnn --epochs 1 --limit 300 --val 100 --data $mnist --out $tmp/limc.json --quiet"
            "plot $tmp/lim.csv --out $tmp/lim.svg"
        )
        for mb in 150 200 250 300 400; do
            # the benchmark takes 15 s when it works: twice, given a minute
            cmds=("${limited_cmds[@]}")
            [ "$mb" -eq 150 ] || [ "$mb" -eq 250 ] && cmds+=("bench --quick --data $mnist --models $tmp/models")
            for c in "${cmds[@]}"; do
                limit=10
                [ "${c%% *}" = bench ] && limit=60
                start=$SECONDS
                # shellcheck disable=SC2086 # the words of $c are the arguments
                (ulimit -v $((mb * 1024)); exec timeout -s KILL $limit "$bin" $c) >"$tmp/out" 2>"$tmp/err"
                rc=$?
                what="ulimit -v $mb MB: scratchnet ${c%% *}"
                if [ "$rc" -eq 0 ]; then
                    ok "$what works"
                elif [ "$rc" -eq 1 ] && [ "$(grep -c . "$tmp/err")" -eq 1 ] &&
                    grep -q "out of memory" "$tmp/err" && [ $((SECONDS - start)) -le 10 ]; then
                    ok "$what runs out of memory and says so"
                else
                    fail "$what ($c): exit $rc after $((SECONDS - start)) s (137: killed after $limit s): $(head -c 300 "$tmp/err")"
                fi
            done
        done
        rm -f "$tmp"/lim*.json*
    fi
fi

expect 2 "an unknown data set is a usage error" -- "$bin" train --dataset cifar --out "$tmp/x.json"
one_line_error "unknown data set 'cifar' (mnist, fashion-mnist)"
expect 2 "an unknown preprocessing is a usage error" -- "$bin" train --preprocess crop --out "$tmp/x.json"
one_line_error "unknown preprocessing 'crop' (mnist, none)"
[ -e "$tmp/x.json" ] && fail "a usage error left $tmp/x.json behind"

# Fashion-MNIST end to end: a short run keeps the data set, its class names and "no
# preprocessing" in the model, and eval finds the data set's test images by itself.
fashion=${SCRATCHNET_FASHION_DIR:-}
if [ -n "$fashion" ] && [ -f "$fashion/t10k-labels-idx1-ubyte.gz" ]; then
    expect 0 "train on Fashion-MNIST" -- "$bin" train --dataset fashion-mnist --data "$fashion" \
        --preset seed --epochs 1 --limit 3000 --val 500 --out "$tmp/fashion.json" --quiet
    grep -q '"dataset": "fashion-mnist"' "$tmp/fashion.json" || fail "fashion model: no data set"
    grep -q '"Ankle boot"' "$tmp/fashion.json" || fail "fashion model: no class names"
    grep -q '"preprocess": "none"' "$tmp/fashion.json" || fail "fashion model: preprocessing"
    grep -q '"augmentation": "shift 2"' "$tmp/fashion.json" || fail "fashion model: augmentation"
    SCRATCHNET_FASHION_DATA="$fashion" expect 0 "eval a Fashion-MNIST model" -- \
        "$bin" eval "$tmp/fashion.json"
    grep -q "^Ankle boot  *1000 " "$tmp/out" || fail "eval: no Ankle boot row: $(head -c 600 "$tmp/out")"
    expect 0 "--preprocess overrides the data set's" -- "$bin" train --dataset fashion-mnist \
        --data "$fashion" --preset seed --epochs 1 --limit 1000 --val 200 --preprocess mnist \
        --out "$tmp/fashion-crop.json" --quiet
    grep -q '"preprocess": "mnist"' "$tmp/fashion-crop.json" || fail "--preprocess mnist not kept"
elif [ "${SCRATCHNET_REQUIRE_DATA:-0}" = 1 ]; then
    fail "Fashion-MNIST is required but missing in '$fashion' (scripts/setup --test installs it)"
else
    echo "skip: Fashion-MNIST not found in '$fashion'"
fi

if [ "$failures" -gt 0 ]; then
    echo "$failures failures"
    exit 1
fi
echo "all checks passed"
