#!/usr/bin/env bash
# Fuzzes blueprint with cargo fuzz (libFuzzer): each target of fuzz/fuzz_targets for SECONDS
# (default 300), one after the other (the machine is shared: one core each, niced). Exits
# non-zero on a crash, timeout or out-of-memory, printing the input that caused it and how to
# replay it. Not part of scripts/test.sh (too slow for CI): `cargo test` replays the committed
# crash inputs and seeds instead (tests/suite/fuzz.rs). See fuzz/README.md.
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]      targets: markdown site disk (default: all)
#
# Toolchain: this project's machines have stable Rust only, and no nightly can be installed.
# cargo fuzz's instrumentation (-Cpasses=sancov-module, -Cllvm-args=-sanitizer-coverage-*) is
# stable; its AddressSanitizer build needs `-Zsanitizer=address`, which stable rustc refuses
# ("the option `Z` is only accepted on the nightly compiler"). RUSTC_BOOTSTRAP=1 makes stable
# rustc accept it, and we use it for this script only, for ASan: the code is safe Rust, but
# its dependencies are not (unsafe-libyaml under serde_yaml is machine-translated C), and ASan
# catches their out-of-bounds reads and writes where an unsanitised run may sail on.
# FUZZ_SANITIZER=none gives the plain build (no RUSTC_BOOTSTRAP needed; faster, catches less).
#
# Corpora: fuzz/seeds/<target>/ is committed (made from the test fixtures by
# fuzz/make-seeds.sh); fuzz/corpus/<target>/ is the working corpus libFuzzer grows (ignored by
# git, kept between runs). Crash inputs land in fuzz/artifacts/<target>/.
#
# Environment:
#   FUZZ_SANITIZER=address|none   (default address)
#   FUZZ_TIMEOUT=SECONDS          one input running longer than this is a failure (default 10)
#   FUZZ_RSS_MB=MB                memory limit (default 2048)
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_EACH=${1:-300}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} = 0 ] && TARGETS=(markdown site disk)
SANITIZER=${FUZZ_SANITIZER:-address}
TIMEOUT=${FUZZ_TIMEOUT:-10}
RSS_MB=${FUZZ_RSS_MB:-2048}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz from crates.io…"
  cargo install cargo-fuzz --locked || exit 1
fi
if [ "$SANITIZER" != none ]; then
  export RUSTC_BOOTSTRAP=1 # stable rustc accepts -Zsanitizer (see above)
fi
# Rendering is parallel (rayon): one thread, so each job keeps to one core.
export RAYON_NUM_THREADS=1

cd fuzz
echo "building the fuzz targets (sanitizer: $SANITIZER)…"
nice -n 10 cargo fuzz build --sanitizer "$SANITIZER" || exit 1

FAILED=0
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  log=artifacts/$t.log
  before=$(find "artifacts/$t" -type f | wc -l)
  echo
  echo "==> fuzzing $t for ${SECONDS_EACH}s (log: fuzz/$log)"
  nice -n 10 cargo fuzz run --sanitizer "$SANITIZER" "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" \
    -dict=content.dict -print_final_stats=1 > "$log" 2>&1
  code=$?
  # libFuzzer's closing status line and final statistics.
  grep -E '^#[0-9]+.*(DONE|pulse)' "$log" | tail -1
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log"
  after=$(find "artifacts/$t" -type f | wc -l)
  if [ $code != 0 ] || [ "$after" != "$before" ]; then
    FAILED=1
    artifact=$(ls -t "artifacts/$t"/* 2>/dev/null | head -1)
    echo "FAIL: $t (exit $code)"
    grep -E 'panicked at|ERROR: (libFuzzer|AddressSanitizer)' "$log" | head -5
    if [ -n "$artifact" ]; then
      echo "input: fuzz/$artifact"
      echo "replay:   (cd fuzz && cargo fuzz run --sanitizer $SANITIZER $t $artifact)"
      echo "minimise: (cd fuzz && cargo fuzz tmin --sanitizer $SANITIZER $t $artifact)"
      echo "once fixed, keep it: cp fuzz/$artifact tests/fixtures/fuzz-regressions/$t/<what-it-was>"
    fi
  else
    echo "ok: $t, no crash in ${SECONDS_EACH}s"
  fi
done
exit $FAILED
