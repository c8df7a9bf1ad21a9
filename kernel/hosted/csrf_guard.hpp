#pragma once

#include <string>
#include <string_view>

namespace sigid::hosted {

// Signed double-submit tokens (OWASP CSRF cheat sheet). The browser holds a
// random value in an HttpOnly cookie; every form carries
// HMAC-SHA256(key, tenant | cookie value | session binding). A cross-site page
// can neither read the cookie nor compute the MAC, and a token minted for one
// tenant or one session is refused for another. The key is server-side:
// derived from security.master_key, so every node agrees.
class CsrfGuard {
 public:
  explicit CsrfGuard(std::string key) : key_(std::move(key)) {}

  std::string token(std::string_view tenant_id, std::string_view cookie_value, std::string_view session_binding) const;
  // Constant time: the comparison must not reveal how much of a guess was right.
  bool verify(std::string_view tenant_id, std::string_view cookie_value, std::string_view session_binding,
              std::string_view submitted) const;

  static constexpr std::string_view kCookie = "sigid_csrf";
  static constexpr std::string_view kField = "csrf_token";

 private:
  std::string key_;
};

}  // namespace sigid::hosted
