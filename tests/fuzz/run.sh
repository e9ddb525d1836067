#!/usr/bin/env bash
# run.sh TARGET SEEDS_DIR - runs a libFuzzer target for $SCRATCHNET_FUZZ_SECONDS (default 30)
# from a copy of its seed corpus, and prints how many inputs it tried. A crash, a hang (10 s),
# a leak, a sanitizer report, more than 512 MB resident or a single allocation over 256 MB
# fails the run; the input that did it is kept in $SCRATCHNET_FUZZ_ARTIFACTS (default: the
# current directory) as crash-*, timeout-*, leak-* or oom-*.
set -u
target=$1
seeds=$2
seconds=${SCRATCHNET_FUZZ_SECONDS:-30}
# sanitizer reports end the run (UBSan would otherwise only print and go on)
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
artifacts=${SCRATCHNET_FUZZ_ARTIFACTS:-.}
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$seeds"/* "$work"/
"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=512 -malloc_limit_mb=256 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/$(basename "$target")-" "$work" \
    >"$work.log" 2>&1
rc=$?
runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work.log" | grep -o '[0-9]*$')
grep -E '^#[0-9]+.*(DONE|pulse)' "$work.log" | tail -n 1
echo "$(basename "$target"): ${runs:-?} inputs in ${seconds} s, exit $rc"
if [ "$rc" -ne 0 ]; then
    grep -E 'ERROR|SUMMARY|==[0-9]+==|runtime error|Test unit written' "$work.log" | head -20
fi
rm -f "$work.log"
exit "$rc"
