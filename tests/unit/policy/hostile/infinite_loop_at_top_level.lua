-- expect-fault: instruction_budget
-- The chunk itself runs on every call, so a loop outside any handler is metered too.
repeat local x = 1 until false
function check(input) return allow() end
