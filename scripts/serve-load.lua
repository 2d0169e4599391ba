-- wrk script for scripts/serve-load.sh: requests a mix of real pages of the bundled Blueprint
-- from `blueprint serve` while another process edits content, and checks every response.
--
-- A response is bad if its status is not 200, if an HTML page is torn (does not start with the
-- doctype, does not end with `</html>`, or its length differs from Content-Length), if the
-- recommendation being edited shows both or neither of the two words the editor alternates
-- between (a page made of two builds), or if a page carries the live-reload generation other than
-- exactly once. While the site is broken, serve keeps answering 200 with the last good page and
-- the error overlay on top; overlays are counted, not refused.
--
-- Each wrk thread has its own Lua state: counters are globals read back in done().

local paths = {
  "/",
  "/strategies/3/",
  "/recommendations/3.1.2/",
  "/indicators/1.1/",
  "/indicators/", -- the progress dashboard
  "/assets/site.css",
  "/search-index/index.json", -- the search index's entry file
}
-- How the edited recommendation's page is recognised: response() is not told the request.
local edited_page = '<link rel="canonical" href="[^"]*/recommendations/3%.1%.2/">'
-- The shell script's editor alternates these in content/recommendations/3.1.2.md.
local word_a = os.getenv("LOAD_WORD_A") or "substantial capital"
local word_b = os.getenv("LOAD_WORD_B") or "considerable capital"

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local requests = {}
ok, bad_status, torn, mixed, overlays, version_a, version_b, first_bad = 0, 0, 0, 0, 0, 0, 0, ""

function init(args)
  for i, p in ipairs(paths) do
    requests[i] = wrk.format("GET", p)
  end
  -- Threads start at different places in the list so every path is in flight at once.
  n = id or 0
end

function request()
  n = n + 1
  return requests[(n % #paths) + 1]
end

local function note(what)
  if first_bad == "" then
    first_bad = what
  end
end

local function count(haystack, needle)
  local c, from = 0, 1
  while true do
    local s, e = string.find(haystack, needle, from, true)
    if not s then
      return c
    end
    c, from = c + 1, e + 1
  end
end

function response(status, headers, body)
  if status ~= 200 then
    bad_status = bad_status + 1
    note("status " .. status)
    return
  end
  local length = tonumber(headers["Content-Length"])
  if length == nil or length ~= #body then
    torn = torn + 1
    note("Content-Length " .. tostring(headers["Content-Length"]) .. " but " .. #body .. " bytes")
    return
  end
  local ctype = headers["Content-Type"] or ""
  if not string.find(ctype, "text/html", 1, true) then
    ok = ok + 1
    return
  end
  local head = string.lower(string.sub(body, 1, 15))
  if head ~= "<!doctype html>" or not string.find(body, "</html>\n?$") then
    torn = torn + 1
    note("HTML page without doctype or </html> at the end: " .. string.sub(body, 1, 40))
    return
  end
  if count(body, "/__blueprint/client.js?g=") ~= 1 then
    torn = torn + 1
    note("live-reload client present " .. count(body, "/__blueprint/client.js?g=") .. " times")
    return
  end
  -- The edited recommendation: exactly one of the two versions of the sentence.
  if string.find(body, edited_page) then
    local a, b = string.find(body, word_a, 1, true), string.find(body, word_b, 1, true)
    if (a and b) or not (a or b) then
      mixed = mixed + 1
      note("recommendation 3.1.2 with " .. ((a and b) and "both versions" or "neither version"))
      return
    end
    if a then
      version_a = version_a + 1
    else
      version_b = version_b + 1
    end
  end
  if string.find(body, 'id="blueprint-overlay"', 1, true) then
    overlays = overlays + 1
  end
  ok = ok + 1
end

function done(summary, latency, requests)
  local t = { ok = 0, bad_status = 0, torn = 0, mixed = 0, overlays = 0, version_a = 0, version_b = 0 }
  local first = ""
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + thread:get(k)
    end
    if first == "" then
      first = thread:get("first_bad")
    end
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  -- One line for serve-load.sh to parse, then the same for people.
  io.write(string.format(
    "LOAD requests=%d ok=%d bad_status=%d torn=%d mixed=%d overlays=%d version_a=%d version_b=%d connect=%d read=%d write=%d timeout=%d status=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, t.ok, t.bad_status, t.torn, t.mixed, t.overlays, t.version_a, t.version_b,
    e.connect, e.read, e.write, e.timeout, e.status,
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  if first ~= "" then
    io.write("LOAD first problem: " .. first .. "\n")
  end
end
