// Two-step sign-in over real HTTP (issue 8): the signin-totp plugin enrolled
// from the account pages, the code page after the password, replay and
// lockout, the `signin` policy attach point, step-up from `authorize`
// policies and from acr_values, and tenant isolation of second factors.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "integration/code_flow_fixture.hpp"
#include "integration/oauth_fixture.hpp"
#include "core/encoding.hpp"
#include "store/open_database.hpp"
#include "totp.hpp"

namespace sigid::testing {
namespace {

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kTotp = "io.sigid.signin-totp";
constexpr const char* kMfa = "urn:sigid:acr:mfa";

std::string match(const std::string& html, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(html, m, std::regex(pattern)) ? m[1].str() : "";
}

std::string fromBase32(const std::string& text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    buffer = (buffer << 5) | static_cast<std::uint32_t>(c >= 'A' && c <= 'Z' ? c - 'A' : c - '2' + 26);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::vector<std::string> strings(const Poco::JSON::Array::Ptr& array) {
  std::vector<std::string> out;
  for (std::size_t i = 0; array && i < array->size(); ++i) out.push_back(array->getElement<std::string>(i));
  return out;
}

// An authenticator app: codes for the current time, never one the server has
// already seen (each later code is for a later step, as a real app's are).
class Authenticator {
 public:
  explicit Authenticator(std::string secret) : secret_(std::move(secret)) {}
  std::string code() {
    for (;;) {
      const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
      const std::int64_t step = signin_totp::timeStep(now);
      const std::int64_t target = std::max(step - 1, last_ + 1);
      // Out of the server's ±1 window, or about to fall out of it: wait for the next step.
      if (target > step + 1 || (target == step - 1 && now % signin_totp::kStepSeconds >= 25)) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        continue;
      }
      last_ = target;
      return signin_totp::hotp(secret_, static_cast<std::uint64_t>(target));
    }
  }
  // The code of the step used last (a replay).
  std::string lastCode() const { return signin_totp::hotp(secret_, static_cast<std::uint64_t>(last_)); }
  // A well-formed code that is none of the window's.
  std::string wrongCode() const {
    std::string c = lastCode();
    for (;;) {
      c[5] = static_cast<char>('0' + (c[5] - '0' + 1) % 10);
      const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
      if (!signin_totp::matchingStep(secret_, c, now) && !signin_totp::matchingStep(secret_, c, now + 30)) return c;
    }
  }

 private:
  std::string secret_;
  std::int64_t last_ = -1;
};

class MfaFlow : public CodeFlowTest {
 protected:
  void SetUp() override {
    // HostedTest's set-up, with both sign-in plugins' folders.
    smtp_ = std::make_unique<SmtpListener>();
    if (GetParam() == Backend::Mariadb) mysql_ = std::make_unique<MysqlTestDatabase>();
    auto env = kernelEnv();
    env["SIGID_PLUGINS_DIRECTORIES"] = std::string(SIGID_TEST_PLUGIN_DIR) + "," + SIGID_TEST_TOTP_PLUGIN_DIR;
    env["SIGID_SMTP_HOST"] = "127.0.0.1";
    env["SIGID_SMTP_PORT"] = std::to_string(smtp_->port());
    env["SIGID_SMTP_FROM"] = "SigID Tests <no-reply@sigid.test>";
    kernel_ = std::make_unique<SigidProcess>(env);
    kernel_->start();
    credential_ = kernel_->bootstrapCredential();
    ASSERT_FALSE(credential_.empty()) << kernel_->stdoutText();
    http_ = std::make_unique<HttpClient>(kernel_->port());

    tenantWithTotp("acme");
    subject_ = createUser("acme", "ann@example.com", kPassword);
    client_ = createClient("acme");
  }

  void tenantWithTotp(const std::string& slug) {
    tenantWithPasswords(slug);
    auto res = http().sendJson("PUT", "/api/v1/tenants/" + slug + "/plugins/" + kTotp,
                               R"({"config":{},"enabled":true})", admin());
    ASSERT_TRUE(res.status == 201 || res.status == 200) << res.body;
  }

  HttpResult uploadPolicy(const std::string& slug, const std::string& name, const std::string& source) {
    std::string escaped;
    for (char c : source) {
      if (c == '"' || c == '\\') escaped += '\\';
      if (c == '\n') {
        escaped += "\\n";
        continue;
      }
      escaped += c;
    }
    return http().sendJson("POST", "/api/v1/tenants/" + slug + "/policies",
                           R"({"name":")" + name + R"(","rollout":"active","source":")" + escaped + R"("})", admin());
  }

