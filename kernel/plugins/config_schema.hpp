#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace Poco::Dynamic {
class Var;
}

namespace sigid::plugins {

// One node of a plugin's config schema: the JSON Schema subset SigID enforces
// (docs/plugins.md lists it). Compiled once when the plugin loads; a schema
// using a keyword outside the subset is refused then, so a plugin author never
// believes a rule is enforced when it is not.
struct SchemaNode {
  std::vector<std::string> types;  // empty: any type
  std::map<std::string, std::shared_ptr<SchemaNode>> properties;
  std::vector<std::string> required;
  bool additional_properties = true;
  std::shared_ptr<SchemaNode> items;
  std::vector<std::string> enum_values;  // canonical JSON of each allowed value
  std::optional<double> minimum, maximum;
  std::optional<std::size_t> min_length, max_length, min_items, max_items;
  std::optional<std::regex> pattern;
  std::string pattern_text;
  bool format_uri = false;
  bool write_only = false;  // a secret: sealed at rest, never returned
};

// A rule a document broke, at a JSON pointer (RFC 6901; "/" for the document itself).
struct SchemaViolation {
  std::string pointer;
  std::string message;

  std::string text() const { return pointer + ": " + message; }
};

class ConfigSchema {
 public:
  // The error names the schema location and the problem.
  static core::Result<std::shared_ptr<const ConfigSchema>> compile(std::string_view schema_json);

  // Every violation, in document order; empty when the document conforms.
  std::vector<SchemaViolation> validate(const Poco::Dynamic::Var& document) const;

  const SchemaNode& root() const { return *root_; }
  // True when some property anywhere is writeOnly.
  bool hasSecrets() const;

 private:
  explicit ConfigSchema(std::shared_ptr<SchemaNode> root) : root_(std::move(root)) {}
  std::shared_ptr<SchemaNode> root_;
};

// "~" -> "~0", "/" -> "~1" (RFC 6901 §3).
std::string escapePointerToken(std::string_view token);

}  // namespace sigid::plugins
