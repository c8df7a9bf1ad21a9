-- expect-fault: memory_limit
function check(input)
  local parts = {}
  for i = 1, 64 do parts[i] = string.rep("y", 65536) end
  local all = {}
  while true do all[#all + 1] = table.concat(parts) end
end
