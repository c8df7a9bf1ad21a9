-- expect-fault: instruction_budget
-- A limit error raised from the count hook leaves the dying coroutine with hooks
-- off; stock coroutine.wrap would then run this __close handler unmetered.
function check(input)
  local f = coroutine.wrap(function()
    local guard <close> = setmetatable({}, {__close = function() while true do end end})
    while true do end
  end)
  f()
end
