-- expect-fault: memory_limit
-- Refused before a byte is allocated: the size is checked against the cap.
function check(input)
  local s = string.rep("x", 1e12)
  return allow()
end
