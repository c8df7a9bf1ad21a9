#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/session_repository.hpp"
#include "tenancy/tenant_service.hpp"
#include "tenancy/user_service.hpp"

namespace sigid::hosted {

// A signed-in browser at one tenant. auth_time, amr and acr are what the ID
// token of a later authorization reports (OIDC Core §2).
struct BrowserSession {
  std::string id;       // handle for lists and revocation; not the cookie
  std::string user_id;  // internal: never rendered
  std::int64_t created_at = 0;
  std::int64_t last_seen_at = 0;
  std::int64_t auth_time = 0;
  std::vector<std::string> amr;
  std::string acr;
  std::string ip;
  std::string user_agent;
};

struct NewSession {
  std::string user_id;
  std::string subject;  // for the audit event: the tenant knows the user by it
  std::vector<std::string> amr;
  std::string acr;
  std::string ip;
  std::string user_agent;
};

struct IssuedSession {
  BrowserSession session;
  std::string token;  // the cookie value: 256 random bits, base64url; only its SHA-256 is stored
};

// Server-side sessions per tenant. The tenant's settings decide the idle
// timeout (session_timeout_minutes) and how many sessions a user may hold
// (max_sessions_per_user: the oldest go first). Suspending or removing a
// member ends their sessions in the same transaction (AccessRevocationHook).
class SessionStore final : public tenancy::AccessRevocationHook {
 public:
  SessionStore(store::Database& db, const core::Clock& clock, tenancy::TenantService& tenants)
      : db_(db), clock_(clock), tenants_(tenants) {}

  core::Result<IssuedSession> create(const tenancy::Tenant& tenant, const NewSession& request);
  // The live session a cookie value names, with last_seen_at moved on; nullopt
  // when unknown, idle too long, or of another tenant (each tenant looks only
  // at its own rows, so a cookie of tenant A means nothing at tenant B).
  core::Result<std::optional<BrowserSession>> resolve(const tenancy::Tenant& tenant, std::string_view token);
  // Oldest first; idle sessions are dropped on the way.
  core::Result<std::vector<BrowserSession>> listForUser(const tenancy::Tenant& tenant, const std::string& user_id);
  // Revokes one session of that user: false when the user has no such session.
  core::Result<bool> revoke(const core::Actor& actor, const tenancy::Tenant& tenant, const std::string& user_id,
                            std::string_view session_id);
  core::Result<std::int64_t> revokeAll(const core::Actor& actor, const tenancy::Tenant& tenant,
                                       const std::string& user_id);
  // Sign-out: ends the session the cookie names, if any.
  core::Result<void> endByToken(const tenancy::Tenant& tenant, std::string_view token);

  core::Result<void> revokeAccess(store::Connection& c, const tenancy::Tenant& tenant,
                                  const tenancy::Member& member) override;

  // How stale last_seen_at may get before a request writes it again: one
  // UPDATE per minute per browser, not per page view.
  static constexpr std::int64_t kTouchIntervalSeconds = 60;

 private:
  std::int64_t idleCutoff(const tenancy::Tenant& tenant) const;

  store::Database& db_;
  const core::Clock& clock_;
  tenancy::TenantService& tenants_;
  store::SessionRepository sessions_;
};

// SHA-256 hex of the cookie value: what the sessions table stores.
std::string sessionTokenHash(std::string_view token);

}  // namespace sigid::hosted
