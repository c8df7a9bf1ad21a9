-- expect-fault: none
-- expect-reason: globals written
-- Writes in a call land in a per-call table that is dropped when the call ends;
-- each policy has its own globals (the probe, in the same state, checks).
leaked = true
function check(input)
  leaked_too = true
  _G.leaked_via_G = true
  _ENV.leaked_via_ENV = true
  allow = function() return {decision = "allow"} end
  return deny("globals written")
end
