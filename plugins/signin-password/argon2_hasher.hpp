#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace signin_password {

// argon2id cost parameters (RFC 9106). The defaults are OWASP's minimum for
// argon2id: 19 MiB, 2 passes, 1 lane.
struct Argon2Params {
  std::uint32_t memory_kib = 19456;
  std::uint32_t iterations = 2;
  std::uint32_t parallelism = 1;
  bool operator==(const Argon2Params&) const = default;
};

// Hashes and verifies PHC strings ("$argon2id$v=19$m=...,t=...,p=...$salt$hash"),
// which carry their own parameters: a hash made under old parameters still
// verifies, and needsRehash says when to replace it.
class Argon2Hasher {
 public:
  explicit Argon2Hasher(Argon2Params params) : params_(params) {}

  // `salt` is 16 random bytes. Empty on failure (memory).
  std::string hash(std::string_view password, std::string_view salt) const;
  // Constant time in the hash comparison (libargon2 compares with a fixed-time loop).
  bool verify(const std::string& phc, std::string_view password) const;
  bool needsRehash(std::string_view phc) const;
  const Argon2Params& params() const { return params_; }

 private:
  Argon2Params params_;
};

// The parameters a PHC string was made with; nullopt when it is not argon2id v19.
std::optional<Argon2Params> phcParams(std::string_view phc);

}  // namespace signin_password
