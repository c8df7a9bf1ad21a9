#include "admin/policy_json.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

namespace sigid::admin {

using policy::PolicyValue;

core::Result<PolicyValue> policyValueFromJson(const Poco::Dynamic::Var& json, const std::string& field, int max_depth) {
  if (max_depth < 0) return core::Error::invalidRequest(field + ": nested too deeply");
  if (json.isEmpty()) return PolicyValue();
  if (json.type() == typeid(Poco::JSON::Object::Ptr)) {
    auto object = json.extract<Poco::JSON::Object::Ptr>();
    PolicyValue out = PolicyValue::object();
    for (const auto& [key, value] : *object) {
      SIGID_TRY(PolicyValue member, policyValueFromJson(value, field + "." + key, max_depth - 1));
      out.set(key, std::move(member));
    }
    return out;
  }
  if (json.type() == typeid(Poco::JSON::Array::Ptr)) {
    auto array = json.extract<Poco::JSON::Array::Ptr>();
    PolicyValue out = PolicyValue::array();
    for (std::size_t i = 0; i < array->size(); ++i) {
      SIGID_TRY(PolicyValue item, policyValueFromJson(array->get(i), field + "[" + std::to_string(i) + "]", max_depth - 1));
      out.push(std::move(item));
    }
    return out;
  }
  if (json.isBoolean()) return PolicyValue(json.convert<bool>());
  if (json.isInteger()) return PolicyValue(static_cast<std::int64_t>(json.convert<Poco::Int64>()));
  if (json.isNumeric()) return PolicyValue(json.convert<double>());
  if (json.isString()) return PolicyValue(json.convert<std::string>());
  return core::Error::invalidRequest(field + ": unsupported JSON value");
}

namespace {
PolicyValue optionalVersion(const std::optional<std::int64_t>& v) { return v ? PolicyValue(*v) : PolicyValue(); }
}  // namespace

PolicyValue policyToValue(const store::PolicyRecord& p) {
  PolicyValue out = PolicyValue::object();
  out.set("id", p.id);
  out.set("name", p.name);
  out.set("description", p.description);
  out.set("priority", p.priority);
  out.set("latest_version", p.latest_version);
  out.set("active_version", optionalVersion(p.active_version));
  out.set("previous_version", optionalVersion(p.previous_version));
  out.set("shadow_version", optionalVersion(p.shadow_version));
  out.set("created_at", p.created_at);
  out.set("updated_at", p.updated_at);
  return out;
}

PolicyValue versionToValue(const store::PolicyVersionRecord& v, bool with_source) {
  PolicyValue out = PolicyValue::object();
  out.set("version", v.version);
  out.set("sha256", v.sha256);
  out.set("created_by", v.created_by);
  out.set("created_at", v.created_at);
  if (with_source) out.set("source", v.source);
  return out;
}

namespace {

PolicyValue obligationsToValue(const policy::Obligations& o) {
  PolicyValue out = PolicyValue::object();
  out.set("scopes", o.scopes ? PolicyValue::strings(*o.scopes) : PolicyValue());
  out.set("claims", o.claims);
  out.set("approval_required", o.approval_required);
  return out;
}

PolicyValue outcomeToValue(const policy::Evaluation& e) {
  PolicyValue out = PolicyValue::object();
  out.set("policy", e.policy);
  if (!e.policy_id.empty()) out.set("policy_id", e.policy_id);
  out.set("version", e.version);
  out.set("decision", std::string(toString(e.outcome.verdict)));
  if (!e.outcome.acr.empty()) out.set("acr", e.outcome.acr);
  out.set("reasons", PolicyValue::strings(e.outcome.reasons));
  out.set("line", e.outcome.line > 0 ? PolicyValue(e.outcome.line) : PolicyValue());
  out.set("rule", e.outcome.rule.empty() ? PolicyValue() : PolicyValue(e.outcome.rule));
  out.set("handler_found", e.outcome.handler_found);
  out.set("fault", e.outcome.fault == policy::Fault::None ? PolicyValue() : PolicyValue(std::string(toString(e.outcome.fault))));
  out.set("duration_us", static_cast<std::int64_t>(e.took.count() / 1000));
  return out;
}

}  // namespace

PolicyValue decisionToValue(const policy::Decision& d, bool explain, const PolicyValue& input) {
  PolicyValue out = PolicyValue::object();
  out.set("decision", std::string(toString(d.verdict)));
  if (d.verdict == policy::Verdict::StepUp) out.set("acr", d.acr);
  out.set("reasons", PolicyValue::strings(d.reasons));
  out.set("obligations", obligationsToValue(d.obligations));
  if (!explain) return out;
  PolicyValue why = PolicyValue::object();
  PolicyValue decided_by = PolicyValue::object();
  decided_by.set("policy", d.decided_by);
  decided_by.set("version", d.decided_version > 0 ? PolicyValue(d.decided_version) : PolicyValue());
  decided_by.set("line", d.decided_line > 0 ? PolicyValue(d.decided_line) : PolicyValue());
  decided_by.set("rule", d.decided_rule.empty() ? PolicyValue() : PolicyValue(d.decided_rule));
  why.set("decided_by", std::move(decided_by));
  PolicyValue evaluations = PolicyValue::array();
  for (const auto& e : d.evaluations) evaluations.push(outcomeToValue(e));
  why.set("evaluations", std::move(evaluations));
  why.set("input", input);
  out.set("explain", std::move(why));
  return out;
}

}  // namespace sigid::admin
