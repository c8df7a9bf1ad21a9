local function from(ip) return {subject = {type = "user", id = "u-1"}, context = {ip = ip}} end

return {
  cases = {
    {name = "a listed IPv4 network", input = from("203.0.113.9"), expect = {decision = "deny", reason = "blocked"}},
    {name = "a listed IPv6 network", attach = "token", input = from("2001:db8:bad::17"), expect = {decision = "deny"}},
    {name = "an IPv4-mapped address in a listed network", input = from("::ffff:198.51.100.3"),
     expect = {decision = "deny"}},
    {name = "elsewhere: no opinion", input = from("192.0.2.1"), expect = {decision = "abstain"}},
    {name = "a neighbouring IPv6 network", input = from("2001:db8:bae::1"), expect = {decision = "abstain"}},
    {name = "no address: no opinion", input = {subject = {type = "user", id = "u-1"}}, expect = {decision = "abstain"}},
  },
}
