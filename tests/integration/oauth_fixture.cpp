#include "integration/oauth_fixture.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace sigid::testing {

void OAuthTest::SetUp() {
  if (GetParam() == Backend::Mariadb) mysql_ = std::make_unique<MysqlTestDatabase>();
  auto env = kernelEnv();
  for (const auto& [key, value] : extraEnv()) env[key] = value;
  kernel_ = std::make_unique<SigidProcess>(env);
  kernel_->start();
  credential_ = kernel_->bootstrapCredential();
  ASSERT_FALSE(credential_.empty()) << kernel_->stdoutText();
  http_ = std::make_unique<HttpClient>(kernel_->port());
}

std::map<std::string, std::string> OAuthTest::extraEnv() const {
  return {{"SIGID_CACHE_REFRESH_INTERVAL_MS", "100"},
          {"SIGID_OAUTH_REVOCATION_REFRESH_INTERVAL_MS", "100"},
          {"SIGID_OAUTH_RATE_LIMIT_CLIENT_PER_SECOND", "10000"},
          {"SIGID_OAUTH_RATE_LIMIT_CLIENT_BURST", "10000"},
          {"SIGID_OAUTH_RATE_LIMIT_ADDRESS_PER_SECOND", "10000"},
          {"SIGID_OAUTH_RATE_LIMIT_ADDRESS_BURST", "10000"},
          {"SIGID_AUDIT_BATCH_INTERVAL_MS", "200"},
          {"SIGID_API_KEYS_USAGE_FLUSH_INTERVAL_MS", "200"}};
}

TestClient OAuthTest::createApp(const std::string& tenant, const std::string& json) {
  auto res = http().sendJson("POST", "/api/v1/tenants/" + tenant + "/applications", json, admin());
  EXPECT_EQ(res.status, 201) << res.body;
  if (res.status != 201) return {};
  auto body = res.json();
  return {body->getValue<std::string>("id"), body->getValue<std::string>("client_id"),
          body->has("client_secret") ? body->getValue<std::string>("client_secret") : ""};
}

HttpResult OAuthTest::postForm(const std::string& slug, const std::string& endpoint, const std::string& form,
                               std::map<std::string, std::string> headers) {
  headers.emplace("Content-Type", "application/x-www-form-urlencoded");
  return http().request("POST", "/t/" + slug + "/" + endpoint, form, headers);
}

HttpResult OAuthTest::token(const std::string& slug, const TestClient& client, const std::string& extra) {
  return postForm(slug, "token", "grant_type=client_credentials" + extra, basicAuth(client.client_id, client.secret));
}

std::string OAuthTest::accessToken(const std::string& slug, const TestClient& client, const std::string& extra) {
  auto res = token(slug, client, extra);
  EXPECT_EQ(res.status, 200) << res.body;
  return res.status == 200 ? res.jsonString("access_token") : "";
}

std::map<std::string, std::string> basicAuth(const std::string& user, const std::string& password) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << user << ':' << password;
  encoder.close();
  return {{"Authorization", "Basic " + out.str()}};
}

Poco::JSON::Object::Ptr jwtSegment(const std::string& jwt, int segment) {
  std::size_t start = 0;
  for (int i = 0; i < segment; ++i) start = jwt.find('.', start) + 1;
  std::string part = jwt.substr(start, jwt.find('.', start) - start);
  for (auto& c : part) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (part.size() % 4) part += '=';
  std::istringstream in(part);
  std::string decoded;
  {
    Poco::Base64Decoder decoder(in);
    decoded.assign(std::istreambuf_iterator<char>(decoder), {});
  }
  return Poco::JSON::Parser().parse(decoded).extract<Poco::JSON::Object::Ptr>();
}

void expectOAuthError(const HttpResult& res, int status, const std::string& error) {
  EXPECT_EQ(res.status, status) << res.body;
  ASSERT_FALSE(res.body.empty());
  auto body = res.json();
  EXPECT_EQ(body->getValue<std::string>("error"), error) << res.body;
  EXPECT_EQ(res.header("cache-control"), "no-store");
}

}  // namespace sigid::testing
