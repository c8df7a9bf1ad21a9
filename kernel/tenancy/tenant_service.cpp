#include "tenancy/tenant_service.hpp"

#include "core/page_cursor.hpp"
#include "core/encoding.hpp"
#include "core/ids.hpp"
#include "store/autocommit.hpp"

namespace sigid::tenancy {

using core::Error;
using core::ErrorCode;
using core::Result;

Result<Tenant> tenantFromRecord(const store::TenantRecord& r) {
  SIGID_TRY(TenantSettings settings, settingsFromJson(r.settings));
  return Tenant{core::TenantId(r.id),
                r.slug,
                r.name,
                r.plan,
                r.status == "suspended" ? TenantStatus::Suspended : TenantStatus::Active,
                std::move(settings),
                r.config_version,
                r.created_at,
                r.updated_at};
}

Result<Tenant> TenantService::load(store::Connection& c, std::string_view id_or_slug) {
  Result<std::optional<store::TenantRecord>> found = std::optional<store::TenantRecord>{};
  if (auto uuid = core::Uuid::parse(id_or_slug)) {
    found = tenants_.findById(c, uuid->str());
  } else {
    // Anything that is neither a UUID nor a well-formed slug cannot name a tenant.
    if (!validateSlug(id_or_slug, "tenant").ok() && id_or_slug != core::kSystemTenantSlug)
      return Error::invalidRequest("tenant: expected a tenant UUID or slug");
    found = tenants_.findBySlug(c, std::string(id_or_slug));
  }
  if (!found) return std::move(found).error();
  if (!found->has_value()) return Error::notFound("no such tenant");
  return tenantFromRecord(**found);
}

Result<Tenant> TenantService::find(std::string_view id_or_slug) {
  store::AutoCommit c(db_);
  return load(c, id_or_slug);
}

Result<Tenant> TenantService::findActive(std::string_view id_or_slug) {
  SIGID_TRY(Tenant tenant, find(id_or_slug));
  if (tenant.status == TenantStatus::Suspended)
    return Error(ErrorCode::TenantSuspended, "the tenant is suspended; its data is kept until it is reactivated");
  return tenant;
}

Result<TenantList> TenantService::list(std::size_t limit, const std::optional<std::string>& cursor) {
  SIGID_TRY(std::optional<std::string> after, core::decodePageCursor(cursor));
  store::AutoCommit c(db_);
  SIGID_TRY(store::TenantPage page, tenants_.list(c, limit, after));
  TenantList out;
  for (const auto& record : page.items) {
    SIGID_TRY(Tenant t, tenantFromRecord(record));
    out.items.push_back(std::move(t));
  }
  if (page.next_after_id) out.next_cursor = core::encodePageCursor(*page.next_after_id);
  return out;
}

Result<void> TenantService::audit(store::Connection& c, const core::Actor& actor, const Tenant& tenant,
                                  std::string type, std::string data_json) {
  return audit(c, actor, tenant,
               events::DomainEvent{std::move(type), "tenant", tenant.id.str(), events::Outcome::Success,
                                   std::move(data_json)});
}

Result<void> TenantService::audit(store::Connection& c, const core::Actor& actor, const Tenant& tenant,
                                  const events::DomainEvent& event) {
  return recorder_.record(c, store::TenantScope(tenant.id), actor, event);
}

Result<Tenant> TenantService::provision(const core::Actor& actor, const NewTenant& request) {
  SIGID_CHECK(validateTenantName(request.name));
  SIGID_CHECK(validateSlug(request.slug));
  SIGID_CHECK(validatePlan(request.plan));
  const auto now = clock_.nowSeconds();
  Tenant tenant{core::TenantId(core::Uuid::v7()), request.slug, request.name, request.plan, TenantStatus::Active,
                request.settings, 1, now, now};
  auto committed = db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_CHECK(tenants_.insert(c, store::TenantRecord{tenant.id.str(), tenant.slug, tenant.name, tenant.plan,
                                                       "active", settingsToJson(tenant.settings), 1, now, now}));
    return audit(c, actor, tenant, "tenant.provisioned",
                 R"({"slug":")" + tenant.slug + R"(","plan":")" + tenant.plan + R"("})");
  });
  if (!committed) {
    if (committed.error().code() == ErrorCode::Conflict)
      return Error::conflict("slug: a tenant with this slug already exists");
    return std::move(committed).error();
  }
  return tenant;
}

Result<Tenant> TenantService::setStatus(const core::Actor& actor, std::string_view id_or_slug, TenantStatus status) {
  std::optional<Tenant> result;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(Tenant tenant, load(c, id_or_slug));
    if (tenant.isSystem()) return Error::conflict("the system tenant cannot be suspended or reactivated");
    if (tenant.status != status) {  // idempotent: a repeated call changes nothing and records nothing
      const auto now = clock_.nowSeconds();
      SIGID_CHECK(tenants_.updateStatus(store::TenantScope(tenant.id), c, std::string(toString(status)), now));
      tenant.status = status;
      tenant.updated_at = now;
      ++tenant.config_version;
      SIGID_CHECK(audit(c, actor, tenant,
                        status == TenantStatus::Suspended ? "tenant.suspended" : "tenant.reactivated", "{}"));
    }
    result = std::move(tenant);
    return core::success();
  }));
  return changed(std::move(*result));
}

Tenant TenantService::changed(Tenant tenant) const {
  for (const auto& listener : listeners_) listener(tenant.id);
  return tenant;
}

Result<Tenant> TenantService::suspend(const core::Actor& actor, std::string_view id_or_slug) {
  return setStatus(actor, id_or_slug, TenantStatus::Suspended);
}

Result<Tenant> TenantService::reactivate(const core::Actor& actor, std::string_view id_or_slug) {
  return setStatus(actor, id_or_slug, TenantStatus::Active);
}

Result<Tenant> TenantService::updateProfile(const core::Actor& actor, std::string_view id_or_slug,
                                            const TenantProfileChange& change) {
  if (change.name) SIGID_CHECK(validateTenantName(*change.name));
  if (change.plan) SIGID_CHECK(validatePlan(*change.plan));
  std::optional<Tenant> result;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(Tenant tenant, load(c, id_or_slug));
    if (change.name) tenant.name = *change.name;
    if (change.plan) tenant.plan = *change.plan;
    const auto now = clock_.nowSeconds();
    SIGID_CHECK(tenants_.updateProfile(store::TenantScope(tenant.id), c, tenant.name, tenant.plan, now));
    tenant.updated_at = now;
    ++tenant.config_version;
    SIGID_CHECK(audit(c, actor, tenant, "tenant.updated", R"({"plan":")" + tenant.plan + R"("})"));
    result = std::move(tenant);
    return core::success();
  }));
  return changed(std::move(*result));
}

Result<Tenant> TenantService::replaceSettings(const core::Actor& actor, std::string_view id_or_slug,
                                              const TenantSettings& settings) {
  std::optional<Tenant> result;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(Tenant tenant, load(c, id_or_slug));
    tenant.settings = settings;
    const auto now = clock_.nowSeconds();
    SIGID_CHECK(tenants_.updateSettings(store::TenantScope(tenant.id), c, settingsToJson(settings), now));
    tenant.updated_at = now;
    ++tenant.config_version;
    SIGID_CHECK(audit(c, actor, tenant, "tenant.settings_updated", "{}"));
    result = std::move(tenant);
    return core::success();
  }));
  return changed(std::move(*result));
}

}  // namespace sigid::tenancy

