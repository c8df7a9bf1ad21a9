-- expect-fault: memory_limit
-- Hits the memory cap after writing a global: the next call sees nothing of it.
function check(input)
  if leftover ~= nil then return allow("state survived a limit") end
  leftover = true
  local hog = {}
  for i = 1, 1e9 do hog[i] = {i} end
end
