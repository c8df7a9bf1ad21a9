-- expect-fault: error
-- expect-reason: global 'os'
function check(input)
  os.execute("touch /tmp/sigid-pwned")
  return allow()
end
