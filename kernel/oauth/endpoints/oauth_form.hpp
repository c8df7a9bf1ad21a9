#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "http/request.hpp"

namespace sigid::oauth {

// The parameters of a protocol POST (token, introspect, revoke).
class OAuthForm {
 public:
  // invalid_request unless the body is application/x-www-form-urlencoded
  // (RFC 6749 §3.2, RFC 7662 §2.1, RFC 7009 §2.1), when a parameter appears
  // twice (RFC 6749 §3.2: "MUST NOT be included more than once"), or when the
  // URI carries a query (credentials MUST NOT travel in the URI, §2.3.1).
  static core::Result<OAuthForm> parse(const http::Request& request);

  // A parameter sent without a value counts as omitted (RFC 6749 §3.1).
  std::optional<std::string> get(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

}  // namespace sigid::oauth
