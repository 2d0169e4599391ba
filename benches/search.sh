#!/usr/bin/env bash
# Search benchmark (not a test): on the bundled Blueprint and on a synthetic 10 000-page site,
#  - the index build time within the whole build (BLUEPRINT_TIMINGS stage times, median of RUNS),
#  - the index's size on disk, raw and gzipped (as a static host compresses it),
#  - the bytes a typical query transfers and the time to its first result in headless Chromium
#    (tests/search-browser/bench.mjs: cold cache, a second query, the engine alone, slow 4G).
#
# usage: benches/search.sh [RUNS]   (default 5; prints Markdown to stdout)
#        BLUEPRINT_BIN=PATH benches/search.sh   measures that binary (e.g. an older build) instead
# needs: cargo, node + npm, /usr/bin/chromium (apt-get install -y chromium) or $CHROMIUM
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"

cargo build --release --quiet
cargo build --release --quiet --example synth
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
BIN="${BLUEPRINT_BIN:-$TARGET/release/blueprint}"
(cd tests/search-browser && npm ci --silent --no-audit --no-fund >/dev/null)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$TARGET/release/examples/synth" --pages 10000 --out "$WORK/synth" >/dev/null

# build NAME ROOT: RUNS builds with stage timings; the last one's output stays in $WORK/out-NAME.
build() {
  local name="$1" root="$2"
  for _ in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/out-$name"
    BLUEPRINT_TIMINGS=1 "$BIN" build --root "$root" --out "$WORK/out-$name" --base-url http://localhost/ --as-of 2026-01 2>>"$WORK/$name.log" >/dev/null
  done
}

# report NAME QUERY SECOND_QUERY TYPO_QUERY: one Markdown section.
report() {
  local name="$1" query="$2" second="$3" typo="$4" dir="$WORK/out-$1"
  local browser
  browser="$(cd tests/search-browser && node bench.mjs "$dir" / "$query" "$second" "$RUNS" "$typo")"
  python3 - "$name" "$dir" "$WORK/$name.log" "$browser" <<'PY'
import json, os, re, statistics, sys
name, site, log, browser = sys.argv[1], sys.argv[2], open(sys.argv[3]).read(), json.loads(sys.argv[4])
med = lambda xs: statistics.median(xs) if xs else float("nan")
stage = lambda s: med([float(x) for x in re.findall(rf"timing: {s}\s+([\d.]+) ms", log)])
total = med([float(x) for x in re.findall(r"built \d+ pages .* in (\d+) ms", log)])
pages = re.findall(r"built (\d+) pages", log)[-1]
import gzip
index = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(site, "search-index")) for f in fs]
runtime = [os.path.join(site, "assets", "search-engine.js")]
size = lambda fs: sum(os.path.getsize(f) for f in fs)
gz = lambda fs: sum(len(gzip.compress(open(f, "rb").read())) for f in fs)
kib = lambda n: f"{n / 1024:,.0f} KiB"
print(f"### {name} ({pages} pages)\n")
print("| measure | value |\n|---|---|")
print(f"| whole build (median of {len(re.findall('built', log))}) | {total:.0f} ms |")
print(f"| of which: search index (`timing: search`) | {stage('search'):.0f} ms |")
print(f"| of which: rendering pages (`timing: pages`) | {stage('pages'):.0f} ms |")
print(f"| of which: writing to disk (`timing: write`) | {stage('write'):.0f} ms |")
print(f"| index on disk (manifest, term chunks, page chunks, filters) | {kib(size(index))} in {len(index)} files ({kib(gz(index))} gzipped) |")
print(f"| engine (assets/search-engine.js) | {kib(size(runtime))} ({kib(gz(runtime))} gzipped) |")
print(f"| first query “{browser['query']}”, cold cache: bytes as sent (uncompressed) | {kib(browser['coldBytes'])} in {len(browser['coldFiles'])} requests |")
print(f"| first query: time to first result (incl. 120 ms debounce) | {browser['coldMs']} ms |")
print(f"| second query “{browser['second']}”: bytes | {kib(browser['warmBytes'])} |")
print(f"| second query: time to first result (incl. debounce) | {browser['warmMs']} ms |")
print(f"| the engine alone, loaded: search + 6 results' data | {browser['engineMs']} ms |")
print(f"| first query on slow 4G (150 ms RTT, 1.6 Mbit/s) | {browser['slow4gMs']} ms |")
print(f"| misspelt first query “{browser['typo']}”, cold: bytes / requests | {kib(browser['typoBytes'])} in {len(browser['typoFiles'])} requests |")
print(f"| misspelt first query: time to the drop-down's answer (incl. debounce); results shown | {browser['typoMs']} ms; {browser['typoFound']} |")
print()
print("Requests of the first query: " + ", ".join(f"`{f}`" for f in browser["coldFiles"]) + "\n")
PY
}

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg); $("${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null | head -1); node $(node --version)"
echo
build blueprint "$PWD"
report blueprint "venture fund" "talent" "Nothern Metropolis"
build synth "$WORK/synth"
report synth "research funding" "talent" "reserch fundng"
