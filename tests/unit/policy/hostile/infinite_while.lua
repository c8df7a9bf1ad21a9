-- expect-fault: instruction_budget
-- The simplest hang: the count hook stops it.
function check(input)
  while true do end
end
