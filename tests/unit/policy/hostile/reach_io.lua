-- expect-fault: error
-- expect-reason: global 'io'
function check(input)
  local f = io.open("/etc/passwd")
  return allow()
end
