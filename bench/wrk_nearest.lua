-- wrk script: random query points over Taiyuan's urban area (WGS-84), or a fixed path.
-- WRK_PATH=/healthz makes every request that path instead.
local fixed = os.getenv("WRK_PATH")
math.randomseed(tonumber(os.getenv("WRK_SEED") or "20261123"))

request = function()
  if fixed and fixed ~= "" then
    return wrk.format("GET", fixed)
  end
  local lon = 112.42 + math.random() * 0.30
  local lat = 37.70 + math.random() * 0.28
  return wrk.format("GET", string.format("/api/v1/stations/nearest?lon=%.5f&lat=%.5f&k=5", lon, lat))
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), errors))
end
