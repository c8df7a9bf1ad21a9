-- expect-fault: instruction_budget
-- A plain find of "aaa…ab" in "aaaa…" compares O(n·m) bytes: charged per byte scanned.
function check(input)
  local hay = ("a"):rep(1000000)
  local needle = ("a"):rep(500000) .. "b"
  return hay:find(needle, 1, true) and allow() or deny("absent")
end
