#include "policy/policy_value.hpp"

#include <cmath>
#include <cstdio>

#include "core/log.hpp"

namespace sigid::policy {

PolicyValue PolicyValue::strings(const std::vector<std::string>& items) {
  Array out;
  out.reserve(items.size());
  for (const auto& item : items) out.emplace_back(item);
  return PolicyValue(std::move(out));
}

double PolicyValue::asNumber() const {
  if (kind() == Kind::Integer) return static_cast<double>(asInteger());
  return std::get<double>(v_);
}

const PolicyValue* PolicyValue::find(std::string_view key) const {
  if (!isObject()) return nullptr;
  for (const auto& [k, v] : asObject())
    if (k == key) return &v;
  return nullptr;
}

PolicyValue& PolicyValue::set(std::string key, PolicyValue value) {
  if (isNull()) v_ = Object{};
  auto& members = asObject();
  for (auto& [k, v] : members) {
    if (k == key) {
      v = std::move(value);
      return v;
    }
  }
  members.emplace_back(std::move(key), std::move(value));
  return members.back().second;
}

PolicyValue& PolicyValue::push(PolicyValue value) {
  if (isNull()) v_ = Array{};
  auto& items = asArray();
  items.push_back(std::move(value));
  return items.back();
}

std::string PolicyValue::toJson() const {
  std::string out;
  appendJson(out);
  return out;
}

void PolicyValue::appendJson(std::string& out) const {
  switch (kind()) {
    case Kind::Null: out += "null"; return;
    case Kind::Bool: out += asBool() ? "true" : "false"; return;
    case Kind::Integer: out += std::to_string(asInteger()); return;
    case Kind::Number: {
      double d = std::get<double>(v_);
      if (!std::isfinite(d)) {  // JSON has no NaN or infinity
        out += "null";
        return;
      }
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", d);
      out += buf;
      return;
    }
    case Kind::String: core::appendJsonString(out, asString()); return;
    case Kind::Array: {
      out += '[';
      bool first = true;
      for (const auto& item : asArray()) {
        if (!first) out += ',';
        first = false;
        item.appendJson(out);
      }
      out += ']';
      return;
    }
    case Kind::Object: {
      out += '{';
      bool first = true;
      for (const auto& [k, v] : asObject()) {
        if (!first) out += ',';
        first = false;
        core::appendJsonString(out, k);
        out += ':';
        v.appendJson(out);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace sigid::policy
