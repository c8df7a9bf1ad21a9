-- expect-fault: error
-- expect-reason: line 7: assignment to top-level variable 'calls'
-- The top level runs once per state, so a counter in a top-level local would
-- survive from call to call: a function assigning to one is refused at load.
local calls = 0
function check(input)
  calls = calls + 1
  if calls > 1 then return allow("state survived a call") end
  return deny("first call")
end
