-- wrk script: one wrk thread per connection, each with a list of requests of its own; a count
-- of responses with another status than the expected one (wrk counts any 3xx as a success, which
-- would hide a redirect to the login page); and a machine-readable summary with the percentiles
-- wrk's own report lacks (p95).
--
-- For connection N (1, 2, …) the runner writes BENCH_REQUESTS_N, a file of
-- "cookie<TAB>path<TAB>body" lines, each request signed in as the member whose Cookie header it
-- carries. A single line is sent again and again; several are each sent once, in turn (back to
-- the first if the run outlasts them, which the runner avoids by giving each run enough), as when
-- the members of a connection log the sets of their workouts one by one. No two connections share
-- a member: a member never sends two requests at once.
local method = os.getenv("BENCH_METHOD") or "GET"
local content_type = os.getenv("BENCH_CONTENT_TYPE")
local accept = os.getenv("BENCH_ACCEPT") or ""
local expected = tonumber(os.getenv("BENCH_EXPECT") or "200")
local threads = {}
local queue = {}
local prepared = nil
local next_request = 1

setup = function(thread)
  table.insert(threads, thread)
  -- A global of the thread's own script, read by its init below.
  thread:set("connection", #threads)
end

init = function(args)
  unexpected = 0
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  if content_type then
    headers["Content-Type"] = content_type
  end
  if accept ~= "" then
    headers["Accept"] = accept
  end
  for line in io.lines(os.getenv("BENCH_REQUESTS_" .. connection)) do
    local cookie, path, form = line:match("^([^\t]*)\t([^\t]+)\t(.*)$")
    headers["Cookie"] = cookie
    if form == "" then
      form = nil
    end
    table.insert(queue, wrk.format(method, path, headers, form))
  end
  if #queue == 1 then
    prepared = queue[1]
  end
end

request = function()
  if prepared then
    return prepared
  end
  local item = queue[next_request]
  next_request = next_request % #queue + 1
  return item
end

response = function(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
  end
end

done = function(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("unexpected")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p95_us\": %d, \"p99_us\": %d, " ..
    "\"max_us\": %d, \"errors_connect\": %d, \"errors_read\": %d, \"errors_write\": %d, " ..
    "\"errors_status\": %d, \"errors_timeout\": %d, \"errors_unexpected_status\": %d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout, wrong))
end
