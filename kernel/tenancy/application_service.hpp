#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "store/repositories/application_repository.hpp"
#include "store/repositories/tenant_repository.hpp"
#include "tenancy/application.hpp"
#include "tenancy/tenant_service.hpp"

namespace sigid::tenancy {

struct NewApplication {
  ClientType type = ClientType::Confidential;
  ApplicationChange fields;  // name is required; the rest default
};

// An application with its client secret in plaintext: returned by create and
// regenerate only, the one time the secret is ever visible.
struct ApplicationWithSecret {
  Application application;
  std::optional<std::string> client_secret;  // absent for public clients
};

struct ApplicationList {
  std::vector<Application> items;
  std::optional<std::string> next_cursor;
};

// Applications (OAuth clients) of a tenant. Every change commits with its audit
// row and a bump of the tenant's config_version in one transaction: that bump is
// how the token endpoint's caches on every node learn of it (DESIGN.md §10).
// Ids of another tenant's applications are simply not found (404).
class ApplicationService {
 public:
  using ChangeListener = std::function<void(const core::TenantId&)>;

  ApplicationService(store::Database& db, const core::Clock& clock, TenantService& tenants, bool production)
      : db_(db), clock_(clock), tenants_(tenants), production_(production) {}

  // Called after each committed change, so this node's caches drop the tenant at once.
  void onChange(ChangeListener listener) { listeners_.push_back(std::move(listener)); }

  core::Result<ApplicationWithSecret> create(const core::Actor& actor, const Tenant& tenant, const NewApplication& request);
  core::Result<ApplicationList> list(const Tenant& tenant, std::size_t limit, const std::optional<std::string>& cursor);
  core::Result<Application> get(const Tenant& tenant, std::string_view id);
  core::Result<Application> update(const core::Actor& actor, const Tenant& tenant, std::string_view id,
                                   const ApplicationChange& change);
  // Deactivates (the row and its audit trail stay); idempotent.
  core::Result<Application> deactivate(const core::Actor& actor, const Tenant& tenant, std::string_view id);
  // A new secret; the old one stops working at once, or after `grace_seconds`.
  core::Result<ApplicationWithSecret> regenerateSecret(const core::Actor& actor, const Tenant& tenant,
                                                       std::string_view id, std::int64_t grace_seconds);

 private:
  // Returns whether it changed the record (false: an idempotent repeat).
  using Mutation = std::function<core::Result<bool>(store::ApplicationRecord&)>;
  core::Result<Application> mutate(const core::Actor& actor, const Tenant& tenant, std::string_view id,
                                   std::string event, const Mutation& change);
  core::Result<void> commitChange(store::Connection& c, const core::Actor& actor, const Tenant& tenant,
                                  const std::string& event, const std::string& data);
  void notify(const core::TenantId& tenant) const;

  store::Database& db_;
  const core::Clock& clock_;
  TenantService& tenants_;
  bool production_;
  store::ApplicationRepository apps_;
  store::TenantRepository tenant_rows_;
  std::vector<ChangeListener> listeners_;  // set during wiring, read-only afterwards
};

core::Result<Application> applicationFromRecord(const store::ApplicationRecord& record);

}  // namespace sigid::tenancy
