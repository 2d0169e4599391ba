#!/usr/bin/env bash
# Save-to-reload latency of `blueprint serve` on the bundled Blueprint content, or on another
# plan's folder (SITE=DIR, e.g. a synthetic plan from `cargo run --release --example synth --
# --pages 10000 --out DIR`; EDIT= the recommendation to edit, default 3.1.2 or the synthetic
# plan's 1.1.1).
#
# Starts the release binary on a temporary copy of content/ (and themes/, if any), then, N times:
# saves content/recommendations/3.1.2.md the way editors do (write a temporary file, rename it over
# the original) with a fresh marker sentence, waits for the live-reload event a browser would get
# (/__blueprint/events), fetches the page and checks the marker is in it. The latency is from just
# before the save to the page's last byte. Also reports the rebuild times the server printed.
#
# usage: [SITE=DIR] [EDIT=ID] [PAUSE=SECONDS] benches/serve.sh [ITERATIONS]   (default 30; results go
# to stdout; PAUSE, default 0.3, is the wait between saves)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-30}"

cargo build --release --quiet
BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/blueprint"
WORK="$(mktemp -d)"
SITE="${SITE:-$PWD}"
if [ -z "${EDIT:-}" ]; then
  EDIT=3.1.2
  [ -f "$SITE/content/recommendations/$EDIT.md" ] || EDIT=1.1.1
fi
cp -r "$SITE/content" "$WORK/content"
if [ -d "$SITE/themes" ]; then cp -r "$SITE/themes" "$WORK/themes"; fi
LOG="$WORK/serve.log"

# BLUEPRINT_TIMINGS makes the library print each stage's time, to show where a rebuild goes.
BLUEPRINT_TIMINGS=1 "$BIN" serve --port 0 --root "$WORK" 2>"$LOG" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

for _ in $(seq 1 600); do
  grep -q "serving http://" "$LOG" && break
  sleep 0.1
done
ADDR="$(grep -o 'serving http://[^/]*' "$LOG" | head -1 | sed 's|serving http://||')"
[ -n "$ADDR" ] || { echo "server did not start:"; cat "$LOG"; exit 1; }

python3 - "$ADDR" "$WORK" "$N" "$LOG" "$EDIT" <<'PY'
import http.client, os, re, socket, statistics, sys, time

addr, work, n, log, edit = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
host, port = addr.rsplit(":", 1)
rel, url = f"content/recommendations/{edit}.md", f"/recommendations/{edit}/"
path = os.path.join(work, rel)
original = open(path, encoding="utf-8").read()

events = socket.create_connection((host, int(port)))
events.sendall(f"GET /__blueprint/events HTTP/1.1\r\nHost: {addr}\r\n\r\n".encode())
stream = events.makefile("r", encoding="utf-8")

def next_event():
    for line in stream:
        if line.startswith("data: "):
            return line[6:].strip()
    raise SystemExit("event stream closed")

def page():
    c = http.client.HTTPConnection(host, int(port))
    c.request("GET", url)
    body = c.getresponse().read().decode("utf-8")
    c.close()
    return body

def save(text):
    tmp = path + ".tmp~"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)

next_event()  # the state at connection
latencies = []
for i in range(n):
    marker = f"Benchmark marker {i} {time.time_ns()}."
    t0 = time.perf_counter()
    save(original + "\n" + marker + "\n")
    while True:
        state = next_event()
        if '"error":null' in state and marker in page():
            break
    latencies.append((time.perf_counter() - t0) * 1000)
    time.sleep(float(os.environ.get("PAUSE", "0.3")))  # let the machine settle so saves do not overlap
save(original)

builds = [int(m) for m in re.findall(r"rebuilt \d+ pages? in (\d+) ms", open(log).read())]
def q(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]
print(f"save-to-reload over {n} saves (ms): median {statistics.median(latencies):.0f}, "
      f"p10 {q(latencies, 0.1):.0f}, p90 {q(latencies, 0.9):.0f}, min {min(latencies):.0f}, max {max(latencies):.0f}")
if builds:
    print(f"server-reported rebuild (ms): median {statistics.median(builds):.0f}, "
          f"min {min(builds)}, max {max(builds)} ({len(builds)} rebuilds)")
stages = {}
for stage, ms in re.findall(r"timing: ([\w.]+)\s+([\d.]+) ms", open(log).read()):
    stages.setdefault(stage, []).append(float(ms))
if stages:
    print("median per stage (ms): " + ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in stages.items()))
PY
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
