#!/usr/bin/env bash
# test_cli_train.sh - scratchnet train as a user meets it: its help, wrong flags, names and
# labels, outputs refused before the run, training end to end on MNIST and Fashion-MNIST, the
# training reports (log, learning curves, confusion matrix), and eval and predict on the models
# it saves. Stopping, locks and resuming: test_cli_resume.sh.
# usage: test_cli_train.sh SCRATCHNET_BINARY
#   (env: SCRATCHNET_TEST_DATA, SCRATCHNET_MNIST_DIR, SCRATCHNET_SOURCE_ROOT, SCRATCHNET_SANITIZE)
# shellcheck source=cli_lib.sh
source "$(dirname "$0")/cli_lib.sh"

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
--flag-one -0.5                 --flag-one: -0.5 is out of range (0 to 1)
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
mkdir -p "$tmp/dcopy" && echo labels >"$tmp/dcopy/t10k-labels-idx1-ubyte"
echo images >"$tmp/dcopy/train-images-idx3-ubyte.gz"
expect 2 "train --confusion naming a test-set file is refused" -- "$bin" train --data "$tmp/dcopy" \
    --out "$tmp/m.json" --confusion "$tmp/dcopy/t10k-labels-idx1-ubyte"
one_line_error "^scratchnet train: --confusion $tmp/dcopy/t10k-labels-idx1-ubyte is the test labels"
expect 2 "train --log naming a training-set file is refused" -- "$bin" train --data "$tmp/dcopy" \
    --out "$tmp/m.json" --log "$tmp/dcopy/train-images-idx3-ubyte.gz"
one_line_error "is the training images $tmp/dcopy/train-images-idx3-ubyte.gz itself"
expect 2 "train --out naming a training-set file is refused" -- "$bin" train --data "$tmp/dcopy" \
    --out "$tmp/dcopy/train-labels-idx1-ubyte"
