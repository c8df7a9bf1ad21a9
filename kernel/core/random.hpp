#pragma once

#include <cstddef>
#include <string>

namespace sigid::core {

// Bytes from OpenSSL's CSPRNG. Aborts the process if the CSPRNG fails: issuing a
// predictable secret is worse than stopping.
std::string randomBytes(std::size_t count);

// A URL-safe token with `bytes` of entropy (base64url, no padding).
std::string randomToken(std::size_t bytes = 32);

}  // namespace sigid::core
