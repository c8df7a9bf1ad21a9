local function user(roles) return {type = "user", id = "u-1", roles = roles} end

return {
  cases = {
    {
      name = "a viewer's token keeps only the scopes viewers get",
      attach = "token",
      input = {subject = user({"viewer"}), requested_scopes = {"openid", "profile", "admin:write"}},
      expect = {decision = "allow", scopes = {"openid", "profile"}},
    },
    {
      name = "roles combine: support + viewer",
      attach = "token",
      input = {subject = user({"viewer", "support"}), requested_scopes = {"email", "admin:read", "admin:write"}},
      expect = {decision = "allow", scopes = {"email", "admin:read"}},
    },
    {
      name = "nothing granted is a deny",
      attach = "token",
      input = {subject = user({}), requested_scopes = {"admin:write"}},
      expect = {decision = "deny", reason = "no requested scope"},
    },
    {
      name = "client credentials are left to the client's registration",
      attach = "token",
      input = {subject = {type = "client", id = "app-1"}, requested_scopes = {"admin:write"}},
      expect = {decision = "abstain"},
    },
    {
      name = "admins may do anything",
      input = {subject = user({"admin"}), action = "delete:invoice"},
      expect = {decision = "allow"},
    },
    {
      name = "viewers may read",
      input = {subject = user({"viewer"}), action = "read:invoice"},
      expect = {decision = "allow"},
    },
    {
      name = "viewers may not write",
      input = {subject = user({"viewer"}), action = "write:invoice"},
      expect = {decision = "deny", reason = "no role allows write:invoice"},
    },
  },
}
