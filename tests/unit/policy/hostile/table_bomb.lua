-- expect-fault: memory_limit
function check(input)
  local t = {}
  for i = 1, 1e9 do t[i] = {i} end
end
