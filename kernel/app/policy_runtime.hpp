#pragma once

#include <memory>

#include "admin/admin_context.hpp"
#include "admin/policy_routes.hpp"
#include "app/config.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "policy/cached_policy_evaluator.hpp"
#include "policy/policy_engine.hpp"
#include "policy/policy_lifecycle.hpp"
#include "policy/repository_policy_source.hpp"
#include "store/database.hpp"

namespace sigid::app {

class PolicyMetricsObserver;

// The policy engine and its control plane, built together: the engine with
// the configured limits and baseline, the cached evaluator the protocol code
// calls (evaluator()), the lifecycle API and the check endpoint.
class PolicyRuntime {
 public:
  // Fails (refusing start-up) when the baseline file cannot be read or compiled.
  static core::Result<std::unique_ptr<PolicyRuntime>> create(const KernelConfig& config, store::Database& db,
                                                             const core::Clock& clock, core::Logger& logger,
                                                             http::Metrics& metrics, admin::AdminContext& admin);
  ~PolicyRuntime();

  void addRoutes(http::Router& router);
  // Told after every policy change (the kernel invalidates its tenant directory).
  void onChange(std::function<void(const core::TenantId&)> changed) { admin_->changed = std::move(changed); }
  policy::PolicyEvaluator& evaluator() { return *evaluator_; }

 private:
  PolicyRuntime() = default;

  std::unique_ptr<PolicyMetricsObserver> observer_;
  std::unique_ptr<policy::PolicyEngine> engine_;
  std::unique_ptr<policy::RepositoryPolicySource> source_;
  std::unique_ptr<policy::CachedPolicyEvaluator> evaluator_;
  std::unique_ptr<policy::PolicyLifecycle> lifecycle_;
  std::unique_ptr<admin::PolicyAdminContext> admin_;
};

// Reads and syntax-checks a baseline policy file (`sigid config check` and start-up).
core::Result<std::optional<policy::PolicyUnit>> loadBaselinePolicy(const std::string& path);

}  // namespace sigid::app
