// Tenants' plugin instances on a real database (SQLite and MariaDB) with the
// real envelope sealer and real plugin files.
#include "plugins/plugin_instance_service.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/ids.hpp"
#include "crypto_store/data_key_service.hpp"
#include "plugin_test_support.hpp"
#include "plugins/plugin_loader.hpp"
#include "store/autocommit.hpp"
#include "store/migrator.hpp"
#include "store/open_database.hpp"
#include "store/repositories/audit_repository.hpp"
#include "support/mysql_test_database.hpp"

namespace sigid::plugins {
namespace {

namespace fs = std::filesystem;

enum class Backend { Sqlite, Mariadb };

class PluginInstanceServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string url = "sqlite:" + (dir_.path() / "sigid.db").string();
    if (GetParam() == Backend::Mariadb) {
      mysql_ = std::make_unique<sigid::testing::MysqlTestDatabase>();
      url = mysql_->url();
    }
    auto db = store::openDatabase({url});
    ASSERT_TRUE(db.ok()) << db.error().detail();
    db_ = std::move(*db);
    store::MigrationOptions options;
    options.mysql_partitions = 2;
    ASSERT_TRUE(store::migrate(*db_, options).ok());
    auto sealer = crypto_store::DataKeyService::open(*db_, clock_, logger_, "");
    ASSERT_TRUE(sealer.ok());
    sealer_ = std::move(*sealer);

    fs::path plugins = dir_.path() / "plugins";
    fs::create_directory(plugins);
    testing::copyPlugin(FIXTURE_GOOD, plugins, "good.so");
    testing::copyPlugin(FIXTURE_THROWS_IN_CALL, plugins, "throws-in-call.so");
    ASSERT_TRUE(loadConfiguredPlugins({{plugins.string()}, {}}, logger_, registry_, &faults_).ok());
    ASSERT_EQ(registry_.plugins().size(), 2u) << log_.str();

    auto guard = SsrfGuard::create({"127.0.0.1"});
    http_ = std::make_unique<OutboundHttpClient>(std::move(*guard));
    services_ = std::make_unique<HostServices>(HostServices{logger_, clock_, *db_, *sealer_, *http_});
    service_ = std::make_unique<PluginInstanceService>(registry_, *services_, faults_);
  }

  core::Result<PluginInstanceView> configure(const store::TenantScope& t, const std::string& json,
                                             const std::string& plugin = "io.sigid.test.good") {
    return service_->configure(t, actor_, plugin, json, true);
  }

  std::string deliverDetail(const store::TenantScope& t, const std::string& destination) {
    auto transport = service_->open<sdk::WebhookTransport>(t, "io.sigid.test.good");
    EXPECT_TRUE(transport.ok()) << (transport.ok() ? "" : transport.error().description());
    if (!transport.ok()) return "";
    auto outcome = pluginCall("io.sigid.test.good", &faults_, [&] {
      return (*transport)->get().deliver({destination, "evt_1", "t", "{}", {}, std::chrono::seconds(5)});
    });
    EXPECT_TRUE(outcome.ok());
    return outcome.ok() ? outcome->detail : "";
  }

  std::string databaseBytes() const {
    std::string all;
    for (const char* suffix : {"", "-wal"}) {
      std::ifstream in(dir_.path().string() + "/sigid.db" + suffix, std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      all += s.str();
    }
    return all;
  }

  testing::ScratchDir dir_;
  std::unique_ptr<sigid::testing::MysqlTestDatabase> mysql_;
  std::ostringstream log_;
  core::Logger logger_{log_, core::LogLevel::Info};
  core::SystemClock clock_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<crypto_store::DataKeyService> sealer_;
  PluginFaults faults_;
  PluginRegistry registry_;
  std::unique_ptr<OutboundHttpClient> http_;
  std::unique_ptr<HostServices> services_;
  std::unique_ptr<PluginInstanceService> service_;
  core::Actor actor_{"system_credential", "cred-1", "127.0.0.1", "req-1"};
  store::TenantScope tenant_a_{core::TenantId(core::Uuid::v7())};
  store::TenantScope tenant_b_{core::TenantId(core::Uuid::v7())};
};

TEST_P(PluginInstanceServiceTest, AConfigBreakingTheSchemaIsRefusedNamingEachField) {
  auto refused = configure(tenant_a_, R"({"endpoint":"https://x.example","smtp":{"port":70000},"mode":"slow"})");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), core::ErrorCode::InvalidRequest);
  EXPECT_EQ(refused.error().description(),
            R"(/mode: must be one of "fast", "safe"; /smtp/port: must be at most 65535)");
  EXPECT_FALSE(service_->get(tenant_a_, "io.sigid.test.good").ok());
}

TEST_P(PluginInstanceServiceTest, AnUnknownPluginIsNotFound) {
  auto refused = configure(tenant_a_, "{}", "io.example.missing");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), core::ErrorCode::NotFound);
}

