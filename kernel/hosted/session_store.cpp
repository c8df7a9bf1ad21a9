#include "hosted/session_store.hpp"

#include "core/hashing.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "store/autocommit.hpp"
#include "tenancy/user.hpp"

namespace sigid::hosted {

using core::Result;

namespace {

BrowserSession toSession(const store::SessionRecord& r) {
  return BrowserSession{r.id,        r.user_id, r.created_at, r.last_seen_at, r.auth_time, tenancy::splitWords(r.amr),
                        r.acr,       r.ip,      r.user_agent};
}

std::string auditData(std::string_view session_id) {
  std::string data = "{\"session_id\":";
  core::appendJsonString(data, session_id);
  return data + "}";
}

}  // namespace

std::string sessionTokenHash(std::string_view token) { return core::sha256Hex(token); }

std::int64_t SessionStore::idleCutoff(const tenancy::Tenant& tenant) const {
  return clock_.nowSeconds() - std::int64_t(tenant.settings.session_timeout_minutes) * 60;
}

Result<IssuedSession> SessionStore::create(const tenancy::Tenant& tenant, const NewSession& request) {
  const store::TenantScope scope(tenant.id);
  const auto now = clock_.nowSeconds();
  IssuedSession issued;
  issued.token = core::randomToken(32);
  store::SessionRecord record{core::Uuid::v7().str(), sessionTokenHash(issued.token), request.user_id, now, now, now,
                              tenancy::joinWords(request.amr), request.acr, request.ip.substr(0, 64),
                              request.user_agent.substr(0, 512)};
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_CHECK(sessions_.removeIdle(scope, c, request.user_id, idleCutoff(tenant)));
    SIGID_TRY(auto existing, sessions_.listByUser(scope, c, request.user_id));
    // Room for the new one: evict the oldest beyond max_sessions_per_user - 1.
    const std::size_t keep = static_cast<std::size_t>(std::max(1, tenant.settings.max_sessions_per_user)) - 1;
    for (std::size_t i = 0; i + keep < existing.size(); ++i) SIGID_CHECK(sessions_.remove(scope, c, existing[i].id));
    SIGID_CHECK(sessions_.insert(scope, c, record));
    return tenants_.audit(c, core::Actor{"user", request.subject, request.ip, ""}, tenant, "session.created",
                          auditData(record.id));
  }));
  issued.session = toSession(record);
  return issued;
}

Result<std::optional<BrowserSession>> SessionStore::resolve(const tenancy::Tenant& tenant, std::string_view token) {
  if (token.empty() || token.size() > 128) return std::optional<BrowserSession>{};
  const store::TenantScope scope(tenant.id);
  store::AutoCommit c(db_);
  SIGID_TRY(auto record, sessions_.findByTokenHash(scope, c, sessionTokenHash(token)));
  if (!record) return std::optional<BrowserSession>{};
  if (record->last_seen_at < idleCutoff(tenant)) {
    SIGID_CHECK(sessions_.remove(scope, c, record->id));
    return std::optional<BrowserSession>{};
  }
  const auto now = clock_.nowSeconds();
  if (now - record->last_seen_at >= kTouchIntervalSeconds) {
    SIGID_CHECK(sessions_.touch(scope, c, record->id, now));
    record->last_seen_at = now;
  }
  return std::optional<BrowserSession>{toSession(*record)};
}

Result<std::vector<BrowserSession>> SessionStore::listForUser(const tenancy::Tenant& tenant,
                                                              const std::string& user_id) {
  const store::TenantScope scope(tenant.id);
  store::AutoCommit c(db_);
  SIGID_CHECK(sessions_.removeIdle(scope, c, user_id, idleCutoff(tenant)));
  SIGID_TRY(auto records, sessions_.listByUser(scope, c, user_id));
  std::vector<BrowserSession> out;
  for (const auto& r : records) out.push_back(toSession(r));
  return out;
}

Result<bool> SessionStore::revoke(const core::Actor& actor, const tenancy::Tenant& tenant, const std::string& user_id,
                                  std::string_view session_id) {
  bool removed = false;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    const store::TenantScope scope(tenant.id);
    SIGID_TRY(auto records, sessions_.listByUser(scope, c, user_id));
    for (const auto& r : records) {
      if (r.id != session_id) continue;
      SIGID_TRY(removed, sessions_.remove(scope, c, r.id));
      return tenants_.audit(c, actor, tenant, "session.revoked", auditData(r.id));
    }
    return core::success();
  }));
  return removed;
}

Result<std::int64_t> SessionStore::revokeAll(const core::Actor& actor, const tenancy::Tenant& tenant,
                                             const std::string& user_id) {
  std::int64_t count = 0;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(count, sessions_.removeByUser(store::TenantScope(tenant.id), c, user_id));
    if (count == 0) return core::success();
    return tenants_.audit(c, actor, tenant, "session.revoked_all", "{\"count\":" + std::to_string(count) + "}");
  }));
  return count;
}

Result<void> SessionStore::endByToken(const tenancy::Tenant& tenant, std::string_view token) {
  if (token.empty() || token.size() > 128) return core::success();
  const store::TenantScope scope(tenant.id);
  store::AutoCommit c(db_);
  SIGID_TRY(auto record, sessions_.findByTokenHash(scope, c, sessionTokenHash(token)));
  if (record) SIGID_CHECK(sessions_.remove(scope, c, record->id));
  return core::success();
}

Result<void> SessionStore::revokeAccess(store::Connection& c, const tenancy::Tenant& tenant,
                                        const tenancy::Member& member) {
  SIGID_CHECK(sessions_.removeByUser(store::TenantScope(tenant.id), c, member.user_id));
  return core::success();
}

}  // namespace sigid::hosted
