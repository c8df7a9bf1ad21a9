#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace signin_password {

// One subject's password credential as stored in the Host key/value store
// under "cred:<subject>": line-based text, so the plugin needs no JSON library.
struct CredentialRecord {
  std::string phc;                   // the current argon2id PHC string
  std::int64_t set_at = 0;           // epoch seconds: max-age starts here
  std::vector<std::string> history;  // earlier PHC strings, newest first

  std::string encode() const;
  static std::optional<CredentialRecord> decode(std::string_view text);
};

inline std::string credentialKey(std::string_view subject) { return "cred:" + std::string(subject); }

}  // namespace signin_password
