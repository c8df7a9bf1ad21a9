#include "integration/hosted_fixture.hpp"

#include <regex>

#include <Poco/URI.h>

namespace sigid::testing {
namespace {

std::string formEncode(const std::map<std::string, std::string>& form) {
  std::string out;
  for (const auto& [k, v] : form) {
    std::string ek, ev;
    Poco::URI::encode(k, "&=+?#/%", ek);
    Poco::URI::encode(v, "&=+?#/%", ev);
    out += (out.empty() ? "" : "&") + ek + "=" + ev;
  }
  return out;
}

}  // namespace

HttpResult PageBrowser::get(const std::string& path) {
  auto result = http_.get(path, headers());
  remember(result);
  return result;
}

HttpResult PageBrowser::post(const std::string& path, const std::map<std::string, std::string>& form) {
  auto h = headers();
  h["Content-Type"] = "application/x-www-form-urlencoded";
  auto result = http_.request("POST", path, formEncode(form), h);
  remember(result);
  return result;
}

std::string PageBrowser::csrfToken(const std::string& html) {
  static const std::regex kToken(R"re(name="csrf_token" value="([^"]+)")re");
  std::smatch m;
  return std::regex_search(html, m, kToken) ? m[1].str() : "";
}

std::string PageBrowser::cookie(const std::string& name) const {
  auto it = jar_.find(name);
  return it == jar_.end() ? "" : it->second;
}

void PageBrowser::remember(const HttpResult& result) {
  for (const auto& [name, value] : result.headers) {
    if (name != "set-cookie") continue;
    auto eq = value.find('=');
    auto semi = value.find(';');
    std::string key = value.substr(0, eq), v = value.substr(eq + 1, semi - eq - 1);
    if (value.find("Max-Age=0") != std::string::npos || v.empty()) jar_.erase(key);
    else jar_[key] = v;
  }
}

std::map<std::string, std::string> PageBrowser::headers() const {
  std::string cookies;
  for (const auto& [k, v] : jar_) cookies += (cookies.empty() ? "" : "; ") + k + "=" + v;
  if (cookies.empty()) return {};
  return {{"Cookie", cookies}};
}

void HostedTest::SetUp() {
  smtp_ = std::make_unique<SmtpListener>();
  if (GetParam() == Backend::Mariadb) mysql_ = std::make_unique<MysqlTestDatabase>();
  auto env = kernelEnv();
  env["SIGID_PLUGINS_DIRECTORIES"] = SIGID_TEST_PLUGIN_DIR;
  env["SIGID_SMTP_HOST"] = "127.0.0.1";
  env["SIGID_SMTP_PORT"] = std::to_string(smtp_->port());
  env["SIGID_SMTP_FROM"] = "SigID Tests <no-reply@sigid.test>";
  kernel_ = std::make_unique<SigidProcess>(env);
  kernel_->start();
  credential_ = kernel_->bootstrapCredential();
  ASSERT_FALSE(credential_.empty()) << kernel_->stdoutText();
  http_ = std::make_unique<HttpClient>(kernel_->port());
}

std::string HostedTest::tenantWithPasswords(const std::string& slug) {
  auto tenant = provision(slug, "Tenant " + slug);
  auto res = http().sendJson("PUT", "/api/v1/tenants/" + slug + "/plugins/io.sigid.signin-password",
                             R"({"config":{"memory_kib":1024,"iterations":1,"parallelism":1},"enabled":true})", admin());
  EXPECT_TRUE(res.status == 201 || res.status == 200) << res.body;
  return tenant->getValue<std::string>("id");
}

std::string HostedTest::createUser(const std::string& slug, const std::string& email, const std::string& password) {
  auto res = http().sendJson("POST", "/api/v1/tenants/" + slug + "/users",
                             R"({"email":")" + email + R"(","name":"Test User","password":")" + password + R"("})",
                             admin());
  EXPECT_EQ(res.status, 201) << res.body;
  return res.status == 201 ? res.jsonString("subject") : "";
}

void HostedTest::patchSettings(const std::string& slug, const std::string& settings_json) {
  auto res = http().sendJson("PATCH", "/api/v1/system/tenants/" + slug + "/settings", settings_json, admin());
  EXPECT_EQ(res.status, 200) << res.body;
}

HttpResult HostedTest::signIn(PageBrowser& browser, const std::string& slug, const std::string& email,
                              const std::string& password) {
  auto page = browser.get("/t/" + slug + "/login");
  EXPECT_EQ(page.status, 200) << page.body;
  return browser.post("/t/" + slug + "/login", {{"csrf_token", PageBrowser::csrfToken(page.body)},
                                                {"method", "io.sigid.signin-password"},
                                                {"return_to", ""},
                                                {"email", email},
                                                {"password", password}});
}

}  // namespace sigid::testing
