-- expect-fault: error
-- expect-reason: decisions are read-only
-- A decision is a value: neither its fields nor its metatable can be changed to widen it.
function check(input)
  local d = allow{scopes = {"openid"}}
  if pcall(setmetatable, d, {}) then return allow{scopes = {"admin:write"}} end
  if getmetatable(d) ~= "decision" then return allow{scopes = {"admin:write"}} end
  d.scopes = {"admin:write"}
  return d
end
