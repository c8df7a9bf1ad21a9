#include "policy/decision.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "core/encoding.hpp"

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

namespace {

// Sorted, for the binary search below.
constexpr std::array<std::string_view, 46> kReservedClaims{
    "acr", "act", "active", "address", "amr", "at_hash", "aud", "auth_time", "authorization_details", "azp",
    "birthdate", "c_hash", "client_id", "cnf", "email", "email_verified", "exp", "family_name", "gender",
    "given_name", "iat", "iss", "jti", "locale", "may_act", "middle_name", "name", "nbf", "nickname", "nonce",
    "phone_number", "phone_number_verified", "picture", "preferred_username", "profile", "s_hash", "scope",
    "sid", "sub", "tid", "token_type", "typ", "updated_at", "username", "website", "zoneinfo"};
static_assert(std::is_sorted(kReservedClaims.begin(), kReservedClaims.end()));



constexpr std::int64_t kMaxExactInteger = (std::int64_t{1} << 53) - 1;

// Where inside a claim's value it is not JSON; nullopt when all of it is.
std::optional<std::string> valueProblem(const PolicyValue& value) {
  switch (value.kind()) {
    case PolicyValue::Kind::Integer:
      if (value.asInteger() > kMaxExactInteger || value.asInteger() < -kMaxExactInteger)
        return "an integer beyond ±2^53 (send it as a string)";
      return std::nullopt;
    case PolicyValue::Kind::Number:
      if (!std::isfinite(value.asNumber())) return "a number that is not finite";
      return std::nullopt;
    case PolicyValue::Kind::String:
      if (!core::isValidUtf8(value.asString())) return "a string that is not valid UTF-8";
      return std::nullopt;
    case PolicyValue::Kind::Array:
      for (const auto& item : value.asArray())
        if (auto problem = valueProblem(item)) return problem;
      return std::nullopt;
    case PolicyValue::Kind::Object:
      for (const auto& [key, member] : value.asObject()) {
        if (!core::isValidUtf8(key)) return std::string("a member name that is not valid UTF-8");
        if (auto problem = valueProblem(member)) return problem;
      }
      return std::nullopt;
    case PolicyValue::Kind::Null:
    case PolicyValue::Kind::Bool: return std::nullopt;
  }
  return std::nullopt;
}

// A claim name fit for a reason: bounded, and only printable ASCII verbatim.
std::string shown(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 64)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
  return out;
}

}  // namespace

bool isReservedClaim(std::string_view name) {
  return std::binary_search(kReservedClaims.begin(), kReservedClaims.end(), name);
}

std::optional<std::string> extraClaimsProblem(const PolicyValue& claims) {
  if (!claims.isObject()) return std::string("claims must be a table of claim names to values");
  const auto& members = claims.asObject();
  if (members.size() > kMaxExtraClaims)
    return "too many extra claims: " + std::to_string(members.size()) + " (at most " +
           std::to_string(kMaxExtraClaims) + ")";
  for (const auto& [name, value] : members) {
    if (name.empty()) return std::string("a claim name is empty");
    if (!core::isValidUtf8(name)) return "claim '" + shown(name) + "': the name is not valid UTF-8";
    if (isReservedClaim(name)) return "claim '" + name + "' is reserved and cannot be set by a policy";
    if (auto problem = valueProblem(value)) return "claim '" + shown(name) + "' holds " + *problem;
  }
  const std::size_t bytes = claims.toJson().size() - 2;  // without the braces: what the token gains
  if (bytes > kMaxExtraClaimsBytes)
    return "extra claims too large: " + std::to_string(bytes) + " bytes of JSON (at most " +
           std::to_string(kMaxExtraClaimsBytes) + ")";
  return std::nullopt;
}

}  // namespace sigid::policy
