// RFC 6749 §2.3.1 client authentication as it arrives over HTTP.
#include "oauth/endpoints/client_credentials_parser.hpp"

#include <gtest/gtest.h>

#include "core/encoding.hpp"

using namespace sigid;

namespace {

http::Request formRequest(std::string body, std::optional<std::string> authorization = std::nullopt) {
  http::Request r;
  r.method = "POST";
  r.body = std::move(body);
  r.headers.emplace_back("content-type", "application/x-www-form-urlencoded; charset=UTF-8");
  if (authorization) r.headers.emplace_back("authorization", *authorization);
  return r;
}

core::Result<std::optional<oauth::ClientCredentials>> parse(const http::Request& r) {
  SIGID_TRY(auto form, oauth::OAuthForm::parse(r));
  return oauth::parseClientCredentials(r, form);
}

std::string basic(std::string_view raw) { return "Basic " + core::base64Encode(raw); }

}  // namespace

TEST(ClientCredentialsParser, DecodesBothLayersOfBasic) {
  auto r = parse(formRequest("grant_type=client_credentials", basic("my%3Aclient:p%40ss+word%25")));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->client_id, "my:client");
  EXPECT_EQ((*r)->client_secret, "p@ss word%");
  EXPECT_EQ((*r)->method, oauth::ClientAuthMethod::ClientSecretBasic);
  auto lower = parse(formRequest("", "basic " + core::base64Encode("id:secret")));
  ASSERT_TRUE(lower.ok() && lower->has_value()) << "the scheme is case-insensitive";
}

TEST(ClientCredentialsParser, PostAndNone) {
  auto post = parse(formRequest("client_id=abc&client_secret=s3cr%2Bt"));
  ASSERT_TRUE(post.ok() && post->has_value());
  EXPECT_EQ((*post)->client_secret, "s3cr+t");
  EXPECT_EQ((*post)->method, oauth::ClientAuthMethod::ClientSecretPost);
  auto none = parse(formRequest("client_id=abc"));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value()) << "a client_id alone authenticates nothing";
  auto bearer = parse(formRequest("", "Bearer abc"));
  ASSERT_TRUE(bearer.ok());
  EXPECT_FALSE(bearer->has_value());
}

TEST(ClientCredentialsParser, Refusals) {
  auto code = [](const core::Result<std::optional<oauth::ClientCredentials>>& r) { return r.error().code(); };
  EXPECT_EQ(code(parse(formRequest("client_secret=x", basic("id:secret")))), core::ErrorCode::InvalidRequest);
  EXPECT_EQ(code(parse(formRequest("client_id=other", basic("id:secret")))), core::ErrorCode::InvalidRequest);
  EXPECT_TRUE(parse(formRequest("client_id=id", basic("id:secret"))).ok());
  EXPECT_EQ(code(parse(formRequest("", "Basic %%%"))), core::ErrorCode::InvalidClient);
  EXPECT_EQ(code(parse(formRequest("", basic("no-colon")))), core::ErrorCode::InvalidClient);
  EXPECT_EQ(code(parse(formRequest("", basic(":secret")))), core::ErrorCode::InvalidClient);
  auto twice = formRequest("", basic("id:secret"));
  twice.headers.emplace_back("authorization", basic("id:other"));
  EXPECT_EQ(code(parse(twice)), core::ErrorCode::InvalidRequest);
}

TEST(OAuthForm, ContentTypeDuplicatesAndEmptyValues) {
  http::Request json = formRequest("grant_type=x");
  json.headers[0].second = "application/json";
  EXPECT_EQ(oauth::OAuthForm::parse(json).error().code(), core::ErrorCode::InvalidRequest);
  http::Request missing = formRequest("grant_type=x");
  missing.headers.clear();
  EXPECT_FALSE(oauth::OAuthForm::parse(missing).ok());
  auto dup = oauth::OAuthForm::parse(formRequest("scope=a&scope=b"));
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().description().find("scope"), std::string::npos);
  auto dup_unknown = oauth::OAuthForm::parse(formRequest("%3Cscript%3E=a&%3Cscript%3E=b"));
  ASSERT_FALSE(dup_unknown.ok());
  EXPECT_EQ(dup_unknown.error().description().find("script"), std::string::npos) << "raw input is never echoed";
  http::Request query = formRequest("grant_type=x");
  query.query = "client_secret=x";
  EXPECT_FALSE(oauth::OAuthForm::parse(query).ok());
  auto empty = oauth::OAuthForm::parse(formRequest("scope=&grant_type=x"));
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->get("scope")) << "RFC 6749 §3.1: empty means omitted";
}
