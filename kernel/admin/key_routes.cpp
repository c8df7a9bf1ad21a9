#include "admin/key_routes.hpp"

#include "http/json_body.hpp"
#include "tenancy/api_key.hpp"

namespace sigid::admin {
namespace {

using core::Error;
using core::Result;
using http::Request;
using http::Response;

Result<Response> rotate(KeyAdminContext& ctx, Request& request) {
  SIGID_TRY(TenantCaller caller, authenticateTenantCaller(ctx.admin, request, tenancy::kScopeKeys));
  auto alg = core::crypto::JwsAlgorithm::ES256;
  if (!request.body.empty()) {  // an empty body rotates the default algorithm
    SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(request));
    SIGID_CHECK(http::rejectUnknownFields(*body, {"alg"}));
    SIGID_TRY(auto name, http::optionalString(*body, "alg"));
    if (name) {
      auto parsed = core::crypto::parseJwsAlgorithm(*name);
      if (!parsed) return Error::invalidRequest("alg: expected ES256, RS256 or EdDSA");
      alg = *parsed;
    }
  }
  SIGID_TRY(oauth::RotationResult rotated,
            ctx.keys.rotate(caller.tenant, alg, rotationAudit(ctx.admin.tenants, caller.actor, caller.tenant, alg)));
  Poco::JSON::Object json(Poco::JSON_PRESERVE_KEY_ORDER);
  json.set("alg", std::string(core::crypto::toString(alg)));
  json.set("current_kid", rotated.current_kid);
  json.set("next_kid", rotated.next_kid);
  if (rotated.retired_kid.empty()) {
    json.set("retired_kid", Poco::Dynamic::Var());
    json.set("retired_until", Poco::Dynamic::Var());
  } else {
    json.set("retired_kid", rotated.retired_kid);
    json.set("retired_until", rotated.retired_until);
  }
  return http::jsonResponse(200, json);
}

}  // namespace

oauth::RotationHook rotationAudit(tenancy::TenantService& tenants, const core::Actor& actor,
                                  const tenancy::Tenant& tenant, core::crypto::JwsAlgorithm alg) {
  return [&tenants, actor, tenant, alg](store::Connection& c, const oauth::RotationResult& r) {
    // kids and the algorithm are public (they are in JWKS): safe for the audit log.
    return tenants.audit(c, actor, tenant, "signing_key.rotated",
                         R"({"alg":")" + std::string(core::crypto::toString(alg)) + R"(","current_kid":")" +
                             r.current_kid + R"(","next_kid":")" + r.next_kid + R"(","retired_kid":")" +
                             r.retired_kid + R"("})");
  };
}

void addKeyRoutes(http::Router& router, KeyAdminContext& ctx) {
  router.add("POST", "/api/v1/tenants/{tenant}/keys/rotate", [&ctx](Request& r) { return rotate(ctx, r); });
}

}  // namespace sigid::admin
