-- expect-fault: error
-- expect-reason: field 'dump'
function check(input)
  local bytes = string.dump(check)
  return allow()
end
