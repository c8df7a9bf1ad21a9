local FRIDAY_10_UTC = 1767348000   -- 2026-01-02T10:00:00Z
local FRIDAY_19_UTC = FRIDAY_10_UTC + 9 * 3600
local SATURDAY_10_UTC = FRIDAY_10_UTC + 24 * 3600

local function support(time, roles)
  return {subject = {type = "user", id = "u-1", roles = roles or {"support"}}, context = {time = time}}
end

return {
  cases = {
    {name = "support on a weekday morning", input = support(FRIDAY_10_UTC), expect = {decision = "abstain"}},
    {name = "support in the evening", input = support(FRIDAY_19_UTC),
     expect = {decision = "deny", reason = "office hours"}},
    {name = "support on Saturday", attach = "token", input = support(SATURDAY_10_UTC),
     expect = {decision = "deny"}},
    {name = "exactly 18:00 is closed", input = support(FRIDAY_10_UTC + 8 * 3600), expect = {decision = "deny"}},
    {name = "admins who also do support are exempt", input = support(SATURDAY_10_UTC, {"support", "admin"}),
     expect = {decision = "abstain"}},
    {name = "other roles are unaffected", input = support(SATURDAY_10_UTC, {"viewer"}), expect = {decision = "abstain"}},
  },
}
