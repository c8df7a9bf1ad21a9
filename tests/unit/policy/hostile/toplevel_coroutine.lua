-- expect-fault: error
-- expect-reason: keeps a coroutine
-- A coroutine made at top level would resume where the last call left it.
local ticker = coroutine.create(function()
  local n = 0
  while true do n = n + 1; coroutine.yield(n) end
end)
function check(input)
  local _, n = coroutine.resume(ticker)
  if n > 1 then return allow("state survived") end
  return deny("first")
end
