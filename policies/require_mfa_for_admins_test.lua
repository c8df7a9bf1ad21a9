local function admin(amr, acr) return {type = "user", id = "u-1", roles = {"admin"}, amr = amr, acr = acr} end

return {
  cases = {
    {
      name = "an admin with a password only steps up",
      attach = "authorize",
      input = {subject = admin({"pwd"}, "urn:sigid:acr:pwd")},
      expect = {decision = "step_up", acr = "urn:sigid:acr:mfa", reason = "multi-factor"},
    },
    {
      name = "an admin signing in with a password is asked for the second factor",
      attach = "signin",
      input = {subject = admin({"pwd"}, "urn:sigid:acr:pwd")},
      expect = {decision = "step_up", acr = "urn:sigid:acr:mfa"},
    },
    {
      name = "an admin with an OTP passes",
      attach = "token",
      input = {subject = admin({"pwd", "otp"})},
      expect = {decision = "abstain"},
    },
    {
      name = "an admin at the MFA acr passes",
      input = {subject = admin({}, "urn:sigid:acr:mfa")},
      expect = {decision = "abstain"},
    },
    {
      name = "other users are not this policy's business",
      input = {subject = {type = "user", id = "u-2", roles = {"viewer"}, amr = {"pwd"}}},
      expect = {decision = "abstain"},
    },
    {
      name = "clients have no MFA",
      attach = "token",
      input = {subject = {type = "client", id = "app-1", roles = {"admin"}}},
      expect = {decision = "abstain"},
    },
  },
}
