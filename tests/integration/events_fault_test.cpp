// Nothing is lost: the receiver down for a while, the kernel killed between
// commit and delivery, the database restarted under load.
#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

#include "integration/events_fixture.hpp"
#include "store/open_database.hpp"

namespace sigid::testing {
namespace {

using EventsFaults = EventsKernelTest;

TEST_P(EventsFaults, ReceiverDownThenBackEveryEventArrives) {
  provision("acme");
  subscribe("acme", R"(["tenant.updated"])");
  receiver_->answer(503);
  for (int i = 0; i < 10; ++i) touch("acme", i);
  std::this_thread::sleep_for(std::chrono::seconds(2));  // every delivery has failed at least once
  receiver_->stop();                                      // and now the host refuses connections
  std::this_thread::sleep_for(std::chrono::seconds(1));
  receiver_->answer(204);
  receiver_->start();
  // Generous (it takes about 3 s): attempts queued behind the refused ones back
  // off (retry_max 2 s) one destination slot at a time.
  ASSERT_TRUE(receiver_->waitForIds(10, std::chrono::seconds(30))) << receiver_->ids().size() << " of 10";
  EXPECT_EQ(receiver_->ids().size(), 10u);
  auto history = http().get("/api/v1/tenants/acme/webhooks", admin());
  auto sub = history.json()->getArray("items")->getObject(0)->getValue<std::string>("id");
  auto dead = http().get("/api/v1/tenants/acme/webhooks/" + sub + "/deliveries?state=dead", admin());
  EXPECT_EQ(dead.json()->getArray("items")->size(), 0u);
}

TEST_P(EventsFaults, KilledBetweenCommitAndDeliveryDeliversAfterRestart) {
  provision("acme");
  subscribe("acme", R"(["tenant.updated"])");
  receiver_->stop();  // nothing can be delivered: every event sits committed in the outbox
  for (int i = 0; i < 5; ++i) touch("acme", i);
  kernel_->kill9();
  receiver_->start();
  kernel_->start();
  http_ = std::make_unique<HttpClient>(kernel_->port());
  ASSERT_TRUE(receiver_->waitForIds(5, std::chrono::seconds(30))) << receiver_->ids().size() << " of 5\n"
                                                                   << kernel_->logText();
}

INSTANTIATE_TEST_SUITE_P(Backends, EventsFaults, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

// The database restarted under load, on a private MariaDB (the shared test
// server must not go down under other tests): every change that was
// acknowledged is delivered, and once the database is back requests succeed
// again without a storm of 5xx.
class EventsDatabaseRestart : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sigid-dbrestart-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    ASSERT_EQ(mariadb("start"), 0);
  }
  void TearDown() override {
    kernel_.reset();
    mariadb("stop");
    std::filesystem::remove_all(dir_);
  }
  int mariadb(const std::string& command) {
    const std::string line = std::string(SIGID_TEST_SOURCE_DIR) + "/scripts/test-mariadb.sh " + command + " " +
                             dir_.string() + " > " + (dir_ / ("mariadb-" + command + ".log")).string() + " 2>&1";
    return std::system(line.c_str());
  }
  std::filesystem::path dir_;
  std::unique_ptr<SigidProcess> kernel_;
};

TEST_F(EventsDatabaseRestart, NoEventLostAndNoErrorStormAfter) {
  const std::string server = "mysql://root@localhost/?socket=" + (dir_ / "mysqld.sock").string();
  {
    auto db = store::openDatabase({server});
    ASSERT_TRUE(db.ok()) << db.error().detail();
    ASSERT_TRUE((*db)->execute("CREATE DATABASE sigid_restart").ok());
  }
  WebhookReceiver receiver;
  std::map<std::string, std::string> env{
      {"SIGID_DATABASE_URL", "mysql://root@localhost/sigid_restart?socket=" + (dir_ / "mysqld.sock").string()},
      {"SIGID_DATABASE_MYSQL_PARTITIONS", "2"},
      {"SIGID_PLUGINS_DIRECTORIES", SIGID_TEST_WEBHOOK_PLUGIN_DIR},
      {"SIGID_PLUGINS_OUTBOUND_ALLOWLIST", "127.0.0.1"},
      {"SIGID_SECURITY_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},
      {"SIGID_EVENTS_RETRY_BASE_SECONDS", "1"},
      {"SIGID_EVENTS_RETRY_MAX_SECONDS", "2"},
      {"SIGID_EVENTS_DELIVERY_TIMEOUT_SECONDS", "2"},
      {"SIGID_EVENTS_LEASE_SECONDS", "7"},
      {"SIGID_EVENTS_MAX_ATTEMPTS", "30"}};
  kernel_ = std::make_unique<SigidProcess>(env);
  kernel_->start();
  HttpClient http(kernel_->port());
  const std::map<std::string, std::string> admin{{"Authorization", "Bearer " + kernel_->bootstrapCredential()}};
  ASSERT_EQ(http.sendJson("POST", "/api/v1/system/tenants", R"({"name":"Acme","slug":"acme"})", admin).status, 201);
  ASSERT_EQ(http.sendJson("POST", "/api/v1/tenants/acme/webhooks",
                          R"({"url":")" + receiver.url() + R"(","event_types":["tenant.updated"]})", admin).status,
            201);

  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0}, failed{0};
  std::thread load([&] {
    for (int i = 0; !stop; ++i) {
      auto res = http.sendJson("PATCH", "/api/v1/system/tenants/acme", R"({"name":"Acme )" + std::to_string(i) + R"("})",
                               admin);
      if (res.status == 200) ++acknowledged;
      else ++failed;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  std::this_thread::sleep_for(std::chrono::seconds(1));
  ASSERT_EQ(mariadb("stop"), 0);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  ASSERT_EQ(mariadb("start"), 0);
  // Back: the kernel reconnects; from here on requests must succeed.
  const auto ready_by = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (http.get("/readyz").status != 200 && std::chrono::steady_clock::now() < ready_by)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const int failed_before = failed.load();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  stop = true;
  load.join();
  EXPECT_LE(failed.load() - failed_before, 1) << "errors kept coming after the database was back";
  EXPECT_GT(acknowledged.load(), 20);
  // Every acknowledged change reaches the receiver (failed requests may or may
  // not have committed; at least the acknowledged ones must arrive).
  EXPECT_TRUE(receiver.waitForIds(static_cast<std::size_t>(acknowledged.load()), std::chrono::seconds(60)))
      << receiver.ids().size() << " of " << acknowledged.load() << "\n"
      << kernel_->logText().substr(0, 4000);
  EXPECT_EQ(kernel_->stop(), 0);
}

}  // namespace
}  // namespace sigid::testing
