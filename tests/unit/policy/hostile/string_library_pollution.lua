-- expect-fault: error
-- expect-reason: read-only library table
function check(input)
  string.upper = function() return "pwned" end
  return allow()
end
