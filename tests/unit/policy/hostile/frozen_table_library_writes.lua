-- expect-fault: none
-- expect-reason: library writes refused
-- table.insert/remove/sort write through metamethods, so a frozen list refuses
-- them too; reading functions (concat, unpack, ipairs, pairs, #) still work.
local LIST = {"b", "a", "c"}
function check(input)
  local attempts = {
    function() table.insert(LIST, "d") end,
    function() table.insert(LIST, 1, "z") end,
    function() table.remove(LIST) end,
    function() table.remove(LIST, 1) end,
    function() table.sort(LIST) end,
    function() table.sort(LIST, function(a, b) return a > b end) end,
  }
  for i, attempt in ipairs(attempts) do
    if pcall(attempt) then return allow("library write " .. i .. " went through") end
  end
  if table.concat(LIST, ",") ~= "b,a,c" or #LIST ~= 3 then return allow("list changed: " .. table.concat(LIST, ",")) end
  local walked, counted = {}, 0
  for _, v in ipairs(LIST) do walked[#walked + 1] = v end
  for _ in pairs(LIST) do counted = counted + 1 end
  if table.concat(walked, ",") ~= "b,a,c" or counted ~= 3 or select("#", table.unpack(LIST)) ~= 3 then
    return allow("frozen list unreadable")
  end
  return deny("library writes refused")
end
