-- expect-fault: instruction_budget
-- Coroutines inherit the count hook.
function check(input)
  local co = coroutine.wrap(function() while true do end end)
  co()
end
