#!/usr/bin/env bash
# Runs each libFuzzer target for a given time, one after the other:
#
#   tests/fuzz/run-fuzzers.sh [SECONDS] [TARGET...]     (default: 60 s each, every target)
#
# Targets: splitters filenames directives folder policy. Needs a build made with clang and
# -DMIG_FUZZ=ON (packaging/bootstrap.sh fuzz makes one in build-fuzz/ and calls this script);
# FUZZ_BUILD_DIR names another. Each target starts from its seeds (tests/fuzz/corpus/<target>)
# and regressions (tests/fuzz/regressions/<target>) plus what earlier runs found, kept in
# <build>/fuzz-corpus/<target>. Every input runs under ASan + UBSan, with a 10 s time limit and
# a 2 GB memory limit, and leaks are checked. A crash, hang, leak, UB report or wrong answer
# leaves the input in <build>/fuzz-findings/<target>/ and makes the script exit 1; once fixed,
# copy it to tests/fuzz/regressions/<target>/ so the normal test suite replays it for ever.
# FUZZ_ARGS adds libFuzzer options (e.g. FUZZ_ARGS=-len_control=0 to try long inputs at once).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
SECONDS_EACH=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(splitters filenames directives folder policy)

# Longest input per target: a few files of real size; the splitters also get inputs beyond the
# PostgreSQL splitter's 64 KiB lexing chunk.
declare -A MAX_LEN=([splitters]=140000 [filenames]=2048 [directives]=16384 [folder]=32768 [policy]=8192)
declare -A DICT=([splitters]=sql [filenames]=folder [directives]=sql [folder]=folder [policy]=policy)

# The folder targets write files for every input: a scratch folder of our own (in memory when
# /dev/shm is there), removed at the end.
scratch=$(mktemp -d /dev/shm/migfuzz.XXXXXX 2>/dev/null || mktemp -d "${TMPDIR:-/tmp}/migfuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export MIG_FUZZ_SCRATCH=$scratch
export LSAN_OPTIONS="suppressions=$HERE/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

failed=()
for t in "${TARGETS[@]}"; do
  bin=$BUILD/tests/fuzz/fuzz_$t
  if [ ! -x "$bin" ]; then
    echo "no $bin: build it first (packaging/bootstrap.sh fuzz, or cmake --build $BUILD --target fuzz_$t)" >&2
    exit 2
  fi
  work=$BUILD/fuzz-corpus/$t findings=$BUILD/fuzz-findings/$t
  mkdir -p "$work" "$findings"
  inputs=("$work" "$HERE/corpus/$t")
  [ ! -d "$HERE/regressions/$t" ] || inputs+=("$HERE/regressions/$t")
  echo "==> fuzz_$t for ${SECONDS_EACH}s (corpus $work)" >&2
  rc=0
  "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -max_len="${MAX_LEN[$t]}" -dict="$HERE/dict/${DICT[$t]}.dict" -print_final_stats=1 \
    -artifact_prefix="$findings/" ${FUZZ_ARGS:-} \
    "${inputs[@]}" 2>"$BUILD/fuzz-$t.log" || rc=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$BUILD/fuzz-$t.log" >&2 || true
  if [ "$rc" -ne 0 ]; then
    echo "fuzz_$t FAILED (exit $rc): see $BUILD/fuzz-$t.log and $findings/" >&2
    grep -E 'ERROR: |fuzz finding: |SUMMARY: |runtime error: ' "$BUILD/fuzz-$t.log" | head -5 >&2 || true
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "findings in: ${failed[*]}" >&2
  exit 1
fi
echo "no findings" >&2
