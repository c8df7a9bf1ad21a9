#pragma once

#include <cstdint>
#include <string_view>

#include "sigid/sdk/abi.hpp"

namespace sigid::sdk {

// The five things a plugin can be. One plugin may provide several.
enum class Kind : std::uint32_t {
  SignInMethod = 1u << 0,
  SsoProvider = 1u << 1,
  WalletBackend = 1u << 2,
  WebhookTransport = 1u << 3,
  BillingProvider = 1u << 4,
};

inline constexpr Kind kAllKinds[] = {Kind::SignInMethod, Kind::SsoProvider, Kind::WalletBackend,
                                     Kind::WebhookTransport, Kind::BillingProvider};

constexpr std::string_view kindName(Kind kind) {
  switch (kind) {
    case Kind::SignInMethod: return "sign_in_method";
    case Kind::SsoProvider: return "sso_provider";
    case Kind::WalletBackend: return "wallet_backend";
    case Kind::WebhookTransport: return "webhook_transport";
    case Kind::BillingProvider: return "billing_provider";
  }
  return "unknown";
}

// A set of kinds: `Kind::SignInMethod | Kind::WebhookTransport`.
class KindSet {
 public:
  constexpr KindSet() = default;
  constexpr KindSet(Kind kind) : bits_(static_cast<std::uint32_t>(kind)) {}  // NOLINT: implicit by design
  constexpr bool contains(Kind kind) const { return (bits_ & static_cast<std::uint32_t>(kind)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr std::uint32_t bits() const { return bits_; }
  constexpr KindSet operator|(KindSet other) const { return KindSet(bits_ | other.bits_); }

 private:
  constexpr explicit KindSet(std::uint32_t bits) : bits_(bits) {}
  std::uint32_t bits_ = 0;
};

constexpr KindSet operator|(Kind a, Kind b) { return KindSet(a) | KindSet(b); }

// What a plugin says about itself, readable before it registers anything.
// Declare it constexpr: every view must point at static storage.
struct Manifest {
  std::string_view id;           // reverse DNS, e.g. "org.example.email-otp"; unique per kernel
  std::string_view version;      // the plugin's own version, e.g. "1.4.0"
  KindSet kinds;                 // what registerFactories will add; the kernel checks it
  std::string_view description;  // one line for operators
  // JSON Schema (a subset, see docs/plugins.md) for the per-tenant config.
  // Mark secrets `"writeOnly": true`: the kernel seals them and never returns them.
  std::string_view config_schema = R"({"type":"object","additionalProperties":false})";
  int sdk_abi = SIGID_SDK_ABI_VERSION;  // filled in by the compiler that built the plugin
};

}  // namespace sigid::sdk
