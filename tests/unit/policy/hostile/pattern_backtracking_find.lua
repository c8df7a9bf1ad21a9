-- expect-fault: instruction_budget
-- O(n^5) backtracking inside the C matcher: stock Lua never reaches the hook here.
function check(input)
  local s = string.rep("a", 5000)
  return s:find(".-.-.-.-.-b") and allow() or deny("no match")
end
