-- expect-fault: instruction_budget
-- The top level runs once per state under the call limits, so a loop outside any
-- handler is metered too; every call of the policy then answers with that fault.
repeat local x = 1 until false
function check(input) return allow() end
