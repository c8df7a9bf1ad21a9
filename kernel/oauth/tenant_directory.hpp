#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto/jws_algorithm.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/application_repository.hpp"
#include "store/repositories/tenant_repository.hpp"
#include "tenancy/tenant.hpp"

namespace sigid::oauth {

// What the protocol endpoints need of an active application, parsed once.
struct ClientEntry {
  std::string client_id;
  std::string application_id;
  std::string name;  // shown on the consent page
  bool confidential = true;
  std::string secret_sha256;           // 32 raw bytes; empty for public clients
  std::string previous_secret_sha256;  // 32 raw bytes while a grace period runs, else empty
  std::int64_t previous_secret_expires_at = 0;
  std::vector<std::string> grant_types;
  std::vector<std::string> scopes;
  std::string audience;  // effective: the configured audience, else the client_id
  std::int64_t access_token_ttl = 3600;
  core::crypto::JwsAlgorithm signing_alg = core::crypto::JwsAlgorithm::ES256;
  std::vector<std::string> redirect_uris;              // exact match only (RFC 6749 §3.1.2.3)
  std::vector<std::string> post_logout_redirect_uris;  // idem (OIDC RP-Initiated Logout §3)

  bool allowsGrant(std::string_view grant) const;
  bool hasScope(std::string_view scope) const;
};

// One tenant at one config version, with its active clients: immutable and
// shared by every request thread.
struct TenantSnapshot {
  tenancy::Tenant tenant;
  std::string issuer;  // {public_base_url}/t/{slug}
  std::unordered_map<std::string, ClientEntry> clients;

  const ClientEntry* client(const std::string& client_id) const {
    auto it = clients.find(client_id);
    return it == clients.end() ? nullptr : &it->second;
  }
};

// The protocol endpoints' view of tenants and their clients (DESIGN.md §10):
// served from memory, so issuing a token reads no database row. Each tenant's
// row is re-read at most every `refresh_interval` to compare its config_version;
// only a changed version reloads the clients. Every admin change bumps that
// version, so other nodes converge within the interval; on this node the admin
// services call invalidate() and the change shows at once.
//
// Thread-safe. While one thread refreshes a stale tenant, others keep serving
// the previous snapshot rather than queueing on the database.
class TenantDirectory {
 public:
  TenantDirectory(store::Database& db, const core::Clock& clock, std::chrono::milliseconds refresh_interval,
                  std::string public_base_url)
      : db_(db), clock_(clock), refresh_ms_(refresh_interval.count()), public_base_url_(std::move(public_base_url)) {}

  // NotFound for a slug that names no tenant (also cached for the interval, so
  // random slugs do not each cost a query). Suspended tenants are returned: the
  // caller decides how to refuse.
  core::Result<std::shared_ptr<const TenantSnapshot>> find(std::string_view slug);

  // Forces the next find() of this tenant to re-check its version.
  void invalidate(const core::TenantId& tenant);

  std::string issuerFor(std::string_view slug) const { return public_base_url_ + "/t/" + std::string(slug); }

 private:
  struct Entry {
    std::shared_ptr<const TenantSnapshot> snapshot;  // null: no such tenant
    std::atomic<std::int64_t> checked_at_ms{0};
  };

  core::Result<std::shared_ptr<const TenantSnapshot>> refresh(const std::string& slug,
                                                              const std::shared_ptr<Entry>& stale);
  core::Result<std::shared_ptr<const TenantSnapshot>> build(const store::TenantRecord& row);
  void store(const std::string& slug, std::shared_ptr<const TenantSnapshot> snapshot);

  store::Database& db_;
  const core::Clock& clock_;
  const std::int64_t refresh_ms_;
  const std::string public_base_url_;
  store::TenantRepository tenants_;
  store::ApplicationRepository apps_;
  std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Entry>> by_slug_;
  std::mutex refresh_mutex_;  // one database refresh at a time
};

}  // namespace sigid::oauth
