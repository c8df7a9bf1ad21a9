#include "tenancy/application_service.hpp"

#include "core/page_cursor.hpp"
#include "core/encoding.hpp"
#include "core/hashing.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "store/autocommit.hpp"

namespace sigid::tenancy {
namespace {

using core::Error;
using core::Result;

std::string newSecret() { return std::string(kClientSecretPrefix) + core::randomToken(32); }

// Ids that are not UUIDs cannot exist: answer exactly as for a missing one.
Error notFound() { return Error::notFound("no such application"); }

void applyChange(Application& app, const ApplicationChange& change) {
  if (change.name) app.name = *change.name;
  if (change.grant_types) app.grant_types = *change.grant_types;
  if (change.redirect_uris) app.redirect_uris = *change.redirect_uris;
  if (change.allowed_origins) app.allowed_origins = *change.allowed_origins;
  if (change.post_logout_redirect_uris) app.post_logout_redirect_uris = *change.post_logout_redirect_uris;
  if (change.scopes) app.scopes = *change.scopes;
  if (change.audience) app.audience = *change.audience;
  if (change.access_token_ttl) app.access_token_ttl = *change.access_token_ttl;
}

Result<void> applySigningAlg(Application& app, const std::optional<std::string>& alg) {
  if (!alg) return core::success();
  auto parsed = core::crypto::parseJwsAlgorithm(*alg);
  if (!parsed) return Error::invalidRequest("signing_alg: expected ES256, RS256 or EdDSA");
  app.signing_alg = *parsed;
  return core::success();
}

void copyToRecord(const Application& app, store::ApplicationRecord& r) {
  r.name = app.name;
  r.status = app.active ? "active" : "inactive";
  r.grant_types = joinSpaced(app.grant_types);
  r.redirect_uris = joinSpaced(app.redirect_uris);
  r.allowed_origins = joinSpaced(app.allowed_origins);
  r.post_logout_redirect_uris = joinSpaced(app.post_logout_redirect_uris);
  r.scopes = joinSpaced(app.scopes);
  r.audience = app.audience;
  r.access_token_ttl = app.access_token_ttl;
  r.signing_alg = std::string(core::crypto::toString(app.signing_alg));
}

std::string auditData(const Application& app) {
  return R"({"client_id":")" + app.client_id + R"(","name":)" + [&] {
    std::string quoted;
    core::appendJsonString(quoted, app.name);
    return quoted;
  }() + "}";
}

}  // namespace

Result<Application> applicationFromRecord(const store::ApplicationRecord& r) {
  auto alg = core::crypto::parseJwsAlgorithm(r.signing_alg);
  if (!alg) return Error::internal("stored application has an unknown signing_alg");
  return Application{r.id,
                     r.client_id,
                     r.name,
                     r.client_type == "public" ? ClientType::Public : ClientType::Confidential,
                     r.status == "active",
                     splitSpaced(r.grant_types),
                     splitSpaced(r.redirect_uris),
                     splitSpaced(r.allowed_origins),
                     splitSpaced(r.scopes),
                     r.audience,
                     r.access_token_ttl,
                     *alg,
                     r.previous_secret_sha256 ? r.previous_secret_expires_at : std::nullopt,
                     r.created_at,
                     r.updated_at,
                     splitSpaced(r.post_logout_redirect_uris)};
}

void ApplicationService::notify(const core::TenantId& tenant) const {
  for (const auto& listener : listeners_) listener(tenant);
}

Result<void> ApplicationService::commitChange(store::Connection& c, const core::Actor& actor, const Tenant& tenant,
                                              const std::string& event, const std::string& data) {
  // The version bump is what other nodes' caches poll for (DESIGN.md §10).
  SIGID_CHECK(tenant_rows_.bumpConfigVersion(store::TenantScope(tenant.id), c, clock_.nowSeconds()));
  return tenants_.audit(c, actor, tenant, event, data);
}

Result<ApplicationWithSecret> ApplicationService::create(const core::Actor& actor, const Tenant& tenant,
                                                         const NewApplication& request) {
  if (!request.fields.name) return Error::invalidRequest("name: is required");
  const auto now = clock_.nowSeconds();
  Application app;
  app.id = core::Uuid::v7().str();
  app.client_id = core::randomToken(16);  // 128 bits: public, but not guessable or enumerable
  app.type = request.type;
  app.grant_types = {std::string(request.type == ClientType::Confidential ? kGrantClientCredentials
                                                                          : kGrantAuthorizationCode)};
  applyChange(app, request.fields);
  SIGID_CHECK(applySigningAlg(app, request.fields.signing_alg));
  app.created_at = app.updated_at = now;
  SIGID_CHECK(validateApplication(app, production_));

  std::optional<std::string> secret;
  store::ApplicationRecord record;
  record.id = app.id;
  record.client_id = app.client_id;
  record.client_type = std::string(toString(app.type));
  if (app.type == ClientType::Confidential) {
    secret = newSecret();
    record.secret_sha256 = core::sha256Hex(*secret);  // DESIGN.md §9: high-entropy, so SHA-256 suffices
  }
  copyToRecord(app, record);
  record.created_at = record.updated_at = now;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_CHECK(apps_.insert(store::TenantScope(tenant.id), c, record));
    return commitChange(c, actor, tenant, "application.created", auditData(app));
  }));
  notify(tenant.id);
  return ApplicationWithSecret{std::move(app), std::move(secret)};
}

