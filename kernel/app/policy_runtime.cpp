#include "app/policy_runtime.hpp"

#include <array>
#include <fstream>
#include <sstream>

#include "policy/lua_sandbox.hpp"

namespace sigid::app {

// Counts decisions, faults and shadow comparisons, and logs every shadow
// disagreement (with what each side answered) so an admin can see where a
// candidate differs before activating it. Labels come from fixed sets only.
class PolicyMetricsObserver final : public policy::DecisionObserver {
 public:
  PolicyMetricsObserver(http::Metrics& metrics, core::Logger& logger) : logger_(logger) {
    for (policy::AttachPoint point : policy::kAttachPoints) {
      const std::string attach(toString(point));
      auto i = static_cast<std::size_t>(point);
      for (auto verdict : {policy::Verdict::Allow, policy::Verdict::Deny, policy::Verdict::StepUp})
        decisions_[i][static_cast<std::size_t>(verdict)] =
            metrics.counter("sigid_policy_decisions_total", "Composed policy decisions",
                            {{"attach", attach}, {"decision", std::string(toString(verdict))}});
      faults_[i] = metrics.counter("sigid_policy_faults_total",
                                   "Policy evaluations stopped by an error or a sandbox limit", {{"attach", attach}});
      agreed_[i] = metrics.counter("sigid_policy_shadow_comparisons_total",
                                   "Shadow candidates compared with the active version",
                                   {{"attach", attach}, {"result", "agreed"}});
      disagreed_[i] = metrics.counter("sigid_policy_shadow_comparisons_total",
                                      "Shadow candidates compared with the active version",
                                      {{"attach", attach}, {"result", "disagreed"}});
    }
  }

  void decided(policy::AttachPoint point, const policy::Decision& decision) override {
    auto i = static_cast<std::size_t>(point);
    decisions_[i][static_cast<std::size_t>(decision.verdict)].inc();
    for (const auto& e : decision.evaluations) {
      if (e.outcome.fault == policy::Fault::None) continue;
      faults_[i].inc();
      logger_.warning("policy fault", {{"policy", e.policy}, {"version", e.version},
                                       {"fault", toString(e.outcome.fault)},
                                       {"reason", e.outcome.reasons.empty() ? "" : e.outcome.reasons.front()}});
    }
  }

  void shadowCompared(const policy::ShadowComparison& c) override {
    tallies.record(c);
    auto i = static_cast<std::size_t>(c.point);
    if (c.agreed) {
      agreed_[i].inc();
      return;
    }
    disagreed_[i].inc();
    logger_.info("policy shadow disagreement",
                 {{"tenant_id", c.tenant_id},
                  {"policy", c.policy},
                  {"attach", toString(c.point)},
                  {"active_version", c.active_version},
                  {"candidate_version", c.candidate_version},
                  {"active", c.active ? toString(c.active->verdict) : "abstain"},
                  {"candidate", toString(c.candidate->verdict)},
                  {"candidate_reason", c.candidate->reasons.empty() ? "" : c.candidate->reasons.front()}});
  }

  policy::ShadowTallies tallies;

 private:
  core::Logger& logger_;
  std::array<std::array<http::CounterHandle, 4>, policy::kAttachPoints.size()> decisions_;
  std::array<http::CounterHandle, policy::kAttachPoints.size()> faults_;
  std::array<http::CounterHandle, policy::kAttachPoints.size()> agreed_;
  std::array<http::CounterHandle, policy::kAttachPoints.size()> disagreed_;
};

core::Result<std::optional<policy::PolicyUnit>> loadBaselinePolicy(const std::string& path) {
  if (path.empty()) return std::optional<policy::PolicyUnit>{};
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::invalidRequest("policy.baseline_file = \"" + path + "\": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  auto checked = policy::checkPolicySyntax("baseline", text.str());
  if (!checked)
    return core::Error::invalidRequest("policy.baseline_file = \"" + path + "\": " + checked.error().description());
  return std::optional<policy::PolicyUnit>{policy::PolicyUnit{"", "baseline", 1, text.str()}};
}

core::Result<std::unique_ptr<PolicyRuntime>> PolicyRuntime::create(const KernelConfig& config, store::Database& db,
                                                                   const core::Clock& clock, core::Logger& logger,
                                                                   http::Metrics& metrics, admin::AdminContext& admin) {
  SIGID_TRY(auto baseline, loadBaselinePolicy(config.policy.baseline_file));
  std::unique_ptr<PolicyRuntime> runtime(new PolicyRuntime());
  policy::SandboxLimits limits{config.policy.instruction_budget, config.policy.memory_limit_bytes,
                               config.policy.deadline};
  const auto platform_default =
      config.policy.default_decision == "allow" ? policy::Verdict::Allow : policy::Verdict::Deny;
  runtime->observer_ = std::make_unique<PolicyMetricsObserver>(metrics, logger);
  runtime->engine_ = std::make_unique<policy::PolicyEngine>(limits, std::move(baseline), runtime->observer_.get(),
                                                            platform_default);
  runtime->source_ = std::make_unique<policy::RepositoryPolicySource>(db);
  runtime->evaluator_ = std::make_unique<policy::CachedPolicyEvaluator>(*runtime->engine_, *runtime->source_);
  runtime->lifecycle_ = std::make_unique<policy::PolicyLifecycle>(db, clock);
  runtime->admin_ = std::make_unique<admin::PolicyAdminContext>(admin::PolicyAdminContext{
      admin, *runtime->lifecycle_, *runtime->evaluator_, runtime->observer_->tallies, config.policy.default_decision,
      clock});
  return runtime;
}

PolicyRuntime::~PolicyRuntime() = default;

void PolicyRuntime::addRoutes(http::Router& router) {
  admin::addPolicyRoutes(router, *admin_);
  admin::addAuthzCheckRoute(router, *admin_);
}

}  // namespace sigid::app
