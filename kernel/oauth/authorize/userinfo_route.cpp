#include "oauth/authorize/userinfo_route.hpp"

#include "core/log.hpp"
#include "http/error_response.hpp"
#include "oauth/endpoints/protocol_request.hpp"
#include "oauth/user_grants.hpp"

namespace sigid::oauth {

namespace {

using core::Error;
using core::ErrorCode;
using core::Result;
using http::Request;
using http::Response;

// RFC 6750 §3.1: 403 insufficient_scope, with the scope needed.
Response insufficientScope() {
  Response response = Response::json(
      403, R"({"error":"insufficient_scope","error_description":"the token does not carry the openid scope"})");
  response.setHeader("WWW-Authenticate", R"(Bearer realm="sigid", error="insufficient_scope", scope="openid")");
  response.setHeader("Cache-Control", "no-store");
  return response;
}

Result<std::string> bearerToken(const Request& request) {
  auto header = request.header("authorization");
  // RFC 6750 §3.1: no credentials at all get the bare challenge.
  if (!header) return Error(ErrorCode::Unauthenticated, "a bearer access token is required");
  std::string_view value = *header;
  constexpr std::string_view kScheme = "bearer ";
  if (request.headerCount("authorization") != 1 || value.size() <= kScheme.size() ||
      !http::equalsIgnoreCase(value.substr(0, kScheme.size()), kScheme))
    return Error(ErrorCode::InvalidToken, "expected an Authorization: Bearer access token");
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (value.empty() || value.size() > 8192) return Error(ErrorCode::InvalidToken, "the access token is malformed");
  return std::string(value);
}

Result<Response> userinfo(ProtocolContext& ctx, tenancy::UserService& users, Request& request) {
  SIGID_TRY(auto tenant, activeTenant(ctx, request));
  SIGID_TRY(std::string token, bearerToken(request));
  SIGID_TRY(auto claims, ctx.introspection.introspect(*tenant, token));
  const Error invalid(ErrorCode::InvalidToken, "the access token is invalid, expired or revoked");
  if (!claims) return invalid;
  if (!hasScope(claims->scope, kScopeOpenId)) return insufficientScope();
  // A client_credentials token's sub is its client_id, which names no member: invalid here.
  auto member = users.findBySubject(tenant->tenant, claims->sub);
  if (!member) {
    if (member.error().code() != ErrorCode::NotFound) return std::move(member).error();
    return invalid;
  }
  if (member->status != tenancy::MembershipStatus::Active) return invalid;

  std::string body = R"({"sub":)";
  core::appendJsonString(body, member->subject);
  if (hasScope(claims->scope, "profile") && !member->name.empty()) {
    body += R"(,"name":)";
    core::appendJsonString(body, member->name);
  }
  if (hasScope(claims->scope, "email")) {
    body += R"(,"email":)";
    core::appendJsonString(body, member->email);
    // SigID does not record mailbox verification yet: say so rather than guess.
    body += R"(,"email_verified":false)";
  }
  body += '}';
  Response response = Response::json(200, std::move(body));
  response.setHeader("Cache-Control", "no-store");
  return response;
}

}  // namespace

void addUserinfoRoute(http::Router& router, ProtocolContext& protocol, tenancy::UserService& users) {
  auto handler = [&protocol, &users](Request& r) { return userinfo(protocol, users, r); };
  router.add("GET", "/t/{slug}/userinfo", handler);
  router.add("POST", "/t/{slug}/userinfo", handler);
}

}  // namespace sigid::oauth
