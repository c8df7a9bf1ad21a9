-- expect-fault: error
-- expect-reason: global 'load'
function check(input)
  local f = load("\27Lua\84\0...")
  return allow()
end
