#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace sigid::policy {

// Where the kernel asks policies for a decision (DESIGN.md §7). The Lua handler
// a policy defines for each has the same name as toString() returns.
enum class AttachPoint { Signin, Authorize, Token, TokenExchange, Admin, Check };

inline constexpr std::array<AttachPoint, 6> kAttachPoints{AttachPoint::Signin, AttachPoint::Authorize,
                                                          AttachPoint::Token,  AttachPoint::TokenExchange,
                                                          AttachPoint::Admin,  AttachPoint::Check};

constexpr std::string_view toString(AttachPoint point) {
  switch (point) {
    case AttachPoint::Signin: return "signin";
    case AttachPoint::Authorize: return "authorize";
    case AttachPoint::Token: return "token";
    case AttachPoint::TokenExchange: return "token_exchange";
    case AttachPoint::Admin: return "admin";
    case AttachPoint::Check: return "check";
  }
  return "check";
}

constexpr std::optional<AttachPoint> parseAttachPoint(std::string_view name) {
  for (AttachPoint point : kAttachPoints)
    if (toString(point) == name) return point;
  return std::nullopt;
}

}  // namespace sigid::policy
