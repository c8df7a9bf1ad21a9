#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "oauth/tenant_directory.hpp"

namespace sigid::oauth {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// An /authorize request that passed every check (RFC 6749 §4.1.1, RFC 7636
// §4.3, OIDC Core §3.1.2.1).
struct AuthorizationRequest {
  std::string client_id;
  std::string redirect_uri;
  std::string scope;  // resolved against the client (resolveScope)
  std::string state;
  std::string nonce;
  std::string code_challenge;  // S256 only; empty: none (confidential clients only)
  std::string prompt;          // "", none, login, consent
  std::optional<std::int64_t> max_age;
  std::string acr_values;
  std::string login_hint;
};

// An error for the client (§4.1.2.1): sent to the validated redirect URI.
struct AuthorizeRefusal {
  std::string error;
  std::string description;
};

// Step one: the client and its redirect URI. Until both are known good the
// browser must not be sent anywhere (§4.1.2.1, §10.15 open redirectors), so a
// failure here is a message for our own error page: nullopt on success.
// redirect_uri is required and must equal a registered one exactly (§3.1.2.3;
// OIDC Core §3.1.2.1 makes it REQUIRED).
std::optional<std::string> checkClientAndRedirect(const TenantSnapshot& tenant, const QueryParams& params,
                                                  const ClientEntry*& client, std::string& redirect_uri);

// Step two, once the redirect URI is trusted: everything else. On refusal the
// caller redirects with error, error_description and state.
std::optional<AuthorizeRefusal> parseAuthorizationRequest(const ClientEntry& client, const QueryParams& params,
                                                          AuthorizationRequest& out);

// The single value of `name`, or "" when absent; `repeated` is set when it appears twice.
std::string singleParam(const QueryParams& params, std::string_view name, bool* repeated = nullptr);

// redirect_uri with query parameters appended (§4.1.2: keep the URI's own query).
std::string withQuery(const std::string& uri, const QueryParams& params);

}  // namespace sigid::oauth
