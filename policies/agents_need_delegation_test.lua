local NOW = 1767348000
local agent = {type = "agent", id = "agent-7"}

return {
  cases = {
    {name = "an agent without a delegation is refused", attach = "token",
     input = {subject = agent, context = {time = NOW}, requested_scopes = {"read"}},
     expect = {decision = "deny", reason = "delegation from a user"}},
    {name = "a chain must start with a user", attach = "token_exchange",
     input = {subject = agent, context = {time = NOW}, delegation = {{type = "agent", id = "other"}}},
     expect = {decision = "deny", reason = "start with a user"}},
    {name = "an expired delegation is refused", attach = "token",
     input = {subject = agent, context = {time = NOW},
              delegation = {{type = "user", id = "u-1", expires_at = NOW - 1}}},
     expect = {decision = "deny", reason = "expired"}},
    {name = "scopes are limited to the delegation", attach = "token",
     input = {subject = agent, context = {time = NOW}, requested_scopes = {"read", "write", "delete"},
              delegation = {{type = "user", id = "u-1", scopes = {"read", "write"}, expires_at = NOW + 60}}},
     expect = {decision = "allow", scopes = {"read", "write"}}},
    {name = "users are not this policy's business",
     input = {subject = {type = "user", id = "u-1"}, context = {time = NOW}},
     expect = {decision = "abstain"}},
  },
}
