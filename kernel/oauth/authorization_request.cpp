#include "oauth/authorization_request.hpp"

#include <algorithm>

#include "oauth/pkce.hpp"
#include "oauth/token_service.hpp"
#include "oauth/user_grants.hpp"
#include "tenancy/application.hpp"

namespace sigid::oauth {

namespace {

constexpr std::size_t kMaxParamLength = 2048;

std::optional<AuthorizeRefusal> invalid(std::string description) {
  return AuthorizeRefusal{"invalid_request", std::move(description)};
}

void appendEncoded(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
}

}  // namespace

std::string singleParam(const QueryParams& params, std::string_view name, bool* repeated) {
  std::string value;
  int seen = 0;
  for (const auto& [k, v] : params) {
    if (k != name) continue;
    if (++seen == 1) value = v;
  }
  if (repeated) *repeated = seen > 1;
  return value;
}

std::string withQuery(const std::string& uri, const QueryParams& params) {
  std::string out = uri;
  char separator = uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    out += separator;
    separator = '&';
    appendEncoded(out, k);
    out += '=';
    appendEncoded(out, v);
  }
  return out;
}

std::optional<std::string> checkClientAndRedirect(const TenantSnapshot& tenant, const QueryParams& params,
                                                  const ClientEntry*& client, std::string& redirect_uri) {
  bool repeated = false;
  const std::string client_id = singleParam(params, "client_id", &repeated);
  if (client_id.empty() || repeated) return "The application's sign-in link is missing its client_id.";
  client = tenant.client(client_id);
  if (client == nullptr) return "The application that sent you here is not known to this organisation.";
  redirect_uri = singleParam(params, "redirect_uri", &repeated);
  if (redirect_uri.empty() || repeated) return "The application's sign-in link is missing its redirect_uri.";
  // Exact string comparison: no prefix, pattern or normalisation (§3.1.2.3, Security BCP §4.1.3).
  const auto& allowed = client->redirect_uris;
  if (std::find(allowed.begin(), allowed.end(), redirect_uri) == allowed.end())
    return "The application asked to return to an address it has not registered.";
  return std::nullopt;
}

std::optional<AuthorizeRefusal> parseAuthorizationRequest(const ClientEntry& client, const QueryParams& params,
                                                          AuthorizationRequest& out) {
  // §3.1: "Request and response parameters MUST NOT be included more than once."
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i].second.size() > kMaxParamLength) return invalid(params[i].first + ": too long");
    for (std::size_t j = i + 1; j < params.size(); ++j) {
      if (params[i].first == params[j].first) return invalid(params[i].first + ": given more than once");
    }
  }
  out.client_id = client.client_id;
  out.redirect_uri = singleParam(params, "redirect_uri");
  out.state = singleParam(params, "state");
  // OIDC Core §6: request objects are not supported.
  if (!singleParam(params, "request").empty() || !singleParam(params, "request_uri").empty())
    return AuthorizeRefusal{"request_not_supported", "request objects are not supported"};
  const std::string response_type = singleParam(params, "response_type");
  if (response_type.empty()) return invalid("response_type: is required");
  // Code flow only: no implicit or hybrid flows (Security BCP §2.1.2).
  if (response_type != "code")
    return AuthorizeRefusal{"unsupported_response_type", "only response_type=code is supported"};
  const std::string response_mode = singleParam(params, "response_mode");
  if (!response_mode.empty() && response_mode != "query") return invalid("response_mode: only query is supported");
  if (!client.allowsGrant(tenancy::kGrantAuthorizationCode))
    return AuthorizeRefusal{"unauthorized_client", "the client is not allowed to use the authorization code flow"};

  const std::string scope = singleParam(params, "scope");
  auto resolved = resolveScope(client, scope.empty() ? std::nullopt : std::optional<std::string>(scope));
  if (!resolved) return AuthorizeRefusal{"invalid_scope", resolved.error().description()};
  out.scope = *resolved;
  out.nonce = singleParam(params, "nonce");

  out.code_challenge = singleParam(params, "code_challenge");
  if (auto checked = validateCodeChallenge(out.code_challenge, singleParam(params, "code_challenge_method")); !checked)
    return invalid(checked.error().description());
  // RFC 7636 §4.4.1 / Security BCP §2.1.1: a public client without PKCE is refused.
  if (!client.confidential && out.code_challenge.empty())
    return invalid("code_challenge: is required for public clients (S256)");

  out.prompt = singleParam(params, "prompt");
  if (!out.prompt.empty() && out.prompt != "none" && out.prompt != "login" && out.prompt != "consent")
    return invalid("prompt: expected none, login or consent");
  const std::string max_age = singleParam(params, "max_age");
  if (!max_age.empty()) {
    if (max_age.size() > 9 || !std::all_of(max_age.begin(), max_age.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return invalid("max_age: expected a non-negative number of seconds");
    out.max_age = std::stoll(max_age);
  }
  out.acr_values = singleParam(params, "acr_values");
  out.login_hint = singleParam(params, "login_hint");
  if (out.login_hint.size() > 320) out.login_hint.clear();  // a hint, never an error
  return std::nullopt;
}

}  // namespace sigid::oauth
