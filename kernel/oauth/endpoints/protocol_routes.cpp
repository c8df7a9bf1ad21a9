#include "oauth/endpoints/protocol_routes.hpp"

#include "core/log.hpp"
#include "oauth/discovery.hpp"
#include "oauth/endpoints/client_credentials_parser.hpp"
#include "oauth/endpoints/protocol_request.hpp"

namespace sigid::oauth {
namespace {

using core::Result;
using http::Request;
using http::Response;

// Metadata and keys change rarely and rotate with overlap (the next key is
// published before it signs), so verifiers may cache them briefly.
constexpr std::string_view kPublicCache = "public, max-age=300";

void noStore(Response& response) {
  // RFC 6749 §5.1: token responses MUST NOT be cached.
  response.setHeader("Cache-Control", "no-store");
  response.setHeader("Pragma", "no-cache");
}

Result<Response> metadata(ProtocolContext& ctx, Request& request) {
  SIGID_TRY(auto tenant, activeTenant(ctx, request));
  Response response = Response::json(200, authorizationServerMetadata(tenant->issuer));
  response.setHeader("Cache-Control", std::string(kPublicCache));
  return response;
}

Result<Response> openIdMetadata(ProtocolContext& ctx, Request& request) {
  SIGID_TRY(auto tenant, activeTenant(ctx, request));
  Response response = Response::json(200, openIdConfiguration(tenant->issuer));
  response.setHeader("Cache-Control", std::string(kPublicCache));
  // OIDC Discovery §4: RPs in browsers fetch it cross-origin.
  response.setHeader("Access-Control-Allow-Origin", "*");
  return response;
}

Result<Response> jwks(ProtocolContext& ctx, Request& request) {
  SIGID_TRY(auto tenant, activeTenant(ctx, request));
  SIGID_TRY(std::string document, ctx.keys.jwks(tenant->tenant));
  Response response = Response::json(200, std::move(document));
  response.setHeader("Cache-Control", std::string(kPublicCache));
  return response;
}

Result<Response> userGrant(ProtocolContext& ctx, const TenantSnapshot& tenant, Request& request,
                           const OAuthForm& form);

// input.context for the `token` policies: the same peer address the rate
// limits above key on (one rule for "the client's address" in the kernel).
RequestContext policyContext(const Request& request) { return {request.remote_address, request.request_id}; }

Result<Response> token(ProtocolContext& ctx, Request& request) {
  SIGID_TRY(auto tenant, activeTenant(ctx, request));
  if (auto refusal = limitAddress(ctx, request)) return std::move(*refusal);
  SIGID_TRY(OAuthForm form, OAuthForm::parse(request));
  auto grant_type = form.get("grant_type");
  if (grant_type && ctx.user_grants && isUserGrant(*grant_type)) return userGrant(ctx, *tenant, request, form);
  SIGID_TRY(AuthenticatedClient caller, authenticate(ctx, *tenant, request, form));
  if (caller.refusal) return std::move(*caller.refusal);
  if (!grant_type) return core::Error::invalidRequest("grant_type: is required");
  SIGID_TRY(IssuedToken issued, ctx.tokens.grant(*tenant, *caller.client, *grant_type, form.get("scope"),
                                                  policyContext(request)));

  // RFC 6749 §5.1, written directly: this is the hot path.
  std::string body;
  body.reserve(issued.access_token.size() + 128);
  body += R"({"access_token":")";
  body += issued.access_token;  // base64url and dots: nothing to escape
  body += R"(","token_type":"Bearer","expires_in":)";
  body += std::to_string(issued.expires_in);
  if (!issued.scope.empty()) {
    body += R"(,"scope":)";
    core::appendJsonString(body, issued.scope);
  }
  body += '}';
  Response response = Response::json(200, std::move(body));
  noStore(response);
  return response;
}

// authorization_code and refresh_token: a confidential client authenticates;
// a public one names itself with client_id and no secret ("none", RFC 6749
// §2.1 / §3.2.1), PKCE (checked at redemption) standing in for the secret.
Result<Response> userGrant(ProtocolContext& ctx, const TenantSnapshot& tenant, Request& request,
                           const OAuthForm& form) {
  const ClientEntry* client = nullptr;
  auto credentials = parseClientCredentials(request, form);
  const auto named = form.get("client_id");
  const ClientEntry* public_client = named ? tenant.client(*named) : nullptr;
  if (credentials && !*credentials && public_client && !public_client->confidential) {
    if (auto refusal = limitClient(ctx, tenant.tenant.id.str() + '/' + public_client->client_id))
      return std::move(*refusal);
    client = public_client;
  } else {
    SIGID_TRY(AuthenticatedClient caller, authenticate(ctx, tenant, request, form));
    if (caller.refusal) return std::move(*caller.refusal);
    client = caller.client;
  }
  UserGrantRequest grant{*form.get("grant_type"),     form.get("code"),          form.get("redirect_uri"),
                         form.get("code_verifier"),   form.get("refresh_token"), form.get("scope"),
                         policyContext(request)};
  SIGID_TRY(UserTokens tokens, ctx.user_grants->exchange(tenant, *client, grant));
  std::string body = R"({"access_token":")" + tokens.access.access_token +
                     R"(","token_type":"Bearer","expires_in":)" + std::to_string(tokens.access.expires_in);
  if (!tokens.access.scope.empty()) {
    body += R"(,"scope":)";
    core::appendJsonString(body, tokens.access.scope);
  }
  if (!tokens.id_token.empty()) body += R"(,"id_token":")" + tokens.id_token + '"';
  if (!tokens.refresh_token.empty()) body += R"(,"refresh_token":")" + tokens.refresh_token + '"';
  body += '}';
  Response response = Response::json(200, std::move(body));
  noStore(response);
  return response;
}

