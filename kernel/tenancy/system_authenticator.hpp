#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store/database.hpp"

namespace sigid::tenancy {

struct SystemPrincipal {
  std::string credential_id;
  std::string name;
};

// Checks a platform-operator bearer credential. Lookup is by SHA-256 of the
// presented secret, so the stored hash is never compared byte by byte against
// attacker input in variable time.
class SystemAuthenticator {
 public:
  explicit SystemAuthenticator(store::Database& db) : db_(db) {}
  core::Result<SystemPrincipal> authenticate(std::string_view bearer_secret);

 private:
  store::Database& db_;
};

}  // namespace sigid::tenancy
