#include "tenancy/application.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "tenancy/tenant.hpp"

namespace sigid::tenancy {

using core::Result;

namespace {

using core::Error;

constexpr std::size_t kMaxUriLength = 2000;
constexpr std::size_t kMaxListItems = 50;
constexpr std::size_t kMaxScopeLength = 128;

bool hasControlOrSpace(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

struct UriParts {
  std::string scheme;
  std::string host;  // without port; IPv6 keeps its brackets
  std::string_view rest;  // path and query
};

// Just enough of RFC 3986 §3 for the rules below: scheme, authority, the rest.
std::optional<UriParts> split(std::string_view uri) {
  auto colon = uri.find("://");
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  UriParts parts{lower(uri.substr(0, colon)), {}, {}};
  std::string_view after = uri.substr(colon + 3);
  auto end = after.find_first_of("/?");
  std::string_view authority = after.substr(0, end);
  parts.rest = end == std::string_view::npos ? std::string_view{} : after.substr(end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    parts.host = lower(authority.substr(0, close + 1));
  } else {
    parts.host = lower(authority.substr(0, authority.find(':')));
  }
  if (parts.host.empty()) return std::nullopt;
  return parts;
}

bool isLoopback(const std::string& host) {
  return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

// Scheme rules shared by redirect URIs and origins (RFC 9700 §4.1.1, RFC 8252 §7.3).
std::optional<std::string> schemeProblem(const UriParts& parts, bool production) {
  if (parts.scheme == "https") return std::nullopt;
  if (parts.scheme == "http" && !production && isLoopback(parts.host)) return std::nullopt;
  return production ? "must use https" : "must use https, or http on a loopback host (dev mode)";
}

}  // namespace

std::string_view toString(ClientType type) { return type == ClientType::Public ? "public" : "confidential"; }

bool isScopeToken(std::string_view scope) {
  if (scope.empty() || scope.size() > kMaxScopeLength) return false;
  return std::all_of(scope.begin(), scope.end(), [](unsigned char c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
  });
}

Result<void> validateRedirectUri(std::string_view uri, bool production, const std::string& field) {
  auto bad = [&](const std::string& why) { return Error::invalidRequest(field + ": " + why); };
  if (uri.empty() || uri.size() > kMaxUriLength) return bad("must be 1 to 2000 characters");
  if (hasControlOrSpace(uri)) return bad("must not contain spaces or control characters");
  // RFC 6749 §3.1.2: the redirection endpoint URI MUST NOT include a fragment.
  if (uri.find('#') != std::string_view::npos) return bad("must not contain a fragment");
  auto parts = split(uri);
  if (!parts) return bad("must be an absolute URI with a host and no user information");
  if (auto problem = schemeProblem(*parts, production)) return bad(*problem);
  return core::success();
}

Result<void> validateOrigin(std::string_view origin, bool production, const std::string& field) {
  auto bad = [&](const std::string& why) { return Error::invalidRequest(field + ": " + why); };
  if (origin.empty() || origin.size() > kMaxUriLength || hasControlOrSpace(origin))
    return bad("must be an origin such as https://app.example.com");
  auto parts = split(origin);
  // RFC 6454 §6.1: scheme, host and port only; browsers send exactly that.
  if (!parts || !parts->rest.empty()) return bad("must be an origin (scheme://host[:port]) without a path");
  if (auto problem = schemeProblem(*parts, production)) return bad(*problem);
  return core::success();
}

Result<void> validateApplication(const Application& app, bool production) {
  SIGID_CHECK(validateTenantName(app.name, "name"));
  static constexpr std::array<std::string_view, 5> kGrants = {kGrantClientCredentials, kGrantAuthorizationCode,
                                                              kGrantRefreshToken, kGrantDeviceCode,
                                                              kGrantTokenExchange};
  auto checkList = [](const std::vector<std::string>& items, const std::string& field) -> Result<void> {
    if (items.size() > kMaxListItems) return Error::invalidRequest(field + ": at most 50 entries");
    std::set<std::string_view> seen;
    for (const auto& item : items) {
      if (!seen.insert(item).second) return Error::invalidRequest(field + ": duplicate entry");
    }
    return core::success();
  };
  SIGID_CHECK(checkList(app.grant_types, "grant_types"));
  SIGID_CHECK(checkList(app.redirect_uris, "redirect_uris"));
  SIGID_CHECK(checkList(app.allowed_origins, "allowed_origins"));
  SIGID_CHECK(checkList(app.post_logout_redirect_uris, "post_logout_redirect_uris"));
  SIGID_CHECK(checkList(app.scopes, "scopes"));
  if (app.grant_types.empty()) return Error::invalidRequest("grant_types: at least one grant type is required");
  for (const auto& grant : app.grant_types) {
    if (std::find(kGrants.begin(), kGrants.end(), grant) == kGrants.end())
      return Error::invalidRequest("grant_types: unknown grant type");
  }
  auto has = [&](std::string_view grant) {
    return std::find(app.grant_types.begin(), app.grant_types.end(), grant) != app.grant_types.end();
  };
  // A public client has no secret, so it cannot authenticate for client_credentials (RFC 6749 §4.4).
  if (app.type == ClientType::Public && has(kGrantClientCredentials))
    return Error::invalidRequest("grant_types: client_credentials requires a confidential client");
  if (has(kGrantAuthorizationCode) && app.redirect_uris.empty())
    return Error::invalidRequest("redirect_uris: authorization_code requires at least one redirect URI");
  for (std::size_t i = 0; i < app.redirect_uris.size(); ++i)
    SIGID_CHECK(validateRedirectUri(app.redirect_uris[i], production, "redirect_uris[" + std::to_string(i) + "]"));
  for (std::size_t i = 0; i < app.post_logout_redirect_uris.size(); ++i)
    SIGID_CHECK(validateRedirectUri(app.post_logout_redirect_uris[i], production,
                                    "post_logout_redirect_uris[" + std::to_string(i) + "]"));
  for (std::size_t i = 0; i < app.allowed_origins.size(); ++i)
    SIGID_CHECK(validateOrigin(app.allowed_origins[i], production, "allowed_origins[" + std::to_string(i) + "]"));
  for (const auto& scope : app.scopes) {
    if (!isScopeToken(scope))
      return Error::invalidRequest("scopes: each scope is 1 to 128 printable characters without spaces, '\"' or '\\'");
  }
  if (app.audience.size() > 512 || hasControlOrSpace(app.audience))
    return Error::invalidRequest("audience: at most 512 characters without spaces");
  if (app.access_token_ttl < kMinAccessTokenTtl || app.access_token_ttl > kMaxAccessTokenTtl)
    return Error::invalidRequest("access_token_ttl: expected seconds from 60 to 86400");
  return core::success();
}

std::string joinSpaced(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ' ';
    out += item;
  }
  return out;
}

std::vector<std::string> splitSpaced(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace sigid::tenancy
