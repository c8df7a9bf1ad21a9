#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "oauth/authorization_request.hpp"
#include "store/database.hpp"
#include "store/repositories/authorization_request_repository.hpp"
#include "tenancy/tenant.hpp"

namespace sigid::oauth {

// A validated /authorize request parked while the browser signs in or
// consents. The browser carries only a random handle; the parameters stay
// here, so nothing the client sent is re-read from a URL the user could edit.
struct ParkedAuthorization {
  AuthorizationRequest request;
  std::int64_t auth_not_before = 0;  // the session must have signed in at or after this
  std::string user_id;               // bound when the consent page is shown
  std::string session_id;            // before binding: a session that may not finish it
};

class PendingAuthorizations {
 public:
  // How long a user may take on the login and consent pages.
  static constexpr std::int64_t kLifetimeSeconds = 900;

  PendingAuthorizations(store::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  // `stale_session`: a session that must sign in again before finishing (or "").
  core::Result<std::string> park(const tenancy::Tenant& tenant, const AuthorizationRequest& request,
                                 std::int64_t auth_not_before, const std::string& stale_session);
  // nullopt when unknown, expired, finished, or another tenant's.
  core::Result<std::optional<ParkedAuthorization>> find(const tenancy::Tenant& tenant, std::string_view handle);
  core::Result<void> bindUser(const tenancy::Tenant& tenant, std::string_view handle, const std::string& user_id,
                              const std::string& session_id);
  // Single use: false when it was already finished.
  core::Result<bool> finish(const tenancy::Tenant& tenant, std::string_view handle);

 private:
  store::Database& db_;
  const core::Clock& clock_;
  store::AuthorizationRequestRepository requests_;
};

}  // namespace sigid::oauth
