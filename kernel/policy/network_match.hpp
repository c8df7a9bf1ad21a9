#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sigid::policy {

// An IPv4 or IPv6 address as 16 bytes (IPv4 as ::ffff:a.b.c.d, so a v4 client
// seen through a dual-stack socket matches v4 ranges).
struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};
  bool v4 = false;
};

std::optional<IpAddress> parseIp(std::string_view text);

// "10.0.0.0/8", "2001:db8::/32", or a bare address (a /32 or /128).
struct CidrRange {
  IpAddress network;
  int prefix = 0;  // in bits of the 128-bit form
  bool contains(const IpAddress& address) const;
};

std::optional<CidrRange> parseCidr(std::string_view text);

}  // namespace sigid::policy
