-- expect-fault: error
-- expect-reason: error object is a table
-- The kernel never calls __tostring on an error object once the limits are off.
function check(input)
  error(setmetatable({}, {__tostring = function() while true do end end}))
end
