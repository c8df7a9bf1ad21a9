-- expect-fault: error
-- expect-reason: __gc metamethods are not allowed
-- A finalizer would run later, outside any call's limits.
function check(input)
  setmetatable({}, {__gc = function() while true do end end})
  return allow()
end
