#include "integration/code_flow_fixture.hpp"

#include <Poco/URI.h>

#include "oauth/pkce.hpp"
#include "store/open_database.hpp"

namespace sigid::testing {

std::string CodeFlowTest::urlEncode(const std::string& text) {
  std::string out;
  Poco::URI::encode(text, "!#$&'()*+,/:;=?@[]%", out);
  return out;
}

std::string CodeFlowTest::clientLocation(const HttpResult& res) {
  if (res.status == 302) return res.header("location");
  const std::string marker = "url='";
  auto start = res.body.find(marker);
  if (res.status != 200 || start == std::string::npos) return "";
  start += marker.size();
  std::string url = res.body.substr(start, res.body.find('\'', start) - start);
  for (auto at = url.find("&amp;"); at != std::string::npos; at = url.find("&amp;", at + 1)) url.replace(at, 5, "&");
  return url;
}

std::string CodeFlowTest::queryParam(const std::string& url, const std::string& name) {
  Poco::URI uri(url);
  for (const auto& [k, v] : uri.getQueryParameters()) {
    if (k == name) return v;
  }
  return "";
}

FlowClient CodeFlowTest::createClient(const std::string& slug, bool confidential, const std::string& json_extra) {
  std::string body = R"({"name":"Photo App","type":")" + std::string(confidential ? "confidential" : "public") +
                     R"(","grant_types":["authorization_code","refresh_token"],"redirect_uris":[")" + kRedirect +
                     R"("],"scopes":["openid","profile","email","offline_access"])" + json_extra + "}";
  auto res = http().sendJson("POST", "/api/v1/tenants/" + slug + "/applications", body, admin());
  EXPECT_EQ(res.status, 201) << res.body;
  if (res.status != 201) return {};
  auto json = res.json();
  return {json->getValue<std::string>("client_id"),
          json->has("client_secret") ? json->getValue<std::string>("client_secret") : ""};
}

HttpResult CodeFlowTest::authorize(PageBrowser& browser, const std::string& slug, const FlowClient& client,
                                   std::map<std::string, std::string> params) {
  std::map<std::string, std::string> all{{"response_type", "code"},
                                         {"client_id", client.client_id},
                                         {"redirect_uri", kRedirect},
                                         {"scope", "openid profile email offline_access"},
                                         {"state", "state-123"},
                                         {"nonce", "nonce-456"},
                                         {"code_challenge", oauth::s256Challenge(kVerifier)},
                                         {"code_challenge_method", "S256"}};
  for (auto& [k, v] : params) all[k] = v;
  std::string path = "/t/" + slug + "/authorize";
  char sep = '?';
  for (auto& [k, v] : all) {
    if (v.empty()) continue;
    path += sep + urlEncode(k) + "=" + urlEncode(v);
    sep = '&';
  }
  return browser.get(path);
}

HttpResult CodeFlowTest::follow(PageBrowser& browser, const HttpResult& redirect) {
  std::string location = redirect.header("location");
  EXPECT_TRUE(location.starts_with("/")) << location;
  return browser.get(location);
}

HttpResult CodeFlowTest::consent(PageBrowser& browser, const HttpResult& to_consent, bool allow) {
  auto page = follow(browser, to_consent);
  EXPECT_EQ(page.status, 200) << page.body;
  const std::string location = to_consent.header("location");
  const std::string slug = location.substr(3, location.find('/', 3) - 3);
  return browser.post("/t/" + slug + "/consent", {{"csrf_token", PageBrowser::csrfToken(page.body)},
                                                  {"request", queryParam("http://x" + location, "request")},
                                                  {"decision", allow ? "allow" : "deny"}});
}

std::string CodeFlowTest::obtainCode(PageBrowser& browser, const std::string& slug, const FlowClient& client,
                                     std::map<std::string, std::string> params) {
  auto res = authorize(browser, slug, client, params);
  if (res.status == 303 && res.header("location").find("/login?") != std::string::npos) {
    auto login = follow(browser, res);
    EXPECT_EQ(login.status, 200);
    const std::string return_to = queryParam("http://x" + res.header("location"), "return_to");
    res = browser.post("/t/" + slug + "/login", {{"csrf_token", PageBrowser::csrfToken(login.body)},
                                                 {"method", "io.sigid.signin-password"},
                                                 {"return_to", return_to},
                                                 {"email", "ann@example.com"},
                                                 {"password", "correct horse battery"}});
    EXPECT_EQ(res.status, 303) << res.body;
    res = follow(browser, res);
  }
  if (res.status == 303 && res.header("location").find("/consent?") != std::string::npos) {
    res = consent(browser, res);
    EXPECT_EQ(res.status, 303) << res.body;
    res = follow(browser, res);
  }
  const std::string location = clientLocation(res);
  EXPECT_TRUE(location.starts_with(kRedirect)) << location;
  EXPECT_EQ(queryParam(location, "state"), params.count("state") ? params["state"] : "state-123");
  const std::string code = queryParam(location, "code");
  EXPECT_FALSE(code.empty()) << location;
  return code;
}

HttpResult CodeFlowTest::postForm(const std::string& slug, const std::string& endpoint, const std::string& form,
                                  std::map<std::string, std::string> headers) {
  headers.emplace("Content-Type", "application/x-www-form-urlencoded");
  return http().request("POST", "/t/" + slug + "/" + endpoint, form, headers);
}

HttpResult CodeFlowTest::exchange(const std::string& slug, const FlowClient& client, const std::string& code,
                                  const std::string& verifier, const std::string& redirect_uri) {
  std::string form = "grant_type=authorization_code&code=" + urlEncode(code) + "&redirect_uri=" +
                     urlEncode(redirect_uri) + "&client_id=" + urlEncode(client.client_id);
  if (!verifier.empty()) form += "&code_verifier=" + urlEncode(verifier);
  if (!client.secret.empty()) form += "&client_secret=" + urlEncode(client.secret);
  return postForm(slug, "token", form);
}

HttpResult CodeFlowTest::refresh(const std::string& slug, const FlowClient& client, const std::string& refresh_token) {
  std::string form = "grant_type=refresh_token&refresh_token=" + urlEncode(refresh_token) + "&client_id=" +
                     urlEncode(client.client_id);
  if (!client.secret.empty()) form += "&client_secret=" + urlEncode(client.secret);
  return postForm(slug, "token", form);
}

std::int64_t CodeFlowTest::auditCount(const std::string& type) {
  auto db = store::openDatabase({databaseUrl(), 2, std::chrono::milliseconds(5000), std::chrono::seconds(5)});
  if (!db) return -1;
  auto rows = (*db)->query("SELECT COUNT(*) FROM audit_events WHERE type = ?", {type});
  return rows.ok() ? rows->front().integer(0) : -1;
}

}  // namespace sigid::testing
