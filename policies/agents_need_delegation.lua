-- agents_need_delegation: an agent (subject.type == "agent") acts only on a
-- delegation that starts with a user and has not expired; its tokens carry at
-- most the scopes that delegation granted.
--
-- input.delegation is the chain, first element first:
--   { {type = "user", id = "...", scopes = {...}, expires_at = <epoch s>}, ... }
local function rule(input)
  local subject = input.subject
  if subject.type ~= "agent" then return nil end
  local chain = input.delegation
  if chain == nil or #chain == 0 then
    return deny{reason = "agents act only on a delegation from a user", rule = "agent-needs-delegation"}
  end
  local origin = chain[1]
  if origin.type ~= "user" then
    return deny{reason = "the delegation chain must start with a user", rule = "delegation-origin"}
  end
  if origin.expires_at and origin.expires_at <= input.context.time then
    return deny{reason = "the delegation has expired", rule = "delegation-expired"}
  end
  if origin.scopes then
    return allow{scopes = scopes.intersect(input.requested_scopes or {}, origin.scopes),
                 reason = "scopes limited to what the delegation granted", rule = "delegation-scopes"}
  end
  return nil
end

signin, authorize, token, token_exchange, admin, check = rule, rule, rule, rule, rule, rule
