#!/usr/bin/env bash
# The test command (the README names it; .ci/run calls it): every quality gate, in order, on a
# fresh Debian machine or a developer's. It installs what it needs (Chromium, Java and wrk from
# Debian if missing, the pinned npm packages of tests/browser), never lets a tool download a
# browser, runs every gate even after one fails, prints a summary, and exits non-zero if any
# gate failed.
#
#   bash scripts/test.sh              all gates
#   GATES="vnu browser" bash scripts/test.sh
#                                     only some (names as in the summary; the site is built
#                                     whenever a later gate needs it)
#
# Gates:
#   fmt          cargo fmt --check
#   clippy       cargo clippy --all-targets -- -D warnings
#   test         cargo test --no-fail-fast (the whole suite, including tests/links.rs over the site built in
#                memory); a snapshot file that no test checks fails it
#   build        blueprint build of the bundled content under a sub-path base URL (release build)
#   check        blueprint check
#   serve-load   scripts/serve-load.sh: wrk, 100 keep-alive connections for 30 s against `blueprint
#                serve` while a content file is edited every 200 ms (and broken once): no socket
#                error, only 200s, no torn page, the server alive (wrk from Debian if missing)
#   links        tests/links.rs again, over the folder just built with the sub-path base URL
#   determinism  a second build (single-threaded) must be byte-identical: diff -r
#   opendata     frictionless (PyPI, pinned, in a venv under the scratch folder) validates the built
#                site's datapackage.json: every CSV against its described columns, types and values
#   vnu          the Nu HTML Checker over every page, the CSS and the SVG: zero errors
#   weight       HTML+CSS+JS per page within budget (scripts/page-weight.mjs)
#   browser      headless Chromium (tests/browser, node --test): navigation, every page for console
#                errors / failed requests / 375 px overflow, charts (one layout shown, no text under
#                12 px), layout (no clipped text box, no overlap in the header, equal card heights
#                in a row, at 375 and 1280 px), keyboard, print, axe-core WCAG 2.2 A/AA in light
#                and dark
#   search       the search tests in tests/search-browser (when that folder has a package.json)
#   visual       tests/browser/visual.mjs: the top of one page of every kind at 375 and 1280 px, light
#                and dark (a site built with a fixed --as-of month), against the committed
#                baselines in tests/browser/visual-baselines/, 0.2 % of pixels tolerance; a failure
#                writes expected, actual and diff images to target/test-site/visual-failures/.
#                After an intended change of look, refresh the baselines (and review them in the
#                diff before committing):
#                  BLUEPRINT_VISUAL_UPDATE=1 GATES=visual bash scripts/test.sh
#
# Environment:
#   CHROMIUM=PATH            the browser (default /usr/bin/chromium; installed from Debian if missing)
#   BLUEPRINT_TEST_DIR=DIR   scratch folder for the built sites and reports (default target/test-site)
#   BLUEPRINT_ALL_PAGES=1    axe on every page, not the first and largest page of every kind
#   BLUEPRINT_TEST_BIN=PATH  the blueprint binary that builds the site (default: the release build)
#   BLUEPRINT_TEST_SITE=DIR  run the site gates on a folder built already (no build or determinism
#                            gate), with BLUEPRINT_TEST_BASE_URL the base URL it was built with
#                            (default http://127.0.0.1/hk-blueprint/), e.g.
#       GATES="links vnu weight browser" BLUEPRINT_TEST_SITE=output BLUEPRINT_TEST_BASE_URL=/ bash scripts/test.sh
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
WORK=${BLUEPRINT_TEST_DIR:-$ROOT/target/test-site}
SITE=$WORK/site
SITE2=$WORK/site-again
GATES=${GATES:-"fmt clippy test build check serve-load links determinism opendata vnu weight browser search visual"}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
# No tool may fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
# Builds are reproducible for a given month; both builds get the same "now" (only they: cargo
# must not see it change, or crates that watch it would rebuild).
NOW=${SOURCE_DATE_EPOCH:-$(date +%s)}

