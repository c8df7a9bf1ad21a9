-- expect-fault: instruction_budget
function check(input)
  for w in string.gmatch(string.rep("a", 4000), "a-a-a-a-b") do end
  return allow()
end
