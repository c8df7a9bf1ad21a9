-- expect-fault: instruction_budget
-- Proper tail calls never grow the stack: only the budget ends this.
local function spin(n) return spin(n + 1) end
function check(input) return spin(0) end