mkdir -p "$WORK"
# a previous run's findings must not show in this one's summary
rm -f "$WORK/browser-failures.txt" "$WORK/vnu.txt" "$WORK/serve-load.txt"
rm -rf "$WORK/visual-failures"
T0=$(date +%s)
declare -a RESULTS=()
FAILED=0
PASSED=0

if [ -t 1 ]; then
  say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
else
  say() { printf '\n==> %s\n' "$*"; }
fi
wants() { [[ " $GATES " == *" $1 "* ]]; }

# gate NAME COMMAND...: runs a gate, records pass/fail and its time.
gate() {
  local name=$1
  shift
  say "gate: $name"
  local start=$SECONDS
  if "$@"; then
    RESULTS+=("$(printf 'PASS  %-12s %4ss' "$name" $((SECONDS - start)))")
    PASSED=$((PASSED + 1))
  else
    RESULTS+=("$(printf 'FAIL  %-12s %4ss' "$name" $((SECONDS - start)))")
    FAILED=$((FAILED + 1))
  fi
}

skip() {
  RESULTS+=("$(printf 'FAIL  %-12s   --  not run: %s' "$1" "$2")")
  FAILED=$((FAILED + 1))
}

# --- installing what the gates need ------------------------------------------------------------

APT_UPDATED=0
apt_install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "need root (or sudo) to apt-get install $*" >&2
      return 1
    fi
  fi
  if [ $APT_UPDATED = 0 ]; then
    $sudo apt-get update -qq || return 1
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null || return 1
}

setup_tools() {
  local ok=0
  if ! command -v cargo >/dev/null; then
    echo "cargo is missing: this machine needs a Rust toolchain with rustfmt and clippy" >&2
    return 1
  fi
  if [ ! -x "$CHROMIUM" ]; then
    echo "installing Chromium (Debian package)…"
    apt_install chromium fonts-liberation || ok=1
    [ -x "$CHROMIUM" ] || CHROMIUM=$(command -v chromium || true)
  fi
  if wants serve-load && ! command -v wrk >/dev/null; then
    echo "installing wrk (for the serve-load gate)…"
    apt_install wrk || ok=1
  fi
  if wants opendata && ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    echo "installing python3-venv (for the opendata gate)…"
    apt_install python3 python3-venv || ok=1
  fi
  if ! command -v java >/dev/null; then
    echo "installing Java (for the Nu HTML Checker)…"
    apt_install default-jre-headless || ok=1
  fi
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "installing node and npm…"
    apt_install nodejs npm || ok=1
  fi
  if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
    echo "node 20 or newer is needed (playwright-core 1.65); found: $(node --version 2>/dev/null || echo none)" >&2
    return 1
  fi
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo MISSING at "$CHROMIUM")"
  echo "java:     $(java -version 2>&1 | head -1)"
  echo "node:     $(node --version), npm $(npm --version 2>/dev/null)"
  # --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime; we use the system's.
  (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || ok=1
  if [ -f tests/search-browser/package.json ]; then
    (cd tests/search-browser && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi) || ok=1
  fi
  return $ok
}

# --- the gates ---------------------------------------------------------------------------------

BIN=${BLUEPRINT_TEST_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/blueprint}
PORT=""
BASE_URL=""

pick_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

build_site() {
  cargo build --release --locked --quiet || return 1
  PORT=$(pick_port)
  BASE_URL="http://127.0.0.1:$PORT/hk-blueprint/"
  echo "building the bundled site for $BASE_URL into $SITE"
  rm -rf "$SITE" "$SITE2"
  SOURCE_DATE_EPOCH=$NOW "$BIN" build --base-url "$BASE_URL" --out "$SITE" 2> "$WORK/build.log" || { cat "$WORK/build.log"; return 1; }
  echo "$(grep -c '^warning\[' "$WORK/build.log") content warnings (blueprint check shows them); $(tail -1 "$WORK/build.log")"
}

