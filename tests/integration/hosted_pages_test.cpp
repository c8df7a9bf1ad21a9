// The hosted pages through the real binary over HTTP, on SQLite and MariaDB:
// password sign-in, CSRF, lockout, sessions, suspension, cross-tenant cookies,
// invitation acceptance and password reset by e-mailed link.
#include <gtest/gtest.h>

#include "integration/hosted_fixture.hpp"

namespace sigid::testing {
namespace {

class HostedPages : public HostedTest {};

std::string errorText(const std::string& html) {
  auto start = html.find("class=\"error\"");
  if (start == std::string::npos) return "";
  start = html.find('>', start) + 1;
  return html.substr(start, html.find('<', start) - start);
}

TEST_P(HostedPages, PasswordSignInStartsASessionTheAccountPageLists) {
  tenantWithPasswords("acme");
  createUser("acme", "ann@example.com", "correct horse battery");
  PageBrowser browser(http());
  auto login = browser.get("/t/acme/login");
  ASSERT_EQ(login.status, 200);
  EXPECT_EQ(login.header("content-security-policy"),
            "default-src 'none'; style-src 'self'; img-src https: 'self'; form-action 'self'; frame-ancestors "
            "'none'; base-uri 'none'");
  EXPECT_NE(login.body.find("Sign in with Password"), std::string::npos);
  EXPECT_EQ(login.body.find("<script"), std::string::npos);

  auto done = signIn(browser, "acme", "ANN@example.com ", "correct horse battery");
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("location"), "/t/acme/account");
  std::string set_cookie;
  for (auto& [k, v] : done.headers)
    if (k == "set-cookie" && v.starts_with("sigid_session=")) set_cookie = v;
  EXPECT_NE(set_cookie.find("Path=/t/acme/; HttpOnly; SameSite=Lax"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "dev mode serves plain http";

  auto account = browser.get("/t/acme/account");
  ASSERT_EQ(account.status, 200) << account.body;
  EXPECT_NE(account.body.find("this device"), std::string::npos);
  EXPECT_NE(account.body.find("ann@example.com"), std::string::npos);
}

TEST_P(HostedPages, UnknownUserAndWrongPasswordGetTheSameAnswer) {
  tenantWithPasswords("acme");
  createUser("acme", "ann@example.com", "correct horse battery");
  PageBrowser a(http()), b(http());
  auto wrong = signIn(a, "acme", "ann@example.com", "not the password");
  auto unknown = signIn(b, "acme", "nobody@example.com", "not the password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_FALSE(errorText(wrong.body).empty());
  EXPECT_EQ(errorText(wrong.body), errorText(unknown.body));
  EXPECT_EQ(a.cookie("sigid_session"), "");
}

TEST_P(HostedPages, FormsWithoutAValidCsrfTokenAreRefused) {
  tenantWithPasswords("acme");
  tenantWithPasswords("beta");
  createUser("acme", "ann@example.com", "correct horse battery");
  PageBrowser browser(http());
  browser.get("/t/acme/login");
  std::map<std::string, std::string> form{{"method", "io.sigid.signin-password"},
                                          {"email", "ann@example.com"},
                                          {"password", "correct horse battery"}};
  auto missing = browser.post("/t/acme/login", form);
  EXPECT_EQ(missing.status, 403) << missing.body;
  EXPECT_NE(missing.body.find("<html"), std::string::npos) << "hosted errors are pages, not JSON";

  form["csrf_token"] = "forged";
  EXPECT_EQ(browser.post("/t/acme/login", form).status, 403);

  // A token minted for tenant beta is refused at acme, even with the same cookie.
  PageBrowser other(http());
  auto beta = other.get("/t/beta/login");
  browser.setCookie("sigid_csrf", other.cookie("sigid_csrf"));
  form["csrf_token"] = PageBrowser::csrfToken(beta.body);
  EXPECT_EQ(browser.post("/t/acme/login", form).status, 403);
  EXPECT_EQ(browser.cookie("sigid_session"), "");
}

TEST_P(HostedPages, RepeatedFailuresLockTheAccount) {
  tenantWithPasswords("acme");
  patchSettings("acme", R"({"lockout_policy":{"max_attempts":3,"lockout_duration_minutes":5}})");
  createUser("acme", "ann@example.com", "correct horse battery");
  PageBrowser browser(http());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(signIn(browser, "acme", "ann@example.com", "wrong").status, 401);
  auto locked = signIn(browser, "acme", "ann@example.com", "correct horse battery");
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_NE(errorText(locked.body).find("Too many failed attempts"), std::string::npos);
  // Unknown addresses lock exactly the same way: the lock tells nothing about existence.
  for (int i = 0; i < 3; ++i) signIn(browser, "acme", "ghost@example.com", "wrong");
  EXPECT_EQ(signIn(browser, "acme", "ghost@example.com", "wrong").status, 429);
}

TEST_P(HostedPages, SessionOfOneTenantIsUselessAtAnother) {
  tenantWithPasswords("acme");
  tenantWithPasswords("beta");
  const auto sub_a = createUser("acme", "ann@example.com", "correct horse battery");
  const auto sub_b = createUser("beta", "ann@example.com", "another horse battery");
  EXPECT_NE(sub_a, sub_b) << "the same person must have unrelated subjects in two tenants";
  PageBrowser browser(http());
  ASSERT_EQ(signIn(browser, "acme", "ann@example.com", "correct horse battery").status, 303);
  const std::string session = browser.cookie("sigid_session");
  ASSERT_FALSE(session.empty());
  EXPECT_EQ(browser.get("/t/acme/account").status, 200);
  auto at_beta = browser.get("/t/beta/account");
  EXPECT_EQ(at_beta.status, 303);
  EXPECT_EQ(at_beta.header("location").rfind("/t/beta/login", 0), 0u);
}

TEST_P(HostedPages, SuspendingAUserEndsTheirSessionsAtOnce) {
  tenantWithPasswords("acme");
  const auto subject = createUser("acme", "ann@example.com", "correct horse battery");
  PageBrowser browser(http());
  ASSERT_EQ(signIn(browser, "acme", "ann@example.com", "correct horse battery").status, 303);
  auto sessions = http().get("/api/v1/tenants/acme/users/" + subject + "/sessions", admin());
  ASSERT_EQ(sessions.status, 200);
  EXPECT_EQ(sessions.json()->getArray("items")->size(), 1u);

  auto suspended = http().request("POST", "/api/v1/tenants/acme/users/" + subject + "/suspend", "", admin());
  ASSERT_EQ(suspended.status, 200) << suspended.body;
  EXPECT_EQ(browser.get("/t/acme/account").status, 303);
  EXPECT_EQ(http().get("/api/v1/tenants/acme/users/" + subject + "/sessions", admin()).json()->getArray("items")->size(),
            0u);
  auto again = signIn(browser, "acme", "ann@example.com", "correct horse battery");
  EXPECT_EQ(again.status, 403);
}

TEST_P(HostedPages, SuspendedTenantShowsAnErrorPage) {
  tenantWithPasswords("acme");
  ASSERT_EQ(http().request("POST", "/api/v1/system/tenants/acme/suspend", "", admin()).status, 200);
  auto page = http().get("/t/acme/login");
  EXPECT_EQ(page.status, 403);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<html"), std::string::npos);
  auto missing = http().get("/t/no-such-tenant/login");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("<html"), std::string::npos);
}

TEST_P(HostedPages, BrandingIsEscapedAndColoursStayColours) {
  tenantWithPasswords("acme");
  patchSettings("acme", R"({"branding":{"display_name":"<script>alert(1)</script>","primary_color":"#aa0000"}})");
  auto page = http().get("/t/acme/login");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script>"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  auto css = http().get("/t/acme/branding.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_NE(css.body.find("--brand-primary: #aa0000;"), std::string::npos);
  auto refused = http().sendJson("PATCH", "/api/v1/system/tenants/acme/settings",
                                 R"({"branding":{"primary_color":"red;}body{display:none"}})", admin());
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(http().get("/hosted/sigid.css").status, 200);
}

TEST_P(HostedPages, InvitationIsAcceptedThroughTheEmailedLinkOnce) {
  tenantWithPasswords("acme");
  auto created = http().sendJson("POST", "/api/v1/tenants/acme/invitations",
                                 R"({"email":"Bo@Example.com","roles":["editor"],"message":"Welcome <b>aboard</b>"})",
                                 admin());
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_TRUE(created.json()->getObject("delivery")->getValue<bool>("sent")) << created.body;
  auto mail = smtp_->waitFor(1);
  ASSERT_TRUE(mail);
  EXPECT_EQ(mail->to.front(), "bo@example.com");
  const std::string link = mail->link("/invitations/accept?token=");
  ASSERT_FALSE(link.empty()) << mail->text();
  const std::string path = link.substr(link.find("/t/acme/"));

  PageBrowser browser(http());
  auto page = browser.get(path);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Welcome &lt;b&gt;aboard&lt;/b&gt;"), std::string::npos);
  const std::string token = path.substr(path.find("token=") + 6);
  auto accepted = browser.post("/t/acme/invitations/accept", {{"csrf_token", PageBrowser::csrfToken(page.body)},
                                                              {"token", token},
                                                              {"name", "Bo"},
                                                              {"password", "a long enough password"}});
  ASSERT_EQ(accepted.status, 303) << accepted.body;
  EXPECT_EQ(accepted.header("location"), "/t/acme/login?notice=joined");
  EXPECT_EQ(signIn(browser, "acme", "bo@example.com", "a long enough password").status, 303);

  auto users = http().get("/api/v1/tenants/acme/users?email_prefix=bo", admin());
  ASSERT_EQ(users.json()->getArray("items")->size(), 1u);
  EXPECT_EQ(users.json()->getArray("items")->getObject(0)->getArray("roles")->getElement<std::string>(0), "editor");
  EXPECT_EQ(browser.get(path).status, 404) << "the link is single-use";
}

TEST_P(HostedPages, PasswordResetByEmailedLinkEndsOldSessions) {
  tenantWithPasswords("acme");
  createUser("acme", "ann@example.com", "correct horse battery");
  PageBrowser signed_in(http()), browser(http());
  ASSERT_EQ(signIn(signed_in, "acme", "ann@example.com", "correct horse battery").status, 303);

  auto forgot = browser.get("/t/acme/password/forgot");
  auto sent = browser.post("/t/acme/password/forgot",
                           {{"csrf_token", PageBrowser::csrfToken(forgot.body)}, {"email", "ann@example.com"}});
  EXPECT_EQ(sent.status, 200);
  auto unknown = browser.post("/t/acme/password/forgot",
                              {{"csrf_token", PageBrowser::csrfToken(forgot.body)}, {"email", "x@example.com"}});
  EXPECT_EQ(unknown.body, sent.body) << "the answer must not reveal whether the address exists";
  auto mail = smtp_->waitFor(1);
  ASSERT_TRUE(mail);
  const std::string link = mail->link("/password/reset?token=");
  const std::string path = link.substr(link.find("/t/acme/"));
  const std::string token = path.substr(path.find("token=") + 6);

  auto form = browser.get(path);
  ASSERT_EQ(form.status, 200) << form.body;
  auto weak = browser.post("/t/acme/password/reset",
                           {{"csrf_token", PageBrowser::csrfToken(form.body)}, {"token", token}, {"password", "short"}});
  EXPECT_EQ(weak.status, 400);
  auto done = browser.post("/t/acme/password/reset", {{"csrf_token", PageBrowser::csrfToken(form.body)},
                                                      {"token", token},
                                                      {"password", "a brand new passphrase"}});
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(signed_in.get("/t/acme/account").status, 303) << "old sessions end with the old password";
  EXPECT_EQ(signIn(browser, "acme", "ann@example.com", "correct horse battery").status, 401);
  EXPECT_EQ(signIn(browser, "acme", "ann@example.com", "a brand new passphrase").status, 303);
  EXPECT_EQ(browser.get(path).status, 404) << "the link is single-use";
}

TEST_P(HostedPages, SignOutEndsTheSession) {
  tenantWithPasswords("acme");
  createUser("acme", "ann@example.com", "correct horse battery");
  PageBrowser browser(http());
  ASSERT_EQ(signIn(browser, "acme", "ann@example.com", "correct horse battery").status, 303);
  const std::string session = browser.cookie("sigid_session");
  auto confirm = browser.get("/t/acme/logout");
  ASSERT_EQ(confirm.status, 200);
  auto out = browser.post("/t/acme/logout", {{"csrf_token", PageBrowser::csrfToken(confirm.body)}});
  EXPECT_EQ(out.status, 303);
  browser.setCookie("sigid_session", session);  // replaying the old cookie
  EXPECT_EQ(browser.get("/t/acme/account").status, 303);
}

INSTANTIATE_TEST_SUITE_P(Backends, HostedPages, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
}  // namespace sigid::testing
