#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sigid::tenancy {

// The prefix lets secret scanners recognise a leaked API key.
inline constexpr std::string_view kApiKeyPrefix = "sigid_ak_";

// What a tenant API key may do on /api/v1/tenants/{tenant}/... (docs/operators.md
// "Control-plane scopes"). System credentials may do everything.
inline constexpr std::string_view kScopeApplications = "admin:applications";  // manage OAuth clients
inline constexpr std::string_view kScopeApiKeys = "admin:api-keys";           // manage API keys
inline constexpr std::string_view kScopeSettings = "admin:settings";          // read/update tenant settings
inline constexpr std::string_view kScopeKeys = "admin:keys";                  // rotate signing keys
inline constexpr std::string_view kScopeAudit = "admin:audit";                // read, export, verify the audit log
inline constexpr std::string_view kScopeWebhooks = "admin:webhooks";          // manage webhooks and deliveries
inline constexpr std::string_view kScopeUsers = "admin:users";                // users, their sessions, invitations
inline constexpr std::string_view kScopePolicies = "admin:policies";          // write, version, activate policies
inline constexpr std::string_view kScopeAuthzCheck = "authz:check";           // ask the check endpoint for decisions
inline constexpr std::array<std::string_view, 9> kAdminScopes = {
    kScopeApplications, kScopeApiKeys, kScopeSettings, kScopeKeys,      kScopeAudit,
    kScopeWebhooks,     kScopeUsers,   kScopePolicies, kScopeAuthzCheck};

struct ApiKey {
  std::string id;
  std::string name;
  std::string hint;  // the first characters after the prefix
  std::vector<std::string> scopes;
  std::optional<std::int64_t> expires_at;
  std::int64_t created_at = 0;
  std::int64_t usage_count = 0;  // as flushed to the database, plus what this node has counted since
  std::optional<std::int64_t> last_used_at;

  bool expired(std::int64_t now) const { return expires_at && *expires_at <= now; }
  bool hasScope(std::string_view scope) const;
};

}  // namespace sigid::tenancy
