#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace sigid::http;
using Kind = Router::Match::Kind;

namespace {

Handler tagged(std::string tag) {
  return [tag](Request&) -> sigid::core::Result<Response> { return Response::text(200, tag); };
}

std::string run(const Router::Match& match) {
  Request request;
  auto result = (*match.handler)(request);
  return result->body;
}

Router tenantRoutes() {
  Router router;
  router.add("GET", "/api/v1/system/tenants/{tenant}/settings", tagged("settings"));
  router.add("PUT", "/api/v1/system/tenants/{tenant}/settings", tagged("put-settings"));
  router.add("GET", "/api/v1/system/tenants/{tenant}", tagged("tenant"));
  router.add("DELETE", "/api/v1/system/tenants/{tenant}", tagged("delete-tenant"));
  router.add("GET", "/api/v1/system/tenants/system", tagged("system"));
  router.add("GET", "/t/{slug}/.well-known/openid-configuration", tagged("discovery"));
  router.add("GET", "/", tagged("root"));
  return router;
}

}  // namespace

TEST(Router, MatchesParametersAndDecodesThem) {
  Router router = tenantRoutes();
  auto match = router.match("GET", "/api/v1/system/tenants/acme%20corp/settings");
  ASSERT_EQ(match.kind, Kind::Found);
  EXPECT_EQ(match.route, "/api/v1/system/tenants/{tenant}/settings");
  EXPECT_EQ(match.params.at("tenant"), "acme corp");
  EXPECT_EQ(run(match), "settings");

  match = router.match("GET", "/t/acme/.well-known/openid-configuration");
  ASSERT_EQ(match.kind, Kind::Found);
  EXPECT_EQ(match.params.at("slug"), "acme");
}

TEST(Router, LiteralSegmentWinsOverParameter) {
  Router router = tenantRoutes();
  auto match = router.match("GET", "/api/v1/system/tenants/system");
  ASSERT_EQ(match.kind, Kind::Found);
  EXPECT_EQ(run(match), "system");
  EXPECT_TRUE(match.params.empty());

  match = router.match("GET", "/api/v1/system/tenants/other");
  ASSERT_EQ(match.kind, Kind::Found);
  EXPECT_EQ(run(match), "tenant");
}

TEST(Router, LiteralWinsRegardlessOfRegistrationOrder) {
  Router router;
  router.add("GET", "/a/{x}/c", tagged("param-first"));
  router.add("GET", "/a/b/{y}", tagged("literal-first"));
  auto match = router.match("GET", "/a/b/c");
  ASSERT_EQ(match.kind, Kind::Found);
  EXPECT_EQ(run(match), "literal-first");  // the leftmost differing segment decides
}

TEST(Router, LiteralRouteWithOtherMethodFallsBackToParameterRoute) {
  Router router;
  router.add("GET", "/a/{x}", tagged("get-param"));
  router.add("POST", "/a/b", tagged("post-literal"));
  auto match = router.match("GET", "/a/b");
  ASSERT_EQ(match.kind, Kind::Found);
  EXPECT_EQ(run(match), "get-param");
}

TEST(Router, UnknownPathIsNotFound) {
  Router router = tenantRoutes();
  EXPECT_EQ(router.match("GET", "/nope").kind, Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/api/v1/system/tenants/a/settings/extra").kind, Kind::NotFound);
  EXPECT_EQ(router.match("GET", "").kind, Kind::NotFound);
  EXPECT_EQ(router.match("GET", "*").kind, Kind::NotFound);
  EXPECT_TRUE(router.match("GET", "/nope").route.empty());
}

TEST(Router, TrailingSlashIsAnotherPath) {
  Router router = tenantRoutes();
  EXPECT_EQ(router.match("GET", "/api/v1/system/tenants/acme/settings/").kind, Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/").kind, Kind::Found);
}

TEST(Router, ParameterNeverMatchesAnEmptySegment) {
  Router router = tenantRoutes();
  EXPECT_EQ(router.match("GET", "/t//.well-known/openid-configuration").kind, Kind::NotFound);
  EXPECT_EQ(router.match("GET", "/api/v1/system/tenants/").kind, Kind::NotFound);
}

TEST(Router, KnownPathWithOtherMethodIs405WithSortedAllowList) {
  Router router = tenantRoutes();
  auto match = router.match("POST", "/api/v1/system/tenants/acme");
  ASSERT_EQ(match.kind, Kind::MethodNotAllowed);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"DELETE", "GET"}));
  EXPECT_EQ(match.route, "/api/v1/system/tenants/{tenant}");
  EXPECT_EQ(match.handler, nullptr);

  // The allowed list covers every pattern the path matches.
  match = router.match("PATCH", "/api/v1/system/tenants/system");
  ASSERT_EQ(match.kind, Kind::MethodNotAllowed);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"DELETE", "GET"}));
}

TEST(Router, MethodsAreCaseSensitive) {
  Router router = tenantRoutes();
  EXPECT_EQ(router.match("get", "/").kind, Kind::MethodNotAllowed);
}

TEST(Router, EncodedSlashStaysInsideItsSegment) {
  Router router = tenantRoutes();
  // "%2F" must not turn one segment into two and reach another route.
  auto match = router.match("GET", "/api/v1/system/tenants/a%2Fsettings");
  ASSERT_EQ(match.kind, Kind::Found);
  EXPECT_EQ(run(match), "tenant");
  EXPECT_EQ(match.params.at("tenant"), "a/settings");

  match = router.match("GET", "/t/a%2Fb/.well-known/openid-configuration");
  ASSERT_EQ(match.kind, Kind::Found);
  EXPECT_EQ(match.params.at("slug"), "a/b");
}

TEST(Router, LiteralsCompareDecoded) {
  Router router = tenantRoutes();
  auto match = router.match("GET", "/api/v1/system/tenants/%73ystem");  // %73 = 's'
  ASSERT_EQ(match.kind, Kind::Found);
  EXPECT_EQ(run(match), "system");
}

TEST(Router, MalformedOrDuplicateRoutesAreRefusedAtStartup) {
  Router router;
  router.add("GET", "/a/{x}", tagged("x"));
  EXPECT_THROW(router.add("GET", "/a/{y}", tagged("y")), std::invalid_argument);
  EXPECT_NO_THROW(router.add("POST", "/a/{y}", tagged("y")));
  EXPECT_THROW(router.add("GET", "no-slash", tagged("z")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{}", tagged("z")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/x{y}", tagged("z")), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/b/{x}/{x}", tagged("z")), std::invalid_argument);
  EXPECT_EQ(router.size(), 2u);
}