TEST_P(PluginInstanceServiceTest, SecretsAreSealedAtRestMaskedInViewsAndOpenForThePlugin) {
  auto saved = configure(tenant_a_, R"({"endpoint":"https://x.example","api_key":"sk_live_TOPSECRET_1234",
                                        "smtp":{"host":"mx","port":587,"password":"pw-PLAINTEXT-99"}})");
  ASSERT_TRUE(saved.ok()) << saved.error().description();
  EXPECT_EQ(saved->config_json,
            R"({"api_key":"********","endpoint":"https://x.example","smtp":{"host":"mx","password":"********","port":587}})");
  EXPECT_EQ(service_->get(tenant_a_, "io.sigid.test.good")->config_json, saved->config_json);

  store::AutoCommit c(*db_);
  auto stored = store::PluginInstanceRepository().find(tenant_a_, c, "io.sigid.test.good");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->config.find("TOPSECRET"), std::string::npos) << (*stored)->config;
  EXPECT_EQ((*stored)->config.find("PLAINTEXT"), std::string::npos);
  EXPECT_NE((*stored)->config.find("$sealed:"), std::string::npos);
  if (GetParam() == Backend::Sqlite) {
    std::string bytes = databaseBytes();
    ASSERT_FALSE(bytes.empty());
    EXPECT_EQ(bytes.find("sk_live_TOPSECRET_1234"), std::string::npos);
    EXPECT_EQ(bytes.find("pw-PLAINTEXT-99"), std::string::npos);
  }

  EXPECT_EQ(deliverDetail(tenant_a_, "echo"), "endpoint=https://x.example api_key=sk_live_TOPSECRET_1234 "
                                              "smtp_password=pw-PLAINTEXT-99 port=587 tenant=" + tenant_a_.str());
}

