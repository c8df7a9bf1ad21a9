#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace signin_totp {

// One account's authenticator as stored in the Host key/value store. The
// secrets are Host::seal()ed text (AES-256-GCM under the tenant's key): the
// store never holds a seed in the clear.
struct TotpCredential {
  std::string sealed_secret;          // the active authenticator; empty until one is confirmed
  std::int64_t enrolled_at = 0;
  // The last time step a code was accepted for: a code of that step or an
  // earlier one is a replay (RFC 6238 §5.2: "MUST NOT accept the second attempt").
  std::int64_t last_step = -1;
  std::string sealed_pending;         // an enrolment waiting for its first code
  std::int64_t pending_at = 0;

  bool active() const { return !sealed_secret.empty(); }

  std::string encode() const;
  static std::optional<TotpCredential> decode(std::string_view text);
};

// The key/value key of a subject's record.
std::string credentialKey(std::string_view subject);

}  // namespace signin_totp
