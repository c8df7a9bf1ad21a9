#include "plugins/ssrf_guard.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace sigid::plugins {
namespace {

struct Range {
  const char* network;
  const char* reason;
};

// IANA special-purpose registries (RFC 6890 and successors): never a public peer.
constexpr Range kV4Ranges[] = {
    {"0.0.0.0/8", "unspecified"},         {"10.0.0.0/8", "private"},
    {"100.64.0.0/10", "shared (CGNAT)"},  {"127.0.0.0/8", "loopback"},
    {"169.254.0.0/16", "link-local"},     {"172.16.0.0/12", "private"},
    {"192.0.0.0/24", "IETF protocol assignments"}, {"192.0.2.0/24", "documentation"},
    {"192.168.0.0/16", "private"},        {"198.18.0.0/15", "benchmarking"},
    {"198.51.100.0/24", "documentation"}, {"203.0.113.0/24", "documentation"},
    {"224.0.0.0/4", "multicast"},         {"240.0.0.0/4", "reserved"},
};
constexpr Range kV6Ranges[] = {
    {"::/128", "unspecified"}, {"::1/128", "loopback"},     {"fe80::/10", "link-local"},
    {"fc00::/7", "private (unique local)"}, {"ff00::/8", "multicast"}, {"2001:db8::/32", "documentation"},
    {"fec0::/10", "site-local (deprecated)"}, {"100::/64", "discard-only"},
};

std::optional<IpAddress> embeddedV4(const IpAddress& a) {
  if (!a.v6) return std::nullopt;
  auto v4At = [&](std::size_t offset) {
    IpAddress out;
    for (int i = 0; i < 4; ++i) out.bytes[i] = a.bytes[offset + i];
    return out;
  };
  // ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::a.b.c.d (NAT64, RFC 6052) reach the IPv4 address.
  bool mapped = true;
  for (int i = 0; i < 10; ++i) mapped = mapped && a.bytes[i] == 0;
  if (mapped && a.bytes[10] == 0xff && a.bytes[11] == 0xff) return v4At(12);
  const std::uint8_t nat64[12] = {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::equal(nat64, nat64 + 12, a.bytes.begin())) return v4At(12);
  // ::a.b.c.d (IPv4-compatible, deprecated) except :: and ::1, covered above.
  bool compatible = true;
  for (int i = 0; i < 12; ++i) compatible = compatible && a.bytes[i] == 0;
  if (compatible && (a.bytes[12] | a.bytes[13] | a.bytes[14]) != 0) return v4At(12);
  return std::nullopt;
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  std::string s(text);
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  IpAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
  a.v6 = true;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) return a;
  return std::nullopt;
}

std::string IpAddress::text() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
  return buf;
}

std::optional<IpNetwork> IpNetwork::parse(std::string_view text) {
  auto slash = text.find('/');
  auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  unsigned max = address->v6 ? 128 : 32;
  unsigned prefix = max;
  if (slash != std::string_view::npos) {
    auto digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty() || prefix > max)
      return std::nullopt;
  }
  return IpNetwork{*address, prefix};
}

bool IpNetwork::contains(const IpAddress& address) const {
  if (address.v6 != base.v6) return false;
  for (unsigned bit = 0; bit < prefix; ++bit) {
    unsigned byte = bit / 8, mask = 0x80u >> (bit % 8);
    if ((address.bytes[byte] & mask) != (base.bytes[byte] & mask)) return false;
  }
  return true;
}

std::optional<std::string> nonPublicReason(const IpAddress& address) {
  if (auto v4 = embeddedV4(address)) return nonPublicReason(*v4);
  if (address.v6) {
    for (const auto& r : kV6Ranges)
      if (IpNetwork::parse(r.network)->contains(address)) return std::string(r.reason);
    // Only global unicast (2000::/3) is routable on the internet.
    if ((address.bytes[0] & 0xe0) != 0x20) return std::string("not global unicast");
    return std::nullopt;
  }
  if (address.bytes[0] == 255 && address.bytes[1] == 255 && address.bytes[2] == 255 && address.bytes[3] == 255)
    return std::string("broadcast");
  for (const auto& r : kV4Ranges)
    if (IpNetwork::parse(r.network)->contains(address)) return std::string(r.reason);
  return std::nullopt;
}

core::Result<SsrfGuard> SsrfGuard::create(const std::vector<std::string>& allowlist) {
  std::vector<IpNetwork> allowed;
  for (const auto& entry : allowlist) {
    if (entry.empty()) continue;
    auto network = IpNetwork::parse(entry);
    if (!network)
      return core::Error::invalidRequest("plugins.outbound_allowlist: \"" + entry +
                                         "\": expected an IP address or CIDR network, e.g. 10.1.0.0/16");
    allowed.push_back(*network);
  }
  return SsrfGuard(std::move(allowed));
}

core::Result<void> SsrfGuard::check(const IpAddress& address) const {
  auto reason = nonPublicReason(address);
  if (!reason) return core::success();
  for (const auto& network : allowed_) {
    // Compare mapped IPv6 forms as the IPv4 address they reach.
    if (network.contains(address)) return core::success();
    IpAddress plain = address;
    if (address.v6 && address.bytes[10] == 0xff && address.bytes[11] == 0xff) {
      plain = IpAddress{};
      for (int i = 0; i < 4; ++i) plain.bytes[i] = address.bytes[12 + i];
      if (network.contains(plain)) return core::success();
    }
  }
  return core::Error(core::ErrorCode::AccessDenied,
                     "outbound request refused: " + address.text() + " is a " + *reason +
                         " address (allowlist it in plugins.outbound_allowlist if this is intended)");
}

}  // namespace sigid::plugins
