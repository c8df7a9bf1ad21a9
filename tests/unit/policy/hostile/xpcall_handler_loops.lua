-- expect-fault: instruction_budget
function check(input)
  xpcall(error, function(e) while true do end end)
  return allow()
end