[ "$(cat "$tmp/dcopy/t10k-labels-idx1-ubyte")" = labels ] || fail "a refused run changed the data"
rm -rf "$tmp/dcopy"
expect 1 "a missing data directory is named" -- "$bin" train --data "$tmp/nowhere" --out "$tmp/m.json"
one_line_error "$tmp/nowhere"
[ -e "$tmp/m.json" ] && fail "a failed run left $tmp/m.json behind"
[ -e "$tmp/m.json.lock" ] && fail "a failed run left its lock $tmp/m.json.lock behind"
mkdir -p "$tmp/fdata"
for f in "$mnist"/*; do ln -s "$f" "$tmp/fdata/"; done
rm -f "$tmp/fdata/train-images-idx3-ubyte" "$tmp/fdata/train-images-idx3-ubyte.gz"
mkfifo "$tmp/fdata/train-images-idx3-ubyte"
expect 1 "train refuses a FIFO as a data-set file" -- timeout 10 "$bin" train --data "$tmp/fdata" \
    --preset small --epochs 1 --limit 100 --val 10 --out "$tmp/fm.json"
one_line_error "$tmp/fdata/train-images-idx3-ubyte: not a regular file (a FIFO)"
rm -rf "$tmp/fdata"

expect 2 "an unknown data set is a usage error" -- "$bin" train --dataset cifar --out "$tmp/x.json"
one_line_error "unknown data set 'cifar' (mnist, fashion-mnist)"
expect 2 "an unknown preprocessing is a usage error" -- "$bin" train --preprocess crop --out "$tmp/x.json"
one_line_error "unknown preprocessing 'crop' (mnist, none)"
expect 2 "made digits are digits: not for another data set" -- "$bin" train \
    --dataset fashion-mnist --made-digits 10 --out "$tmp/x.json"
one_line_error "--made-digits adds drawn digits: it needs a data set of digits (mnist)"
[ -e "$tmp/x.json" ] && fail "a usage error left $tmp/x.json behind"

if have_mnist "training tests"; then
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
    # outlier exposure: made non-digits join the training images as belonging to no class, and
    # after training the refusal bound is chosen on the held-out digits: the largest top
    # probability below which at most the given share of them is refused, written into the model
    expect 0 "a run with made non-digits chooses and records a refusal rule" -- "$bin" train \
        --preset small --limit 3000 --val 500 --epochs 2 --outliers 200 --refuse-share 0.01 \
        --data "$mnist" --out "$tmp/none.json"
    grep -q "^made 200 non-digits" "$tmp/out" || fail "no line about the made non-digits: $(head -2 "$tmp/out")"
    grep -q '"outliers": 200,' "$tmp/none.json" || fail "the training record does not count the made non-digits"
    refusal=$(tr -d ' \n' <"$tmp/none.json" | grep -o '"refusal":{[^}]*}')
    below=$(echo "$refusal" | sed -n 's/.*"below":\([-0-9.e]*\).*/\1/p')
    awk -v b="$below" 'BEGIN { exit !(b > 0.1 && b < 1) }' ||
        fail "no sane refusal bound (a top probability of 10 classes is at least 0.1): $refusal"
    echo "$refusal" | grep -q '"rule":"top-probability"' || fail "refusal rule: $refusal"
    echo "$refusal" | grep -q 'of500held-outMNISTdigitsand[0-9.]*%of500held-outmadenon-digits' ||
        fail "the refusal rule does not say how it was chosen: $refusal"
    # at most 1 % of the 500: 5 digits, 1.0 %
    line=$(grep '^refusal rule: "none of these" below a top probability of ' "$tmp/out")
    digits=$(echo "$line" | sed -n 's/.*which refuses \([0-9.]*\) % of 500 held-out MNIST digits.*/\1/p')
    awk -v d="$digits" 'BEGIN { exit !(d != "" && d <= 1.0) }' ||
        fail "the rule refuses more than 1 % of the held-out digits: $line"
    expect 0 "--refuse-share 0 gives no refusal rule" -- "$bin" train --preset small --limit 2000 \
        --val 200 --epochs 1 --refuse-share 0 --data "$mnist" --out "$tmp/none0.json" --quiet
    grep -q '"refusal"' "$tmp/none0.json" && fail "--refuse-share 0 wrote a refusal rule"
    grep -q '"outliers"' "$tmp/none0.json" && fail "a run without made non-digits records some"
    grep -q '"made_digits"' "$tmp/none0.json" && fail "a run without made digits records some"
    # made digits: drawn as pen strokes with their labels, they join the training images; as many
    # of a stream never trained on as the validation images (at most 2000) are read at the end
    expect 0 "a run with made digits records them and reads held-out ones" -- "$bin" train \
        --preset small --limit 1500 --val 200 --epochs 1 --made-digits 300 --refuse-share 0 \
        --data "$mnist" --out "$tmp/made.json"
    grep -q "^made 300 digits" "$tmp/out" || fail "no line about the made digits: $(head -3 "$tmp/out")"
    grep -q '"made_digits": 300,' "$tmp/made.json" || fail "the training record does not count the made digits"
    grep -Eq '^held-out made digits: [0-9]+\.[0-9]+ % of 200 read right$' "$tmp/out" ||
        fail "no held-out made digits' share: $(tail -4 "$tmp/out")"
    expect 2 "--refuse-share needs validation images to choose on" -- "$bin" train --preset small \
        --val 0 --refuse-share 0.01 --data "$mnist" --out "$tmp/none0.json"
    one_line_error "--refuse-share chooses its bound on the validation images: it needs --val above 0"
    # the reports: a log row per epoch, the curves and the confusion matrix, consistent with the
    # model file's training record (of a model without a refusal rule: the matrix counts the
    # top class of every image, refused or not)
    expect 0 "train --log --curves --confusion writes the three reports" -- "$bin" train \
        --preset seed --limit 2000 --val 500 --epochs 3 --data "$mnist" --out "$tmp/seed.json" \
        --refuse-share 0 --quiet --log "$tmp/seed.csv" --curves "$tmp/seed-curves.svg" \
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
fi

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

finish