determinism() {
  # a second build, single-threaded, so output that depends on scheduling shows up too
  SOURCE_DATE_EPOCH=$NOW RAYON_NUM_THREADS=1 "$BIN" build --base-url "$BASE_URL" --out "$SITE2" 2>/dev/null || return 1
  if diff -r -q "$SITE" "$SITE2"; then
    echo "two builds are byte-identical ($(find "$SITE" -type f | wc -l) files)"
  else
    echo "the two builds differ (above); first difference:"
    diff -r "$SITE" "$SITE2" | head -40
    return 1
  fi
}

links_on_disk() {
  BLUEPRINT_LINKS_DIR=$SITE BLUEPRINT_LINKS_BASE_URL=$BASE_URL cargo test --locked --quiet --test links -- --nocapture
}

# The Frictionless Data Package validator, pinned; its venv is made once and reused.
FRICTIONLESS_VERSION=5.18.1
opendata() {
  local venv=$WORK/frictionless-$FRICTIONLESS_VERSION
  if [ ! -x "$venv/bin/frictionless" ]; then
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet "frictionless==$FRICTIONLESS_VERSION" || return 1
  fi
  (cd "$SITE" && "$venv/bin/frictionless" validate datapackage.json)
}

vnu() {
  local jar=tests/browser/node_modules/vnu-jar/build/dist/vnu.jar
  [ -f "$jar" ] || { echo "no $jar (npm ci in tests/browser failed?)"; return 1; }
  local files
  mapfile -t files < <(find "$SITE" -path "$SITE/search-index" -prune -o \( -name '*.html' -o -name '*.css' -o -name '*.svg' \) -type f -print | sort)
  echo "Nu HTML Checker: ${#files[@]} files ($(printf '%s\n' "${files[@]}" | grep -c '\.html$') pages, CSS, SVG)"
  if java -jar "$jar" --errors-only --also-check-css --also-check-svg --format gnu "${files[@]}" > "$WORK/vnu.txt" 2>&1; then
    echo "vnu: 0 errors"
  else
    sed "s|\"file:$SITE/|\"|" "$WORK/vnu.txt"
    echo "vnu: $(grep -c ': error' "$WORK/vnu.txt") error(s) on $(grep ': error' "$WORK/vnu.txt" | cut -d'"' -f2 | sort -u | wc -l) file(s)"
    return 1
  fi
}

