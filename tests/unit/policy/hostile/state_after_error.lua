-- expect-fault: error
-- expect-reason: boom
-- Dies half-way through a call after writing a global: the state is kept and
-- must be clean for the next call (the next round would allow otherwise).
function check(input)
  if leftover ~= nil then return allow("state survived an error") end
  leftover = true
  local t = setmetatable({}, {__index = function() error("boom") end})
  return t.anything
end
