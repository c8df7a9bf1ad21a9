-- expect-fault: error
-- expect-reason: attempt to index a nil value
-- getmetatable("") yields the string "locked", never the shared metatable.
function check(input)
  local mt = getmetatable("")
  assert(mt == "locked")
  mt.__index.upper = function() return "pwned" end
  return allow()
end
