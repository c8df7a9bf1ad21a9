-- expect-fault: error
-- expect-reason: runtime error: xxxx
function check(input)
  error(string.rep("x", 1000000), 0)
end
