#include "integration/events_fixture.hpp"

namespace sigid::testing {

std::map<std::string, std::string> EventsKernelTest::eventsEnv() const {
  auto env = kernelEnv();
  env["SIGID_PLUGINS_DIRECTORIES"] = SIGID_TEST_WEBHOOK_PLUGIN_DIR;
  env["SIGID_PLUGINS_OUTBOUND_ALLOWLIST"] = "127.0.0.1";
  env["SIGID_SECURITY_MASTER_KEY"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  env["SIGID_EVENTS_RETRY_BASE_SECONDS"] = "1";
  env["SIGID_EVENTS_RETRY_MAX_SECONDS"] = "2";
  env["SIGID_EVENTS_DELIVERY_TIMEOUT_SECONDS"] = "2";
  env["SIGID_EVENTS_LEASE_SECONDS"] = "7";
  env["SIGID_EVENTS_MAX_ATTEMPTS"] = "30";
  env["SIGID_EVENTS_DISPATCHER_THREADS"] = "2";
  return env;
}

void EventsKernelTest::SetUp() {
  if (GetParam() == Backend::Mariadb) mysql_ = std::make_unique<MysqlTestDatabase>();
  receiver_ = std::make_unique<WebhookReceiver>();
  kernel_ = std::make_unique<SigidProcess>(eventsEnv());
  kernel_->start();
  credential_ = kernel_->bootstrapCredential();
  ASSERT_FALSE(credential_.empty()) << kernel_->stdoutText();
  http_ = std::make_unique<HttpClient>(kernel_->port());
}

std::pair<std::string, std::string> EventsKernelTest::subscribe(const std::string& tenant,
                                                                const std::string& types_json,
                                                                const std::string& path) {
  auto res = http().sendJson("POST", "/api/v1/tenants/" + tenant + "/webhooks",
                             R"({"url":")" + receiver_->url(path) + R"(","event_types":)" + types_json + "}", admin());
  EXPECT_EQ(res.status, 201) << res.body;
  if (res.status != 201) return {};
  return {res.jsonString("id"), res.jsonString("secret")};
}

void EventsKernelTest::touch(const std::string& tenant, int n) {
  auto res = http().sendJson("PATCH", "/api/v1/system/tenants/" + tenant,
                             R"({"name":"Name )" + std::to_string(n) + R"("})", admin());
  EXPECT_EQ(res.status, 200) << res.body;
}

}  // namespace sigid::testing
