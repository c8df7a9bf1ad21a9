-- expect-fault: instruction_budget
-- gsub tries every start position, and each start backtracks O(n^4).
function check(input)
  local s = string.rep("ab", 3000)
  local out = string.gsub(s, "[ab]-[ab]-[ab]-[ab]-c", "%0")
  return allow()
end
