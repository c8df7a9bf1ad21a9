#include "plugins/config_schema.hpp"

#include <gtest/gtest.h>

#include "plugins/config_document.hpp"

namespace sigid::plugins {
namespace {

constexpr const char* kSchema = R"({
  "type": "object", "additionalProperties": false, "required": ["url"],
  "properties": {
    "url": {"type": "string", "format": "uri"},
    "mode": {"type": "string", "enum": ["fast", "safe"]},
    "name": {"type": "string", "minLength": 2, "maxLength": 4, "pattern": "^[a-z]+$"},
    "ratio": {"type": "number", "minimum": 0, "maximum": 1},
    "smtp": {"type": "object", "additionalProperties": false, "required": ["host"],
             "properties": {"host": {"type": "string"}, "port": {"type": "integer", "minimum": 1, "maximum": 65535},
                            "password": {"type": "string", "writeOnly": true}}},
    "tags": {"type": "array", "maxItems": 2, "items": {"type": "string"}}
  }
})";

std::vector<std::string> violations(const std::string& document) {
  auto schema = ConfigSchema::compile(kSchema);
  EXPECT_TRUE(schema.ok()) << schema.error().description();
  auto parsed = parseConfigDocument(document);
  EXPECT_TRUE(parsed.ok());
  std::vector<std::string> out;
  for (const auto& v : (*schema)->validate(*parsed)) out.push_back(v.text());
  return out;
}

using Lines = std::vector<std::string>;

TEST(ConfigSchema, AConformingDocumentHasNoViolations) {
  EXPECT_EQ(violations(R"({"url":"https://x.example/a","mode":"fast","name":"abc","ratio":0.5,
                           "smtp":{"host":"mx","port":25,"password":"p"},"tags":["a"]})"),
            Lines{});
}

TEST(ConfigSchema, ViolationsAreKeyedByJsonPointer) {
  EXPECT_EQ(violations(R"({"url":"https://x","smtp":{"host":"mx","port":70000}})"),
            Lines{"/smtp/port: must be at most 65535"});
  EXPECT_EQ(violations(R"({"url":"https://x","smtp":{"port":0}})"),
            (Lines{"/smtp/host: is required", "/smtp/port: must be at least 1"}));
}

TEST(ConfigSchema, EveryKeywordOfTheSubsetIsEnforced) {
  EXPECT_EQ(violations(R"({})"), Lines{"/url: is required"});
  EXPECT_EQ(violations(R"({"url":"not a uri"})"), Lines{"/url: must be an absolute URI"});
  EXPECT_EQ(violations(R"({"url":"a:b","mode":"slow"})"), Lines{R"(/mode: must be one of "fast", "safe")"});
  EXPECT_EQ(violations(R"({"url":"a:b","name":"x"})"), Lines{"/name: must be at least 2 characters long"});
  EXPECT_EQ(violations(R"({"url":"a:b","name":"abcde"})"), Lines{"/name: must be at most 4 characters long"});
  EXPECT_EQ(violations(R"({"url":"a:b","name":"AB"})"), Lines{"/name: must match the pattern ^[a-z]+$"});
  EXPECT_EQ(violations(R"({"url":"a:b","ratio":1.5})"), Lines{"/ratio: must be at most 1"});
  EXPECT_EQ(violations(R"({"url":"a:b","ratio":"high"})"), Lines{"/ratio: must be a number"});
  EXPECT_EQ(violations(R"({"url":"a:b","extra":1})"), Lines{"/extra: is not allowed"});
  EXPECT_EQ(violations(R"({"url":"a:b","tags":["a","b","c"]})"), Lines{"/tags: must have at most 2 items"});
  EXPECT_EQ(violations(R"({"url":"a:b","tags":[1]})"), Lines{"/tags/0: must be a string"});
  EXPECT_EQ(violations(R"({"url":"a:b","smtp":{"host":"h","port":2.5}})"), Lines{"/smtp/port: must be an integer"});
}

TEST(ConfigSchema, IntegralFloatsAreIntegers) {
  EXPECT_EQ(violations(R"({"url":"a:b","smtp":{"host":"h","port":25.0}})"), Lines{});
}

TEST(ConfigSchema, UnsupportedKeywordsAreRefusedAtCompileTime) {
  auto schema = ConfigSchema::compile(R"({"type":"object","properties":{"a":{"oneOf":[]}}})");
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.error().description(),
            "config schema /properties/a: keyword 'oneOf' is not supported (see docs/plugins.md for the subset)");
  EXPECT_FALSE(ConfigSchema::compile(R"({"type":"string"})").ok());
  EXPECT_FALSE(ConfigSchema::compile(R"({"type":"object","properties":{"a":{"pattern":"("}}})").ok());
  EXPECT_FALSE(ConfigSchema::compile(R"({"type":"object","properties":{"a":{"format":"email"}}})").ok());
  EXPECT_FALSE(ConfigSchema::compile("not json").ok());
}

TEST(ConfigDocument, SecretsAreSealedMaskedAndUnsealed) {
  auto schema = ConfigSchema::compile(kSchema);
  ASSERT_TRUE(schema.ok());
  auto doc = parseConfigDocument(R"({"url":"a:b","smtp":{"host":"mx","password":"hunter22"}})");
  ASSERT_TRUE(doc.ok());
  Poco::Dynamic::Var d = *doc;
  auto fakeSeal = [](std::string_view plain) -> core::Result<std::string> { return "S(" + std::string(plain) + ")"; };
  auto fakeOpen = [](std::string_view sealed) -> core::Result<std::string> {
    return std::string(sealed.substr(2, sealed.size() - 3));
  };
  ASSERT_TRUE(sealSecrets((*schema)->root(), d, fakeSeal).ok());
  EXPECT_EQ(toJson(d), R"j({"smtp":{"host":"mx","password":"$sealed:S([\"hunter22\"])"},"url":"a:b"})j");
  Poco::Dynamic::Var masked = *parseConfigDocument(toJson(d));
  maskSealedValues(masked);
  EXPECT_EQ(toJson(masked), R"({"smtp":{"host":"mx","password":"********"},"url":"a:b"})");
  ASSERT_TRUE(unsealSecrets((*schema)->root(), d, fakeOpen).ok());
  EXPECT_EQ(toJson(d), R"({"smtp":{"host":"mx","password":"hunter22"},"url":"a:b"})");
}

TEST(ConfigDocument, DuplicateKeysAreRefused) {
  EXPECT_FALSE(parseConfigDocument(R"({"a":1,"a":2})").ok());
  EXPECT_FALSE(parseConfigDocument(R"([1])").ok());
}

TEST(ConfigDocument, FlattenAddressesScalarsByPointer) {
  auto doc = parseConfigDocument(R"({"a":{"b/c":1,"d":[true,"x"]},"e":1.5,"n":null})");
  ASSERT_TRUE(doc.ok());
  auto values = flattenConfig(*doc);
  EXPECT_EQ(std::get<std::int64_t>(values.at("/a/b~1c")), 1);
  EXPECT_EQ(std::get<bool>(values.at("/a/d/0")), true);
  EXPECT_EQ(std::get<std::string>(values.at("/a/d/1")), "x");
  EXPECT_EQ(std::get<double>(values.at("/e")), 1.5);
  EXPECT_FALSE(values.contains("/n"));
}

}  // namespace
}  // namespace sigid::plugins
