-- expect-fault: memory_limit
function check(input)
  local keep = {}
  while true do
    local co = coroutine.create(function() coroutine.yield(string.rep("z", 1000)) end)
    coroutine.resume(co)
    keep[#keep + 1] = co
  end
end
