-- expect-fault: memory_limit
-- Decisions live on the C++ side: making them in a loop is charged to the call's memory cap all the same.
function check(input)
  local big = {}
  for i = 1, 64 do big[i] = string.rep("s", 200) .. i end
  while true do local d = allow{reason = string.rep("x", 1000), scopes = big} end
end
