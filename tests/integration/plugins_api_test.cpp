// The plugin system end to end against the real `sigid serve`: plugins from a
// folder (one built out of tree against the installed SDK), listed with their
// load errors, enabled per tenant through the admin API, isolated between
// tenants, and a misbehaving plugin that costs one request, not the process.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "integration/http_client.hpp"
#include "integration/sigid_process.hpp"
#include "test_http_server.hpp"

namespace sigid::testing {
namespace {

namespace fs = std::filesystem;

void copyPlugin(const std::string& from, const fs::path& to) {
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  fs::permissions(to, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                          fs::perms::others_exec);
}

class PluginsApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (fs::temp_directory_path() / "sigid-plugins-it-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    fs::create_directory(dir_ / "plugins");
    copyPlugin(HELLO_WEBHOOK_PLUGIN, dir_ / "plugins/hello-webhook.so");
    copyPlugin(WEBHOOK_HTTP_PLUGIN, dir_ / "plugins/webhook-http.so");
    copyPlugin(FIXTURE_GOOD, dir_ / "plugins/good.so");
    copyPlugin(FIXTURE_THROWS_IN_CALL, dir_ / "plugins/throws-in-call.so");
    copyPlugin(FIXTURE_WRONG_ABI, dir_ / "plugins/wrong-abi.so");
    copyPlugin(FIXTURE_GOOD, dir_ / "plugins/world-writable.so");
    fs::permissions(dir_ / "plugins/world-writable.so", fs::perms::others_write, fs::perm_options::add);
    std::ofstream(dir_ / "plugins/not-elf.so") << "text";

    kernel_ = new SigidProcess({{"SIGID_PLUGINS_DIRECTORIES", (dir_ / "plugins").string()},
                                {"SIGID_PLUGINS_OUTBOUND_ALLOWLIST", "127.0.0.1"}});
    kernel_->start();
    http_ = new HttpClient(kernel_->port());
  }

