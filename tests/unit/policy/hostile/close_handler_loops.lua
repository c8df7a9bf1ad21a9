-- expect-fault: instruction_budget
-- To-be-closed variables run while the error unwinds: still metered.
function check(input)
  local guard <close> = setmetatable({}, {__close = function() while true do end end})
  while true do end
end
