#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/policy_repository.hpp"
#include "store/repositories/tenant_repository.hpp"

namespace sigid::policy {

// Records an audit event inside the change's transaction. The caller binds the
// tenant and actor (tenancy::TenantService::audit), so this module needs no
// tenancy dependency.
using ChangeAudit = std::function<core::Result<void>(store::Connection&, std::string type, std::string data_json)>;

// How a new version enters service.
enum class Rollout { Inactive, Active, Shadow };
std::optional<Rollout> parseRollout(std::string_view text);  // inactive | active | shadow

struct NewPolicy {
  std::string name;
  std::string description;
  std::int64_t priority = 100;
  std::string source;
  Rollout rollout = Rollout::Inactive;
};

struct PolicyDetails {
  store::PolicyRecord policy;
  std::vector<store::PolicyVersionRecord> versions;  // metadata, newest first
};

// The policy lifecycle (create, version, activate, roll back, shadow). Every
// change validates first (a syntax error is a 400 naming the line), then
// writes, bumps the tenant's config_version (so every node's compiled cache
// notices) and records its audit event, all in one transaction. Policies are
// addressed by id or by name, always within the tenant: another tenant's
// policy is "no such policy", exactly like a missing one.
class PolicyLifecycle {
 public:
  PolicyLifecycle(store::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  core::Result<store::PolicyRecord> create(const store::TenantScope& tenant, const core::Actor& actor,
                                           const NewPolicy& request, const ChangeAudit& audit);
  core::Result<std::vector<store::PolicyRecord>> list(const store::TenantScope& tenant);
  core::Result<PolicyDetails> get(const store::TenantScope& tenant, std::string_view policy);
  core::Result<store::PolicyVersionRecord> getVersion(const store::TenantScope& tenant, std::string_view policy,
                                                      std::int64_t version);

  core::Result<store::PolicyVersionRecord> addVersion(const store::TenantScope& tenant, const core::Actor& actor,
                                                      std::string_view policy, const std::string& source,
                                                      Rollout rollout, const ChangeAudit& audit);
  core::Result<store::PolicyRecord> activate(const store::TenantScope& tenant, std::string_view policy,
                                             std::int64_t version, const ChangeAudit& audit);
  // Back to the version active before the current one (again: forward again).
  core::Result<store::PolicyRecord> rollback(const store::TenantScope& tenant, std::string_view policy,
                                             const ChangeAudit& audit);
  core::Result<store::PolicyRecord> deactivate(const store::TenantScope& tenant, std::string_view policy,
                                               const ChangeAudit& audit);
  // nullopt stops the shadow run.
  core::Result<store::PolicyRecord> setShadow(const store::TenantScope& tenant, std::string_view policy,
                                              std::optional<std::int64_t> version, const ChangeAudit& audit);
  core::Result<store::PolicyRecord> updateSettings(const store::TenantScope& tenant, std::string_view policy,
                                                   std::optional<std::string> description,
                                                   std::optional<std::int64_t> priority, const ChangeAudit& audit);

  // "allow" | "deny"; `platform_default` when the tenant has not chosen.
  core::Result<std::string> defaultDecision(const store::TenantScope& tenant, const std::string& platform_default);
  core::Result<void> setDefaultDecision(const store::TenantScope& tenant, const std::string& decision,
                                        const ChangeAudit& audit);

 private:
  using Mutation = std::function<core::Result<std::string>(store::Connection&, store::PolicyRecord&)>;
  // Loads the policy, applies `mutate` (which returns the audit event type),
  // saves it, bumps config_version and audits — one transaction.
  core::Result<store::PolicyRecord> change(const store::TenantScope& tenant, std::string_view policy,
                                           const Mutation& mutate, const ChangeAudit& audit);
  core::Result<store::PolicyRecord> find(const store::TenantScope& tenant, store::Connection& c,
                                         std::string_view policy);

  store::Database& db_;
  const core::Clock& clock_;
  store::PolicyRepository policies_;
  store::TenantRepository tenants_;
};

// Validation shared with the admin API and the CLI.
core::Result<void> validatePolicyName(std::string_view name);
core::Result<void> validatePolicySource(std::string_view name, std::string_view source);

}  // namespace sigid::policy