  // The password form; returns its response (303 signed in, 200 the code page, ...).
  HttpResult password(PageBrowser& browser, const std::string& slug, const std::string& return_to = "",
                      const std::string& email = "ann@example.com") {
    auto login = browser.get("/t/" + slug + "/login");
    EXPECT_EQ(login.status, 200) << login.body;
    return browser.post("/t/" + slug + "/login", {{"csrf_token", PageBrowser::csrfToken(login.body)},
                                                  {"method", "io.sigid.signin-password"},
                                                  {"return_to", return_to},
                                                  {"email", email},
                                                  {"password", kPassword}});
  }
  HttpResult submitCode(PageBrowser& browser, const std::string& slug, const HttpResult& code_page,
                        const std::string& code) {
    return browser.post("/t/" + slug + "/login/code", {{"csrf_token", PageBrowser::csrfToken(code_page.body)},
                                                       {"step", match(code_page.body, R"re(name="step" value="([^"]+)")re")},
                                                       {"code", code}});
  }

  // Signs in with the password alone and sets up TOTP from the account pages.
  Authenticator enrol(PageBrowser& browser, const std::string& slug = "acme") {
    auto signed_in = password(browser, slug);
    EXPECT_EQ(signed_in.status, 303) << signed_in.body;
    auto page = browser.get("/t/" + slug + "/account/mfa");
    EXPECT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("not set up"), std::string::npos) << page.body;
    auto started = browser.post("/t/" + slug + "/account/mfa/enrol",
                                {{"csrf_token", PageBrowser::csrfToken(page.body)}, {"method", kTotp}});
    EXPECT_EQ(started.status, 200) << started.body;
    EXPECT_EQ(started.header("cache-control"), "no-store") << "the secret is shown once";
    const std::string secret = match(started.body, R"re(class="secret">([A-Z2-7]+)<)re");
    EXPECT_EQ(secret.size(), 32u) << started.body;
    EXPECT_NE(started.body.find("otpauth://totp/"), std::string::npos);
    setup_key_ = secret;
    Authenticator app(fromBase32(secret));
    auto confirmed = browser.post("/t/" + slug + "/account/mfa/confirm",
                                  {{"csrf_token", PageBrowser::csrfToken(started.body)},
                                   {"method", kTotp},
                                   {"code", app.code()}});
    EXPECT_EQ(confirmed.status, 303) << confirmed.body;
    EXPECT_NE(confirmed.header("location").find("notice=enabled"), std::string::npos);
    return app;
  }

  // authorize → login (password, then the code) → consent → code → tokens; returns the ID token claims.
  Poco::JSON::Object::Ptr signInThroughClient(PageBrowser& browser, Authenticator* app,
                                              std::map<std::string, std::string> params = {}) {
    auto res = authorize(browser, "acme", client_, params);
    if (res.status == 303 && res.header("location").find("/login?") != std::string::npos) {
      const std::string return_to = queryParam("http://x" + res.header("location"), "return_to");
      const std::string session_before = browser.cookie("sigid_session");
      res = password(browser, "acme", return_to);
      if (app) {
        EXPECT_EQ(res.status, 200) << "the code page";
        EXPECT_EQ(browser.cookie("sigid_session"), session_before) << "no new session before the second factor";
        res = submitCode(browser, "acme", res, app->code());
      }
      EXPECT_EQ(res.status, 303) << res.body;
      res = follow(browser, res);
    }
    if (res.status == 303 && res.header("location").find("/consent?") != std::string::npos) {
      res = consent(browser, res);
      res = follow(browser, res);
    }
    const std::string code = queryParam(clientLocation(res), "code");
    EXPECT_FALSE(code.empty()) << res.status << " " << res.header("location") << res.body;
    auto tokens = exchange("acme", client_, code);
    EXPECT_EQ(tokens.status, 200) << tokens.body;
    return jwtSegment(tokens.jsonString("id_token"), 1);
  }

  // What the TOTP plugin keeps for its tenants (plugin_kv), straight from the database.
  std::vector<std::string> storedTotpRecords() {
    auto db = store::openDatabase({databaseUrl(), 2, std::chrono::milliseconds(5000), std::chrono::seconds(5)});
    if (!db) return {};
    auto rows = (*db)->query("SELECT item_value FROM plugin_kv WHERE plugin_id = ?", {std::string(kTotp)});
    std::vector<std::string> out;
    if (!rows.ok()) return out;
    for (const auto& row : *rows) {
      // The key/value store keeps values base64-encoded (binary-safe); decode to see what the plugin wrote.
      auto decoded = core::base64Decode(row.text(0));
      out.push_back(decoded ? *decoded : row.text(0));
    }
    return out;
  }

  std::string subject_;
  FlowClient client_;
  std::string setup_key_;  // the base32 key the last enrol() was shown
};

TEST_P(MfaFlow, EnrolledUsersSignInWithPasswordAndCode) {
  PageBrowser setup(http());
  Authenticator app = enrol(setup);
  EXPECT_EQ(auditCount("user.mfa_enrolled"), 1);
  // At rest the seed is sealed: neither its base32 form nor its bytes are stored.
  auto records = storedTotpRecords();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_NE(records[0].find("secret="), std::string::npos) << records[0];
  EXPECT_EQ(records[0].find(setup_key_), std::string::npos);
  EXPECT_EQ(records[0].find(fromBase32(setup_key_)), std::string::npos);
  auto mfa_page = setup.get("/t/acme/account/mfa");
  EXPECT_NE(mfa_page.body.find("<strong>Authenticator app</strong>: on"), std::string::npos) << mfa_page.body;

  // The login page never offers the second factor as a way in.
  PageBrowser browser(http());
  auto login = browser.get("/t/acme/login");
  EXPECT_EQ(login.body.find(kTotp), std::string::npos);
  auto id = signInThroughClient(browser, &app);
  EXPECT_EQ(strings(id->getArray("amr")), (std::vector<std::string>{"pwd", "otp", "mfa"}));
  EXPECT_EQ(id->getValue<std::string>("acr"), kMfa);

  // The session remembers it: the same demand later does not ask again.
  auto again = authorize(browser, "acme", client_, {{"acr_values", kMfa}});
  ASSERT_EQ(again.status, 302) << again.body;
  EXPECT_FALSE(queryParam(again.header("location"), "code").empty());
}

TEST_P(MfaFlow, WrongAndReplayedCodesAreRefused) {
  PageBrowser setup(http());
  Authenticator app = enrol(setup);
  PageBrowser browser(http());
  auto code_page = password(browser, "acme");
  ASSERT_EQ(code_page.status, 200) << code_page.body;
  EXPECT_EQ(code_page.header("cache-control"), "no-store");
  EXPECT_NE(code_page.body.find(R"(href="/t/acme/login?return_to=%2Ft%2Facme%2Faccount")"), std::string::npos)
      << "start again keeps where the sign-in was going";
  auto wrong = submitCode(browser, "acme", code_page, app.wrongCode());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.body.find("The code is not valid."), std::string::npos) << wrong.body;
  EXPECT_EQ(browser.cookie("sigid_session"), "");
  auto malformed = submitCode(browser, "acme", code_page, "12ab");
  EXPECT_EQ(malformed.status, 401);
  auto right = submitCode(browser, "acme", wrong, app.code());
  ASSERT_EQ(right.status, 303) << right.body;
  EXPECT_NE(browser.cookie("sigid_session"), "");
  // The finished step's form is dead: signing in replaced the CSRF cookie it was bound to.
  auto reused_step = submitCode(browser, "acme", wrong, app.lastCode());
  EXPECT_EQ(reused_step.status, 403) << reused_step.body;

  // A code once accepted is spent: a second browser cannot sign in with it.
  PageBrowser other(http());
  auto other_page = password(other, "acme");
  ASSERT_EQ(other_page.status, 200);
  auto replayed = submitCode(other, "acme", other_page, app.lastCode());
  EXPECT_EQ(replayed.status, 401);
  EXPECT_NE(replayed.body.find("already used"), std::string::npos) << replayed.body;
  EXPECT_EQ(other.cookie("sigid_session"), "");
}

TEST_P(MfaFlow, CodeStepsAreBoundToTheBrowserAndTheForm) {
  PageBrowser setup(http());
  Authenticator app = enrol(setup);
  PageBrowser browser(http());
  auto code_page = password(browser, "acme");
  ASSERT_EQ(code_page.status, 200);
  // Another browser holding the step token (but its own CSRF cookie) gets nowhere.
  PageBrowser thief(http());
  auto thief_login = thief.get("/t/acme/login");
  auto stolen = thief.post("/t/acme/login/code",
                           {{"csrf_token", PageBrowser::csrfToken(thief_login.body)},
                            {"step", match(code_page.body, R"re(name="step" value="([^"]+)")re")},
                            {"code", app.code()}});
  EXPECT_EQ(stolen.status, 400) << stolen.body;
  EXPECT_EQ(thief.cookie("sigid_session"), "");
  // Without the CSRF token: 403.
  auto forged = browser.post("/t/acme/login/code",
                             {{"step", match(code_page.body, R"re(name="step" value="([^"]+)")re")}, {"code", "123456"}});
  EXPECT_EQ(forged.status, 403);
  // A second factor alone is never a way in.
  auto login = browser.get("/t/acme/login");
  auto alone = browser.post("/t/acme/login", {{"csrf_token", PageBrowser::csrfToken(login.body)},
                                              {"method", kTotp},
                                              {"return_to", ""},
                                              {"email", "ann@example.com"},
                                              {"code", app.code()}});
  EXPECT_EQ(alone.status, 400) << alone.body;
  EXPECT_EQ(browser.cookie("sigid_session"), "");
}

TEST_P(MfaFlow, WrongCodesCountTowardsTheLockout) {
  PageBrowser setup(http());
  Authenticator app = enrol(setup);
  patchSettings("acme", R"({"lockout_policy":{"max_attempts":3,"lockout_duration_minutes":5}})");
  PageBrowser browser(http());
  auto page = password(browser, "acme");
  ASSERT_EQ(page.status, 200);
  for (int i = 0; i < 3; ++i) {
    page = submitCode(browser, "acme", page, app.wrongCode());
    ASSERT_EQ(page.status, 401) << i;
  }
  // Locked: even the right code is refused now, and so is the password.
  auto locked = submitCode(browser, "acme", page, app.code());
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(browser.cookie("sigid_session"), "");
  EXPECT_EQ(password(browser, "acme").status, 429);
}

TEST_P(MfaFlow, ASigninPolicyDenyIsAGenericRefusal) {
  ASSERT_EQ(uploadPolicy("acme", "block-ann",
                         "function signin(input)\n  if input.subject.id == '" + subject_ +
                             "' and contains(input.subject.amr, 'pwd') and input.context.ip then\n"
                             "    return deny('ann is blocked')\n  end\nend\n").status, 201);
  PageBrowser browser(http());
  auto refused = password(browser, "acme");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("You cannot sign in here right now."), std::string::npos) << refused.body;
  EXPECT_EQ(refused.body.find("ann is blocked"), std::string::npos) << "policy reasons are for admins";
  EXPECT_EQ(browser.cookie("sigid_session"), "");
  EXPECT_EQ(auditCount("user.sign_in_failed"), 1);
  // Through a client: the client learns nothing more than that no code came.
  auto res = authorize(browser, "acme", client_);
  ASSERT_EQ(res.status, 303);
  auto again = password(browser, "acme", queryParam("http://x" + res.header("location"), "return_to"));
  EXPECT_EQ(again.status, 403);
}

TEST_P(MfaFlow, ASigninStepUpNeedsTheSecondFactor) {
  // The shipped policy: admins step up to urn:sigid:acr:mfa at every attach point.
  std::ifstream file(std::string(SIGID_TEST_SOURCE_DIR) + "/policies/require_mfa_for_admins.lua");
  std::stringstream source;
  source << file.rdbuf();
  auto admin_user = http().sendJson("POST", "/api/v1/tenants/acme/users",
                                    R"({"email":"root@example.com","name":"Root","password":")" +
                                        std::string(kPassword) + R"(","roles":["admin"]})",
                                    admin());
  ASSERT_EQ(admin_user.status, 201) << admin_user.body;
  ASSERT_EQ(uploadPolicy("acme", "mfa-admins", source.str()).status, 201);

  // Without a second factor the admin cannot sign in at all, and is told why.
  PageBrowser browser(http());
  auto refused = password(browser, "acme", "", "root@example.com");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("Two-step sign-in needed"), std::string::npos) << refused.body;
  EXPECT_EQ(browser.cookie("sigid_session"), "");
  // Other users are not this policy's business.
  PageBrowser ann(http());
  EXPECT_EQ(password(ann, "acme").status, 303);
}

TEST_P(MfaFlow, TheTenantsRequireMfaSettingAppliesToEverySignIn) {
  PageBrowser setup(http());
  Authenticator app = enrol(setup);
  createUser("acme", "bob@example.com", kPassword);
  patchSettings("acme", R"({"require_mfa":true})");
  PageBrowser bob(http());
  auto refused = password(bob, "acme", "", "bob@example.com");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(bob.cookie("sigid_session"), "");
  EXPECT_EQ(auditCount("user.sign_in_failed"), 1);
  PageBrowser ann(http());
  auto code_page = password(ann, "acme");
  ASSERT_EQ(code_page.status, 200) << code_page.body;
  EXPECT_EQ(submitCode(ann, "acme", code_page, app.code()).status, 303);
}

TEST_P(MfaFlow, AnAuthorizeStepUpLeadsToTheCodePage) {
  // A session from before TOTP was set up is a one-factor session.
  PageBrowser browser(http());
  Authenticator app = enrol(browser);
  ASSERT_EQ(uploadPolicy("acme", "mfa-for-all",
                         "function authorize(input)\n  if input.subject.acr ~= 'urn:sigid:acr:mfa' then\n"
                         "    return step_up('urn:sigid:acr:mfa', 'everyone needs MFA')\n  end\nend\n").status, 201);
  // prompt=none cannot step up.
  auto silent = authorize(browser, "acme", client_, {{"prompt", "none"}});
  ASSERT_EQ(silent.status, 302) << silent.body;
  EXPECT_EQ(queryParam(silent.header("location"), "error"), "interaction_required");
  auto id = signInThroughClient(browser, &app);
  EXPECT_EQ(id->getValue<std::string>("acr"), kMfa);
  EXPECT_EQ(strings(id->getArray("amr")), (std::vector<std::string>{"pwd", "otp", "mfa"}));
}

TEST_P(MfaFlow, AcrValuesAreEnforced) {
  PageBrowser browser(http());
  // One factor satisfies urn:sigid:acr:pwd; unknown values are voluntary (OIDC Core §3.1.2.1).
  auto id = signInThroughClient(browser, nullptr, {{"acr_values", "urn:example:gold urn:sigid:acr:pwd"}});
  EXPECT_EQ(id->getValue<std::string>("acr"), "urn:sigid:acr:pwd");
  EXPECT_EQ(strings(id->getArray("amr")), std::vector<std::string>{"pwd"});

  // A user without a second factor cannot reach urn:sigid:acr:mfa: a clear page, never a weaker token.
  PageBrowser other(http());
  auto res = authorize(other, "acme", client_, {{"acr_values", kMfa}});
  ASSERT_EQ(res.status, 303) << res.body;
  auto refused = password(other, "acme", queryParam("http://x" + res.header("location"), "return_to"));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("does not have one set up"), std::string::npos) << refused.body;
  EXPECT_EQ(other.cookie("sigid_session"), "");

  // With TOTP set up, the one-factor session must sign in again with the code.
  Authenticator app = enrol(browser);
  auto silent = authorize(browser, "acme", client_, {{"acr_values", kMfa}, {"prompt", "none"}});
  EXPECT_EQ(queryParam(silent.header("location"), "error"), "interaction_required");
  auto strong = signInThroughClient(browser, &app, {{"acr_values", kMfa}});
  EXPECT_EQ(strong->getValue<std::string>("acr"), kMfa);
}

TEST_P(MfaFlow, SecondFactorsArePerTenant) {
  tenantWithTotp("globex");
  createUser("globex", "ann@example.com", kPassword);
  PageBrowser acme(http());
  Authenticator app = enrol(acme, "acme");
  // The same person at another tenant: acme's authenticator is no factor there.
  PageBrowser globex(http());
  auto signed_in = password(globex, "globex");
  EXPECT_EQ(signed_in.status, 303) << "no code page at globex";
  auto page = globex.get("/t/globex/account/mfa");
  EXPECT_NE(page.body.find("not set up"), std::string::npos) << page.body;

  // An acme step token is nothing at globex.
  PageBrowser browser(http());
  auto code_page = password(browser, "acme");
  ASSERT_EQ(code_page.status, 200);
  auto globex_login = browser.get("/t/globex/login");
  auto crossed = browser.post("/t/globex/login/code",
                              {{"csrf_token", PageBrowser::csrfToken(globex_login.body)},
                               {"step", match(code_page.body, R"re(name="step" value="([^"]+)")re")},
                               {"code", app.code()}});
  EXPECT_EQ(crossed.status, 400) << crossed.body;
  EXPECT_EQ(browser.cookie("sigid_session"), "");
}

TEST_P(MfaFlow, RemovingOrReplacingAFactorNeedsASessionThatUsedIt) {
  PageBrowser browser(http());
  Authenticator app = enrol(browser);
  // The password-only session that set it up may not take it away again.
  auto page = browser.get("/t/acme/account/mfa");
  auto weak = browser.post("/t/acme/account/mfa/remove",
                           {{"csrf_token", PageBrowser::csrfToken(page.body)}, {"method", kTotp}});
  EXPECT_EQ(weak.status, 403) << weak.body;
  auto weak_restart = browser.post("/t/acme/account/mfa/enrol",
                                   {{"csrf_token", PageBrowser::csrfToken(page.body)}, {"method", kTotp}});
  EXPECT_EQ(weak_restart.status, 403) << weak_restart.body;
  // A CSRF-less form does nothing.
  EXPECT_EQ(browser.post("/t/acme/account/mfa/remove", {{"method", kTotp}}).status, 403);
  // Not signed in: to the login page.
  PageBrowser stranger(http());
  EXPECT_EQ(stranger.get("/t/acme/account/mfa").status, 303);

  PageBrowser strong(http());
  auto code_page = password(strong, "acme");
  ASSERT_EQ(submitCode(strong, "acme", code_page, app.code()).status, 303);
  page = strong.get("/t/acme/account/mfa");
  auto removed = strong.post("/t/acme/account/mfa/remove",
                             {{"csrf_token", PageBrowser::csrfToken(page.body)}, {"method", kTotp}});
  EXPECT_EQ(removed.status, 303) << removed.body;
  EXPECT_EQ(auditCount("user.mfa_removed"), 1);
  PageBrowser after(http());
  EXPECT_EQ(password(after, "acme").status, 303) << "no second step any more";
}

TEST_P(MfaFlow, AnAdministratorCanResetALostAuthenticator) {
  PageBrowser browser(http());
  enrol(browser);
  PageBrowser before(http());
  ASSERT_EQ(password(before, "acme").status, 200) << "the code page";

  // Another tenant's administrator, or a key without the users scope, reaches nothing.
  provision("globex");
  EXPECT_EQ(http().request("DELETE", "/api/v1/tenants/globex/users/" + subject_ + "/second-factors", "", admin()).status,
            404);
  auto key = http().sendJson("POST", "/api/v1/tenants/acme/api-keys", R"({"name":"k","scopes":["admin:settings"]})",
                             admin());
  ASSERT_EQ(key.status, 201) << key.body;
  const std::map<std::string, std::string> weak_key{{"Authorization", "Bearer " + key.jsonString("key")}};
  EXPECT_EQ(http().request("DELETE", "/api/v1/tenants/acme/users/" + subject_ + "/second-factors", "", weak_key).status,
            403);
  EXPECT_EQ(http().request("DELETE", "/api/v1/tenants/acme/users/no-such-subject/second-factors", "", admin()).status,
            404);
  PageBrowser still(http());
  EXPECT_EQ(password(still, "acme").status, 200) << "nothing was removed by the refused calls";

  auto reset = http().request("DELETE", "/api/v1/tenants/acme/users/" + subject_ + "/second-factors", "", admin());
  ASSERT_EQ(reset.status, 200) << reset.body;
  ASSERT_EQ(reset.json()->getArray("removed")->size(), 1u);
  EXPECT_EQ(reset.json()->getArray("removed")->getElement<std::string>(0), "totp");
  EXPECT_EQ(auditCount("user.mfa_removed"), 1);
  PageBrowser after(http());
  EXPECT_EQ(password(after, "acme").status, 303) << "signs in with the password alone again";
  // Again: nothing left, nothing recorded.
  auto again = http().request("DELETE", "/api/v1/tenants/acme/users/" + subject_ + "/second-factors", "", admin());
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json()->getArray("removed")->size(), 0u);
  EXPECT_EQ(auditCount("user.mfa_removed"), 1);
}

TEST_P(MfaFlow, DiscoveryAdvertisesTheAcrValuesSessionsReach) {
  auto doc = http().get("/t/acme/.well-known/openid-configuration").json();
  EXPECT_EQ(strings(doc->getArray("acr_values_supported")),
            (std::vector<std::string>{"urn:sigid:acr:pwd", "urn:sigid:acr:mfa"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, MfaFlow, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
}  // namespace sigid::testing
