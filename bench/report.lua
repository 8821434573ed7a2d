-- wrk script: optional POST body (set by the runner through environment variables), a count of
-- responses with another status than the expected one (wrk counts any 3xx as a success, which
-- would hide a redirect to the login page), and a machine-readable summary with the percentiles
-- wrk's own report lacks (p95).
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local content_type = os.getenv("BENCH_CONTENT_TYPE")
local expected = tonumber(os.getenv("BENCH_EXPECT") or "200")
local threads = {}

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
end

request = function()
  return prepared
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
