-- expect-fault: error
-- expect-reason: global 'require'
function check(input)
  assert(package == nil and dofile == nil and loadfile == nil and loadstring == nil)
  local debug = require("debug")
  return allow()
end