Result<ApplicationList> ApplicationService::list(const Tenant& tenant, std::size_t limit,
                                                 const std::optional<std::string>& cursor) {
  SIGID_TRY(std::optional<std::string> after, core::decodePageCursor(cursor));
  store::AutoCommit c(db_);
  SIGID_TRY(store::ApplicationPage page, apps_.list(store::TenantScope(tenant.id), c, limit, after));
  ApplicationList out;
  for (const auto& record : page.items) {
    SIGID_TRY(Application app, applicationFromRecord(record));
    out.items.push_back(std::move(app));
  }
  if (page.next_after_id) out.next_cursor = core::encodePageCursor(*page.next_after_id);
  return out;
}

Result<Application> ApplicationService::get(const Tenant& tenant, std::string_view id) {
  auto uuid = core::Uuid::parse(id);
  if (!uuid) return notFound();
  store::AutoCommit c(db_);
  SIGID_TRY(auto found, apps_.findById(store::TenantScope(tenant.id), c, uuid->str()));
  if (!found) return notFound();
  return applicationFromRecord(*found);
}

Result<Application> ApplicationService::mutate(const core::Actor& actor, const Tenant& tenant, std::string_view id,
                                               std::string event, const Mutation& change) {
  auto uuid = core::Uuid::parse(id);
  if (!uuid) return notFound();
  const store::TenantScope scope(tenant.id);
  std::optional<Application> result;
  bool changed = false;
  SIGID_CHECK(db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_TRY(auto found, apps_.findById(scope, c, uuid->str()));
    if (!found) return notFound();
    store::ApplicationRecord record = std::move(*found);
    SIGID_TRY(changed, change(record));
    if (!changed) {  // an idempotent repeat: no write, no audit
      SIGID_TRY(result, applicationFromRecord(record));
      return core::success();
    }
    record.updated_at = clock_.nowSeconds();
    SIGID_CHECK(apps_.update(scope, c, record));
    SIGID_TRY(result, applicationFromRecord(record));
    return commitChange(c, actor, tenant, event, auditData(*result));
  }));
  if (changed) notify(tenant.id);
  return std::move(*result);
}

Result<Application> ApplicationService::update(const core::Actor& actor, const Tenant& tenant, std::string_view id,
                                               const ApplicationChange& change) {
  return mutate(actor, tenant, id, "application.updated", [&](store::ApplicationRecord& record) -> Result<bool> {
    if (record.status != "active") return Error::conflict("the application is deactivated");
    SIGID_TRY(Application app, applicationFromRecord(record));
    applyChange(app, change);
    SIGID_CHECK(applySigningAlg(app, change.signing_alg));
    SIGID_CHECK(validateApplication(app, production_));
    copyToRecord(app, record);
    return true;
  });
}

Result<Application> ApplicationService::deactivate(const core::Actor& actor, const Tenant& tenant,
                                                   std::string_view id) {
  return mutate(actor, tenant, id, "application.deactivated", [](store::ApplicationRecord& record) -> Result<bool> {
    if (record.status != "active") return false;
    record.status = "inactive";
    return true;
  });
}

Result<ApplicationWithSecret> ApplicationService::regenerateSecret(const core::Actor& actor, const Tenant& tenant,
                                                                   std::string_view id, std::int64_t grace_seconds) {
  if (grace_seconds < 0 || grace_seconds > kMaxSecretGracePeriod)
    return Error::invalidRequest("grace_period_seconds: expected seconds from 0 to 604800");
  const std::string secret = newSecret();
  SIGID_TRY(Application app,
            mutate(actor, tenant, id, "application.secret_regenerated",
                   [&](store::ApplicationRecord& record) -> Result<bool> {
                     if (record.status != "active") return Error::conflict("the application is deactivated");
                     if (record.client_type != "confidential")
                       return Error::invalidRequest("a public client has no secret");
                     if (grace_seconds > 0) {
                       record.previous_secret_sha256 = record.secret_sha256;
                       record.previous_secret_expires_at = clock_.nowSeconds() + grace_seconds;
                     } else {  // the old secret stops working at once
                       record.previous_secret_sha256.reset();
                       record.previous_secret_expires_at.reset();
                     }
                     record.secret_sha256 = core::sha256Hex(secret);
                     return true;
                   }));
  return ApplicationWithSecret{std::move(app), secret};
}

}  // namespace sigid::tenancy
