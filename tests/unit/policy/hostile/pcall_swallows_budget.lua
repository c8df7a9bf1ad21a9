-- expect-fault: instruction_budget
-- Catching the limit error only delays the end: pcall re-raises it.
function check(input)
  while true do pcall(function() while true do end end) end
end
