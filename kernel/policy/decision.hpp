#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/policy_value.hpp"

namespace sigid::policy {

// Abstain: the policy has no opinion (its handler returned nil, or it has no
// handler for the attach point). It never appears as a final decision.
enum class Verdict { Allow, Deny, StepUp, Abstain };

std::string_view toString(Verdict verdict);  // allow | deny | step_up | abstain

// Why a policy was forced to deny instead of answering. Each names the limit
// or failure, so a tenant admin reading a reason knows what to fix.
enum class Fault { None, Error, InstructionBudget, MemoryLimit, Deadline, InvalidDecision, Unavailable };

std::string_view toString(Fault fault);  // none | error | instruction_budget | memory_limit | deadline | ...

// What an allow (or step-up) asks the caller to do besides deciding.
struct Obligations {
  std::optional<std::vector<std::string>> scopes;  // narrowed scope set; nullopt leaves scopes alone
  PolicyValue claims = PolicyValue::object();      // extra access-token claims (reserved names refused)
  bool approval_required = false;                  // a human must approve before the action proceeds

  bool operator==(const Obligations&) const = default;
};

// One policy's answer at one attach point.
struct PolicyOutcome {
  Verdict verdict = Verdict::Abstain;
  std::string acr;                   // step_up: the acr the subject must reach
  std::vector<std::string> reasons;  // shown to admins in explain, logged; never to end users verbatim
  Obligations obligations;
  int line = 0;                      // source line of the allow/deny/step_up call that decided
  std::string rule;                  // the author's rule name, when given
  Fault fault = Fault::None;
  bool handler_found = true;         // false: the policy defines no handler for the attach point

  static PolicyOutcome faulted(Fault fault, std::string reason);
  // Same verdict, acr and obligations: what shadow mode compares.
  bool sameDecision(const PolicyOutcome& other) const;
};

// One policy evaluated while composing a decision (kept for explain). In a
// composed Decision, the allows' obligations have moved into the Decision's.
struct Evaluation {
  std::string policy;     // name; "baseline" for the platform baseline
  std::string policy_id;  // empty for the baseline
  std::int64_t version = 0;
  PolicyOutcome outcome;
  std::chrono::nanoseconds took{0};
};

// The composed decision the caller acts on.
struct Decision {
  Verdict verdict = Verdict::Deny;  // Allow | Deny | StepUp
  std::string acr;
  std::vector<std::string> reasons;
  Obligations obligations;

  // Who decided: a policy name, "baseline", or "default" (no policy had an opinion).
  std::string decided_by;
  std::int64_t decided_version = 0;
  int decided_line = 0;
  std::string decided_rule;
  std::vector<Evaluation> evaluations;  // in evaluation order

  bool allowed() const { return verdict == Verdict::Allow; }
};

// Claims a policy may not set (docs/policies.md "Extra claims"): the ones the
// token service owns or a relying party reads as the server's own assertion —
// RFC 7519 §4.1, RFC 9068 §2.2, OIDC Core §2 and §5.1, RFC 8693 §4, RFC 7800,
// RFC 9396, SigID's `tid` — and the RFC 7662 §2.2 introspection members, since
// extra claims are returned beside them. Case-sensitive, as JSON names are.
bool isReservedClaim(std::string_view name);

// Bounds on the extra claims one decision may add to a token: every token
// carries them, and tokens travel in headers (commonly capped at 8 KiB).
inline constexpr std::size_t kMaxExtraClaims = 16;
inline constexpr std::size_t kMaxExtraClaimsBytes = 2048;  // the claims' JSON, members only

// Why `claims` cannot go into a token, naming the claim; nullopt when it can.
// Beyond the reserved names and the bounds above: names must be non-empty
// UTF-8, strings valid UTF-8, numbers finite, integers within ±2^53 (what a
// JSON parser that reads numbers as doubles keeps exactly; RFC 7493 §2.2).
std::optional<std::string> extraClaimsProblem(const PolicyValue& claims);

}  // namespace sigid::policy
