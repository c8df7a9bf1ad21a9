#include "policy/policy_engine.hpp"

#include <algorithm>
#include <chrono>

namespace sigid::policy {
namespace {

// Takes the outcome's obligations: the decision carries the merged ones, and
// explain shows each evaluation's verdict and reasons, not its obligations.
void mergeAllow(Decision& decision, PolicyOutcome& outcome) {
  auto& ours = decision.obligations;
  auto& theirs = outcome.obligations;
  if (theirs.scopes) {
    if (!ours.scopes) {
      ours.scopes = std::move(theirs.scopes);
    } else {  // every allow's narrowing applies: keep what all of them granted
      std::vector<std::string> kept;
      for (const auto& s : *ours.scopes)
        if (std::find(theirs.scopes->begin(), theirs.scopes->end(), s) != theirs.scopes->end()) kept.push_back(s);
      ours.scopes = std::move(kept);
    }
  }
  if (ours.claims.asObject().empty()) {
    ours.claims = std::move(theirs.claims);
    theirs.claims = PolicyValue::object();
  } else {
    for (const auto& [name, value] : theirs.claims.asObject())
      if (!ours.claims.find(name)) ours.claims.set(name, value);  // the earlier (baseline, higher priority) wins
  }
  ours.approval_required = ours.approval_required || theirs.approval_required;
  for (const auto& r : outcome.reasons) decision.reasons.push_back(r);
}

void decideBy(Decision& decision, const Evaluation& e) {
  decision.decided_by = e.policy;
  decision.decided_version = e.version;
  decision.decided_line = e.outcome.line;
  decision.decided_rule = e.outcome.rule;
}

Decision compose(std::vector<Evaluation> evaluations, PolicyEngine::DefaultDecision fallback) {
  Decision decision;
  const Evaluation* deny = nullptr;
  const Evaluation* step_up = nullptr;
  Evaluation* first_allow = nullptr;
  for (auto& e : evaluations) {
    if (e.outcome.verdict == Verdict::Deny && !deny) deny = &e;
    if (e.outcome.verdict == Verdict::StepUp && !step_up) step_up = &e;
    if (e.outcome.verdict == Verdict::Allow && !first_allow) first_allow = &e;
  }
  if (deny) {
    decision.verdict = Verdict::Deny;
    decideBy(decision, *deny);
    decision.reasons = deny->outcome.reasons;
    if (decision.reasons.empty()) decision.reasons.push_back("denied by policy '" + deny->policy + "'");
  } else if (step_up) {
    decision.verdict = Verdict::StepUp;
    decision.acr = step_up->outcome.acr;
    decideBy(decision, *step_up);
    decision.reasons = step_up->outcome.reasons;
  } else if (first_allow) {
    decision.verdict = Verdict::Allow;
    decideBy(decision, *first_allow);
    for (auto& e : evaluations)
      if (e.outcome.verdict == Verdict::Allow) mergeAllow(decision, e.outcome);
  } else {
    decision.verdict = fallback.verdict == Verdict::Allow ? Verdict::Allow : Verdict::Deny;
    decision.decided_by = "default";
    decision.reasons.push_back(std::string("no policy decided; the ") + fallback.source + " is " +
                               std::string(toString(decision.verdict)));
  }
  decision.evaluations = std::move(evaluations);
  return decision;
}

Evaluation runTimed(LuaSandbox& sandbox, std::size_t chunk, const PolicyUnit& unit, AttachPoint point,
                    const PolicyValue& input) {
  Evaluation e{unit.name, unit.policy_id, unit.version, sandbox.run(chunk, point, input), {}};
  e.took = sandbox.lastRunTook();
  return e;
}

}  // namespace

namespace {

bool isProtocolPoint(AttachPoint point) {
  return point == AttachPoint::Signin || point == AttachPoint::Authorize || point == AttachPoint::Token ||
         point == AttachPoint::TokenExchange;
}

}  // namespace

PolicyEngine::DefaultDecision PolicyEngine::defaultFor(const TenantPolicySet& set, AttachPoint point) const {
  if (set.default_verdict) return {*set.default_verdict, "tenant default"};
  if (isProtocolPoint(point)) return {Verdict::Allow, "default at protocol attach points"};
  return {platform_default_, "platform default"};
}

PolicyEngine::PolicyEngine(SandboxLimits limits, std::optional<PolicyUnit> baseline, DecisionObserver* observer,
                           Verdict platform_default)
    : limits_(limits), baseline_(std::move(baseline)), observer_(observer), platform_default_(platform_default) {}

core::Result<std::unique_ptr<LuaSandbox>> PolicyEngine::checkout(const TenantPolicySet& set) {
  if (auto sandbox = pool_.acquire(set.fingerprint)) return sandbox;
  std::vector<ChunkSource> chunks;
  if (baseline_) chunks.push_back({baseline_->name, baseline_->source});
  for (const auto& unit : set.active) chunks.push_back({unit.name, unit.source});
  for (const auto& shadow : set.shadows)
    chunks.push_back({shadow.candidate.name + "@v" + std::to_string(shadow.candidate.version), shadow.candidate.source});
  return LuaSandbox::create(limits_, chunks);
}

bool PolicyEngine::runsAnything(const TenantPolicySet& set) const {
  return baseline_ || !set.active.empty() || !set.shadows.empty();
}

Decision PolicyEngine::evaluate(const TenantPolicySet& set, AttachPoint point, const PolicyValue& input) {
  if (!runsAnything(set)) {  // nothing to run: no state to check out
    Decision decision = compose({}, defaultFor(set, point));
    if (observer_) observer_->decided(point, decision);
    return decision;
  }
  auto checked_out = checkout(set);
  if (!checked_out) {
    // Sources are syntax-checked on upload, so this is a kernel fault; fail closed.
    Decision denied;
    denied.verdict = Verdict::Deny;
    denied.decided_by = "engine";
    denied.reasons.push_back("policies could not be compiled: " + checked_out.error().description());
    if (observer_) observer_->decided(point, denied);
    return denied;
  }
  std::unique_ptr<LuaSandbox> sandbox = std::move(*checked_out);
  std::vector<Evaluation> evaluations;
  evaluations.reserve(set.active.size() + 1);
  std::vector<std::optional<PolicyOutcome>> active_outcomes(set.shadows.empty() ? 0 : set.active.size());
  std::size_t chunk = 0;
  bool stopped = false;
  if (baseline_) {
    evaluations.push_back(runTimed(*sandbox, chunk++, *baseline_, point, input));
    stopped = evaluations.back().outcome.verdict == Verdict::Deny;  // the baseline cannot be overridden
  }
  for (std::size_t i = 0; i < set.active.size() && !stopped; ++i) {
    evaluations.push_back(runTimed(*sandbox, chunk + i, set.active[i], point, input));
    if (!set.shadows.empty()) active_outcomes[i] = evaluations.back().outcome;  // only shadow mode compares
    stopped = evaluations.back().outcome.verdict == Verdict::Deny || !sandbox->healthy();
  }
  if (!set.shadows.empty() && sandbox->healthy()) runShadows(set, point, input, *sandbox, active_outcomes);
  Decision decision = compose(std::move(evaluations), defaultFor(set, point));
  pool_.release(set.fingerprint, std::move(sandbox));
  if (observer_) observer_->decided(point, decision);
  return decision;
}

void PolicyEngine::runShadows(const TenantPolicySet& set, AttachPoint point, const PolicyValue& input,
                              LuaSandbox& sandbox, const std::vector<std::optional<PolicyOutcome>>& active_outcomes) {
  const std::size_t first_shadow = (baseline_ ? 1 : 0) + set.active.size();
  for (std::size_t i = 0; i < set.shadows.size() && sandbox.healthy(); ++i) {
    const ShadowUnit& shadow = set.shadows[i];
    const PolicyOutcome* active = nullptr;
    if (shadow.active_index) {
      if (!active_outcomes[*shadow.active_index]) continue;  // not reached (an earlier deny): nothing to compare
      active = &*active_outcomes[*shadow.active_index];
    }
    PolicyOutcome candidate = sandbox.run(first_shadow + i, point, input);
    static const PolicyOutcome kAbstain;
    ShadowComparison comparison{set.tenant_id,
                                shadow.candidate.policy_id,
                                shadow.candidate.name,
                                shadow.active_index ? set.active[*shadow.active_index].version : 0,
                                shadow.candidate.version,
                                point,
                                active,
                                &candidate,
                                candidate.sameDecision(active ? *active : kAbstain)};
    if (observer_) observer_->shadowCompared(comparison);
  }
}

PolicyOutcome PolicyEngine::evaluateOne(const PolicyUnit& unit, AttachPoint point, const PolicyValue& input) {
  auto sandbox = LuaSandbox::create(limits_, {{unit.name, unit.source}});
  if (!sandbox) return PolicyOutcome::faulted(Fault::Error, sandbox.error().description());
  return (*sandbox)->run(0, point, input);
}

}  // namespace sigid::policy
