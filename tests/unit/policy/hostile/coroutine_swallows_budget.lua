-- expect-fault: instruction_budget
-- resume() returns false on error; a tripped limit is raised again in the caller.
function check(input)
  while true do
    coroutine.resume(coroutine.create(function() while true do end end))
  end
end
