#include "policy/policy_set.hpp"

namespace sigid::policy {

std::string fingerprintOf(const TenantPolicySet& set) {
  std::string key = set.tenant_id + "|";
  for (const auto& unit : set.active) key += unit.policy_id + "@" + std::to_string(unit.version) + ",";
  key += "|";
  for (const auto& shadow : set.shadows)
    key += shadow.candidate.policy_id + "@" + std::to_string(shadow.candidate.version) + ",";
  return key;
}

}  // namespace sigid::policy
