#include "policy/decision.hpp"

#include <algorithm>
#include <array>

namespace sigid::policy {

std::string_view toString(Verdict verdict) {
  switch (verdict) {
    case Verdict::Allow: return "allow";
    case Verdict::Deny: return "deny";
    case Verdict::StepUp: return "step_up";
    case Verdict::Abstain: return "abstain";
  }
  return "deny";
}

std::string_view toString(Fault fault) {
  switch (fault) {
    case Fault::None: return "none";
    case Fault::Error: return "error";
    case Fault::InstructionBudget: return "instruction_budget";
    case Fault::MemoryLimit: return "memory_limit";
    case Fault::Deadline: return "deadline";
    case Fault::InvalidDecision: return "invalid_decision";
    case Fault::Unavailable: return "unavailable";
  }
  return "error";
}

PolicyOutcome PolicyOutcome::faulted(Fault fault, std::string reason) {
  PolicyOutcome outcome;
  outcome.verdict = Verdict::Deny;
  outcome.fault = fault;
  outcome.reasons.push_back(std::move(reason));
  return outcome;
}

bool PolicyOutcome::sameDecision(const PolicyOutcome& other) const {
  auto sorted = [](std::optional<std::vector<std::string>> s) {
    if (s) std::sort(s->begin(), s->end());
    return s;
  };
  return verdict == other.verdict && acr == other.acr &&
         sorted(obligations.scopes) == sorted(other.obligations.scopes) &&
         obligations.claims == other.obligations.claims &&
         obligations.approval_required == other.obligations.approval_required;
}

bool isReservedClaim(std::string_view name) {
  static constexpr std::array<std::string_view, 17> kReserved{
      "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope",
      "tid", "act", "cnf", "azp", "auth_time", "acr", "amr", "typ"};
  return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end();
}

}  // namespace sigid::policy
