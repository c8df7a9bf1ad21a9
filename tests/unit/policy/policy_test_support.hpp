#pragma once

#include <string>

#include "policy/policy_engine.hpp"
#include "policy/policy_set.hpp"
#include "policy/policy_value.hpp"

namespace sigid::policy::testing {

// Limits for tests: tight enough to trip fast under ASan, loose enough for real policies.
inline SandboxLimits testLimits() {
  SandboxLimits limits;
  limits.instruction_budget = 1'000'000;
  limits.memory_limit_bytes = 4 * 1024 * 1024;
  limits.deadline = std::chrono::milliseconds(500);
  return limits;
}

inline PolicyUnit unit(std::string name, std::string source, std::int64_t version = 1) {
  return PolicyUnit{"id-" + name, std::move(name), version, std::move(source)};
}

inline TenantPolicySet setOf(std::string tenant, std::vector<PolicyUnit> active,
                             std::optional<Verdict> default_verdict = Verdict::Deny) {
  TenantPolicySet set;
  set.tenant_id = std::move(tenant);
  set.active = std::move(active);
  set.default_verdict = default_verdict;
  set.fingerprint = fingerprintOf(set);
  return set;
}

// A typical token-endpoint input.
inline PolicyValue sampleInput() {
  PolicyValue input = PolicyValue::object();
  PolicyValue subject = PolicyValue::object();
  subject.set("type", "user");
  subject.set("id", "u-123");
  subject.set("roles", PolicyValue::strings({"support", "viewer"}));
  subject.set("amr", PolicyValue::strings({"pwd"}));
  subject.set("acr", "urn:sigid:acr:pwd");
  subject.set("auth_age_seconds", 120);
  input.set("subject", std::move(subject));
  PolicyValue client = PolicyValue::object();
  client.set("id", "app-1");
  client.set("type", "confidential");
  input.set("client", std::move(client));
  input.set("action", "token");
  input.set("requested_scopes", PolicyValue::strings({"openid", "profile", "admin:write"}));
  PolicyValue context = PolicyValue::object();
  context.set("ip", "192.0.2.10");
  context.set("time", static_cast<std::int64_t>(1767348000));  // 2026-01-02 10:00 UTC, a Friday
  input.set("context", std::move(context));
  return input;
}

}  // namespace sigid::policy::testing
