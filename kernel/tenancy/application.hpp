#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/jws_algorithm.hpp"
#include "core/result.hpp"

namespace sigid::tenancy {

enum class ClientType { Confidential, Public };
std::string_view toString(ClientType type);

// Grant types an application may be configured for (RFC 6749 §4, RFC 8628,
// RFC 8693). Configuring one the token endpoint does not serve yet is allowed:
// the endpoint answers unsupported_grant_type until it does.
inline constexpr std::string_view kGrantClientCredentials = "client_credentials";
inline constexpr std::string_view kGrantAuthorizationCode = "authorization_code";
inline constexpr std::string_view kGrantRefreshToken = "refresh_token";
inline constexpr std::string_view kGrantDeviceCode = "urn:ietf:params:oauth:grant-type:device_code";
inline constexpr std::string_view kGrantTokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";

// Bounds on access-token lifetimes: short enough that a leaked token dies soon,
// long enough that clients do not hammer the token endpoint.
inline constexpr std::int64_t kMinAccessTokenTtl = 60;
inline constexpr std::int64_t kMaxAccessTokenTtl = 86400;
inline constexpr std::int64_t kDefaultAccessTokenTtl = 3600;
// How long a replaced client secret may keep working after regeneration.
inline constexpr std::int64_t kMaxSecretGracePeriod = 7 * 86400;

// The prefix lets secret scanners recognise a leaked client secret.
inline constexpr std::string_view kClientSecretPrefix = "sigid_cs_";

// An OAuth client of one tenant.
struct Application {
  std::string id;         // UUIDv7, the control plane's handle
  std::string client_id;  // public random identifier used on the wire
  std::string name;
  ClientType type = ClientType::Confidential;
  bool active = true;
  std::vector<std::string> grant_types;
  std::vector<std::string> redirect_uris;
  std::vector<std::string> allowed_origins;
  std::vector<std::string> scopes;
  std::string audience;  // empty: tokens carry the client_id as aud
  std::int64_t access_token_ttl = kDefaultAccessTokenTtl;
  core::crypto::JwsAlgorithm signing_alg = core::crypto::JwsAlgorithm::ES256;
  std::optional<std::int64_t> previous_secret_expires_at;  // a replaced secret works until then
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  // Where RP-initiated logout may send the browser afterwards (OIDC
  // RP-Initiated Logout §3: exact match, like redirect_uris).
  std::vector<std::string> post_logout_redirect_uris;
};

// Members present are applied; absent ones keep their value (create starts from defaults).
struct ApplicationChange {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> grant_types;
  std::optional<std::vector<std::string>> redirect_uris;
  std::optional<std::vector<std::string>> allowed_origins;
  std::optional<std::vector<std::string>> post_logout_redirect_uris;
  std::optional<std::vector<std::string>> scopes;
  std::optional<std::string> audience;
  std::optional<std::int64_t> access_token_ttl;
  std::optional<std::string> signing_alg;
};

// Field rules. `production` is the kernel mode: https is then required for
// redirect URIs and origins; dev also allows http on loopback hosts.
core::Result<void> validateApplication(const Application& app, bool production);
core::Result<void> validateRedirectUri(std::string_view uri, bool production, const std::string& field);
core::Result<void> validateOrigin(std::string_view origin, bool production, const std::string& field);
// RFC 6749 §3.3 scope-token: 1*( %x21 / %x23-5B / %x5D-7E ).
bool isScopeToken(std::string_view scope);

// Space-separated storage form of a list (items never contain spaces).
std::string joinSpaced(const std::vector<std::string>& items);
std::vector<std::string> splitSpaced(std::string_view text);

}  // namespace sigid::tenancy
