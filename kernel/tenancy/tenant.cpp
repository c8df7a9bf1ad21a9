#include "tenancy/tenant.hpp"

#include <algorithm>
#include <array>

namespace sigid::tenancy {

std::string_view toString(TenantStatus status) { return status == TenantStatus::Active ? "active" : "suspended"; }

core::Result<void> validateSlug(std::string_view slug, const std::string& field) {
  static constexpr std::array<std::string_view, 12> kReserved = {
      "system", "api", "admin", "www", "static", "assets", "healthz", "readyz", "metrics", "well-known", "t", "sigid"};
  auto bad = [&](const std::string& why) { return core::Error::invalidRequest(field + ": " + why); };
  if (slug.size() < 3 || slug.size() > 63) return bad("must be 3 to 63 characters");
  if (slug.front() < 'a' || slug.front() > 'z') return bad("must start with a lower-case letter");
  for (char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return bad("may contain only a-z, 0-9 and '-'");
  }
  if (slug.back() == '-' || slug.find("--") != std::string_view::npos)
    return bad("must not end with '-' or contain '--'");
  if (std::find(kReserved.begin(), kReserved.end(), slug) != kReserved.end()) return bad("is reserved");
  return core::success();
}

core::Result<void> validateTenantName(std::string_view name, const std::string& field) {
  if (name.empty() || name.size() > 200) return core::Error::invalidRequest(field + ": must be 1 to 200 characters");
  if (name.front() == ' ' || name.back() == ' ')
    return core::Error::invalidRequest(field + ": must not start or end with a space");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return core::Error::invalidRequest(field + ": must not contain control characters");
  }
  return core::success();
}

core::Result<void> validatePlan(std::string_view plan, const std::string& field) {
  if (plan.empty() || plan.size() > 63) return core::Error::invalidRequest(field + ": must be 1 to 63 characters");
  for (char c : plan) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return core::Error::invalidRequest(field + ": may contain only a-z, 0-9, '-' and '_'");
  }
  return core::success();
}

}  // namespace sigid::tenancy
