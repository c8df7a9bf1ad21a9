-- require_mfa_for_admins: a user with the "admin" role must have signed in
-- with multi-factor authentication; otherwise step up to the MFA acr.
-- Everyone else: no opinion.
local MFA_ACR = "urn:sigid:acr:mfa"
local MFA_METHODS = {"mfa", "otp", "hwk", "swk"}  -- RFC 8176 amr values

local function rule(input)
  local subject = input.subject
  if subject.type ~= "user" or not contains(subject.roles, "admin") then return nil end
  if subject.acr == MFA_ACR or scopes.any(subject.amr, MFA_METHODS) then return nil end
  return step_up(MFA_ACR, {reason = "administrators must use multi-factor authentication", rule = "admins-need-mfa"})
end

signin, authorize, token, token_exchange, admin, check = rule, rule, rule, rule, rule, rule
