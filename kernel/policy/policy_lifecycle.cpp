#include "policy/policy_lifecycle.hpp"

#include <algorithm>

#include "core/hashing.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "policy/lua_sandbox.hpp"
#include "store/autocommit.hpp"

namespace sigid::policy {
namespace {

using core::Error;
using core::Result;

constexpr std::size_t kMaxSourceBytes = 256 * 1024;
constexpr std::int64_t kMaxPriority = 10000;

std::string json(std::initializer_list<std::pair<std::string_view, std::string>> fields) {
  std::string out = "{";
  for (const auto& [k, v] : fields) {
    if (out.size() > 1) out += ',';
    core::appendJsonString(out, k);
    out += ':';
    out += v;
  }
  return out + "}";
}

std::string quoted(std::string_view text) {
  std::string out;
  core::appendJsonString(out, text);
  return out;
}

std::string versionOrNull(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : "null"; }

}  // namespace

std::optional<Rollout> parseRollout(std::string_view text) {
  if (text == "inactive") return Rollout::Inactive;
  if (text == "active") return Rollout::Active;
  if (text == "shadow") return Rollout::Shadow;
  return std::nullopt;
}

Result<void> validatePolicyName(std::string_view name) {
  auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'; };
  if (name.empty() || name.size() > 64 || !(name[0] >= 'a' && name[0] <= 'z') ||
      !std::all_of(name.begin(), name.end(), ok))
    return Error::invalidRequest("name: 1 to 64 characters of a-z, 0-9, '_' and '-', starting with a letter");
  if (core::Uuid::parse(name)) return Error::invalidRequest("name: must not look like an id");
  return core::success();
}

Result<void> validatePolicySource(std::string_view name, std::string_view source) {
  if (source.empty()) return Error::invalidRequest("source: must not be empty");
  if (source.size() > kMaxSourceBytes)
    return Error::invalidRequest("source: larger than " + std::to_string(kMaxSourceBytes) + " bytes");
  return checkPolicySyntax(name, source);
}

Result<store::PolicyRecord> PolicyLifecycle::find(const store::TenantScope& tenant, store::Connection& c,
                                                  std::string_view policy) {
  Result<std::optional<store::PolicyRecord>> found = std::optional<store::PolicyRecord>{};
  if (auto id = core::Uuid::parse(policy)) found = policies_.findById(tenant, c, id->str());
  else found = policies_.findByName(tenant, c, std::string(policy));
  if (!found) return std::move(found).error();
  if (!found->has_value()) return Error::notFound("no such policy");
  return std::move(**found);
}

Result<store::PolicyRecord> PolicyLifecycle::create(const store::TenantScope& tenant, const core::Actor& actor,
                                                    const NewPolicy& request, const ChangeAudit& audit) {
  SIGID_CHECK(validatePolicyName(request.name));
  if (request.priority < 0 || request.priority > kMaxPriority)
    return Error::invalidRequest("priority: expected a whole number from 0 to " + std::to_string(kMaxPriority));
  if (request.description.size() > 1000) return Error::invalidRequest("description: at most 1000 characters");
  SIGID_CHECK(validatePolicySource(request.name, request.source));
  const auto now = clock_.nowSeconds();
  store::PolicyRecord policy{core::Uuid::v7().str(), request.name, request.description, request.priority, 1,
                             std::nullopt, std::nullopt, std::nullopt, now, now};
  if (request.rollout == Rollout::Active) policy.active_version = 1;
  if (request.rollout == Rollout::Shadow) policy.shadow_version = 1;
  auto committed = db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_CHECK(policies_.insert(tenant, c, policy));
    SIGID_CHECK(policies_.insertVersion(
        tenant, c, {policy.id, 1, request.source, core::sha256Hex(request.source), actor.type + ":" + actor.id, now}));
    SIGID_CHECK(tenants_.bumpConfigVersion(tenant, c, now));
    return audit(c, "policy.created",
                 json({{"policy_id", quoted(policy.id)}, {"name", quoted(policy.name)}, {"version", "1"},
                       {"active_version", versionOrNull(policy.active_version)},
                       {"shadow_version", versionOrNull(policy.shadow_version)}}));
  });
  if (!committed) {
    if (committed.error().code() == core::ErrorCode::Conflict)
      return Error::conflict("name: a policy with this name already exists");
    return std::move(committed).error();
  }
  return policy;
}

