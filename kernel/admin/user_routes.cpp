#include "admin/user_routes.hpp"

#include <Poco/JSON/Array.h>

#include "admin/list_query.hpp"
#include "admin/user_json.hpp"
#include "http/json_body.hpp"

namespace sigid::admin {
namespace {

using core::Error;
using core::Result;
using http::Request;
using http::Response;

std::string subjectParam(const Request& r) { return std::string(r.pathParam("user").value_or("")); }

Result<TenantCaller> caller(UserAdminContext& ctx, const Request& r) {
  return authenticateTenantCaller(ctx.admin, r, kScopeUsers);
}

Result<Response> list(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  ListQuery page;
  std::string prefix;
  bool seen_prefix = false;
  // email_prefix joins the standard limit/cursor pair.
  Request paging = r;
  std::string rest;
  for (auto& [key, value] : r.queryParams()) {
    if (key == "email_prefix") {
      if (seen_prefix) return Error::invalidRequest("email_prefix: given more than once");
      seen_prefix = true;
      prefix = value;
    } else {
      rest += (rest.empty() ? "" : "&") + http::urlEncode(key) + "=" + http::urlEncode(value);
    }
  }
  paging.query = rest;
  SIGID_TRY(page, listQuery(paging));
  SIGID_TRY(auto members, ctx.users.list(who.tenant, prefix, page.limit, page.cursor));
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& m : members.items) items->add(memberToJson(m));
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("items", items);
  if (members.next_cursor) body.set("next_cursor", *members.next_cursor);
  else body.set("next_cursor", Poco::Dynamic::Var());
  return http::jsonResponse(200, body);
}

Result<Response> create(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_TRY(Poco::JSON::Object::Ptr body, http::parseJsonObject(r));
  SIGID_CHECK(http::rejectUnknownFields(*body, {"email", "name", "roles", "password"}));
  tenancy::NewMember fresh;
  SIGID_TRY(fresh.email, http::requiredString(*body, "email"));
  SIGID_TRY(auto name, http::optionalString(*body, "name"));
  fresh.name = name.value_or("");
  SIGID_TRY(auto roles, stringArray(*body, "roles"));
  if (roles) fresh.roles = std::move(*roles);
  SIGID_TRY(auto password, http::optionalString(*body, "password"));
  if (password) {
    // Checked first so a weak password does not leave a half-made user behind.
    SIGID_CHECK(tenancy::checkPasswordPolicy(who.tenant.settings.password_policy, *password));
  }
  SIGID_TRY(tenancy::Member member, ctx.users.create(who.actor, who.tenant, fresh));
  if (password) {
    if (auto set = ctx.set_password(who.tenant, member.subject, *password); !set) {
      // The user exists now; say so, and why the password is missing.
      if (set.error().code() == core::ErrorCode::NotFound)
        return Error::invalidRequest("password: the user was created, but the tenant has no password sign-in method "
                                     "enabled, so no password was set");
      return std::move(set).error();
    }
  }
  Response response = http::jsonResponse(201, *memberToJson(member));
  response.setHeader("Location", "/api/v1/tenants/" + who.tenant.id.str() + "/users/" + member.subject);
  return response;
}

Result<Response> get(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_TRY(tenancy::Member member, ctx.users.findBySubject(who.tenant, subjectParam(r)));
  return http::jsonResponse(200, *memberToJson(member));
}

Result<Response> setStatus(UserAdminContext& ctx, Request& r, bool suspend) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_TRY(tenancy::Member member, suspend ? ctx.users.suspend(who.actor, who.tenant, subjectParam(r))
                                            : ctx.users.reactivate(who.actor, who.tenant, subjectParam(r)));
  return http::jsonResponse(200, *memberToJson(member));
}

Result<Response> remove(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_CHECK(ctx.users.remove(who.actor, who.tenant, subjectParam(r)));
  return Response::noContent();
}

Result<Response> sessions(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_TRY(tenancy::Member member, ctx.users.findBySubject(who.tenant, subjectParam(r)));
  SIGID_TRY(auto list, ctx.list_sessions(who.tenant, member.user_id));
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& s : list) items->add(sessionToJson(s));
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("items", items);
  return http::jsonResponse(200, body);
}

Result<Response> revokeSession(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_TRY(tenancy::Member member, ctx.users.findBySubject(who.tenant, subjectParam(r)));
  SIGID_TRY(bool revoked, ctx.revoke_session(who.actor, who.tenant, member.user_id, r.pathParam("session").value_or("")));
  if (!revoked) return Error::notFound("no such session");
  return Response::noContent();
}

Result<Response> revokeAll(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_TRY(tenancy::Member member, ctx.users.findBySubject(who.tenant, subjectParam(r)));
  SIGID_CHECK(ctx.revoke_all_sessions(who.actor, who.tenant, member.user_id));
  return Response::noContent();
}

Result<Response> resetSecondFactors(UserAdminContext& ctx, Request& r) {
  SIGID_TRY(TenantCaller who, caller(ctx, r));
  SIGID_TRY(tenancy::Member member, ctx.users.findBySubject(who.tenant, subjectParam(r)));
  SIGID_TRY(auto removed, ctx.reset_second_factors(who.actor, who.tenant, member.subject));
  Poco::JSON::Array::Ptr methods = new Poco::JSON::Array;
  for (const auto& method : removed) methods->add(method);
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("removed", methods);
  return http::jsonResponse(200, body);
}

}  // namespace

void addUserRoutes(http::Router& router, UserAdminContext& ctx) {
  const std::string base = "/api/v1/tenants/{tenant}/users";
  const std::string one = base + "/{user}";
  router.add("GET", base, [&ctx](Request& r) { return list(ctx, r); });
  router.add("POST", base, [&ctx](Request& r) { return create(ctx, r); });
  router.add("GET", one, [&ctx](Request& r) { return get(ctx, r); });
  router.add("DELETE", one, [&ctx](Request& r) { return remove(ctx, r); });
  router.add("POST", one + "/suspend", [&ctx](Request& r) { return setStatus(ctx, r, true); });
  router.add("POST", one + "/reactivate", [&ctx](Request& r) { return setStatus(ctx, r, false); });
  router.add("GET", one + "/sessions", [&ctx](Request& r) { return sessions(ctx, r); });
  router.add("DELETE", one + "/sessions", [&ctx](Request& r) { return revokeAll(ctx, r); });
  router.add("DELETE", one + "/sessions/{session}", [&ctx](Request& r) { return revokeSession(ctx, r); });
  router.add("DELETE", one + "/second-factors", [&ctx](Request& r) { return resetSecondFactors(ctx, r); });
}

}  // namespace sigid::admin
