-- expect-fault: none
-- expect-reason: metatable tricks held
-- A class built at top level keeps working (its methods, per-call instances),
-- but neither getmetatable nor an __index function's table argument gives a
-- way to change it.
local Class = {}
Class.__index = Class
function Class.greet() return "hi" end
local instance = setmetatable({}, Class)
local Sneaky = setmetatable({}, {__index = function(t, k) return t end})
local WITH_GC = {__gc = function() end}  -- harmless as a table; never as a metatable
function check(input)
  if instance.greet() ~= "hi" then return allow("class lookup broke") end
  local mt = getmetatable(instance)
  if mt ~= Class then return allow("instance metatable is not the class") end
  if pcall(function() mt.greet = function() return "pwned" end end) then return allow("class method replaced") end
  if pcall(function() mt.__index = {greet = function() return "pwned" end} end) then return allow("class __index replaced") end
  local leaked = Sneaky.anything
  if leaked ~= Sneaky then return allow("__index was given another table") end
  if pcall(function() leaked.x = 1 end) then return allow("write through the __index argument") end
  local per_call = setmetatable({}, Class)
  per_call.name = "mine"
  if per_call.greet() ~= "hi" or per_call.name ~= "mine" then return allow("per-call instance broken") end
  if pcall(setmetatable, {}, WITH_GC) then return allow("__gc accepted through a frozen metatable") end
  return deny("metatable tricks held")
end
