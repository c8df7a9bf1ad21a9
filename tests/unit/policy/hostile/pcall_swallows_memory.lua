-- expect-fault: memory_limit
function check(input)
  while true do pcall(string.rep, "x", 1e9) end
end