  static void TearDownTestSuite() {
    delete http_;
    if (kernel_) {
      EXPECT_EQ(kernel_->stop(), 0) << kernel_->logText();
    }
    delete kernel_;
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::map<std::string, std::string> admin() const {
    return {{"Authorization", "Bearer " + kernel_->bootstrapCredential()}};
  }
  std::string provision(const std::string& slug) {
    auto res = http_->sendJson("POST", "/api/v1/system/tenants", R"({"name":"T","slug":")" + slug + R"("})", admin());
    EXPECT_EQ(res.status, 201) << res.body;
    return slug;
  }
  HttpResult put(const std::string& tenant, const std::string& plugin, const std::string& body) {
    return http_->sendJson("PUT", "/api/v1/tenants/" + tenant + "/plugins/" + plugin, body, admin());
  }
  HttpResult get(const std::string& path) { return http_->get(path, admin()); }
  HttpResult testDelivery(const std::string& tenant, const std::string& plugin, const std::string& destination) {
    return http_->sendJson("POST", "/api/v1/tenants/" + tenant + "/plugins/" + plugin + "/test-delivery",
                           R"({"destination":")" + destination + R"("})", admin());
  }

  static inline fs::path dir_;
  static inline SigidProcess* kernel_ = nullptr;
  static inline HttpClient* http_ = nullptr;
};

TEST_F(PluginsApi, SystemListShowsLoadedPluginsAndLoadErrors) {
  auto res = get("/api/v1/system/plugins");
  ASSERT_EQ(res.status, 200) << res.body;
  for (const char* expected :
       {R"("id":"org.example.hello-webhook","version":"0.1.0","kinds":["webhook_transport"])",
        R"("id":"io.sigid.webhook-http","version":"1.0.0","kinds":["webhook_transport"])",
        R"("id":"io.sigid.test.good","version":"2.3.4","kinds":["sign_in_method","webhook_transport"])",
        R"(wrong-abi.so","error":"was built for SDK ABI 999)", R"(world-writable.so","error":"the file is world-writable")",
        R"(not-elf.so","error":"is not an ELF shared object")"})
    EXPECT_NE(res.body.find(expected), std::string::npos) << expected << "\n" << res.body;
  EXPECT_EQ(http_->get("/api/v1/system/plugins").status, 401);
}

TEST_F(PluginsApi, CliListsThePluginsAndExitsOneBecauseSomeWereRefused) {
  std::string out;
  EXPECT_EQ(kernel_->runCommand("plugins list", &out), 1) << out;
  EXPECT_TRUE(std::regex_search(out, std::regex(R"(\norg\.example\.hello-webhook +0\.1\.0 +webhook_transport +\S+hello-webhook\.so\n)")))
      << out;
  EXPECT_NE(out.find("refused:"), std::string::npos) << out;
  EXPECT_NE(out.find("world-writable.so: the file is world-writable"), std::string::npos) << out;
}

TEST_F(PluginsApi, ConfigIsValidatedAndSecretsAreNeverReturned) {
  const std::string t = provision("plug-config");
  auto bad = put(t, "io.sigid.test.good", R"({"config":{"endpoint":"https://x.example","smtp":{"port":70000}}})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.jsonString("error"), "invalid_request");
  EXPECT_EQ(bad.jsonString("error_description"), "/smtp/port: must be at most 65535");

  auto created = put(t, "io.sigid.test.good",
                     R"({"config":{"endpoint":"https://x.example","api_key":"SECRET-abcdef-42","smtp":{"port":25}}})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.body.find("SECRET-abcdef-42"), std::string::npos);
  EXPECT_NE(created.body.find(R"("api_key":"********")"), std::string::npos) << created.body;
  auto read = get("/api/v1/tenants/" + t + "/plugins/io.sigid.test.good");
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.body.find("SECRET-abcdef-42"), std::string::npos);
  auto listed = get("/api/v1/tenants/" + t + "/plugins");
  EXPECT_EQ(listed.body.find("SECRET-abcdef-42"), std::string::npos);
  EXPECT_NE(listed.body.find(R"("plugin_id":"io.sigid.test.good")"), std::string::npos);
  // The plugin itself sees the secret: it echoes its config in the outcome.
  auto echoed = testDelivery(t, "io.sigid.test.good", "echo");
  ASSERT_EQ(echoed.status, 200) << echoed.body;
  EXPECT_NE(echoed.body.find("api_key=SECRET-abcdef-42"), std::string::npos) << echoed.body;

  EXPECT_EQ(put(t, "io.example.not-loaded", R"({"config":{}})").status, 404);
}

TEST_F(PluginsApi, AnotherTenantCannotSeeOrChangeTheInstance) {
  const std::string a = provision("plug-tenant-a"), b = provision("plug-tenant-b"), c = provision("plug-tenant-c");
  ASSERT_EQ(put(a, "io.sigid.test.good", R"({"config":{"endpoint":"https://a.example"}})").status, 201);
  const std::string one = "/plugins/io.sigid.test.good";
  auto fromB = get("/api/v1/tenants/" + b + one);
  auto fromC = get("/api/v1/tenants/" + c + one);  // C never had one: B's answer must be the same
  EXPECT_EQ(fromB.status, 404);
  EXPECT_EQ(fromB.body, fromC.body);
  for (const char* action : {"/disable", "/enable"}) {
    auto res = http_->request("POST", "/api/v1/tenants/" + b + one + action, "", admin());
    EXPECT_EQ(res.status, 404) << action;
    EXPECT_EQ(res.body, fromC.body);
  }
  EXPECT_EQ(http_->request("DELETE", "/api/v1/tenants/" + b + one, "", admin()).status, 404);
  EXPECT_EQ(testDelivery(b, "io.sigid.test.good", "echo").status, 404);
  EXPECT_EQ(get("/api/v1/tenants/" + b + "/plugins").body, R"({"items":[]})");
  auto stillA = get("/api/v1/tenants/" + a + one);
  ASSERT_EQ(stillA.status, 200);
  EXPECT_NE(stillA.body.find(R"("enabled":true)"), std::string::npos);
}

TEST_F(PluginsApi, ASuspendedTenantsPluginsAreRefused) {
  const std::string t = provision("plug-suspended");
  ASSERT_EQ(put(t, "io.sigid.test.good", R"({"config":{"endpoint":"https://a.example"}})").status, 201);
  ASSERT_EQ(http_->request("POST", "/api/v1/system/tenants/" + t + "/suspend", "", admin()).status, 200);
  auto res = get("/api/v1/tenants/" + t + "/plugins");
  EXPECT_EQ(res.status, 403) << res.body;
  EXPECT_EQ(res.jsonString("error"), "tenant_suspended");
  EXPECT_EQ(testDelivery(t, "io.sigid.test.good", "echo").status, 403);
}

TEST_F(PluginsApi, APluginThatThrowsFailsThatRequestAndTheKernelKeepsServing) {
  const std::string t = provision("plug-throws");
  ASSERT_EQ(put(t, "io.sigid.test.throws-in-call", R"({"config":{}})").status, 201);
  for (int i = 0; i < 3; ++i) {
    auto res = testDelivery(t, "io.sigid.test.throws-in-call", "anything");
    EXPECT_EQ(res.status, 500) << res.body;
    EXPECT_EQ(res.jsonString("error"), "server_error");
    EXPECT_EQ(res.body.find("exploded"), std::string::npos) << "plugin internals must not reach the client";
  }
  EXPECT_EQ(http_->get("/healthz").status, 200);
  EXPECT_EQ(get("/api/v1/tenants/" + t + "/plugins").status, 200);
}

TEST_F(PluginsApi, TheOutOfTreeExampleDeliversIntoItsFile) {
  const std::string t = provision("plug-hello");
  const fs::path log = dir_ / "deliveries.log";
  ASSERT_EQ(put(t, "org.example.hello-webhook", R"({"config":{"path":")" + log.string() + R"("}})").status, 201);
  auto res = testDelivery(t, "org.example.hello-webhook", "https://receiver.example/hook");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_NE(res.body.find(R"("delivered":true)"), std::string::npos) << res.body;
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find(R"("type":"sigid.test","destination":"https://receiver.example/hook")"), std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find(res.jsonString("event_id")), std::string::npos);

  // Disabled, it no longer delivers; enabled again, it does.
  ASSERT_EQ(http_->request("POST", "/api/v1/tenants/" + t + "/plugins/org.example.hello-webhook/disable", "", admin())
                .status,
            200);
  EXPECT_EQ(testDelivery(t, "org.example.hello-webhook", "x").status, 404);
}

TEST_F(PluginsApi, WebhookHttpDeliversThroughTheGuardedClient) {
  plugins::testing::TestHttpServer receiver;
  const std::string t = provision("plug-webhook-http");
  ASSERT_EQ(put(t, "io.sigid.webhook-http", R"({"config":{"timeout_ms":2000,"authorization":"Bearer s3cr3t"}})").status,
            201);
  auto ok = testDelivery(t, "io.sigid.webhook-http", receiver.url("/hook"));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find(R"("delivered":true,"status":200)"), std::string::npos) << ok.body;
  ASSERT_EQ(receiver.received().size(), 1u);
  EXPECT_NE(receiver.received()[0].body.find("sigid.test"), std::string::npos);

  auto failing = testDelivery(t, "io.sigid.webhook-http", receiver.url("/status/503"));
  EXPECT_NE(failing.body.find(R"("delivered":false,"status":503,"retryable":true)"), std::string::npos)
      << failing.body;
  // Only 127.0.0.1 is allowlisted: the cloud metadata address stays out of reach.
  auto refused = testDelivery(t, "io.sigid.webhook-http", "http://169.254.169.254/latest/meta-data/");
  EXPECT_NE(refused.body.find(R"("delivered":false,"status":0,"retryable":false)"), std::string::npos)
      << refused.body;
}

}  // namespace
}  // namespace sigid::testing
