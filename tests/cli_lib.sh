# cli_lib.sh - what the scratchnet command's test scripts share: the binary and the data, a
# scratch folder removed at the end, and the checks (expect, golden, one_line_error).
# usage: source it from a test script run as SCRIPT SCRATCHNET_BINARY
#   (env: SCRATCHNET_TEST_DATA, SCRATCHNET_MNIST_DIR, SCRATCHNET_SOURCE_ROOT, SCRATCHNET_SANITIZE)
# shellcheck shell=bash disable=SC2034 # the variables are the sourcing script's

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

# have_mnist WHAT: true when MNIST's test labels are in $mnist; else says WHAT is not run (or
# fails when SCRATCHNET_REQUIRE_DATA=1)
have_mnist() {
    [ -f "$mnist/t10k-labels-idx1-ubyte" ] || [ -f "$mnist/t10k-labels-idx1-ubyte.gz" ] && return 0
    if [ "${SCRATCHNET_REQUIRE_DATA:-0}" = 1 ]; then
        fail "MNIST is required but missing in $mnist"
    else
        echo "skip: MNIST not found in $mnist (run scripts/setup): $1 not run"
    fi
    return 1
}

# finish: the script's exit status, after the count of failures
finish() {
    if [ "$failures" -gt 0 ]; then
        echo "$failures failures"
        exit 1
    fi
    echo "all checks passed"
}
