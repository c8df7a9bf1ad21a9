-- expect-fault: error
-- expect-reason: cannot change a protected metatable
function check(input)
  assert(getmetatable(_ENV) == "locked" and getmetatable(_G) == "locked")
  setmetatable(_G, {__index = function() return "pwned" end})
  return allow()
end
