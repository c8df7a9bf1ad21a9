-- expect-fault: none
-- expect-reason: first call
-- The chunk is re-run per call, so an upvalue counter always starts at zero.
local calls = 0
function check(input)
  calls = calls + 1
  if calls > 1 then return allow("state survived a call") end
  return deny("first call")
end
