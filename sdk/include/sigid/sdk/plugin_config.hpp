#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace sigid::sdk {

// One scalar of the config document.
using ConfigValue = std::variant<std::string, std::int64_t, double, bool>;

// One tenant's config for this plugin, already validated against the manifest's
// schema, with sealed secrets opened. Values are addressed by JSON pointer
// ("/smtp/port", "/recipients/0"), so a plugin needs no JSON library.
class PluginConfig {
 public:
  using Values = std::map<std::string, ConfigValue, std::less<>>;

  PluginConfig() = default;
  PluginConfig(std::string tenant_id, std::string json, Values values)
      : tenant_id_(std::move(tenant_id)), json_(std::move(json)), values_(std::move(values)) {}

  const std::string& tenantId() const { return tenant_id_; }
  const std::string& json() const { return json_; }  // the whole document, secrets included
  const Values& values() const { return values_; }

  bool has(std::string_view pointer) const { return values_.find(pointer) != values_.end(); }
  std::optional<std::string> string(std::string_view pointer) const { return get<std::string>(pointer); }
  std::optional<bool> boolean(std::string_view pointer) const { return get<bool>(pointer); }
  std::optional<std::int64_t> integer(std::string_view pointer) const { return get<std::int64_t>(pointer); }
  // Integers read as numbers too: "timeout": 5 and 5.0 are the same to a schema.
  std::optional<double> number(std::string_view pointer) const {
    auto it = values_.find(pointer);
    if (it == values_.end()) return std::nullopt;
    if (auto* d = std::get_if<double>(&it->second)) return *d;
    if (auto* i = std::get_if<std::int64_t>(&it->second)) return static_cast<double>(*i);
    return std::nullopt;
  }

 private:
  template <class T>
  std::optional<T> get(std::string_view pointer) const {
    auto it = values_.find(pointer);
    if (it == values_.end()) return std::nullopt;
    if (auto* v = std::get_if<T>(&it->second)) return *v;
    return std::nullopt;
  }

  std::string tenant_id_;
  std::string json_;
  Values values_;
};

}  // namespace sigid::sdk
