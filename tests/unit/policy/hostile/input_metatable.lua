-- expect-fault: error
-- expect-reason: table expected, got userdata
function check(input)
  assert(getmetatable(input) == "read-only input")
  setmetatable(input, {__index = function() return "admin" end})
  return allow()
end
