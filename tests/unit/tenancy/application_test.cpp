// Application field rules: redirect URIs, origins, grants, scopes, lifetimes.
#include "tenancy/application.hpp"

#include <gtest/gtest.h>

using namespace sigid;
using tenancy::validateRedirectUri;

TEST(RedirectUri, HttpsEverywhereLoopbackHttpInDevOnly) {
  EXPECT_TRUE(validateRedirectUri("https://app.example/cb", true, "r").ok());
  EXPECT_TRUE(validateRedirectUri("https://app.example/cb?tenant=1", true, "r").ok());
  EXPECT_TRUE(validateRedirectUri("http://localhost:3000/cb", false, "r").ok());
  EXPECT_TRUE(validateRedirectUri("http://127.0.0.1/cb", false, "r").ok());
  EXPECT_TRUE(validateRedirectUri("http://[::1]:8080/cb", false, "r").ok());
  EXPECT_FALSE(validateRedirectUri("http://localhost:3000/cb", true, "r").ok()) << "production: https only";
  EXPECT_FALSE(validateRedirectUri("http://app.example/cb", false, "r").ok());
  EXPECT_FALSE(validateRedirectUri("http://localhost.evil.example/cb", false, "r").ok());
  EXPECT_FALSE(validateRedirectUri("https://app.example/cb#x", true, "r").ok()) << "RFC 6749 §3.1.2: no fragment";
  EXPECT_FALSE(validateRedirectUri("https://user@app.example/cb", true, "r").ok());
  EXPECT_FALSE(validateRedirectUri("https:///cb", true, "r").ok());
  EXPECT_FALSE(validateRedirectUri("/cb", true, "r").ok());
  EXPECT_FALSE(validateRedirectUri("javascript://x/%0aalert(1)", false, "r").ok());
  EXPECT_FALSE(validateRedirectUri("https://app.example/c b", true, "r").ok());
  EXPECT_FALSE(validateRedirectUri("", true, "r").ok());
}

TEST(Origin, SchemeHostPortOnly) {
  EXPECT_TRUE(tenancy::validateOrigin("https://app.example", true, "o").ok());
  EXPECT_TRUE(tenancy::validateOrigin("https://app.example:8443", true, "o").ok());
  EXPECT_TRUE(tenancy::validateOrigin("http://localhost:3000", false, "o").ok());
  EXPECT_FALSE(tenancy::validateOrigin("https://app.example/", true, "o").ok());
  EXPECT_FALSE(tenancy::validateOrigin("http://app.example", false, "o").ok());
}

TEST(Application, Rules) {
  tenancy::Application app;
  app.name = "svc";
  app.grant_types = {"client_credentials"};
  EXPECT_TRUE(tenancy::validateApplication(app, true).ok());
  auto refused = [&](auto change) {
    tenancy::Application copy = app;
    change(copy);
    auto r = tenancy::validateApplication(copy, true);
    EXPECT_FALSE(r.ok());
    if (!r.ok()) {
      EXPECT_EQ(r.error().code(), core::ErrorCode::InvalidRequest);
    }
  };
  refused([](auto& a) { a.grant_types = {}; });
  refused([](auto& a) { a.grant_types = {"implicit"}; });
  refused([](auto& a) { a.grant_types = {"client_credentials", "client_credentials"}; });
  refused([](auto& a) { a.type = tenancy::ClientType::Public; });
  refused([](auto& a) { a.grant_types = {"authorization_code"}; });  // needs a redirect URI
  refused([](auto& a) { a.scopes = {"a b"}; });
  refused([](auto& a) { a.scopes = {std::string(129, 'x')}; });
  refused([](auto& a) { a.access_token_ttl = 59; });
  refused([](auto& a) { a.access_token_ttl = 86401; });
  refused([](auto& a) { a.audience = "has space"; });
  refused([](auto& a) { a.name = ""; });
}

TEST(Application, SpacedLists) {
  EXPECT_EQ(tenancy::joinSpaced({"a", "b"}), "a b");
  EXPECT_EQ(tenancy::splitSpaced("a  b "), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(tenancy::splitSpaced("").empty());
  EXPECT_TRUE(tenancy::isScopeToken("invoices:read"));
  EXPECT_FALSE(tenancy::isScopeToken("back\\slash"));
}
