-- deny_listed_networks: refuse requests from listed networks (IPv4 and IPv6
-- CIDR ranges) at every attach point. Edit BLOCKED.
local BLOCKED = {"198.51.100.0/24", "203.0.113.0/24", "2001:db8:bad::/48"}

local function rule(input)
  local ip = input.context and input.context.ip
  if ip and cidr_match(ip, BLOCKED) then
    return deny{reason = "requests from " .. ip .. " are blocked", rule = "blocked-network"}
  end
  return nil
end

signin, authorize, token, token_exchange, admin, check = rule, rule, rule, rule, rule, rule
