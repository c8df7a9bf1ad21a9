-- expect-fault: none
-- expect-reason: fresh globals
-- A call may assign globals and read them back, but they are gone for the next
-- call; top-level globals can be shadowed for one call but never removed.
counter_g = 0
function check(input)
  if scratch ~= nil or rawget(_G, "scratch") ~= nil then return allow("a global from an earlier call survived") end
  if counter_g ~= 0 then return allow("a top-level global changed") end
  scratch = "from this call"
  if scratch ~= "from this call" or rawget(_G, "scratch") ~= "from this call" then
    return allow("a call cannot read its own global")
  end
  counter_g = counter_g + 1
  if counter_g ~= 1 then return allow("a per-call write is not visible") end
  if pcall(function() counter_g = nil end) then return allow("a top-level global was removed") end
  function helper_defined_late() return 1 end
  if helper_defined_late() ~= 1 then return allow("a per-call function is not callable") end
  return deny("fresh globals")
end
