#include "http/json_body.hpp"

#include <gtest/gtest.h>

using namespace sigid;
using namespace sigid::http;

namespace {

Request jsonRequest(std::string body, std::string content_type = "application/json") {
  Request request;
  request.method = "POST";
  if (!content_type.empty()) request.headers.emplace_back("content-type", std::move(content_type));
  request.body = std::move(body);
  return request;
}

}  // namespace

TEST(JsonBody, ParsesAnObject) {
  auto object = parseJsonObject(jsonRequest(R"({"name":"Acme","active":true,"count":3})"));
  ASSERT_TRUE(object.ok());
  EXPECT_EQ((*object)->getValue<std::string>("name"), "Acme");
}

TEST(JsonBody, AcceptsUtf8CharsetParameter) {
  EXPECT_TRUE(parseJsonObject(jsonRequest("{}", "application/json; charset=utf-8")).ok());
  EXPECT_TRUE(parseJsonObject(jsonRequest("{}", "Application/JSON;charset=\"UTF-8\"")).ok());
}

TEST(JsonBody, RefusesOtherMediaTypesWith415) {
  for (const char* type : {"", "text/plain", "application/x-www-form-urlencoded", "application/jsonx",
                           "application/json; charset=latin1"}) {
    auto result = parseJsonObject(jsonRequest("{}", type));
    ASSERT_FALSE(result.ok()) << type;
    EXPECT_EQ(result.error().code(), core::ErrorCode::UnsupportedMediaType) << type;
  }
}

TEST(JsonBody, RefusesMalformedJsonWith400) {
  for (const char* body : {"", "   ", "{", "{\"a\":}", "{'a':1}", "{\"a\":1}}", "nul"}) {
    auto result = parseJsonObject(jsonRequest(body));
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.error().code(), core::ErrorCode::InvalidRequest) << body;
    EXPECT_EQ(result.error().description(), "malformed JSON body") << body;
  }
}

TEST(JsonBody, RefusesDuplicateKeys) {
  auto result = parseJsonObject(jsonRequest(R"({"role":"user","role":"admin"})"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().description(), "malformed JSON body");
  // The same key in different objects is fine.
  EXPECT_TRUE(parseJsonObject(jsonRequest(R"({"a":{"k":1},"b":{"k":2},"c":[{"k":1},{"k":2}]})")).ok());
}

TEST(JsonBody, RefusesNonObjectTopLevel) {
  for (const char* body : {"[]", "1", "\"s\"", "null", "true"}) {
    auto result = parseJsonObject(jsonRequest(body));
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.error().code(), core::ErrorCode::InvalidRequest) << body;
  }
}

TEST(JsonBody, RefusesDeepNesting) {
  std::string deep(1000, '[');
  deep = "{\"a\":" + deep + std::string(1000, ']') + "}";
  EXPECT_FALSE(parseJsonObject(jsonRequest(deep)).ok());
}

TEST(JsonBody, UnknownFieldsAreNamed) {
  auto object = parseJsonObjectText(R"({"name":"x","nmae":"y"})");
  ASSERT_TRUE(object.ok());
  auto result = rejectUnknownFields(**object, {"name", "plan"});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), core::ErrorCode::InvalidRequest);
  EXPECT_EQ(result.error().description(), "unknown field 'nmae'");
  EXPECT_TRUE(rejectUnknownFields(**object, {"name", "nmae"}).ok());
}

TEST(JsonBody, UnknownFieldWithHostileNameIsNotEchoed) {
  auto object = parseJsonObjectText("{\"<script>\\n\":1}");
  ASSERT_TRUE(object.ok());
  auto result = rejectUnknownFields(**object, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().description().find("script"), std::string::npos);
}

TEST(JsonBody, TypedMembers) {
  auto parsed = parseJsonObjectText(R"({"s":"v","b":false,"i":42,"f":1.5,"n":null})");
  ASSERT_TRUE(parsed.ok());
  const Poco::JSON::Object& object = **parsed;

  EXPECT_EQ(*requiredString(object, "s"), "v");
  EXPECT_EQ(requiredString(object, "missing").error().description(), "field 'missing' is required");
  EXPECT_EQ(requiredString(object, "b").error().description(), "field 'b' must be a string");
  EXPECT_FALSE(optionalString(object, "n")->has_value());
  EXPECT_FALSE(optionalString(object, "missing")->has_value());

  EXPECT_EQ(optionalBool(object, "b")->value(), false);
  EXPECT_FALSE(optionalBool(object, "s").ok());

  EXPECT_EQ(optionalInt(object, "i")->value(), 42);
  EXPECT_FALSE(optionalInt(object, "f").ok());
  EXPECT_FALSE(optionalInt(object, "s").ok());
}

TEST(JsonBody, ResponseIsJson) {
  Poco::JSON::Object object;
  object.set("id", "t_1");
  Response response = jsonResponse(201, object);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.header("Content-Type"), "application/json");
  EXPECT_EQ(response.body, R"({"id":"t_1"})");
}
