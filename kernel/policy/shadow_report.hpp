#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "policy/attach_point.hpp"
#include "policy/decision.hpp"

namespace sigid::policy {

// One shadow comparison: the candidate's answer against the active version's.
struct ShadowComparison {
  std::string tenant_id;
  std::string policy_id;
  std::string policy;
  std::int64_t active_version = 0;  // 0: the policy has no active version
  std::int64_t candidate_version = 0;
  AttachPoint point = AttachPoint::Check;
  const PolicyOutcome* active = nullptr;  // nullptr when there is no active version (it abstains)
  const PolicyOutcome* candidate = nullptr;
  bool agreed = false;
};

// Told about every shadow comparison and every decision; the kernel's
// implementation counts metrics and logs disagreements. Must be thread-safe.
class DecisionObserver {
 public:
  virtual ~DecisionObserver() = default;
  virtual void shadowCompared(const ShadowComparison& comparison) = 0;
  virtual void decided(AttachPoint point, const Decision& decision) = 0;
};

// Per-node shadow tallies for the lifecycle API (GET .../shadow): how often a
// candidate agreed and disagreed with the active version, plus the latest
// disagreements, so an admin can see where a candidate differs before activating it.
struct ShadowTally {
  std::uint64_t agreed = 0;
  std::uint64_t disagreed = 0;
  struct Sample {
    std::string attach;
    std::string active;     // verdict (and acr)
    std::string candidate;
    std::string candidate_reason;
  };
  std::vector<Sample> recent;  // newest last
};

class ShadowTallies {
 public:
  static constexpr std::size_t kSamples = 20;
  void record(const ShadowComparison& comparison);
  ShadowTally get(const std::string& tenant_id, const std::string& policy_id, std::int64_t candidate_version) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, std::int64_t>, ShadowTally> tallies_;
};

}  // namespace sigid::policy
