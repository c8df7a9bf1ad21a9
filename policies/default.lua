-- default: a starting point for most tenants.
--
-- token: user tokens carry only the requested scopes the subject's roles
--        grant (ROLE_SCOPES); client-credentials tokens are left alone.
-- check: admins may do anything; viewers and support staff may "read:*".
--
-- Edit ROLE_SCOPES to match your roles and scopes.
local ROLE_SCOPES = {
  admin = {"openid", "profile", "email", "admin:read", "admin:write"},
  support = {"openid", "profile", "email", "admin:read"},
  viewer = {"openid", "profile"},
}

function token(input)
  local subject = input.subject
  if subject.type == "client" then return nil end  -- no opinion: registered client scopes apply
  local granted = scopes.for_roles(subject.roles, ROLE_SCOPES)
  local narrowed = scopes.intersect(input.requested_scopes, granted)
  if #narrowed == 0 then
    return deny{reason = "no requested scope is granted to the subject's roles", rule = "role-scopes"}
  end
  return allow{scopes = narrowed, reason = "scopes narrowed to the subject's roles", rule = "role-scopes"}
end

function check(input)
  local roles = input.subject.roles
  if contains(roles, "admin") then return allow{reason = "admins may do anything", rule = "admin"} end
  local action = input.action or ""
  if action:sub(1, 5) == "read:" and (contains(roles, "viewer") or contains(roles, "support")) then
    return allow{reason = "readers may read", rule = "readers"}
  end
  return deny{reason = "no role allows " .. action, rule = "default-deny"}
end
