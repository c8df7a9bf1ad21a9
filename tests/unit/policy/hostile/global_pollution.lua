-- expect-fault: none
-- expect-reason: globals written
-- Writes land in this call's environment and vanish with it (the probe checks).
leaked = true
function check(input)
  leaked_too = true
  _G.leaked_via_G = true
  _ENV.leaked_via_ENV = true
  allow = function() return {decision = "allow"} end
  return deny("globals written")
end
