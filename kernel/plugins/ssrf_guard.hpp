#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sigid::plugins {

// An IPv4 or IPv6 address as 16 bytes (IPv4 in its first 4).
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};

  static std::optional<IpAddress> parse(std::string_view text);
  std::string text() const;
};

struct IpNetwork {
  IpAddress base;
  unsigned prefix = 0;

  // "10.0.0.0/8", "fd00::/8", or one address ("127.0.0.1" is /32).
  static std::optional<IpNetwork> parse(std::string_view text);
  bool contains(const IpAddress& address) const;
};

// Why an address is not a public unicast one, or nullopt when it is.
// Covers loopback, RFC 1918 / unique-local private ranges, link-local,
// multicast, unspecified, CGNAT, benchmarking, reserved and broadcast ranges,
// and IPv4-mapped / NAT64 IPv6 forms of all of them.
std::optional<std::string> nonPublicReason(const IpAddress& address);

// Server-side request forgery guard for plugin HTTP: a plugin must not reach
// the kernel's own admin port, the cloud metadata service or the internal
// network just because a tenant typed such a URL into its config.
class SsrfGuard {
 public:
  // `allowlist` (plugins.outbound_allowlist): addresses or CIDR networks the
  // operator lets plugins reach even though they are not public.
  static core::Result<SsrfGuard> create(const std::vector<std::string>& allowlist);

  // Forbidden unless public or allowlisted; the message names the address.
  core::Result<void> check(const IpAddress& address) const;

 private:
  explicit SsrfGuard(std::vector<IpNetwork> allowed) : allowed_(std::move(allowed)) {}
  std::vector<IpNetwork> allowed_;
};

}  // namespace sigid::plugins
