#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sigid::policy {

// The data a policy reads (its `input`) and the structured parts of what it
// returns (extra claims). A plain tree, so callers build it from typed structs
// without a JSON round trip and the sandbox exposes it lazily (input_proxy.hpp).
class PolicyValue {
 public:
  using Array = std::vector<PolicyValue>;
  // Insertion-ordered members with unique keys: inputs are small, and a stable
  // order keeps explain output and test diffs readable.
  using Object = std::vector<std::pair<std::string, PolicyValue>>;
  enum class Kind { Null, Bool, Integer, Number, String, Array, Object };

  PolicyValue() = default;
  PolicyValue(bool v) : v_(v) {}                                        // NOLINT: implicit by design
  PolicyValue(int v) : v_(static_cast<std::int64_t>(v)) {}               // NOLINT
  PolicyValue(std::int64_t v) : v_(v) {}                                 // NOLINT
  PolicyValue(double v) : v_(v) {}                                       // NOLINT
  PolicyValue(std::string v) : v_(std::move(v)) {}                       // NOLINT
  PolicyValue(std::string_view v) : v_(std::string(v)) {}                // NOLINT
  PolicyValue(const char* v) : v_(std::string(v)) {}                     // NOLINT
  PolicyValue(Array v) : v_(std::move(v)) {}                             // NOLINT
  PolicyValue(Object v) : v_(std::move(v)) {}                            // NOLINT

  static PolicyValue object() { return PolicyValue(Object{}); }
  static PolicyValue array() { return PolicyValue(Array{}); }
  static PolicyValue strings(const std::vector<std::string>& items);

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool isNull() const { return kind() == Kind::Null; }
  bool isString() const { return kind() == Kind::String; }
  bool isArray() const { return kind() == Kind::Array; }
  bool isObject() const { return kind() == Kind::Object; }

  bool asBool() const { return std::get<bool>(v_); }
  std::int64_t asInteger() const { return std::get<std::int64_t>(v_); }
  double asNumber() const;  // integers widen
  const std::string& asString() const { return std::get<std::string>(v_); }
  const Array& asArray() const { return std::get<Array>(v_); }
  Array& asArray() { return std::get<Array>(v_); }
  const Object& asObject() const { return std::get<Object>(v_); }
  Object& asObject() { return std::get<Object>(v_); }

  // Object member or nullptr (also for non-objects).
  const PolicyValue* find(std::string_view key) const;
  // Sets (replacing) an object member; turns a null into an object first.
  PolicyValue& set(std::string key, PolicyValue value);
  // Appends to an array; turns a null into an array first.
  PolicyValue& push(PolicyValue value);

  // Compact JSON; object members in their stored order.
  std::string toJson() const;
  void appendJson(std::string& out) const;

  bool operator==(const PolicyValue& other) const { return v_ == other.v_; }

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, Array, Object> v_;
};

}  // namespace sigid::policy
