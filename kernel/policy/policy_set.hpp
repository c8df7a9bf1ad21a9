#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "policy/decision.hpp"

namespace sigid::policy {

// One version of one policy, as the engine evaluates it.
struct PolicyUnit {
  std::string policy_id;  // empty for the platform baseline
  std::string name;
  std::int64_t version = 0;
  std::string source;
};

// A candidate evaluated beside the active version (dry run): its answer is
// compared, counted and logged, and never decides anything.
struct ShadowUnit {
  PolicyUnit candidate;
  std::optional<std::size_t> active_index;  // the active version it would replace, if the policy has one
};

// Everything the engine needs to decide for one tenant: its active policies in
// evaluation order (priority, then name), shadow candidates, and the tenant's
// own default decision, if it chose one (else the engine's defaults apply).
struct TenantPolicySet {
  std::string tenant_id;
  std::vector<PolicyUnit> active;
  std::vector<ShadowUnit> shadows;
  std::optional<Verdict> default_verdict;  // Allow | Deny, when the tenant chose one
  // Identifies the compiled content (tenant + policy ids and versions): the
  // state pool key. Set by the loader with fingerprintOf().
  std::string fingerprint;
};

// "tenant|id@version,...|shadow:id@version,..." — equal sets share compiled states.
std::string fingerprintOf(const TenantPolicySet& set);

}  // namespace sigid::policy
