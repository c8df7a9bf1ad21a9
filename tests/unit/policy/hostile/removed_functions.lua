-- expect-fault: error
-- expect-reason: field 'move'
-- math.randomseed would seed a generator shared across calls; table.move(…, 1e15) spins in C.
function check(input)
  assert(collectgarbage == nil and rawset == nil and print == nil)
  assert(math.random == nil and math.randomseed == nil)
  table.move({}, 1, math.maxinteger, 2)
  return allow()
end
