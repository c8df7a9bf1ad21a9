-- office_hours_for_support: users with the "support" role (and not "admin")
-- may act only during office hours. Edit HOURS for your team: days, local
-- times, and the UTC offset they are in.
local HOURS = {days = {"mon", "tue", "wed", "thu", "fri"}, from = "08:00", to = "18:00", utc_offset = "+00:00"}

local function rule(input)
  local subject = input.subject
  if not contains(subject.roles, "support") or contains(subject.roles, "admin") then return nil end
  if in_time_window(input.context.time, HOURS) then return nil end
  return deny{reason = "support staff may act only during office hours (Mon-Fri 08:00-18:00 UTC)",
              rule = "support-office-hours"}
end

signin, authorize, token, admin, check = rule, rule, rule, rule, rule
