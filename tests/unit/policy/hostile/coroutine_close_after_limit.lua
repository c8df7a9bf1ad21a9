-- expect-fault: instruction_budget
-- Closing a coroutine that a limit killed would run its __close handlers with hooks off.
function check(input)
  local co = coroutine.create(function()
    local guard <close> = setmetatable({}, {__close = function() while true do end end})
    while true do end
  end)
  pcall(coroutine.resume, co)
  coroutine.close(co)
end
