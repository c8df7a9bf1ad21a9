-- expect-fault: memory_limit
-- Non-tail recursion grows the Lua stack until the memory cap refuses it.
local function dive(n) return 1 + dive(n + 1) end
function check(input) return dive(0) end