browser() {
  (cd tests/browser && BLUEPRINT_SITE_DIR=$SITE BLUEPRINT_BASE_URL=$BASE_URL timeout 1800 node --test --test-concurrency=1 --test-timeout=900000 \
    --test-reporter=tap --test-reporter-destination=stdout \
    --test-reporter=./lib/failures-reporter.mjs --test-reporter-destination="$WORK/browser-failures.txt" \
    ./*.test.mjs)
}

serve_load() {
  # the release binary, built here if no earlier gate built it (cargo makes this a no-op if so)
  [ -n "${BLUEPRINT_TEST_BIN:-}" ] || cargo build --release --locked --quiet || return 1
  BLUEPRINT_TEST_BIN=$BIN bash scripts/serve-load.sh 2>&1 | tee "$WORK/serve-load.txt"
  return "${PIPESTATUS[0]}"
}

search_tests() {
  # they build their own fixture sites with the binary built above; `npm test` is their command
  (cd tests/search-browser && BLUEPRINT_BIN=$BIN BLUEPRINT_SITE_DIR=$SITE BLUEPRINT_BASE_URL=$BASE_URL timeout 900 npm test --silent)
}

visual() {
  # its own site, built for a fixed month: statuses that depend on today's date must not move
  # the pictures from one month to the next
  [ -x "$BIN" ] || cargo build --release --locked --quiet || return 1
  local site=$WORK/visual-site
  rm -rf "$site"
  "$BIN" build --as-of 2026-12 --base-url /hk-blueprint/ --out "$site" >/dev/null || return 1
  (cd tests/browser && BLUEPRINT_SITE_DIR=$site BLUEPRINT_BASE_URL=/hk-blueprint/ \
    timeout 900 node visual.mjs "$WORK/visual-failures")
}

# --- run ---------------------------------------------------------------------------------------

say "setup: installing what the gates need"
setup_tools || echo "setup: something could not be installed; the gates that need it will fail"

wants fmt && gate fmt cargo fmt --check -- --color never
wants clippy && gate clippy cargo clippy --locked --all-targets -- -D warnings
# The whole suite, then cargo-insta's `--unreferenced=reject` without cargo-insta: insta records
# every snapshot a test checks in INSTA_SNAPSHOT_REFERENCES_FILE, and a snapshot file no test
# checks any more is stale (a renamed test, a fixture removed) and fails the gate.
run_tests() {
  local refs=$WORK/snapshot-references.txt
  rm -f "$refs"
  INSTA_SNAPSHOT_REFERENCES_FILE=$refs cargo test --locked --no-fail-fast || return 1
  local stale
  stale=$(comm -23 <(find "$ROOT/src" "$ROOT/tests" -name '*.snap' -exec realpath {} + | sort) \
    <(xargs -r realpath <"$refs" 2>/dev/null | sort -u))
  if [ -n "$stale" ]; then
    echo "test: snapshots that no test checks (delete them, or restore the test):"
    echo "$stale"
    return 1
  fi
}
wants test && gate test run_tests

NEEDS_SITE=0
for g in build check links determinism opendata vnu weight browser search; do wants $g && NEEDS_SITE=1; done
BUILT=0
if [ -n "${BLUEPRINT_TEST_SITE:-}" ]; then
  SITE=$(cd "$BLUEPRINT_TEST_SITE" && pwd)
  BASE_URL=${BLUEPRINT_TEST_BASE_URL:-http://127.0.0.1/hk-blueprint/}
  GATES=${GATES/determinism/}
  echo "using the site already built in $SITE (base URL $BASE_URL)"
  [ -f "$SITE/index.html" ] && BUILT=1
  [ -x "$BIN" ] || cargo build --release --locked --quiet
elif [ $NEEDS_SITE = 1 ]; then
  gate build build_site
  [ -f "$SITE/index.html" ] && BUILT=1
fi
wants check && gate check "$BIN" check
wants serve-load && gate serve-load serve_load
for g in links determinism opendata vnu weight browser; do
  wants $g || continue
  if [ $BUILT = 0 ]; then skip $g "the site did not build"; continue; fi
  case $g in
    links) gate links links_on_disk ;;
    determinism) gate determinism determinism ;;
    opendata) gate opendata opendata ;;
    vnu) gate vnu vnu ;;
    weight) gate weight node scripts/page-weight.mjs "$SITE" ;;
    browser) gate browser browser ;;
  esac
done
if wants search && [ -f tests/search-browser/package.json ]; then
  if [ $BUILT = 0 ]; then skip search "the site did not build"; else gate search search_tests; fi
fi

wants visual && gate visual visual

# --- summary -----------------------------------------------------------------------------------

say "summary ($(( $(date +%s) - T0 ))s)"
printf '  %s\n' "${RESULTS[@]}"
if [ -s "$WORK/browser-failures.txt" ]; then
  echo
  echo "browser test failures ($(grep -c '^✗' "$WORK/browser-failures.txt")):"
  sed 's/^/  /' "$WORK/browser-failures.txt" | head -300
fi
if [ -s "$WORK/serve-load.txt" ]; then
  echo
  echo "serve under load (scripts/serve-load.sh):"
  grep -E '^(FAIL:|serve under load:|errors:|rebuilds during)' "$WORK/serve-load.txt" | sed 's/^/  /'
fi
if [ -s "$WORK/vnu.txt" ] && grep -q ': error' "$WORK/vnu.txt"; then
  echo
  echo "HTML errors (vnu):"
  sed "s|\"file:$SITE/|  \"|" "$WORK/vnu.txt" | head -50
fi
echo
echo "gates: $PASSED passed, $FAILED failed"
[ $FAILED = 0 ]
