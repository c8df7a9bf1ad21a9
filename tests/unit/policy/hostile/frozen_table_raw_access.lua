-- expect-fault: none
-- expect-reason: raw access held
-- rawget/rawlen/next see a frozen table's contents; nothing hands out the hidden
-- table behind it, rawset does not exist, and its metatable cannot be read or replaced.
local T = {x = 1, 10, 20}
function check(input)
  if rawset ~= nil then return allow("rawset reachable") end
  if rawget(T, "x") ~= 1 or rawget(T, 2) ~= 20 or rawlen(T) ~= 2 or next(T) == nil then
    return allow("raw reads do not see the frozen contents")
  end
  if getmetatable(T) ~= nil then return allow("frozen metatable visible: " .. tostring(getmetatable(T))) end
  if pcall(setmetatable, T, {__index = function() return "pwned" end}) then
    return allow("setmetatable replaced the frozen metatable")
  end
  local _, state = pairs(T)
  if state ~= T then return allow("pairs handed out another table") end
  for k, v in next, T do
    if type(v) == "table" then return allow("next handed out a table") end
  end
  local obj = setmetatable({}, T)  -- a frozen table as a metatable: still the frozen table to the policy
  if getmetatable(obj) ~= T then return allow("getmetatable exposed the hidden table") end
  if pcall(function() getmetatable(obj).x = 2 end) or T.x ~= 1 then return allow("write through getmetatable") end
  return deny("raw access held")
end