Result<std::vector<store::PolicyRecord>> PolicyLifecycle::list(const store::TenantScope& tenant) {
  store::AutoCommit c(db_);
  return policies_.list(tenant, c);
}

Result<PolicyDetails> PolicyLifecycle::get(const store::TenantScope& tenant, std::string_view policy) {
  store::AutoCommit c(db_);
  SIGID_TRY(store::PolicyRecord record, find(tenant, c, policy));
  SIGID_TRY(auto versions, policies_.listVersions(tenant, c, record.id));
  return PolicyDetails{std::move(record), std::move(versions)};
}

Result<store::PolicyVersionRecord> PolicyLifecycle::getVersion(const store::TenantScope& tenant,
                                                               std::string_view policy, std::int64_t version) {
  store::AutoCommit c(db_);
  SIGID_TRY(store::PolicyRecord record, find(tenant, c, policy));
  SIGID_TRY(auto found, policies_.findVersion(tenant, c, record.id, version));
  if (!found) return Error::notFound("no such policy version");
  return std::move(*found);
}

Result<store::PolicyRecord> PolicyLifecycle::change(const store::TenantScope& tenant, std::string_view policy,
                                                    const Mutation& mutate, const ChangeAudit& audit) {
  std::optional<store::PolicyRecord> result;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(store::PolicyRecord record, find(tenant, c, policy));
    SIGID_TRY(std::string event, mutate(c, record));
    const auto now = clock_.nowSeconds();
    record.updated_at = now;
    SIGID_CHECK(policies_.update(tenant, c, record));
    SIGID_CHECK(tenants_.bumpConfigVersion(tenant, c, now));
    SIGID_CHECK(audit(c, event,
                      json({{"policy_id", quoted(record.id)}, {"name", quoted(record.name)},
                            {"active_version", versionOrNull(record.active_version)},
                            {"previous_version", versionOrNull(record.previous_version)},
                            {"shadow_version", versionOrNull(record.shadow_version)},
                            {"latest_version", std::to_string(record.latest_version)}})));
    result = std::move(record);
    return core::success();
  }));
  return std::move(*result);
}

Result<store::PolicyVersionRecord> PolicyLifecycle::addVersion(const store::TenantScope& tenant,
                                                               const core::Actor& actor, std::string_view policy,
                                                               const std::string& source, Rollout rollout,
                                                               const ChangeAudit& audit) {
  std::optional<store::PolicyVersionRecord> added;
  SIGID_CHECK(change(tenant, policy, [&](store::Connection& c, store::PolicyRecord& record) -> Result<std::string> {
    SIGID_CHECK(validatePolicySource(record.name, source));
    const auto now = clock_.nowSeconds();
    added = store::PolicyVersionRecord{record.id, record.latest_version + 1, source, core::sha256Hex(source),
                                       actor.type + ":" + actor.id, now};
    SIGID_CHECK(policies_.insertVersion(tenant, c, *added));
    record.latest_version = added->version;
    if (rollout == Rollout::Active) {
      if (record.active_version) record.previous_version = record.active_version;
      record.active_version = added->version;
      if (record.shadow_version == added->version) record.shadow_version.reset();
    } else if (rollout == Rollout::Shadow) {
      record.shadow_version = added->version;
    }
    return std::string("policy.version_created");
  }, audit));
  return std::move(*added);
}

