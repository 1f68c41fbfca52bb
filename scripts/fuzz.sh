#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of every place input enters Wenshu: the decoder, the
# normaliser and segmenter, the outline parser, the whole analysis, the .docx reader (XML parts
# with numbering; the ZIP bytes), the structure YAML loader and the request-body parser of `serve`.
#
#   scripts/fuzz.sh [--seconds S | --runs N] [--target NAME]... [--release]
#
# Builds `wenshu-fuzz` (Sources/wenshu-fuzz) with Wenshu's modules instrumented for coverage:
# debug in .build (what CI does after the tests: the dependencies are reused) or, with --release,
# optimised in .build-fuzz (long runs). Each target starts from its seeds (the repository's
# fixtures) plus the corpus kept from earlier runs (<scratch>/fuzz-corpus/NAME), mutated by
# libFuzzer with a dictionary of tokens that hurt parsers (Int64 extremes, XML and YAML syntax,
# Word numbering, bad UTF-8), and runs for S seconds (default 10) or N executions. Temporary files
# go to /dev/shm when it is writable (WENSHU_FUZZ_KEEP_TMPDIR=1 keeps $TMPDIR). A crash, a trap, a broken invariant, an input slower than
# 5 s or one needing more than 2 GB fails the run; the input is saved in
# <scratch>/fuzz-corpus/crashes/ (<scratch>: .build or .build-fuzz) and `wenshu-fuzz --target=NAME FILE` replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=10 runs="" release=0 targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --target) targets+=("$2"); shift 2 ;;
    --release) release=1; shift ;;
    *) echo "usage: scripts/fuzz.sh [--seconds S | --runs N] [--target NAME]... [--release]" >&2; exit 2 ;;
  esac
done

swiftc_path=$(readlink -f "$(command -v swiftc)")
lib=$(ls "$(dirname "$swiftc_path")"/../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$lib" ]; then
  echo "fuzz.sh: libFuzzer's runtime (libclang_rt.fuzzer_no_main-$(uname -m).a) is not in this Swift toolchain ($swiftc_path); install a swift.org toolchain for Linux, which ships it" >&2
  exit 3
fi
export WENSHU_FUZZER_LIB="$lib"
# The .docx targets (docx-numbering, docx-zip, multipart) write each input to a private temporary
# folder, as `serve` does with an upload: on a disk that is most of an execution's time. Keep those
# folders in memory (/dev/shm, a tmpfs on Linux) when it can be written: 3.3x more executions a second.
if [ -z "${WENSHU_FUZZ_KEEP_TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  TMPDIR=$(mktemp -d /dev/shm/wenshu-fuzz.XXXXXX); export TMPDIR
  trap 'rm -rf "$TMPDIR"' EXIT
fi
if [ "$release" = 1 ]; then scratch=.build-fuzz build=(swift build -c release --scratch-path .build-fuzz); else scratch=.build build=(swift build); fi
"${build[@]}" --product wenshu-fuzz
bin="$("${build[@]}" --show-bin-path)/wenshu-fuzz"
root="$scratch/fuzz-corpus"
mkdir -p "$root/crashes"
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <("$bin" --list)
"$bin" --write-dict="$root/tokens.dict"   # tokens that hurt parsers, for libFuzzer's mutations

if [ -n "$runs" ]; then budget=("-runs=$runs"); label="$runs executions"; else budget=("-max_total_time=$seconds"); label="$seconds s"; fi
echo "Fuzzing with libFuzzer, $label per target ($([ "$release" = 1 ] && echo release || echo debug) build)"
echo "| target | executions | exec/s | seconds | coverage (edges) | corpus inputs | peak RSS MB | crashes |"
echo "|---|---|---|---|---|---|---|---|"
failed=0
for t in "${targets[@]}"; do
  corpus="$root/$t"; seeds="$root/seeds-$t"
  mkdir -p "$corpus"
  maxlen=$("$bin" --target="$t" --write-seeds="$seeds")
  log="$root/$t.log"
  start=$(date +%s)
  set +e
  "$bin" --target="$t" "${budget[@]}" -max_len="$maxlen" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 -dict="$root/tokens.dict" \
    -artifact_prefix="$root/crashes/$t-" "$corpus" "$seeds" >"$log" 2>&1
  status=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  inputs=$(find "$corpus" -type f | wc -l)
  crashes=0
  if [ "$status" != 0 ]; then
    crashes=1; failed=1
    echo "fuzz.sh: $t FAILED (exit $status); the log is $log:" >&2
    grep -E "ERROR: libFuzzer|wenshu-fuzz:|Fatal error|Test unit written|SUMMARY" "$log" | head -8 >&2
  fi
  echo "| $t | ${execs:-?} | ${rate:-?} | $elapsed | ${cov:-?} | $inputs | ${rss:-?} | $crashes |"
done
exit $failed
