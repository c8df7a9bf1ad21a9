#include "tenancy/tenant_settings.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

using namespace sigid::tenancy;

namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string errorOf(const std::string& json, TenantSettings base = {}) {
  auto r = applySettingsJson(base, *parse(json));
  return r.ok() ? "" : r.error().description();
}

}  // namespace

TEST(TenantSettings, RoundTripsThroughStoredJson) {
  TenantSettings s;
  s.session_timeout_minutes = 30;
  s.require_mfa = true;
  s.password_policy.min_length = 16;
  s.lockout_policy.max_attempts = 3;
  s.allowed_domains = {"example.com", "example.org"};
  s.branding.logo_url = "https://cdn.example.com/logo.svg";
  s.support_contact.email = "help@example.com";
  auto back = settingsFromJson(settingsToJson(s));
  ASSERT_TRUE(back.ok()) << back.error().description();
  EXPECT_EQ(back->session_timeout_minutes, 30);
  EXPECT_TRUE(back->require_mfa);
  EXPECT_EQ(back->password_policy.min_length, 16);
  EXPECT_EQ(back->lockout_policy.max_attempts, 3);
  EXPECT_EQ(back->allowed_domains, (std::vector<std::string>{"example.com", "example.org"}));
  EXPECT_EQ(back->branding.logo_url, "https://cdn.example.com/logo.svg");
  EXPECT_EQ(back->support_contact.email, "help@example.com");
}

TEST(TenantSettings, PatchKeepsWhatItDoesNotName) {
  TenantSettings base;
  base.require_mfa = true;
  base.password_policy.require_numbers = true;
  auto r = applySettingsJson(base, *parse(R"({"password_policy":{"min_length":20}})"));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->require_mfa);
  EXPECT_TRUE(r->password_policy.require_numbers);
  EXPECT_EQ(r->password_policy.min_length, 20);
}

TEST(TenantSettings, ErrorsNameTheMemberPath) {
  EXPECT_EQ(errorOf(R"({"session_timeout_minutes":0})"),
            "settings.session_timeout_minutes: expected a whole number from 1 to 43200");
  EXPECT_EQ(errorOf(R"({"session_timeout_minutes":1.5})"), "settings.session_timeout_minutes: expected a whole number");
  EXPECT_EQ(errorOf(R"({"require_mfa":1})"), "settings.require_mfa: expected true or false");
  EXPECT_EQ(errorOf(R"({"require_mfa":null})"), "settings.require_mfa: must not be null");
  EXPECT_EQ(errorOf(R"({"password_policy":{"min_length":"12"}})"),
            "settings.password_policy.min_length: expected a whole number");
  EXPECT_EQ(errorOf(R"({"password_policy":[]})"), "settings.password_policy: expected an object");
  EXPECT_EQ(errorOf(R"({"lockout_policy":{"max_attempt":3}})"), "settings.lockout_policy.max_attempt: unknown setting");
  EXPECT_EQ(errorOf(R"({"mfa":true})"), "settings.mfa: unknown setting");
  EXPECT_NE(errorOf(R"({"allowed_domains":["Example.COM"]})").find("settings.allowed_domains"), std::string::npos);
  EXPECT_NE(errorOf(R"({"allowed_domains":"example.com"})").find("settings.allowed_domains"), std::string::npos);
  EXPECT_NE(errorOf(R"({"branding":{"logo_url":"http://insecure.example/logo.png"}})").find("https"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"branding":{"primary_color":"red"}})").find("primary_color"), std::string::npos);
  EXPECT_NE(errorOf(R"({"support_contact":{"email":"not an email"}})").find("support_contact.email"),
            std::string::npos);
  EXPECT_EQ(errorOf(R"({"session_timeout_minutes":1e20})"),
            "settings.session_timeout_minutes: expected a whole number");
}

TEST(TenantSettings, DuplicateDomainsCollapse) {
  auto r = applySettingsJson({}, *parse(R"({"allowed_domains":["a.example","a.example","b.example"]})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->allowed_domains.size(), 2u);
}
