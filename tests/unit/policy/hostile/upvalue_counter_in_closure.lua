-- expect-fault: error
-- expect-reason: line 8: assignment to top-level variable 'seen'
-- A closure made during the call may write its handler's locals, but not a
-- top-level local reached through the handler: refused before the chunk runs.
local seen = 0
function check(input)
  local mine = 0
  local bump = function() mine = mine + 1; seen = seen + 1 end
  bump()
  return allow()
end
