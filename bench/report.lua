-- wrk script: optional POST body (set by the runner through environment variables), a count of
-- responses with another status than the expected one (wrk counts any 3xx as a success, which
-- would hide a redirect to the login page), and a machine-readable summary with the percentiles
-- wrk's own report lacks (p95).
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local content_type = os.getenv("BENCH_CONTENT_TYPE")
local expected = tonumber(os.getenv("BENCH_EXPECT") or "200")
local threads = {}
-- BENCH_REQUESTS: a file of "path<TAB>body" lines, each sent once in turn (back to the first if
-- the run outlasts them, which the runner avoids by giving each run enough).
local listing = os.getenv("BENCH_REQUESTS")
local queue = {}
local next_request = 1

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  unexpected = 0
  -- wrk.format replaces wrk.headers (the -H options, the session cookie among them) when given
  -- a table of its own, so start from them.
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  if content_type then
    headers["Content-Type"] = content_type
  end
  prepared = wrk.format(method, nil, headers, body)
  if listing then
    for line in io.lines(listing) do
      local path, form = line:match("^([^\t]+)\t(.*)$")
      table.insert(queue, { path = path, body = form, headers = headers })
    end
  end
end

request = function()
  if #queue == 0 then
    return prepared
  end
  local item = queue[next_request]
  next_request = next_request % #queue + 1
  return wrk.format(method, item.path, item.headers, item.body)
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
