-- wrk script: RFC 6749 §6 refresh_token grant of a public client, with
-- rotation: every response carries the next refresh token of its family and
-- the old one is spent, so each request takes a token from the pool and each
-- 200 puts its successor back. SIGID_BENCH_REFRESH_TOKENS (space-separated, one
-- family per wrk connection or more) and SIGID_BENCH_CLIENT_ID come from
-- run_http_bench.sh (seed_refresh_tokens.py signs in once and makes them).
local pool = {}
for token in string.gmatch(assert(os.getenv("SIGID_BENCH_REFRESH_TOKENS"), "SIGID_BENCH_REFRESH_TOKENS is not set"), "%S+") do
  pool[#pool + 1] = token
end
local client_id = assert(os.getenv("SIGID_BENCH_CLIENT_ID"), "SIGID_BENCH_CLIENT_ID is not set")
local failures = 0

request = function()
  local token = table.remove(pool)
  if token == nil then
    -- Only when every family died (e.g. a reuse after an error): the request fails, visibly.
    token = "exhausted"
  end
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"},
                    "grant_type=refresh_token&client_id=" .. client_id .. "&refresh_token=" .. token)
end

response = function(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    return
  end
  local next_token = string.match(body, '"refresh_token":"([^"]+)"')
  if next_token then pool[#pool + 1] = next_token end
end

done = function(summary, latency, requests)
  io.write(string.format("non-200 responses: %d\n", summary.errors.status))
end
