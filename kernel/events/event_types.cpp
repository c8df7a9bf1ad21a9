#include "events/event_types.hpp"

#include <string>

namespace sigid::events {

bool isValidEventType(std::string_view type) {
  if (type.size() < 3 || type.size() > 100 || type.front() == '.' || type.back() == '.') return false;
  bool dot = false;
  char previous = 0;
  for (char ch : type) {
    const bool word = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
    if (ch == '.') {
      if (previous == '.') return false;
      dot = true;
    } else if (!word) {
      return false;
    }
    previous = ch;
  }
  return dot;
}

bool isValidEventTypePattern(std::string_view pattern) {
  if (pattern == "*") return true;
  if (pattern.ends_with(".*")) {
    std::string_view prefix = pattern.substr(0, pattern.size() - 2);
    // "user.*" : a one-word prefix is fine, though not a full type.
    return !prefix.empty() && isValidEventType(std::string(prefix) + ".x");
  }
  return isValidEventType(pattern);
}

}  // namespace sigid::events
