-- wrk script: POST /v1/screen with one party per request, cycling through a file of JSON bodies.
--   wrk -t1 -c16 -d20s --latency -s screen.lua http://127.0.0.1:PORT -- BODIES_FILE KEY
-- Prints one JSON line of figures at the end (latencies in ms).
local bodies = {}
local key = ""
local idx = 0

function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  key = args[2]
  idx = math.random(#bodies)
end

function request()
  idx = idx % #bodies + 1
  return wrk.format("POST", "/v1/screen",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, bodies[idx])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.2f,"rps":%.0f,"socket_errors":%d,"non2xx":%d,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f,"max_ms":%.3f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end
