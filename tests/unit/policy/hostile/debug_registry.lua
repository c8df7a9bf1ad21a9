-- expect-fault: error
-- expect-reason: global 'debug'
function check(input)
  local registry = debug.getregistry()
  return allow()
end
