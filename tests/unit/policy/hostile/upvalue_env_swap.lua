-- expect-fault: error
-- expect-reason: assignment to top-level variable '_ENV'
-- Replacing the chunk's _ENV from a handler would change the globals of every
-- later call: refused like any top-level variable.
function check(input)
  _ENV = {allow = allow, deny = deny, leaked = true}
  return allow()
end
