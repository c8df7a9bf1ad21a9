#include "policy/shadow_report.hpp"

namespace sigid::policy {
namespace {

std::string describe(const PolicyOutcome* outcome) {
  if (outcome == nullptr) return "abstain";
  std::string text(toString(outcome->verdict));
  if (outcome->verdict == Verdict::StepUp) text += "(" + outcome->acr + ")";
  if (outcome->obligations.scopes) text += " scopes=" + PolicyValue::strings(*outcome->obligations.scopes).toJson();
  return text;
}

}  // namespace

void ShadowTallies::record(const ShadowComparison& c) {
  std::lock_guard lock(mutex_);
  ShadowTally& tally = tallies_[{c.tenant_id, c.policy_id, c.candidate_version}];
  if (c.agreed) {
    ++tally.agreed;
    return;
  }
  ++tally.disagreed;
  ShadowTally::Sample sample{std::string(toString(c.point)), describe(c.active), describe(c.candidate), ""};
  if (c.candidate && !c.candidate->reasons.empty()) sample.candidate_reason = c.candidate->reasons.front();
  if (tally.recent.size() >= kSamples) tally.recent.erase(tally.recent.begin());
  tally.recent.push_back(std::move(sample));
}

ShadowTally ShadowTallies::get(const std::string& tenant_id, const std::string& policy_id,
                               std::int64_t candidate_version) const {
  std::lock_guard lock(mutex_);
  auto it = tallies_.find({tenant_id, policy_id, candidate_version});
  return it == tallies_.end() ? ShadowTally{} : it->second;
}

}  // namespace sigid::policy