// Introspection and revocation begin alike (RFC 7662 §2.1, RFC 7009 §2.1):
// an authenticated client of an active tenant presents one `token`.
struct PresentedToken {
  std::shared_ptr<const TenantSnapshot> tenant;
  const ClientEntry* client = nullptr;
  std::string token;
  std::optional<Response> refusal;  // rate limited: answer this instead
};

Result<PresentedToken> presentedToken(ProtocolContext& ctx, Request& request) {
  PresentedToken presented;
  SIGID_TRY(presented.tenant, activeTenant(ctx, request));
  if ((presented.refusal = limitAddress(ctx, request))) return presented;
  SIGID_TRY(OAuthForm form, OAuthForm::parse(request));
  SIGID_TRY(AuthenticatedClient caller, authenticate(ctx, *presented.tenant, request, form));
  if ((presented.refusal = std::move(caller.refusal))) return presented;
  presented.client = caller.client;
  auto token = form.get("token");
  if (!token) return core::Error::invalidRequest("token: is required");
  presented.token = std::move(*token);
  return presented;
}

Result<Response> introspect(ProtocolContext& ctx, Request& request) {
  SIGID_TRY(PresentedToken presented, presentedToken(ctx, request));
  if (presented.refusal) return std::move(*presented.refusal);
  SIGID_TRY(auto claims, ctx.introspection.introspect(*presented.tenant, presented.token));

  std::string body;
  if (!claims) {
    body = R"({"active":false})";  // RFC 7662 §2.2: nothing more about an inactive token
  } else {
    body.reserve(512);
    body += R"({"active":true,"token_type":"Bearer","client_id":)";
    core::appendJsonString(body, claims->client_id);
    if (!claims->scope.empty()) {
      body += R"(,"scope":)";
      core::appendJsonString(body, claims->scope);
    }
    body += R"(,"sub":)";
    core::appendJsonString(body, claims->sub);
    body += R"(,"aud":)";
    core::appendJsonString(body, claims->aud);
    body += R"(,"iss":)";
    core::appendJsonString(body, claims->iss);
    body += R"(,"jti":)";
    core::appendJsonString(body, claims->jti);
    body += R"(,"exp":)" + std::to_string(claims->exp) + R"(,"iat":)" + std::to_string(claims->iat);
    // RFC 7662 §2.2 allows extension members: the policies' extra claims, as
    // the token carries them (decodeClaims keeps reserved names out).
    if (!claims->extra.empty()) {
      body += ',';
      body += claims->extra;
    }
    body += '}';
  }
  Response response = Response::json(200, std::move(body));
  noStore(response);
  return response;
}

Result<Response> revoke(ProtocolContext& ctx, Request& request) {
  SIGID_TRY(PresentedToken presented, presentedToken(ctx, request));
  if (presented.refusal) return std::move(*presented.refusal);
  SIGID_CHECK(ctx.introspection.revoke(*presented.tenant, *presented.client, presented.token));
  // RFC 7009 §2.2: 200 whether or not there was anything to revoke.
  Response response = Response::text(200, "", "text/plain; charset=utf-8");
  noStore(response);
  return response;
}

}  // namespace

void addProtocolRoutes(http::Router& router, ProtocolContext& ctx) {
  const std::string base = "/t/{slug}";
  router.add("GET", base + "/.well-known/oauth-authorization-server",
             [&ctx](Request& r) { return metadata(ctx, r); });
  // RFC 8414 §3.1: for an issuer with a path, the well-known segment goes
  // between host and path; RFC 8414 clients (e.g. oauth4webapi) look here.
  router.add("GET", "/.well-known/oauth-authorization-server/t/{slug}",
             [&ctx](Request& r) { return metadata(ctx, r); });
  // OIDC Discovery 1.0 §4: the issuer plus /.well-known/openid-configuration.
  router.add("GET", base + "/.well-known/openid-configuration", [&ctx](Request& r) { return openIdMetadata(ctx, r); });
  router.add("GET", base + "/jwks", [&ctx](Request& r) { return jwks(ctx, r); });
  router.add("POST", base + "/token", [&ctx](Request& r) { return token(ctx, r); });
  router.add("POST", base + "/introspect", [&ctx](Request& r) { return introspect(ctx, r); });
  router.add("POST", base + "/revoke", [&ctx](Request& r) { return revoke(ctx, r); });
}

}  // namespace sigid::oauth
