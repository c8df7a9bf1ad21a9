#include <gtest/gtest.h>

#include "hosted/cookies.hpp"
#include "hosted/csrf_guard.hpp"
#include "hosted/hosted_page.hpp"

namespace sigid::hosted {
namespace {

const std::string kCookie = "0123456789abcdef0123456789abcdef";

TEST(CsrfGuard, AcceptsItsOwnTokenOnly) {
  CsrfGuard guard(std::string(32, 'k'));
  const auto token = guard.token("tenant-a", kCookie, "");
  EXPECT_TRUE(guard.verify("tenant-a", kCookie, "", token));
  EXPECT_FALSE(guard.verify("tenant-a", kCookie, "", ""));
  EXPECT_FALSE(guard.verify("tenant-a", kCookie, "", token.substr(1)));
  EXPECT_FALSE(guard.verify("tenant-a", kCookie, "", token + "A"));
}

TEST(CsrfGuard, BindsTenantCookieAndSession) {
  CsrfGuard guard(std::string(32, 'k'));
  const auto token = guard.token("tenant-a", kCookie, "session-1");
  EXPECT_FALSE(guard.verify("tenant-b", kCookie, "session-1", token));
  EXPECT_FALSE(guard.verify("tenant-a", kCookie + "x", "session-1", token));
  EXPECT_FALSE(guard.verify("tenant-a", kCookie, "session-2", token));
  EXPECT_FALSE(guard.verify("tenant-a", kCookie, "", token)) << "a signed-in form is not a signed-out one";
  EXPECT_FALSE(CsrfGuard(std::string(32, 'x')).verify("tenant-a", kCookie, "session-1", token)) << "server key";
}

TEST(CsrfGuard, RefusesShortCookies) {
  CsrfGuard guard(std::string(32, 'k'));
  EXPECT_FALSE(guard.verify("t", "short", "", guard.token("t", "short", "")));
}

TEST(Cookies, SessionCookiesAreHttpOnlyLaxAndScopedToTheTenant) {
  auto header = setCookieHeader("sigid_session", "v", {"/t/acme/", true, -1});
  EXPECT_EQ(header, "sigid_session=v; Path=/t/acme/; HttpOnly; SameSite=Lax; Secure");
  EXPECT_EQ(setCookieHeader("a", "", {"/t/x/", false, 0}), "a=; Path=/t/x/; HttpOnly; SameSite=Lax; Max-Age=0");
}

TEST(Cookies, ReadsTheNamedCookie) {
  http::Request r;
  r.headers = {{"cookie", "other=1; sigid_session=abc ; x=\"q\""}};
  EXPECT_EQ(cookieValue(r, "sigid_session").value_or(""), "abc");
  EXPECT_EQ(cookieValue(r, "x").value_or(""), "q");
  EXPECT_FALSE(cookieValue(r, "sigid").has_value());
}

TEST(SafeReturnPath, StaysInsideTheTenantsPages) {
  tenancy::Tenant t;
  t.slug = "acme";
  EXPECT_EQ(safeReturnPath(t, "/t/acme/authorize?client_id=x"), "/t/acme/authorize?client_id=x");
  for (const char* bad : {"https://evil.test/", "//evil.test", "/t/beta/account", "/t/acme//evil.test",
                          "/t/acme/\\evil", "/t/acme/../beta", "", "/t/acme/\r\nSet-Cookie:x"})
    EXPECT_EQ(safeReturnPath(t, bad), "/t/acme/account") << bad;
}

}  // namespace
}  // namespace sigid::hosted
