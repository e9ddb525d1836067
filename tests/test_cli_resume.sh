#!/usr/bin/env bash
# test_cli_resume.sh - a scratchnet train run stopped and continued: Ctrl-C and SIGTERM keeping
# the best model and a checkpoint, one run per output (locks), runs killed outright and resumed
# bit for bit from their checkpoints, checkpoints refused (other settings, truncated, damaged,
# from an older version), and saves that fail.
# usage: test_cli_resume.sh SCRATCHNET_BINARY
#   (env: SCRATCHNET_TEST_DATA, SCRATCHNET_MNIST_DIR, SCRATCHNET_SOURCE_ROOT, SCRATCHNET_SANITIZE)
# shellcheck source=cli_lib.sh
source "$(dirname "$0")/cli_lib.sh"

if have_mnist "the resume tests"; then
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
    # (with made non-digits, which a resumed run makes again from the seed). 10000 images: an
    # epoch of about 300 batches, more than the longest random interval below (204 batches)
    run=(train --preset small --epochs 4 --limit 10000 --val 500 --augment full --outliers 300
         --data "$mnist")
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
            # a quarter of the first epoch's time into the second, on any machine past one of
            # its checkpoints or more: the first epoch's log row is in the checkpoint
            mid) sleep "$(sed -n 2p "$tmp/$name.csv" | cut -d, -f7 | awk '{ print $1 / 4 }')" ;;
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
    expect 2 "resuming with other made non-digits is refused" -- "$bin" "${run[@]}" \
        --outliers 100 --out "$tmp/other.json" --resume "$tmp/saved.checkpoint"
    one_line_error "saved by a run with other settings.*; 300 made non-digits of no class)"
    expect 2 "resuming with made digits the saved run had not is refused" -- "$bin" "${run[@]}" \
        --made-digits 50 --out "$tmp/other.json" --resume "$tmp/saved.checkpoint"
    one_line_error "saved by a run with other settings.*; 300 made non-digits of no class)"
    head -c 3000 "$tmp/saved.checkpoint" >"$tmp/cut.checkpoint"
    expect 1 "a truncated checkpoint is refused" -- "$bin" "${run[@]}" \
        --out "$tmp/other.json" --resume "$tmp/cut.checkpoint"
    one_line_error "cut.checkpoint"
    [ -e "$tmp/other.json" ] && fail "a refused resume wrote a model"
    # a checkpoint written by an older version of scratchnet (its format version, in the magic
    # line "scratchnet checkpoint N", below this one's) is refused with one line saying so
    cp "$tmp/saved.checkpoint" "$tmp/old.checkpoint"
    head -c 23 "$tmp/old.checkpoint" | grep -q '^scratchnet checkpoint [2-9]$' ||
        fail "the checkpoint's magic line: $(head -c 24 "$tmp/old.checkpoint")"
    printf 1 | dd of="$tmp/old.checkpoint" bs=1 seek=22 conv=notrunc 2>/dev/null
    expect 1 "a checkpoint from an older version is refused" -- "$bin" "${run[@]}" \
        --out "$tmp/other.json" --resume "$tmp/old.checkpoint"
    one_line_error "^scratchnet train: $tmp/old.checkpoint: checkpoint from an older version of scratchnet; start the run again without --resume$"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/err")"
    [ -e "$tmp/other.json" ] && fail "a refused resume wrote a model"
    # a checkpoint whose epoch history does not hold epochs 1, 2, ... of its finished
    # epochs is refused (the file's checksum made right again, so that only the history is
    # wrong). The record (src/cli/train_record.h): settings[1024], 3 f32, 2 i32 (epochs_done at
    # 1040), 2 f64, n_history (i32 at 1060), then 28-byte rows starting with their epoch number.
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
        tamper "$tmp/saved.checkpoint" "$tmp/short.checkpoint" 1060 0
        expect 1 "a checkpoint with fewer history rows than finished epochs is refused" -- \
            "$bin" "${run[@]}" --out "$tmp/other.json" --resume "$tmp/short.checkpoint"
        one_line_error "short.checkpoint: damaged: its epoch history holds 0 rows"
        tamper "$tmp/saved.checkpoint" "$tmp/renumbered.checkpoint" 1064 2
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
fi

finish