Result<store::PolicyRecord> PolicyLifecycle::activate(const store::TenantScope& tenant, std::string_view policy,
                                                      std::int64_t version, const ChangeAudit& audit) {
  return change(tenant, policy, [&](store::Connection& c, store::PolicyRecord& record) -> Result<std::string> {
    SIGID_TRY(auto found, policies_.findVersion(tenant, c, record.id, version));
    if (!found) return Error::notFound("no such policy version");
    if (record.active_version != version) {
      record.previous_version = record.active_version;
      record.active_version = version;
    }
    if (record.shadow_version == version) record.shadow_version.reset();  // the candidate graduated
    return std::string("policy.activated");
  }, audit);
}

Result<store::PolicyRecord> PolicyLifecycle::rollback(const store::TenantScope& tenant, std::string_view policy,
                                                      const ChangeAudit& audit) {
  return change(tenant, policy, [&](store::Connection&, store::PolicyRecord& record) -> Result<std::string> {
    if (!record.previous_version)
      return Error::conflict("policy has no previous version to roll back to");
    std::swap(record.active_version, record.previous_version);
    return std::string("policy.rolled_back");
  }, audit);
}

Result<store::PolicyRecord> PolicyLifecycle::deactivate(const store::TenantScope& tenant, std::string_view policy,
                                                        const ChangeAudit& audit) {
  return change(tenant, policy, [&](store::Connection&, store::PolicyRecord& record) -> Result<std::string> {
    if (record.active_version) record.previous_version = record.active_version;
    record.active_version.reset();
    return std::string("policy.deactivated");
  }, audit);
}

Result<store::PolicyRecord> PolicyLifecycle::setShadow(const store::TenantScope& tenant, std::string_view policy,
                                                       std::optional<std::int64_t> version, const ChangeAudit& audit) {
  return change(tenant, policy, [&](store::Connection& c, store::PolicyRecord& record) -> Result<std::string> {
    if (version) {
      SIGID_TRY(auto found, policies_.findVersion(tenant, c, record.id, *version));
      if (!found) return Error::notFound("no such policy version");
    }
    record.shadow_version = version;
    return std::string(version ? "policy.shadow_started" : "policy.shadow_stopped");
  }, audit);
}

Result<store::PolicyRecord> PolicyLifecycle::updateSettings(const store::TenantScope& tenant, std::string_view policy,
                                                            std::optional<std::string> description,
                                                            std::optional<std::int64_t> priority,
                                                            const ChangeAudit& audit) {
  if (priority && (*priority < 0 || *priority > kMaxPriority))
    return Error::invalidRequest("priority: expected a whole number from 0 to " + std::to_string(kMaxPriority));
  if (description && description->size() > 1000) return Error::invalidRequest("description: at most 1000 characters");
  return change(tenant, policy, [&](store::Connection&, store::PolicyRecord& record) -> Result<std::string> {
    if (description) record.description = *description;
    if (priority) record.priority = *priority;
    return std::string("policy.updated");
  }, audit);
}

Result<std::string> PolicyLifecycle::defaultDecision(const store::TenantScope& tenant,
                                                     const std::string& platform_default) {
  store::AutoCommit c(db_);
  SIGID_TRY(auto chosen, policies_.defaultDecision(tenant, c));
  return chosen.value_or(platform_default);
}

Result<void> PolicyLifecycle::setDefaultDecision(const store::TenantScope& tenant, const std::string& decision,
                                                 const ChangeAudit& audit) {
  if (decision != "allow" && decision != "deny") return Error::invalidRequest("default_decision: expected allow or deny");
  return db_.transaction([&](store::Connection& c) -> Result<void> {
    const auto now = clock_.nowSeconds();
    SIGID_CHECK(policies_.setDefaultDecision(tenant, c, decision, now));
    SIGID_CHECK(tenants_.bumpConfigVersion(tenant, c, now));
    return audit(c, "policy.default_decision_changed", json({{"default_decision", quoted(decision)}}));
  });
}

}  // namespace sigid::policy
