// The authorization code flow over real HTTP (issue 7 part B): a public PKCE
// client and a confidential one sign a user in through the hosted pages, get
// ID, access and refresh tokens, and every abuse case is refused.
#include <gtest/gtest.h>

#include "integration/code_flow_fixture.hpp"
#include "integration/oauth_fixture.hpp"

namespace sigid::testing {
namespace {

class CodeFlow : public CodeFlowTest {
 protected:
  void SetUp() override {
    CodeFlowTest::SetUp();
    tenantWithPasswords("acme");
    subject_ = createUser("acme", "ann@example.com", "correct horse battery");
    client_ = createClient("acme");
  }
  std::string subject_;
  FlowClient client_;
};

TEST_P(CodeFlow, APublicClientGetsIdAccessAndRefreshTokens) {
  PageBrowser browser(http());
  const std::string code = obtainCode(browser, "acme", client_);
  auto tokens = exchange("acme", client_, code);
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  EXPECT_EQ(tokens.header("cache-control"), "no-store");
  auto body = tokens.json();
  EXPECT_EQ(body->getValue<std::string>("token_type"), "Bearer");
  EXPECT_EQ(body->getValue<std::string>("scope"), "openid profile email offline_access");
  const std::string access = body->getValue<std::string>("access_token");
  const std::string refresh_token = body->getValue<std::string>("refresh_token");

  auto id = jwtSegment(body->getValue<std::string>("id_token"), 1);
  EXPECT_EQ(id->getValue<std::string>("iss"),
            http().get("/t/acme/.well-known/openid-configuration").jsonString("issuer"));
  EXPECT_EQ(id->getValue<std::string>("sub"), subject_) << "the pairwise subject";
  EXPECT_EQ(id->getValue<std::string>("aud"), client_.client_id);
  EXPECT_EQ(id->getValue<std::string>("nonce"), "nonce-456");
  EXPECT_FALSE(id->getValue<std::string>("at_hash").empty());
  EXPECT_GT(id->getValue<std::int64_t>("auth_time"), 0);
  EXPECT_EQ(id->getArray("amr")->getElement<std::string>(0), "pwd");
  EXPECT_EQ(jwtSegment(access, 1)->getValue<std::string>("sub"), subject_) << "RFC 9068: sub is the user";

  auto info = http().get("/t/acme/userinfo", {{"Authorization", "Bearer " + access}});
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(info.jsonString("sub"), subject_);
  EXPECT_EQ(info.jsonString("email"), "ann@example.com");
  EXPECT_EQ(info.jsonString("name"), "Test User");

  auto refreshed = refresh("acme", client_, refresh_token);
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  EXPECT_NE(refreshed.jsonString("refresh_token"), refresh_token) << "rotated on every use";
  auto id2 = jwtSegment(refreshed.jsonString("id_token"), 1);
  EXPECT_EQ(id2->getValue<std::string>("sub"), subject_);
  EXPECT_FALSE(id2->has("nonce")) << "OIDC Core §12.2";

  // Consent is remembered: the next authorization goes straight back with a code.
  auto again = authorize(browser, "acme", client_);
  ASSERT_EQ(again.status, 302) << again.body;
  EXPECT_FALSE(queryParam(again.header("location"), "code").empty());
  EXPECT_EQ(queryParam(again.header("location"), "iss"), id->getValue<std::string>("iss")) << "RFC 9207";
}

TEST_P(CodeFlow, DiscoveryDescribesTheProvider) {
  auto res = http().get("/t/acme/.well-known/openid-configuration");
  ASSERT_EQ(res.status, 200) << res.body;
  auto doc = res.json();
  const std::string issuer = doc->getValue<std::string>("issuer");
  EXPECT_EQ(doc->getValue<std::string>("authorization_endpoint"), issuer + "/authorize");
  EXPECT_EQ(doc->getValue<std::string>("userinfo_endpoint"), issuer + "/userinfo");
  EXPECT_EQ(doc->getValue<std::string>("end_session_endpoint"), issuer + "/logout");
  EXPECT_EQ(doc->getArray("subject_types_supported")->getElement<std::string>(0), "pairwise");
  EXPECT_EQ(doc->getArray("response_types_supported")->size(), 1u);
  EXPECT_EQ(doc->getArray("id_token_signing_alg_values_supported")->getElement<std::string>(0), "RS256");
  EXPECT_EQ(doc->getArray("code_challenge_methods_supported")->getElement<std::string>(0), "S256");
  auto rfc8414 = http().get("/t/acme/.well-known/oauth-authorization-server").json();
  EXPECT_EQ(rfc8414->getValue<std::string>("authorization_endpoint"), issuer + "/authorize");
}

TEST_P(CodeFlow, PkceIsEnforced) {
  PageBrowser browser(http());
  ASSERT_EQ(signIn(browser, "acme", "ann@example.com", "correct horse battery").status, 303);
  // plain refused; public client without PKCE refused: both back to the client with state.
  for (const auto& params : std::vector<std::map<std::string, std::string>>{
           {{"code_challenge_method", "plain"}, {"code_challenge", std::string(kVerifier)}},
           {{"code_challenge_method", ""}, {"code_challenge", ""}}}) {
    auto res = authorize(browser, "acme", client_, params);
    ASSERT_EQ(res.status, 302) << res.body;
    EXPECT_EQ(queryParam(res.header("location"), "error"), "invalid_request");
    EXPECT_EQ(queryParam(res.header("location"), "state"), "state-123");
  }
  // Wrong verifier: invalid_grant, and the code is spent.
  std::string code = obtainCode(browser, "acme", client_);
  expectOAuthError(exchange("acme", client_, code, "wrong-verifier-0123456789-0123456789-0123456789"), 400,
                   "invalid_grant");
  expectOAuthError(exchange("acme", client_, code), 400, "invalid_grant");
  // Missing verifier for a public client.
  code = obtainCode(browser, "acme", client_);
  expectOAuthError(exchange("acme", client_, code, ""), 400, "invalid_request");
}

TEST_P(CodeFlow, AReusedCodeRevokesTheTokensIssuedFromIt) {
  PageBrowser browser(http());
  const std::string code = obtainCode(browser, "acme", client_);
  auto first = exchange("acme", client_, code);
  ASSERT_EQ(first.status, 200) << first.body;
  auto info = http().get("/t/acme/userinfo", {{"Authorization", "Bearer " + first.jsonString("access_token")}});
  EXPECT_EQ(info.status, 200);

  expectOAuthError(exchange("acme", client_, code), 400, "invalid_grant");
  auto after = http().get("/t/acme/userinfo", {{"Authorization", "Bearer " + first.jsonString("access_token")}});
  EXPECT_EQ(after.status, 401) << "the access token from the code is revoked";
  EXPECT_NE(after.header("www-authenticate").find("invalid_token"), std::string::npos);
  expectOAuthError(refresh("acme", client_, first.jsonString("refresh_token")), 400, "invalid_grant");
}

TEST_P(CodeFlow, RedirectMismatchAndUnknownClientGetAnErrorPageNeverARedirect) {
  PageBrowser browser(http());
  for (const auto& params : std::vector<std::map<std::string, std::string>>{
           {{"redirect_uri", "https://evil.example/cb"}},
           {{"redirect_uri", std::string(kRedirect) + "/x"}},
           {{"redirect_uri", ""}},
           {{"client_id", "no-such-client"}}}) {
    auto res = authorize(browser, "acme", client_, params);
    EXPECT_EQ(res.status, 400) << res.body;
    EXPECT_EQ(res.header("location"), "");
    EXPECT_NE(res.header("content-type").find("text/html"), std::string::npos);
  }
}

TEST_P(CodeFlow, ARedirectUriRegisteredElsewhereMustStillMatchExactly) {
  PageBrowser browser(http());
  auto res = authorize(browser, "acme", client_, {{"response_type", "token"}});
  ASSERT_EQ(res.status, 302) << "the redirect URI is valid, so the error goes to the client";
  EXPECT_EQ(queryParam(res.header("location"), "error"), "unsupported_response_type");
}

TEST_P(CodeFlow, AReusedRefreshTokenRevokesTheFamilyAndIsAudited) {
  PageBrowser browser(http());
  auto tokens = exchange("acme", client_, obtainCode(browser, "acme", client_));
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  const std::string first = tokens.jsonString("refresh_token");
  auto second = refresh("acme", client_, first);
  ASSERT_EQ(second.status, 200);
  expectOAuthError(refresh("acme", client_, first), 400, "invalid_grant");
  expectOAuthError(refresh("acme", client_, second.jsonString("refresh_token")), 400, "invalid_grant");
  EXPECT_EQ(auditCount("refresh_token.reuse_detected"), 1);
}

TEST_P(CodeFlow, ASuspendedUserCannotRefresh) {
  PageBrowser browser(http());
  auto tokens = exchange("acme", client_, obtainCode(browser, "acme", client_));
  ASSERT_EQ(tokens.status, 200);
  auto suspended = http().sendJson("POST", "/api/v1/tenants/acme/users/" + subject_ + "/suspend", "{}", admin());
  ASSERT_EQ(suspended.status, 200) << suspended.body;
  expectOAuthError(refresh("acme", client_, tokens.jsonString("refresh_token")), 400, "invalid_grant");
}

TEST_P(CodeFlow, ALockedAccountGetsNoCode) {
  patchSettings("acme", R"({"lockout_policy":{"max_attempts":3,"lockout_duration_minutes":5}})");
  PageBrowser browser(http());
  for (int i = 0; i < 3; ++i) signIn(browser, "acme", "ann@example.com", "wrong password");
  EXPECT_EQ(signIn(browser, "acme", "ann@example.com", "correct horse battery").status, 429);
  auto res = authorize(browser, "acme", client_);
  ASSERT_EQ(res.status, 303);
  EXPECT_NE(res.header("location").find("/login?"), std::string::npos) << "still no session";
}

TEST_P(CodeFlow, PromptNoneNeverShowsAPage) {
  PageBrowser browser(http());
  auto res = authorize(browser, "acme", client_, {{"prompt", "none"}});
  ASSERT_EQ(res.status, 302) << res.body;
  EXPECT_EQ(queryParam(res.header("location"), "error"), "login_required");
  ASSERT_EQ(signIn(browser, "acme", "ann@example.com", "correct horse battery").status, 303);
  res = authorize(browser, "acme", client_, {{"prompt", "none"}});
  ASSERT_EQ(res.status, 302);
  EXPECT_EQ(queryParam(res.header("location"), "error"), "consent_required");
}

TEST_P(CodeFlow, PromptLoginMaxAgeAndLoginHintAskForASignIn) {
  PageBrowser browser(http());
  obtainCode(browser, "acme", client_);  // signed in, consented
  auto res = authorize(browser, "acme", client_, {{"prompt", "login"}, {"login_hint", "ann@example.com"}});
  ASSERT_EQ(res.status, 303) << res.body;
  ASSERT_NE(res.header("location").find("/login?"), std::string::npos);
  auto login = follow(browser, res);
  EXPECT_NE(login.body.find(R"(value="ann@example.com")"), std::string::npos) << "login_hint prefills the form";
  EXPECT_FALSE(obtainCode(browser, "acme", client_, {{"prompt", "login"}}).empty()) << "a fresh sign-in finishes it";
  auto fresh = authorize(browser, "acme", client_, {{"max_age", "3600"}});
  EXPECT_EQ(fresh.status, 302) << "a recent sign-in satisfies max_age";
}

TEST_P(CodeFlow, ConsentNeedsCsrfAndADenialGoesBackToTheClient) {
  PageBrowser browser(http());
  ASSERT_EQ(signIn(browser, "acme", "ann@example.com", "correct horse battery").status, 303);
  auto to_consent = authorize(browser, "acme", client_);
  ASSERT_EQ(to_consent.status, 303);
  const std::string request = queryParam("http://x" + to_consent.header("location"), "request");
  auto forged = browser.post("/t/acme/consent", {{"request", request}, {"decision", "allow"}});
  EXPECT_EQ(forged.status, 403) << "no CSRF token";
  auto denied = consent(browser, to_consent, false);
  ASSERT_EQ(denied.status, 303);
  EXPECT_EQ(denied.header("location").find("http"), std::string::npos)
      << "never a cross-origin redirect from a form POST (CSP form-action applies to the chain)";
  auto back = follow(browser, denied);
  EXPECT_EQ(back.status, 200);
  EXPECT_NE(back.header("content-security-policy").find("form-action 'self'"), std::string::npos);
  EXPECT_EQ(queryParam(clientLocation(back), "error"), "access_denied");
  EXPECT_EQ(queryParam(clientLocation(back), "state"), "state-123");
  EXPECT_TRUE(clientLocation(follow(browser, to_consent)).empty()) << "the request is finished";
}

TEST_P(CodeFlow, AConfidentialClientMustAuthenticate) {
  auto web = createClient("acme", true);
  PageBrowser browser(http());
  const std::string code = obtainCode(browser, "acme", web, {{"code_challenge", ""}, {"code_challenge_method", ""}});
  auto anonymous = web;
  anonymous.secret.clear();
  expectOAuthError(exchange("acme", anonymous, code, ""), 401, "invalid_client");
  auto ok = exchange("acme", web, code, "");
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_P(CodeFlow, ATenantsCodesSessionsAndSubjectsMeanNothingAtAnother) {
  tenantWithPasswords("beta");
  const std::string beta_subject = createUser("beta", "ann@example.com", "correct horse battery");
  EXPECT_NE(beta_subject, subject_) << "the same person, a different sub per tenant";
  auto beta_client = createClient("beta");
  PageBrowser browser(http());
  const std::string code = obtainCode(browser, "acme", client_);
  expectOAuthError(exchange("beta", beta_client, code), 400, "invalid_grant");

  // acme's session cookie at beta: beta sends the browser to sign in.
  auto at_beta = authorize(browser, "beta", beta_client);
  ASSERT_EQ(at_beta.status, 303);
  EXPECT_NE(at_beta.header("location").find("/t/beta/login?"), std::string::npos);

  PageBrowser other(http());
  auto beta_tokens = exchange("beta", beta_client, obtainCode(other, "beta", beta_client));
  ASSERT_EQ(beta_tokens.status, 200) << beta_tokens.body;
  EXPECT_EQ(jwtSegment(beta_tokens.jsonString("id_token"), 1)->getValue<std::string>("sub"), beta_subject);
  auto info = http().get("/t/acme/userinfo", {{"Authorization", "Bearer " + beta_tokens.jsonString("access_token")}});
  EXPECT_EQ(info.status, 401) << "beta's token is not acme's";
}

TEST_P(CodeFlow, UserinfoRefusesBadTokens) {
  auto none = http().get("/t/acme/userinfo");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.header("www-authenticate"), R"(Bearer realm="sigid")");
  auto bad = http().get("/t/acme/userinfo", {{"Authorization", "Bearer not-a-token"}});
  EXPECT_EQ(bad.status, 401);
  EXPECT_NE(bad.header("www-authenticate").find(R"(error="invalid_token")"), std::string::npos);
}

TEST_P(CodeFlow, LogoutReturnsOnlyToARegisteredUri) {
  auto app = http().sendJson("GET", "/api/v1/tenants/acme/applications?limit=10", "", admin()).json();
  auto id = app->getArray("items")->getObject(0)->getValue<std::string>("id");
  auto patched = http().sendJson("PATCH", "/api/v1/tenants/acme/applications/" + id,
                                 R"({"post_logout_redirect_uris":["http://127.0.0.1:9/bye"]})", admin());
  ASSERT_EQ(patched.status, 200) << patched.body;
  PageBrowser browser(http());
  auto tokens = exchange("acme", client_, obtainCode(browser, "acme", client_));
  ASSERT_EQ(tokens.status, 200);
  auto logout = [&](const std::string& target) {
    auto page = browser.get("/t/acme/logout?id_token_hint=" + tokens.jsonString("id_token") +
                            "&post_logout_redirect_uri=" + urlEncode(target) + "&state=bye-state");
    return browser.post("/t/acme/logout", {{"csrf_token", PageBrowser::csrfToken(page.body)},
                                           {"id_token_hint", tokens.jsonString("id_token")},
                                           {"post_logout_redirect_uri", target},
                                           {"state", "bye-state"}});
  };
  auto evil = logout("https://evil.example/bye");
  ASSERT_EQ(evil.status, 303);
  EXPECT_TRUE(evil.header("location").starts_with("/t/acme/")) << evil.header("location");
  obtainCode(browser, "acme", client_);
  auto good = logout("http://127.0.0.1:9/bye");
  ASSERT_EQ(good.status, 200) << "a page that continues there: the form's CSP would block a redirect";
  EXPECT_EQ(clientLocation(good), "http://127.0.0.1:9/bye?state=bye-state");
  EXPECT_NE(good.header("set-cookie").find("Max-Age=0"), std::string::npos) << "the session cookie is cleared";
}

TEST_P(CodeFlow, TenantPoliciesRunAtAuthorizeAndToken) {
  auto upload = [&](const std::string& name, const std::string& source) {
    std::string escaped;
    for (char c : source) {
      if (c == '"' || c == '\\') escaped += '\\';
      if (c == '\n') {
        escaped += "\\n";
        continue;
      }
      escaped += c;
    }
    return http().sendJson("POST", "/api/v1/tenants/acme/policies",
                           R"({"name":")" + name + R"(","rollout":"active","source":")" + escaped + R"("})", admin());
  };
  PageBrowser browser(http());
  auto tokens = exchange("acme", client_, obtainCode(browser, "acme", client_));
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  // `token` for users: the subject is the user, so a policy can narrow by who
  // signs in, and its extra claims go into both the access and the ID token.
  ASSERT_EQ(upload("no-email", "function token(input)\n  if input.subject.type == 'user' then\n"
                               "    return allow{scopes = scopes.minus(input.requested_scopes, {'email'}),\n"
                               "                 claims = {department = input.context.ip and 'ops' or 'none'}}\n"
                               "  end\nend\n").status, 201);
  auto narrowed = refresh("acme", client_, tokens.jsonString("refresh_token"));
  ASSERT_EQ(narrowed.status, 200) << narrowed.body;
  EXPECT_EQ(narrowed.jsonString("scope"), "openid profile offline_access");
  EXPECT_EQ(jwtSegment(narrowed.jsonString("access_token"), 1)->getValue<std::string>("department"), "ops");
  auto id = jwtSegment(narrowed.jsonString("id_token"), 1);
  EXPECT_EQ(id->getValue<std::string>("department"), "ops");
  EXPECT_EQ(id->getValue<std::string>("sub"), subject_);
  // `authorize`: deny is access_denied at the client, with state. The rule
  // needs the browser's address in the input (loopback here): without it, no deny.
  ASSERT_EQ(upload("block", "function authorize(input)\n  if input.subject.id == '" + subject_ +
                            "' and input.context.ip ~= nil and cidr_match(input.context.ip, {'127.0.0.0/8', '::1'})"
                            " then return deny('blocked') end\nend\n").status, 201);
  auto denied = authorize(browser, "acme", client_);
  ASSERT_EQ(denied.status, 302) << denied.body;
  EXPECT_EQ(queryParam(denied.header("location"), "error"), "access_denied");
  EXPECT_EQ(queryParam(denied.header("location"), "state"), "state-123");
}

INSTANTIATE_TEST_SUITE_P(Backends, CodeFlow, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
}  // namespace sigid::testing
