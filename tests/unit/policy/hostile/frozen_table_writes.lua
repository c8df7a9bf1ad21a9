-- expect-fault: none
-- expect-reason: frozen tables held
-- Top-level tables are frozen once the chunk has loaded: writes of every kind
-- are refused, and nothing one call tried is visible to the next.
ROLE_SCOPES = {admin = {"openid", "admin:write"}, viewer = {"openid"}}
local LIMITS = {max = 3}
function check(input)
  local attempts = {
    function() ROLE_SCOPES.viewer = {"admin:write"} end,
    function() ROLE_SCOPES.viewer[2] = "admin:write" end,
    function() ROLE_SCOPES.guest = {"openid"} end,
    function() LIMITS.max = 1e9 end,
    function() _G.ROLE_SCOPES.admin = nil end,
    function() _ENV.ROLE_SCOPES.viewer[1] = nil end,
  }
  for i, attempt in ipairs(attempts) do
    local ok, err = pcall(attempt)
    if ok then return allow("write " .. i .. " went through") end
    if not tostring(err):find("frozen top-level table", 1, true) then return allow("write " .. i .. ": " .. tostring(err)) end
  end
  if #ROLE_SCOPES.viewer ~= 1 or ROLE_SCOPES.viewer[1] ~= "openid" or ROLE_SCOPES.guest ~= nil
     or LIMITS.max ~= 3 or ROLE_SCOPES.admin == nil then
    return allow("a write stuck")
  end
  return deny("frozen tables held")
end
