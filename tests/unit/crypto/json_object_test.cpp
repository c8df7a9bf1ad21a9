#include "core/crypto/json_object.hpp"

#include <gtest/gtest.h>

namespace sigid::core::crypto {
namespace {

TEST(JsonObject, ReadsTopLevelMembersAndDecodesStrings) {
  auto o = JsonObject::parse(R"( {"a":"x\u00e9\ud83d\ude00\n","b":12.5e-1,"c":true,"d":null,"e":{"f":[1,{}]},"g":[]} )");
  ASSERT_TRUE(o.ok());
  ASSERT_EQ(o->members().size(), 6u);
  EXPECT_EQ(o->find("a")->value, "x\xC3\xA9\xF0\x9F\x98\x80\n");
  EXPECT_EQ(o->find("b")->kind, JsonMember::Kind::Number);
  EXPECT_EQ(o->find("e")->value, R"({"f":[1,{}]})");
  EXPECT_EQ(o->find("g")->kind, JsonMember::Kind::Array);
  EXPECT_TRUE(JsonObject::parse("{}").ok());
}

TEST(JsonObject, RefusesAnythingButOneStrictObject) {
  for (std::string_view bad : {"", "[]", "{", "{}}", "{} x", R"({"a":1,})", R"({"a":01})", R"({"a":1.})",
                               R"({"a":"\x"})", "{\"a\":\"\x01\"}", R"({"a":tru})", R"({a:1})", R"({"a":1 "b":2})",
                               R"({"a":"\udc00"})", R"({"a":1,"a":2})"}) {
    EXPECT_FALSE(JsonObject::parse(bad).ok()) << bad;
  }
}

TEST(JsonObject, OptionalStringDistinguishesAbsentFromWrongType) {
  auto o = JsonObject::parse(R"({"s":"v","n":1})");
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(*o->optionalString("s"), std::optional<std::string>("v"));
  EXPECT_EQ(*o->optionalString("missing"), std::nullopt);
  EXPECT_FALSE(o->optionalString("n").ok());
}

}  // namespace
}  // namespace sigid::core::crypto
