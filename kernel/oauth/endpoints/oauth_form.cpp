#include "oauth/endpoints/oauth_form.hpp"

#include <set>

namespace sigid::oauth {
namespace {

bool isFormContentType(std::string_view value) {
  constexpr std::string_view kForm = "application/x-www-form-urlencoded";
  std::string_view type = value.substr(0, value.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  return http::equalsIgnoreCase(type, kForm);
}

}  // namespace

core::Result<OAuthForm> OAuthForm::parse(const http::Request& request) {
  auto content_type = request.header("content-type");
  if (!content_type || request.headerCount("content-type") != 1 || !isFormContentType(*content_type))
    return core::Error::invalidRequest("the request body must be application/x-www-form-urlencoded");
  if (!request.query.empty())
    return core::Error::invalidRequest("parameters must be sent in the request body, not the URI");
  OAuthForm form;
  form.params_ = http::parseFormEncoded(request.body);
  std::set<std::string_view> seen;
  for (const auto& [name, value] : form.params_) {
    if (!seen.insert(name).second) {
      // The name is echoed only when it is one of ours: raw input never reaches a response.
      static const std::set<std::string_view> kKnown = {"grant_type", "scope",     "client_id",      "client_secret",
                                                        "token",      "token_type_hint", "audience", "resource"};
      return core::Error::invalidRequest(kKnown.contains(name) ? "parameter '" + name + "' is repeated"
                                                               : std::string("a parameter is repeated"));
    }
  }
  return form;
}

std::optional<std::string> OAuthForm::get(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return value.empty() ? std::nullopt : std::optional<std::string>(value);
  }
  return std::nullopt;
}

}  // namespace sigid::oauth
