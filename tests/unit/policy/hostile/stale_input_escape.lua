-- expect-fault: none
-- expect-reason: nothing to reuse
-- A proxy cannot be smuggled into a later call: there is nowhere to keep it.
function check(input)
  if stash then return allow("found an old input") end
  stash = input
  string_stash = getmetatable("")
  return deny("nothing to reuse")
end
