#include "oauth/authorize/logout_redirects.hpp"

#include <algorithm>

#include "core/crypto/json_object.hpp"
#include "oauth/authorization_request.hpp"

namespace sigid::oauth {

namespace {

std::string param(const std::map<std::string, std::string>& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

}  // namespace

std::optional<std::string> RpLogoutRedirects::hintAudience(const TenantSnapshot& tenant, const std::string& hint) {
  if (hint.size() > 8192) return std::nullopt;
  auto decoded = keys_.verify(tenant.tenant, hint);  // another tenant's token has an unknown kid
  if (!decoded) return std::nullopt;
  auto claims = core::crypto::JsonObject::parse(decoded->payload);
  if (!claims) return std::nullopt;
  auto iss = claims->optionalString("iss");
  auto aud = claims->optionalString("aud");
  if (!iss || !*iss || **iss != tenant.issuer || !aud || !*aud) return std::nullopt;
  return **aud;
}

core::Result<std::optional<std::string>> RpLogoutRedirects::afterLogout(
    const tenancy::Tenant& tenant, const std::map<std::string, std::string>& params) {
  const std::string target = param(params, "post_logout_redirect_uri");
  if (target.empty()) return std::optional<std::string>{};
  SIGID_TRY(auto snapshot, directory_.find(tenant.slug));
  std::string client_id = param(params, "client_id");
  if (const std::string hint = param(params, "id_token_hint"); !hint.empty()) {
    auto audience = hintAudience(*snapshot, hint);
    if (!audience || (!client_id.empty() && client_id != *audience)) return std::optional<std::string>{};
    client_id = *audience;
  }
  const ClientEntry* client = client_id.empty() ? nullptr : snapshot->client(client_id);
  if (!client) return std::optional<std::string>{};
  const auto& allowed = client->post_logout_redirect_uris;
  if (std::find(allowed.begin(), allowed.end(), target) == allowed.end()) return std::optional<std::string>{};
  QueryParams extra;
  if (const std::string state = param(params, "state"); !state.empty()) extra.emplace_back("state", state);
  return std::optional<std::string>(withQuery(target, extra));
}

}  // namespace sigid::oauth
