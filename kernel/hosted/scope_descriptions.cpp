#include "hosted/scope_descriptions.hpp"

#include <array>
#include <utility>

namespace sigid::hosted {

std::string describeScope(std::string_view scope) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kKnown{{
      {"openid", "Confirm who you are"},
      {"profile", "See your name and profile details"},
      {"email", "See your e-mail address"},
      {"phone", "See your phone number"},
      {"address", "See your postal address"},
      {"offline_access", "Keep access while you are away (until you revoke it)"},
  }};
  for (const auto& [name, words] : kKnown) {
    if (name == scope) return std::string(words);
  }
  return "Use the permission \u201c" + std::string(scope) + "\u201d";
}

}  // namespace sigid::hosted
