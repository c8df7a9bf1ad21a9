-- expect-fault: error
-- expect-reason: input is read-only
function check(input)
  input.subject.roles[1] = "admin"
  return allow()
end
