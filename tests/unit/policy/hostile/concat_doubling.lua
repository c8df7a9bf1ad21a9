-- expect-fault: memory_limit
function check(input)
  local s = "x"
  while true do s = s .. s end
end
