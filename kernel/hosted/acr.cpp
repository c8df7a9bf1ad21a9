#include "hosted/acr.hpp"

#include <algorithm>

namespace sigid::hosted {

int acrLevel(std::string_view acr) {
  if (acr == kAcrPassword) return 1;
  if (acr == kAcrMfa) return 2;
  return 0;
}

std::string acrForLevel(int level) { return std::string(level >= 2 ? kAcrMfa : kAcrPassword); }

bool acrSatisfies(std::string_view session_acr, std::string_view required_acr) {
  const int required = acrLevel(required_acr);
  return required > 0 && acrLevel(session_acr) >= required;
}

std::optional<std::string> acrDemand(std::string_view acr_values) {
  int weakest = 0;
  std::size_t start = 0;
  while (start < acr_values.size()) {
    std::size_t end = acr_values.find(' ', start);
    if (end == std::string_view::npos) end = acr_values.size();
    if (const int level = acrLevel(acr_values.substr(start, end - start)); level > 0)
      weakest = weakest == 0 ? level : std::min(weakest, level);
    start = end + 1;
  }
  if (weakest == 0) return std::nullopt;
  return acrForLevel(weakest);
}

std::string strongerAcr(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  const int la = acrLevel(a), lb = acrLevel(b);
  if (la == 0) return a;
  if (lb == 0) return b;
  return la >= lb ? a : b;
}

}  // namespace sigid::hosted
