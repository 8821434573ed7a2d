-- wrk script: one wrk thread per connection, each with a list of requests of its own; a count
-- of responses with another status than the expected one (wrk counts any 3xx as a success, which
-- would hide a redirect to the login page); and a machine-readable summary with the percentiles
-- wrk's own report lacks (p90, p95).
--
-- For connection N (1, 2, …) the runner writes BENCH_REQUESTS_N, a file of
-- "cookie<TAB>path<TAB>body" lines, each request signed in as the member whose Cookie header it
-- carries. A single line is sent again and again; several are each sent once, in turn (back to
-- the first if the run outlasts them, which the runner avoids by giving each run enough), as when
-- the members of a connection log the sets of their workouts one by one. No two connections share
-- a member: a member never sends two requests at once.
--
-- BENCH_AFTER_WRITE=1: the lines go in pairs, a set log (a POST sent as the session page's script
-- sends it, answered with 200) and then the page the same member reads right after it (a GET).
-- Only the reads are measured, so this script times them itself (wrk's own latencies would mix in
-- the logs), from handing each to wrk to its response, as wrk times a request. BENCH_TIMED=1
-- times every request so, for the trivial view in turns with such a page. wrk adds to its own
-- latencies an estimate of the requests a slow one held back (its correction for coordinated
-- omission, which raises its percentiles on a busy machine); these times are without it, for both
-- sides of the ratio.
local method = os.getenv("BENCH_METHOD") or "GET"
local content_type = os.getenv("BENCH_CONTENT_TYPE")
local accept = os.getenv("BENCH_ACCEPT") or ""
local expected = tonumber(os.getenv("BENCH_EXPECT") or "200")
local after_write = os.getenv("BENCH_AFTER_WRITE") == "1"
local timed = after_write or os.getenv("BENCH_TIMED") == "1"
local threads = {}
local queue = {}
local measured = {} -- queue index -> true for the requests this script times
local next_request = 1
local sent, sent_at = nil, 0
local checking = false

local now_us = nil
if timed then
  local ffi = require("ffi")
  ffi.cdef([[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock, bench_timespec *now);
  ]])
  local clock = ffi.new("bench_timespec")
  now_us = function()
    ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
    return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
  end
end

setup = function(thread)
  table.insert(threads, thread)
  -- A global of the thread's own script, read by its init below.
  thread:set("connection", #threads)
end

local function copy(headers)
  local copied = {}
  for name, value in pairs(headers) do
    copied[name] = value
  end
  return copied
end

init = function(args)
  unexpected = 0
  reads = {} -- the GETs of the queue, by place, to send again with a cookie added
  written = nil -- the primary's position the last response set, for the next read
  timings = {} -- the measured requests' latencies in µs, read by done()
  -- Before the run wrk asks the first thread's script for one request, only to check that it
  -- parses: that one is not sent, so it must not use up a set of the list.
  checking = connection == 1
  local headers = copy(wrk.headers)
  if content_type then
    headers["Content-Type"] = content_type
  end
  if accept ~= "" then
    headers["Accept"] = accept
  end
  local log_headers = copy(wrk.headers)
  log_headers["Content-Type"] = "application/x-www-form-urlencoded"
  log_headers["Accept"] = "application/json"
  for line in io.lines(os.getenv("BENCH_REQUESTS_" .. connection)) do
    local cookie, path, form = line:match("^([^\t]*)\t([^\t]+)\t(.*)$")
    local line_method, line_headers = method, headers
    if after_write and #queue % 2 == 0 then
      line_method, line_headers = "POST", log_headers
    elseif timed then
      measured[#queue + 1] = true
    end
    line_headers["Cookie"] = cookie
    if form == "" then
      form = nil
    end
    table.insert(queue, wrk.format(line_method, path, line_headers, form))
    -- kept to send a read again with the primary's position after the write before it
    reads[#queue] = (line_method == "GET") and { path = path, cookie = cookie, headers = copy(line_headers) } or nil
  end
end

request = function()
  if checking then
    checking = false
    return queue[next_request]
  end
  sent = next_request
  next_request = next_request % #queue + 1
  if measured[sent] then
    sent_at = now_us()
  end
  -- On a cluster a write answers with the primary's position (written_lsn), which a browser sends
  -- with its next page, so that the page reads its own write (gymtracker/replica.py).
  if written and reads[sent] then
    local read = reads[sent]
    read.headers["Cookie"] = read.cookie .. "; written_lsn=" .. written
    written = nil
    return wrk.format("GET", read.path, read.headers, nil)
  end
  return queue[sent]
end

response = function(status, headers, body)
  local cookie = headers["Set-Cookie"] or headers["set-cookie"]
  if cookie then
    written = cookie:match("written_lsn=([0-9A-F]+/[0-9A-F]+)")
  end
  if status ~= expected then
    unexpected = unexpected + 1
  end
  if measured[sent] then
    table.insert(timings, now_us() - sent_at)
  end
end

-- The smallest latency that `share` percent of them do not exceed, as wrk's percentile is.
local function percentile(sorted, share)
  if #sorted == 0 then
    return 0
  end
  return sorted[math.max(1, math.ceil(#sorted * share / 100))]
end

done = function(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("unexpected")
  end
  local count = summary.requests
  local p50, p90, p95, p99, max = latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max
  if timed then
    local all = {}
    for _, thread in ipairs(threads) do
      for _, took in ipairs(thread:get("timings")) do
        table.insert(all, took)
      end
    end
    table.sort(all)
    count = #all
    p50, p90, p95, p99, max = percentile(all, 50), percentile(all, 90), percentile(all, 95), percentile(all, 99),
      percentile(all, 100)
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p90_us\": %d, \"p95_us\": %d, " ..
    "\"p99_us\": %d, \"max_us\": %d, \"errors_connect\": %d, \"errors_read\": %d, \"errors_write\": %d, " ..
    "\"errors_status\": %d, \"errors_timeout\": %d, \"errors_unexpected_status\": %d}\n",
    count, summary.duration, p50, p90, p95, p99, max, e.connect, e.read, e.write, e.status, e.timeout, wrong))
end
