#include "hosted/csrf_guard.hpp"

#include "core/encoding.hpp"
#include "core/hashing.hpp"

namespace sigid::hosted {

std::string CsrfGuard::token(std::string_view tenant_id, std::string_view cookie_value,
                             std::string_view session_binding) const {
  // NUL separators: no choice of parts can make two different triples collide.
  std::string message = "csrf";
  for (auto part : {tenant_id, cookie_value, session_binding}) {
    message += '\0';
    message += part;
  }
  return core::base64UrlEncode(core::hmacSha256(key_, message));
}

bool CsrfGuard::verify(std::string_view tenant_id, std::string_view cookie_value, std::string_view session_binding,
                       std::string_view submitted) const {
  if (cookie_value.size() < 16 || submitted.empty()) return false;
  return core::constantTimeEquals(token(tenant_id, cookie_value, session_binding), submitted);
}

}  // namespace sigid::hosted
