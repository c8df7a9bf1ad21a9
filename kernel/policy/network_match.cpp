#include "policy/network_match.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <string>

namespace sigid::policy {

std::optional<IpAddress> parseIp(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string buffer(text);  // inet_pton needs a terminator
  IpAddress address;
  in_addr v4{};
  if (inet_pton(AF_INET, buffer.c_str(), &v4) == 1) {
    address.bytes[10] = address.bytes[11] = 0xff;
    std::memcpy(address.bytes.data() + 12, &v4, 4);
    address.v4 = true;
    return address;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, buffer.c_str(), &v6) != 1) return std::nullopt;
  std::memcpy(address.bytes.data(), &v6, 16);
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  address.v4 = std::memcmp(address.bytes.data(), kMapped, 12) == 0;
  return address;
}

std::optional<CidrRange> parseCidr(std::string_view text) {
  auto slash = text.find('/');
  auto address = parseIp(text.substr(0, slash));
  if (!address) return std::nullopt;
  const int width = address->v4 ? 32 : 128;
  int prefix = width;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || prefix < 0 || prefix > width)
      return std::nullopt;
  }
  return CidrRange{*address, address->v4 ? prefix + 96 : prefix};
}

bool CidrRange::contains(const IpAddress& address) const {
  if (network.v4 != address.v4) return false;  // a v4 range never matches a v6 address, nor the reverse
  int bits = prefix;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((network.bytes[i] & mask) != (address.bytes[i] & mask)) return false;
  }
  return true;
}

}  // namespace sigid::policy
