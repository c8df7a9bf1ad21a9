// The built-in webhook-http plugin, loaded from its .so like any plugin and
// driven through a Host whose HTTP client is the kernel's real one.
#include <gtest/gtest.h>

#include <sstream>

#include "plugin_test_support.hpp"
#include "plugins/outbound_http_client.hpp"
#include "plugins/plugin_call.hpp"
#include "plugins/plugin_loader.hpp"
#include "test_http_server.hpp"

namespace sigid::plugins {
namespace {

// Only http() matters to this plugin; the rest answers plainly.
class HttpOnlyHost final : public sdk::Host {
 public:
  HttpOnlyHost(const OutboundHttpClient& http, sdk::PluginConfig config) : http_(http), config_(std::move(config)) {}
  void log(sdk::LogLevel, std::string_view, const std::vector<sdk::LogField>&) override {}
  const sdk::PluginConfig& config() const override { return config_; }
  std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
  std::string randomBytes(std::size_t n) override { return std::string(n, 'r'); }
  sdk::Result<sdk::HttpResponse> http(const sdk::HttpRequest& r) override {
    auto response = http_.send(r);
    if (!response) return toSdk(response.error());
    return *response;
  }
  sdk::Result<std::string> seal(std::string_view) override { return unsupported(); }
  sdk::Result<std::string> unseal(std::string_view) override { return unsupported(); }
  sdk::Result<std::optional<std::string>> kvGet(std::string_view) override { return unsupported(); }
  sdk::Result<void> kvPut(std::string_view, std::string_view) override { return unsupported(); }
  sdk::Result<void> kvDelete(std::string_view) override { return unsupported(); }
  sdk::Result<void> audit(const sdk::AuditEvent&) override { return unsupported(); }

 private:
  static sdk::Error unsupported() { return sdk::Error(sdk::ErrorCode::Unsupported, "not in this test"); }
  static sdk::Error toSdk(const core::Error& e) {
    auto code = e.code() == core::ErrorCode::AccessDenied  ? sdk::ErrorCode::AccessDenied
                : e.code() == core::ErrorCode::Unavailable ? sdk::ErrorCode::Unavailable
                                                           : sdk::ErrorCode::InvalidRequest;
    return sdk::Error(code, e.description());
  }
  const OutboundHttpClient& http_;
  sdk::PluginConfig config_;
};

class WebhookHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto file = testing::copyPlugin(WEBHOOK_HTTP_PLUGIN, dir_.path(), "webhook-http.so");
    PluginLoader loader(TrustPolicy({}), logger_);
    ASSERT_TRUE(loader.loadFile(file, registry_).ok()) << log_.str();
    plugin_ = registry_.find("io.sigid.webhook-http");
    ASSERT_NE(plugin_, nullptr);
  }

  sdk::DeliveryOutcome deliver(const std::string& url, std::vector<std::string> allowlist = {"127.0.0.1"},
                               sdk::PluginConfig::Values config = {}) {
    OutboundHttpClient http(*SsrfGuard::create(allowlist));
    HttpOnlyHost host(http, sdk::PluginConfig("t", "{}", std::move(config)));
    auto transport = pluginCall(plugin_->id, nullptr,
                                [&] { return plugin_->factories.webhook_transport->create(host.config(), host); });
    EXPECT_TRUE(transport.ok());
    sdk::WebhookDelivery d{url, "msg_1", "user.created", R"({"a":1})", {{"webhook-id", "msg_1"}},
                           std::chrono::seconds(5)};
    auto outcome = pluginCall(plugin_->id, nullptr, [&] { return (*transport)->deliver(d); });
    EXPECT_TRUE(outcome.ok());
    return outcome.ok() ? *outcome : sdk::DeliveryOutcome{};
  }

  testing::ScratchDir dir_;
  std::ostringstream log_;
  core::Logger logger_{log_};
  PluginRegistry registry_;
  const LoadedPlugin* plugin_ = nullptr;
  testing::TestHttpServer server_;
};

TEST_F(WebhookHttpTest, DeclaresItselfAsAWebhookTransport) {
  EXPECT_EQ(kindNames(plugin_->kinds), std::vector<std::string>{"webhook_transport"});
  EXPECT_TRUE(plugin_->schema->hasSecrets());
}

TEST_F(WebhookHttpTest, PostsTheSignedEventUnchanged) {
  auto out = deliver(server_.url("/hook"), {"127.0.0.1"}, {{"/authorization", std::string("Bearer abc")}});
  EXPECT_TRUE(out.delivered);
  EXPECT_EQ(out.status, 200);
  auto received = server_.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "POST");
  EXPECT_EQ(received[0].body, R"({"a":1})");
  auto header = [&](const std::string& name) {
    for (const auto& [k, v] : received[0].headers)
      if (k == name) return v;
    return std::string();
  };
  EXPECT_EQ(header("webhook-id"), "msg_1");
  EXPECT_EQ(header("Content-Type"), "application/json");
  EXPECT_EQ(header("Authorization"), "Bearer abc");
}

TEST_F(WebhookHttpTest, ServerErrorsAndThrottlingAreRetryableOtherFailuresAreNot) {
  for (int status : {500, 502, 503, 429, 408}) {
    auto out = deliver(server_.url("/status/" + std::to_string(status)));
    EXPECT_FALSE(out.delivered) << status;
    EXPECT_TRUE(out.retryable) << status;
    EXPECT_EQ(out.status, status);
  }
  for (int status : {400, 401, 404, 410, 301}) {
    auto out = deliver(server_.url("/status/" + std::to_string(status)));
    EXPECT_FALSE(out.delivered) << status;
    EXPECT_FALSE(out.retryable) << status;
  }
}

TEST_F(WebhookHttpTest, ATimeoutIsRetryable) {
  auto out = deliver(server_.url("/slow"), {"127.0.0.1"}, {{"/timeout_ms", std::int64_t{300}}});
  EXPECT_FALSE(out.delivered);
  EXPECT_TRUE(out.retryable);
  EXPECT_NE(out.detail.find("timed out"), std::string::npos) << out.detail;
}

TEST_F(WebhookHttpTest, ARefusedDestinationIsFinalAndNeverContacted) {
  auto out = deliver(server_.url("/hook"), {});
  EXPECT_FALSE(out.delivered);
  EXPECT_FALSE(out.retryable);
  EXPECT_NE(out.detail.find("loopback"), std::string::npos) << out.detail;
  EXPECT_TRUE(server_.received().empty());
}

}  // namespace
}  // namespace sigid::plugins
