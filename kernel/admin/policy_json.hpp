#pragma once

#include <Poco/Dynamic/Var.h>

#include "core/result.hpp"
#include "policy/decision.hpp"
#include "policy/policy_value.hpp"
#include "store/repositories/policy_repository.hpp"

namespace sigid::admin {

// JSON (as Poco parsed it) → PolicyValue, for check-endpoint input. Depth and
// size are bounded by the body limit and `max_depth`.
core::Result<policy::PolicyValue> policyValueFromJson(const Poco::Dynamic::Var& json, const std::string& field,
                                                      int max_depth = 8);

policy::PolicyValue policyToValue(const store::PolicyRecord& policy);
policy::PolicyValue versionToValue(const store::PolicyVersionRecord& version, bool with_source);

// {"decision", "acr"?, "reasons", "obligations"} and, with `explain`, which
// policy and rule decided, every evaluation, and the input it saw.
policy::PolicyValue decisionToValue(const policy::Decision& decision, bool explain, const policy::PolicyValue& input);

}  // namespace sigid::admin
