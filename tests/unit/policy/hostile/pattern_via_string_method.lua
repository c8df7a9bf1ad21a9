-- expect-fault: instruction_budget
-- Method calls go through the string metatable's __index: metered as well.
function check(input)
  local s = ("a"):rep(3000)
  return s:match("(.-)(.-)(.-)(.-)$b") and allow() or deny("no")
end
