#include "hosted/cookies.hpp"

namespace sigid::hosted {

std::optional<std::string> cookieValue(const http::Request& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      auto semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      rest.remove_prefix(semi == std::string_view::npos ? rest.size() : semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      auto eq = pair.find('=');
      if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
      std::string_view v = pair.substr(eq + 1);
      while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
  }
  return std::nullopt;
}

std::string setCookieHeader(std::string_view name, std::string_view value, const CookieOptions& o) {
  std::string header = std::string(name) + "=" + std::string(value) + "; Path=" + o.path + "; HttpOnly; SameSite=Lax";
  if (o.secure) header += "; Secure";
  if (o.max_age >= 0) header += "; Max-Age=" + std::to_string(o.max_age);
  return header;
}

}  // namespace sigid::hosted
