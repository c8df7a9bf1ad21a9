#include "oauth/endpoints/client_credentials_parser.hpp"

#include "core/encoding.hpp"

namespace sigid::oauth {
namespace {

constexpr std::size_t kMaxCredentialLength = 512;

core::Result<std::optional<ClientCredentials>> fromBasic(std::string_view value) {
  auto decoded = core::base64Decode(value);
  if (!decoded) return invalidClient().withDetail("Basic credentials are not base64");
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return invalidClient().withDetail("Basic credentials have no ':'");
  ClientCredentials credentials{ClientAuthMethod::ClientSecretBasic,
                                http::urlDecode(std::string_view(*decoded).substr(0, colon), true),
                                http::urlDecode(std::string_view(*decoded).substr(colon + 1), true)};
  if (credentials.client_id.empty()) return invalidClient().withDetail("Basic credentials have no client id");
  return std::optional<ClientCredentials>(std::move(credentials));
}

}  // namespace

core::Result<std::optional<ClientCredentials>> parseClientCredentials(const http::Request& request,
                                                                      const OAuthForm& form) {
  std::optional<ClientCredentials> basic;
  if (auto header = request.header("authorization")) {
    if (request.headerCount("authorization") != 1)
      return core::Error::invalidRequest("more than one Authorization header");
    std::string_view value = *header;
    constexpr std::string_view kScheme = "basic ";
    if (value.size() > kScheme.size() && http::equalsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
      value.remove_prefix(kScheme.size());
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (value.size() > kMaxCredentialLength * 2) return invalidClient().withDetail("Basic credentials too long");
      SIGID_TRY(basic, fromBasic(value));
    }
  }
  auto form_id = form.get("client_id");
  auto form_secret = form.get("client_secret");
  if (basic) {
    if (form_secret) return core::Error::invalidRequest("use one client authentication method, not two");
    if (form_id && *form_id != basic->client_id)
      return core::Error::invalidRequest("client_id does not match the authenticated client");
    return basic;
  }
  if (form_id && form_secret) {
    if (form_id->size() > kMaxCredentialLength || form_secret->size() > kMaxCredentialLength)
      return std::optional<ClientCredentials>(ClientCredentials{ClientAuthMethod::ClientSecretPost, "", ""});
    return std::optional<ClientCredentials>(
        ClientCredentials{ClientAuthMethod::ClientSecretPost, std::move(*form_id), std::move(*form_secret)});
  }
  return std::optional<ClientCredentials>{};
}

}  // namespace sigid::oauth
