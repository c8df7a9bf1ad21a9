#pragma once

#include <functional>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "events/event_recorder.hpp"
#include "events/event_types.hpp"
#include "store/database.hpp"
#include "store/repositories/audit_repository.hpp"
#include "store/repositories/tenant_repository.hpp"
#include "tenancy/tenant.hpp"

namespace sigid::tenancy {

struct NewTenant {
  std::string name;
  std::string slug;
  std::string plan = "free";
  TenantSettings settings;
};

struct TenantProfileChange {
  std::optional<std::string> name;
  std::optional<std::string> plan;
};

struct TenantList {
  std::vector<Tenant> items;
  std::optional<std::string> next_cursor;
};

// Tenant lifecycle. Every change and its audit row commit in one transaction.
class TenantService {
 public:
  TenantService(store::Database& db, const core::Clock& clock) : db_(db), clock_(clock) {}

  // Called after a change to a tenant (status, profile, settings) has
  // committed, so caches on this node (the protocol endpoints' tenant
  // directory) drop it at once instead of waiting for their refresh interval.
  using ChangeListener = std::function<void(const core::TenantId&)>;
  void onChange(ChangeListener listener) { listeners_.push_back(std::move(listener)); }

  core::Result<Tenant> provision(const core::Actor& actor, const NewTenant& request);
  // By UUID or by slug. NotFound when neither matches.
  core::Result<Tenant> find(std::string_view id_or_slug);
  // As find, but a suspended tenant is ErrorCode::TenantSuspended: the gate for
  // every tenant-scoped call.
  core::Result<Tenant> findActive(std::string_view id_or_slug);
  core::Result<TenantList> list(std::size_t limit, const std::optional<std::string>& cursor);

  core::Result<Tenant> suspend(const core::Actor& actor, std::string_view id_or_slug);
  core::Result<Tenant> reactivate(const core::Actor& actor, std::string_view id_or_slug);
  core::Result<Tenant> updateProfile(const core::Actor& actor, std::string_view id_or_slug,
                                     const TenantProfileChange& change);
  core::Result<Tenant> replaceSettings(const core::Actor& actor, std::string_view id_or_slug,
                                       const TenantSettings& settings);

  // Records an event for the tenant inside the caller's transaction: the
  // hash-chained audit row and an outbox row per matching webhook subscription
  // commit with the change (events/event_recorder.hpp). This form targets the
  // tenant itself with outcome success; the DomainEvent form names any target
  // and outcome. Types: events::types (events/event_types.hpp).
  core::Result<void> audit(store::Connection& c, const core::Actor& actor, const Tenant& tenant, std::string type,
                           std::string data_json);
  core::Result<void> audit(store::Connection& c, const core::Actor& actor, const Tenant& tenant,
                           const events::DomainEvent& event);

 private:
  core::Result<Tenant> setStatus(const core::Actor& actor, std::string_view id_or_slug, TenantStatus status);
  core::Result<Tenant> load(store::Connection& c, std::string_view id_or_slug);
  Tenant changed(Tenant tenant) const;  // tells the listeners, hands the tenant back

  store::Database& db_;
  const core::Clock& clock_;
  store::TenantRepository tenants_;
  events::EventRecorder recorder_{clock_};
  std::vector<ChangeListener> listeners_;  // set during wiring, read-only afterwards
};

core::Result<Tenant> tenantFromRecord(const store::TenantRecord& record);

}  // namespace sigid::tenancy