TEST_P(PluginInstanceServiceTest, OmittedSecretsKeepTheirStoredValue) {
  ASSERT_TRUE(configure(tenant_a_, R"({"endpoint":"https://one.example","api_key":"first-key-123"})").ok());
  auto replaced = configure(tenant_a_, R"({"endpoint":"https://two.example"})");
  ASSERT_TRUE(replaced.ok()) << replaced.error().description();
  EXPECT_EQ(replaced->config_version, 2);
  EXPECT_EQ(replaced->config_json, R"({"api_key":"********","endpoint":"https://two.example"})");
  EXPECT_NE(deliverDetail(tenant_a_, "echo").find("endpoint=https://two.example api_key=first-key-123"),
            std::string::npos);
}

TEST_P(PluginInstanceServiceTest, AnotherTenantsInstanceIsIndistinguishableFromAMissingOne) {
  ASSERT_TRUE(configure(tenant_a_, R"({"endpoint":"https://a.example","api_key":"tenant-a-key"})").ok());
  auto missing = service_->get(tenant_b_, "io.sigid.test.nothing");
  auto other = service_->get(tenant_b_, "io.sigid.test.good");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code(), core::ErrorCode::NotFound);
  EXPECT_EQ(other.error().description(), "plugin instance io.sigid.test.good was not found");
  EXPECT_TRUE(service_->list(tenant_b_)->empty());
  EXPECT_FALSE(service_->setEnabled(tenant_b_, actor_, "io.sigid.test.good", false).ok());
  EXPECT_FALSE(service_->remove(tenant_b_, actor_, "io.sigid.test.good").ok());
  EXPECT_FALSE(service_->open<sdk::WebhookTransport>(tenant_b_, "io.sigid.test.good").ok());
  // Tenant B configuring the same plugin gets its own instance; A's is untouched.
  ASSERT_TRUE(configure(tenant_b_, R"({"endpoint":"https://b.example"})").ok());
  EXPECT_NE(deliverDetail(tenant_a_, "echo").find("api_key=tenant-a-key"), std::string::npos);
  EXPECT_NE(deliverDetail(tenant_b_, "echo").find("api_key=-"), std::string::npos);
}

TEST_P(PluginInstanceServiceTest, DisabledAndRemovedInstancesCannotBeOpened) {
  ASSERT_TRUE(configure(tenant_a_, R"({"endpoint":"https://a.example"})").ok());
  ASSERT_TRUE(service_->setEnabled(tenant_a_, actor_, "io.sigid.test.good", false).ok());
  EXPECT_EQ(service_->open<sdk::WebhookTransport>(tenant_a_, "io.sigid.test.good").error().code(),
            core::ErrorCode::NotFound);
  ASSERT_TRUE(service_->setEnabled(tenant_a_, actor_, "io.sigid.test.good", true).ok());
  EXPECT_TRUE(service_->open<sdk::WebhookTransport>(tenant_a_, "io.sigid.test.good").ok());
  EXPECT_EQ(service_->open<sdk::BillingProvider>(tenant_a_, "io.sigid.test.good").error().code(),
            core::ErrorCode::InvalidRequest);
  ASSERT_TRUE(service_->remove(tenant_a_, actor_, "io.sigid.test.good").ok());
  EXPECT_FALSE(service_->open<sdk::WebhookTransport>(tenant_a_, "io.sigid.test.good").ok());

  store::AutoCommit c(*db_);
  auto events = store::AuditRepository().recent(tenant_a_, c, 10);
  ASSERT_TRUE(events.ok());
  std::vector<std::string> types;
  for (const auto& e : *events) types.push_back(e.type);
  EXPECT_EQ(types, (std::vector<std::string>{"plugin_instance.removed", "plugin_instance.enabled",
                                             "plugin_instance.disabled", "plugin_instance.created"}));
}

TEST_P(PluginInstanceServiceTest, HostServicesAreScopedToThePluginAndTenant) {
  ASSERT_TRUE(configure(tenant_a_, R"({"endpoint":"https://a.example"})").ok());
  ASSERT_TRUE(configure(tenant_b_, R"({"endpoint":"https://b.example"})").ok());
  EXPECT_EQ(deliverDetail(tenant_a_, "kv"), "counter=1");
  EXPECT_EQ(deliverDetail(tenant_a_, "kv"), "counter=2");
  EXPECT_EQ(deliverDetail(tenant_b_, "kv"), "counter=1");  // B's store is its own
  EXPECT_EQ(deliverDetail(tenant_a_, "seal"), "sealed-differs=yes opened=plugin-secret");

  store::AutoCommit c(*db_);
  auto events = store::AuditRepository().recent(tenant_a_, c, 1);
  ASSERT_TRUE(events.ok() && events->size() == 1u);
  EXPECT_EQ(events->front().type, "plugin.io.sigid.test.good.counted");
  EXPECT_EQ(events->front().actor_type, "plugin");
  EXPECT_EQ(events->front().data, R"({"n":2})");
}

TEST_P(PluginInstanceServiceTest, APluginThatThrowsFailsOnlyThatCall) {
  ASSERT_TRUE(configure(tenant_a_, "{}", "io.sigid.test.throws-in-call").ok());
  auto transport = service_->open<sdk::WebhookTransport>(tenant_a_, "io.sigid.test.throws-in-call");
  ASSERT_TRUE(transport.ok());
  for (int i = 0; i < 3; ++i) {
    auto outcome = pluginCall("io.sigid.test.throws-in-call", &faults_,
                              [&] { return (*transport)->get().deliver({"x", "e", "t", "{}", {}, {}}); });
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code(), core::ErrorCode::Internal);
    EXPECT_NE(outcome.error().detail().find("delivery exploded"), std::string::npos);
  }
  EXPECT_EQ(faults_.count(), 3u);

  ASSERT_TRUE(configure(tenant_b_, R"({"fail_create":true})", "io.sigid.test.throws-in-call").ok());
  auto failed = service_->open<sdk::WebhookTransport>(tenant_b_, "io.sigid.test.throws-in-call");
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().detail().find("create exploded"), std::string::npos);
  // The same process keeps serving other plugins.
  ASSERT_TRUE(configure(tenant_a_, R"({"endpoint":"https://a.example"})").ok());
  EXPECT_NE(deliverDetail(tenant_a_, "echo").find("endpoint=https://a.example"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, PluginInstanceServiceTest, ::testing::Values(Backend::Sqlite, Backend::Mariadb),
                         [](const auto& info) { return info.param == Backend::Sqlite ? "Sqlite" : "Mariadb"; });

}  // namespace
}  // namespace sigid::plugins
