#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace sigid::hosted {

// The first cookie named `name` in the request's Cookie headers (RFC 6265 §5.4).
std::optional<std::string> cookieValue(const http::Request& request, std::string_view name);

struct CookieOptions {
  std::string path;      // "/t/{slug}/": a tenant's cookies never reach another tenant's pages
  bool secure = true;    // off only in dev mode, where pages are served over plain http
  long max_age = -1;     // seconds; -1: a browser-session cookie; 0: delete
};

// HttpOnly and SameSite=Lax always: scripts never read our cookies, and
// cross-site POSTs arrive without them (CSRF tokens are the second layer).
std::string setCookieHeader(std::string_view name, std::string_view value, const CookieOptions& options);

}  // namespace sigid::hosted
