-- wrk script: a mix of routes for the soak test (needs a supervisor key: it reads alerts).
--   70% POST /v1/screen, 10% GET /v1/alerts, 5% GET /v1/alerts/{id}, 5% GET /v1/lists,
--   5% GET /metrics, 5% GET /healthz.
--   wrk -t1 -c8 -d600s -s soak.lua http://127.0.0.1:PORT -- BODIES_FILE KEY
local bodies = {}
local key = ""
local idx = 0
local n = 0

function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  key = args[2]
  idx = math.random(#bodies)
end

function request()
  n = n + 1
  local h = { ["Authorization"] = "Bearer " .. key }
  local r = n % 20
  if r < 14 then
    idx = idx % #bodies + 1
    h["Content-Type"] = "application/json"
    return wrk.format("POST", "/v1/screen", h, bodies[idx])
  elseif r < 16 then
    return wrk.format("GET", "/v1/alerts?state=open&limit=20&after=" .. (n % 50), h)
  elseif r == 16 then
    return wrk.format("GET", "/v1/alerts/" .. (n % 40 + 1), h)
  elseif r == 17 then
    return wrk.format("GET", "/v1/lists", h)
  elseif r == 18 then
    return wrk.format("GET", "/metrics", h)
  end
  return wrk.format("GET", "/healthz", h)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.1f,"rps":%.0f,"socket_errors":%d,"non2xx":%d,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
