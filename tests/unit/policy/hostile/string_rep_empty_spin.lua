-- expect-fault: none
-- expect-reason: rep returned at once
-- Stock string.rep loops n times even for empty pieces; ours returns "" at once.
function check(input)
  local a = string.rep("", math.maxinteger)
  local b = ("").rep("", 1e15, "")
  assert(a == "" and b == "")
  return deny("rep returned at once")
end
