#pragma once

#include <functional>
#include <string>

#include "admin/admin_context.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"
#include "policy/cached_policy_evaluator.hpp"
#include "policy/policy_lifecycle.hpp"
#include "policy/shadow_report.hpp"

namespace sigid::admin {

// API-key scopes for the policy routes (a system credential may do everything).
using tenancy::kScopeAuthzCheck;
using tenancy::kScopePolicies;

struct PolicyAdminContext {
  AdminContext& admin;
  policy::PolicyLifecycle& lifecycle;
  policy::CachedPolicyEvaluator& evaluator;
  const policy::ShadowTallies& tallies;
  std::string platform_default;  // policy.default_decision
  const core::Clock& clock;
  // Called after every change so this node's protocol caches (the tenant
  // directory) notice at once; other nodes converge within their refresh interval.
  std::function<void(const core::TenantId&)> changed = nullptr;
};

// /api/v1/tenants/{tenant}/policies...: the policy lifecycle (create, list,
// get, versions, activate, roll back, deactivate, shadow) and
// /api/v1/tenants/{tenant}/policy-settings (the tenant default decision).
void addPolicyRoutes(http::Router& router, PolicyAdminContext& ctx);

// POST /api/v1/tenants/{tenant}/authz/check[?explain=true].
void addAuthzCheckRoute(http::Router& router, PolicyAdminContext& ctx);

}  // namespace sigid::admin
