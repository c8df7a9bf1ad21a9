#include "oauth/discovery.hpp"

#include "core/log.hpp"

namespace sigid::oauth {
namespace {

void url(std::string& out, std::string_view name, const std::string& issuer, std::string_view path) {
  out += "\n  \"";
  out += name;
  out += "\": ";
  core::appendJsonString(out, issuer + std::string(path));
  out += ',';
}

void list(std::string& out, std::string_view name, std::initializer_list<std::string_view> values) {
  out += "\n  \"";
  out += name;
  out += "\": [";
  bool first = true;
  for (auto value : values) {
    if (!first) out += ", ";
    first = false;
    core::appendJsonString(out, value);
  }
  out += "],";
}

void flag(std::string& out, std::string_view name, bool value) {
  out += "\n  \"";
  out += name;
  out += value ? "\": true," : "\": false,";
}

// The members both documents share.
void common(std::string& out, const std::string& issuer) {
  url(out, "issuer", issuer, "");
  url(out, "authorization_endpoint", issuer, "/authorize");
  url(out, "token_endpoint", issuer, "/token");
  url(out, "jwks_uri", issuer, "/jwks");
  url(out, "introspection_endpoint", issuer, "/introspect");
  url(out, "revocation_endpoint", issuer, "/revoke");
  url(out, "userinfo_endpoint", issuer, "/userinfo");
  url(out, "end_session_endpoint", issuer, "/logout");
  list(out, "scopes_supported", {"openid", "profile", "email", "offline_access"});
  list(out, "response_types_supported", {"code"});  // no implicit or hybrid flows
  list(out, "response_modes_supported", {"query"});
  list(out, "grant_types_supported", {"authorization_code", "refresh_token", "client_credentials"});
  list(out, "code_challenge_methods_supported", {"S256"});  // plain is refused (RFC 7636 §7.2)
  // none: public clients, which must use PKCE.
  list(out, "token_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post", "none"});
  list(out, "introspection_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"});
  list(out, "revocation_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"});
  list(out, "prompt_values_supported", {"none", "login", "consent"});
  flag(out, "authorization_response_iss_parameter_supported", true);  // RFC 9207
}

}  // namespace

std::string authorizationServerMetadata(const std::string& issuer) {
  std::string out = "{";
  common(out, issuer);
  out.pop_back();
  out += "\n}\n";
  return out;
}

std::string openIdConfiguration(const std::string& issuer) {
  std::string out = "{";
  common(out, issuer);
  list(out, "subject_types_supported", {"pairwise"});
  list(out, "id_token_signing_alg_values_supported", {"RS256", "ES256", "EdDSA"});
  list(out, "userinfo_signing_alg_values_supported", {"none"});
  list(out, "claims_supported", {"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "at_hash",
                                 "azp", "sid", "name", "email", "email_verified"});
  // What sessions really reach (hosted/acr.hpp: one factor, two factors);
  // acr_values naming them are enforced, and policies step up to them.
  list(out, "acr_values_supported", {"urn:sigid:acr:pwd", "urn:sigid:acr:mfa"});
  list(out, "claim_types_supported", {"normal"});
  flag(out, "claims_parameter_supported", false);
  flag(out, "request_parameter_supported", false);
  flag(out, "request_uri_parameter_supported", false);
  out.pop_back();
  out += "\n}\n";
  return out;
}

}  // namespace sigid::oauth
