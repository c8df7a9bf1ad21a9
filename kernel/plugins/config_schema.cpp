#include "plugins/config_schema.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <cmath>
#include <set>
#include <sstream>

namespace sigid::plugins {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

const std::set<std::string> kKnownTypes = {"object", "array", "string", "integer", "number", "boolean", "null"};
// Keywords that only describe (no rule to enforce), accepted and ignored.
const std::set<std::string> kAnnotations = {"$schema", "$id", "$comment", "title", "description", "default", "examples"};

std::string canonical(const Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

std::string formatNumber(double value) {
  if (std::floor(value) == value && std::fabs(value) < 9e15) return std::to_string(static_cast<long long>(value));
  std::ostringstream out;
  out << value;
  return out.str();
}

core::Error schemaError(const std::string& at, const std::string& problem) {
  return core::Error::invalidRequest("config schema " + (at.empty() ? "/" : at) + ": " + problem);
}

core::Result<std::optional<std::size_t>> readCount(const Object& o, const std::string& key, const std::string& at) {
  if (!o.has(key)) return std::optional<std::size_t>{};
  Var v = o.get(key);
  if (!v.isInteger() || v.convert<long long>() < 0) return schemaError(at, key + " must be a non-negative integer");
  return std::optional<std::size_t>(static_cast<std::size_t>(v.convert<long long>()));
}

core::Result<std::shared_ptr<SchemaNode>> compileNode(const Var& value, const std::string& at);

core::Result<void> compileObjectKeywords(const Object& o, SchemaNode& node, const std::string& at) {
  if (o.has("properties")) {
    auto props = o.getObject("properties");
    if (!props) return schemaError(at, "properties must be an object");
    for (const auto& [name, sub] : *props) {
      SIGID_TRY(node.properties[name], compileNode(sub, at + "/properties/" + escapePointerToken(name)));
    }
  }
  if (o.has("required")) {
    auto req = o.getArray("required");
    if (!req) return schemaError(at, "required must be an array of property names");
    for (const auto& name : *req) {
      if (!name.isString()) return schemaError(at, "required must be an array of property names");
      node.required.push_back(name.convert<std::string>());
    }
  }
  if (o.has("additionalProperties")) {
    Var ap = o.get("additionalProperties");
    if (!ap.isBoolean()) return schemaError(at, "additionalProperties must be true or false (schemas are not supported)");
    node.additional_properties = ap.convert<bool>();
  }
  if (o.has("items")) {
    SIGID_TRY(node.items, compileNode(o.get("items"), at + "/items"));
  }
  return core::success();
}

core::Result<std::shared_ptr<SchemaNode>> compileNode(const Var& value, const std::string& at) {
  if (value.type() != typeid(Object::Ptr)) return schemaError(at, "must be a JSON object");
  const Object& o = *value.extract<Object::Ptr>();
  static const std::set<std::string> kKeywords = {
      "type", "properties", "required", "additionalProperties", "items", "enum", "minimum", "maximum",
      "minLength", "maxLength", "minItems", "maxItems", "pattern", "format", "writeOnly"};
  for (const auto& [key, unused] : o) {
    if (!kKeywords.contains(key) && !kAnnotations.contains(key))
      return schemaError(at, "keyword '" + key + "' is not supported (see docs/plugins.md for the subset)");
  }
  auto node = std::make_shared<SchemaNode>();
  if (o.has("type")) {
    Var t = o.get("type");
    std::vector<std::string> types;
    if (t.isString()) types.push_back(t.convert<std::string>());
    else if (auto list = o.getArray("type")) for (const auto& one : *list) types.push_back(one.toString());
    else return schemaError(at, "type must be a string or an array of strings");
    for (const auto& name : types)
      if (!kKnownTypes.contains(name)) return schemaError(at, "unknown type '" + name + "'");
    node->types = std::move(types);
  }
  SIGID_CHECK(compileObjectKeywords(o, *node, at));
  if (o.has("enum")) {
    auto list = o.getArray("enum");
    if (!list || list->size() == 0) return schemaError(at, "enum must be a non-empty array");
    for (const auto& one : *list) node->enum_values.push_back(canonical(one));
  }
  for (auto [key, slot] : {std::pair{"minimum", &node->minimum}, std::pair{"maximum", &node->maximum}}) {
    if (!o.has(key)) continue;
    Var v = o.get(key);
    if (!v.isNumeric()) return schemaError(at, std::string(key) + " must be a number");
    *slot = v.convert<double>();
  }
  SIGID_TRY(node->min_length, readCount(o, "minLength", at));
  SIGID_TRY(node->max_length, readCount(o, "maxLength", at));
  SIGID_TRY(node->min_items, readCount(o, "minItems", at));
  SIGID_TRY(node->max_items, readCount(o, "maxItems", at));
  if (o.has("pattern")) {
    node->pattern_text = o.getValue<std::string>("pattern");
    try {
      node->pattern = std::regex(node->pattern_text, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      return schemaError(at, "pattern is not a valid regular expression");
    }
  }
  if (o.has("format")) {
    std::string format = o.get("format").toString();
    if (format != "uri") return schemaError(at, "format '" + format + "' is not supported (only uri)");
    node->format_uri = true;
  }
  if (o.has("writeOnly")) {
    Var w = o.get("writeOnly");
    if (!w.isBoolean()) return schemaError(at, "writeOnly must be true or false");
    node->write_only = w.convert<bool>();
  }
  return node;
}

std::string typeOf(const Var& v) {
  if (v.isEmpty()) return "null";
  if (v.type() == typeid(Object::Ptr)) return "object";
  if (v.type() == typeid(Array::Ptr)) return "array";
  if (v.isBoolean()) return "boolean";
  if (v.isString()) return "string";
  if (v.isInteger()) return "integer";
  if (v.isNumeric()) return "number";
  return "unknown";
}

bool matchesType(const std::string& wanted, const Var& v, const std::string& actual) {
  if (wanted == actual) return true;
  if (wanted == "number") return actual == "integer";
  // JSON Schema: 1.0 is an integer.
  if (wanted == "integer" && actual == "number") return std::floor(v.convert<double>()) == v.convert<double>();
  return false;
}

std::size_t codePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool isAbsoluteUri(const std::string& s) {
  auto colon = s.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size()) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    char c = s[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  }
  for (unsigned char c : s)
    if (c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  return true;
}

std::string article(const std::string& type) { return (type == "object" || type == "array" || type == "integer") ? "an " + type : "a " + type; }

void check(const SchemaNode& node, const Var& v, const std::string& at, std::vector<SchemaViolation>& out) {
  const std::string pointer = at.empty() ? "/" : at;
  const std::string actual = typeOf(v);
  if (!node.types.empty()) {
    bool ok = false;
    for (const auto& t : node.types) ok = ok || matchesType(t, v, actual);
    if (!ok) {
      std::string expected = article(node.types.front());
      for (std::size_t i = 1; i < node.types.size(); ++i) expected += " or " + article(node.types[i]);
      out.push_back({pointer, "must be " + expected});
      return;  // the other rules assume the type
    }
  }
  if (!node.enum_values.empty()) {
    std::string text = canonical(v);
    bool found = false;
    std::string allowed;
    for (const auto& e : node.enum_values) {
      found = found || e == text;
      allowed += (allowed.empty() ? "" : ", ") + e;
    }
    if (!found) out.push_back({pointer, "must be one of " + allowed});
  }
  if (actual == "integer" || actual == "number") {
    double d = v.convert<double>();
    if (node.minimum && d < *node.minimum) out.push_back({pointer, "must be at least " + formatNumber(*node.minimum)});
    if (node.maximum && d > *node.maximum) out.push_back({pointer, "must be at most " + formatNumber(*node.maximum)});
  } else if (actual == "string") {
    std::string s = v.convert<std::string>();
    std::size_t n = codePoints(s);
    if (node.min_length && n < *node.min_length)
      out.push_back({pointer, "must be at least " + std::to_string(*node.min_length) + " characters long"});
    if (node.max_length && n > *node.max_length)
      out.push_back({pointer, "must be at most " + std::to_string(*node.max_length) + " characters long"});
    if (node.pattern && !std::regex_search(s, *node.pattern))
      out.push_back({pointer, "must match the pattern " + node.pattern_text});
    if (node.format_uri && !isAbsoluteUri(s)) out.push_back({pointer, "must be an absolute URI"});
  } else if (actual == "array") {
    const Array& a = *v.extract<Array::Ptr>();
    if (node.min_items && a.size() < *node.min_items)
      out.push_back({pointer, "must have at least " + std::to_string(*node.min_items) + " items"});
    if (node.max_items && a.size() > *node.max_items)
      out.push_back({pointer, "must have at most " + std::to_string(*node.max_items) + " items"});
    if (node.items)
      for (std::size_t i = 0; i < a.size(); ++i) check(*node.items, a.get(i), at + "/" + std::to_string(i), out);
  } else if (actual == "object") {
    const Object& o = *v.extract<Object::Ptr>();
    for (const auto& name : node.required)
      if (!o.has(name)) out.push_back({at + "/" + escapePointerToken(name), "is required"});
    for (const auto& [name, value] : o) {
      std::string child = at + "/" + escapePointerToken(name);
      auto prop = node.properties.find(name);
      if (prop != node.properties.end()) check(*prop->second, value, child, out);
      else if (!node.additional_properties) out.push_back({child, "is not allowed"});
    }
  }
}

bool anySecret(const SchemaNode& node) {
  if (node.write_only) return true;
  for (const auto& [name, sub] : node.properties)
    if (anySecret(*sub)) return true;
  return node.items && anySecret(*node.items);
}

}  // namespace

std::string escapePointerToken(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

core::Result<std::shared_ptr<const ConfigSchema>> ConfigSchema::compile(std::string_view schema_json) {
  Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(std::string(schema_json));
  } catch (const Poco::Exception& e) {
    return core::Error::invalidRequest("config schema is not valid JSON: " + e.message());
  }
  SIGID_TRY(auto root, compileNode(parsed, ""));
  if (root->types != std::vector<std::string>{"object"})
    return core::Error::invalidRequest("config schema /: the document must be declared \"type\": \"object\"");
  return std::shared_ptr<const ConfigSchema>(new ConfigSchema(std::move(root)));
}

std::vector<SchemaViolation> ConfigSchema::validate(const Var& document) const {
  std::vector<SchemaViolation> out;
  check(*root_, document, "", out);
  return out;
}

bool ConfigSchema::hasSecrets() const { return anySecret(*root_); }

}  // namespace sigid::plugins
