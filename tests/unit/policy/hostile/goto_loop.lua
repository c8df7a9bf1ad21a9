-- expect-fault: instruction_budget
function check(input)
  ::again::
  goto again
end
