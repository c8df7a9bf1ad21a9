// The dispatcher against a fake transport, on SQLite and MariaDB: signing,
// retries, dead-letter with its alert event, auto-disable, per-destination caps.
#include "events/webhook_dispatcher.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "events/event_types.hpp"
#include "events/webhook_signer.hpp"
#include "store/autocommit.hpp"
#include "unit/events/events_fixture.hpp"

using namespace sigid;
using namespace sigid::events;
using namespace sigid::events::testing;

namespace {

class FakeTransport final : public DeliveryTransport {
 public:
  core::Result<TransportResult> deliver(const store::TenantScope&, std::string_view transport,
                                        const OutgoingWebhook& webhook) override {
    int now_in_flight = ++in_flight;
    int seen = max_in_flight.load();
    while (now_in_flight > seen && !max_in_flight.compare_exchange_weak(seen, now_in_flight)) {
    }
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    --in_flight;
    std::lock_guard lock(mutex);
    transports.emplace_back(transport);
    sent.push_back(webhook);
    return answer;
  }
  std::mutex mutex;
  std::vector<std::string> transports;
  std::vector<OutgoingWebhook> sent;
  TransportResult answer{true, 204, false, "delivered"};
  std::chrono::milliseconds delay{0};
  std::atomic<int> in_flight{0};
  std::atomic<int> max_in_flight{0};
};

core::Logger& quietLogger() {
  static core::Logger logger(core::LogLevel::Fatal);
  return logger;
}

class Dispatcher : public EventsDbTest {
 protected:
  void SetUp() override {
    EventsDbTest::SetUp();
    service_ = std::make_unique<WebhookSubscriptionService>(*db_, clock_, sealer_,
                                                            WebhookSubscriptionService::Options{{true}, {}});
  }
  void TearDown() override {
    dispatcher_.reset();
    service_.reset();
    EventsDbTest::TearDown();
  }
  void makeDispatcher(DispatcherOptions options) {
    options.threads = 0;
    dispatcher_ = std::make_unique<WebhookDispatcher>(*db_, clock_, *service_, transport_, quietLogger(), options);
  }
  SubscriptionWithSecret subscribe(std::vector<std::string> types, std::string url = "http://127.0.0.1:9/hook") {
    auto created = service_->create(tenant_, actor_, NewWebhookSubscription{url, "", std::move(types), {}, true});
    EXPECT_TRUE(created.ok()) << created.error().description();
    return *created;
  }
  void emit(std::string_view type, std::string target = "u1") {
    EventRecorder recorder(clock_);
    auto done = db_->transaction([&](store::Connection& c) {
      return recorder.record(c, tenant_, actor_, DomainEvent{std::string(type), "user", target});
    });
    ASSERT_TRUE(done.ok()) << done.error().detail();
  }
  std::vector<store::DeliveryRecord> deliveries(const std::string& subscription) {
    return *service_->deliveries(tenant_, subscription, std::nullopt, std::nullopt, 100);
  }
  std::size_t drain() {
    std::size_t total = 0;
    for (int i = 0; i < 50; ++i) {
      auto n = dispatcher_->runOnce();
      EXPECT_TRUE(n.ok());
      if (!n.ok() || *n == 0) break;
      total += *n;
    }
    return total;
  }

  FakeSealer sealer_;
  FakeTransport transport_;
  store::TenantScope tenant_{core::TenantId(core::Uuid::v7())};
  core::Actor actor_{"system_credential", "c1", "192.0.2.9", "req"};
  std::unique_ptr<WebhookSubscriptionService> service_;
  std::unique_ptr<WebhookDispatcher> dispatcher_;
};

TEST_P(Dispatcher, DeliversMatchingEventsSignedWithTheStandardHeaders) {
  makeDispatcher({});
  auto sub = subscribe({"user.*"});
  emit(types::kUserCreated);
  emit(types::kTenantUpdated);  // not subscribed
  EXPECT_EQ(drain(), 1u);
  ASSERT_EQ(transport_.sent.size(), 1u);
  const auto& sent = transport_.sent[0];
  EXPECT_EQ(transport_.transports[0], kDefaultWebhookTransport);
  std::map<std::string, std::string> h(sent.headers.begin(), sent.headers.end());
  EXPECT_EQ(h["webhook-id"], sent.message_id);
  EXPECT_TRUE(verifyWebhookSignature(sub.secret, h["webhook-id"], std::stoll(h["webhook-timestamp"]), sent.body,
                                     h["webhook-signature"]));
  EXPECT_NE(sent.body.find("\"type\":\"user.created\""), std::string::npos) << sent.body;
  EXPECT_EQ(sent.body.find("192.0.2.9"), std::string::npos) << "source ip leaked into a webhook";
  auto rows = deliveries(sub.subscription.id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, "delivered");
}

TEST_P(Dispatcher, RetriesOnScheduleThenDeadLettersWithAnAlert) {
  DispatcherOptions options;
  options.schedule.base = std::chrono::seconds(10);
  options.schedule.max_attempts = 3;
  options.auto_disable_after = std::chrono::milliseconds(0);
  makeDispatcher(options);
  auto sub = subscribe({"user.*"});
  auto watcher = subscribe({"webhook.*"}, "http://127.0.0.1:10/alerts");
  transport_.answer = TransportResult{false, 503, true, "the receiver answered 503"};
  emit(types::kUserCreated);
  EXPECT_EQ(drain(), 1u);
  EXPECT_EQ(drain(), 0u) << "retried before its delay";
  clock_.advance(std::chrono::seconds(50));
  EXPECT_EQ(drain(), 1u);
  clock_.advance(std::chrono::seconds(50));
  transport_.answer.status = 502;
  EXPECT_EQ(drain(), 2u);  // the last attempt, then the alert to the watcher
  auto rows = deliveries(sub.subscription.id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, "dead");
  EXPECT_EQ(rows[0].attempts, 3);
  auto detail = service_->delivery(tenant_, sub.subscription.id, rows[0].id);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->attempts.size(), 3u);
  // The alert went to the other subscription, not to the failing one.
  auto alerts = deliveries(watcher.subscription.id);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].event_type, types::kWebhookDeadLettered);
  // Replay brings it back with a fresh schedule and the same webhook-id.
  transport_.answer = TransportResult{true, 200, false, "ok"};
  ASSERT_TRUE(service_->replay(tenant_, actor_, sub.subscription.id, rows[0].id).ok());
  drain();
  rows = deliveries(sub.subscription.id);
  EXPECT_EQ(rows[0].state, "delivered");
  EXPECT_EQ(std::count_if(transport_.sent.begin(), transport_.sent.end(),
                          [&](const OutgoingWebhook& w) { return w.message_id == rows[0].id; }),
            4);  // three failed attempts and the replay, all under one webhook-id
}

TEST_P(Dispatcher, NonRetryableFailureDeadLettersAtOnce) {
  makeDispatcher({});
  auto sub = subscribe({"*"});
  transport_.answer = TransportResult{false, 410, false, "gone"};
  emit(types::kUserDeleted);
  drain();
  EXPECT_EQ(deliveries(sub.subscription.id)[0].state, "dead");
}

TEST_P(Dispatcher, SustainedFailureDisablesTheSubscription) {
  DispatcherOptions options;
  options.schedule.base = std::chrono::seconds(60);
  options.auto_disable_after = std::chrono::minutes(5);
  makeDispatcher(options);
  auto sub = subscribe({"user.*"});
  transport_.answer = TransportResult{false, 500, true, "500"};
  emit(types::kUserCreated);
  drain();
  for (int i = 0; i < 6 && service_->get(tenant_, sub.subscription.id)->active; ++i) {
    clock_.advance(std::chrono::minutes(10));
    drain();
  }
  auto now = service_->get(tenant_, sub.subscription.id);
  EXPECT_FALSE(now->active);
  EXPECT_EQ(now->disabled_reason, "failing");
  // The delivery waits, paused, and resumes when the admin re-enables.
  EXPECT_EQ(deliveries(sub.subscription.id)[0].state, "paused");
  store::AutoCommit c(*db_);
  store::AuditFilter filter;
  filter.type = std::string(types::kWebhookDisabled);
  auto events = store::AuditRepository{}.query(tenant_, c, filter, std::nullopt, false, 10);
  EXPECT_EQ(events->size(), 1u);
  transport_.answer = TransportResult{true, 200, false, "ok"};
  WebhookSubscriptionChange enable;
  enable.active = true;
  ASSERT_TRUE(service_->update(tenant_, actor_, sub.subscription.id, enable).ok());
  drain();
  EXPECT_EQ(deliveries(sub.subscription.id)[0].state, "delivered");
}

TEST_P(Dispatcher, RotationSignsWithBothSecretsDuringTheOverlap) {
  makeDispatcher({});
  auto sub = subscribe({"user.*"});
  auto rotated = service_->rotateSecret(tenant_, actor_, sub.subscription.id, std::chrono::hours(1));
  ASSERT_TRUE(rotated.ok());
  emit(types::kUserCreated);
  drain();
  ASSERT_EQ(transport_.sent.size(), 1u);
  std::map<std::string, std::string> h(transport_.sent[0].headers.begin(), transport_.sent[0].headers.end());
  const auto ts = std::stoll(h["webhook-timestamp"]);
  EXPECT_TRUE(verifyWebhookSignature(rotated->secret, h["webhook-id"], ts, transport_.sent[0].body, h["webhook-signature"]));
  EXPECT_TRUE(verifyWebhookSignature(sub.secret, h["webhook-id"], ts, transport_.sent[0].body, h["webhook-signature"]));
  clock_.advance(std::chrono::hours(2));
  emit(types::kUserCreated, "u2");
  drain();
  std::map<std::string, std::string> h2(transport_.sent[1].headers.begin(), transport_.sent[1].headers.end());
  EXPECT_EQ(h2["webhook-signature"].find(' '), std::string::npos) << "the old secret still signs after the overlap";
}

TEST_P(Dispatcher, ALeasedRowIsNotClaimedTwice) {
  makeDispatcher({});
  subscribe({"user.*"});
  emit(types::kUserCreated);
  auto first = store::OutboxRepository::claimDue(*db_, clock_.nowMillis(), 60'000, 10, "a");
  auto second = store::OutboxRepository::claimDue(*db_, clock_.nowMillis(), 60'000, 10, "b");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->size(), 1u);
  EXPECT_EQ(second->size(), 0u);
  // After the lease, a crashed claimant's row is due again.
  auto later = store::OutboxRepository::claimDue(*db_, clock_.nowMillis() + 61'000, 60'000, 10, "c");
  EXPECT_EQ(later->size(), 1u);
}

TEST_P(Dispatcher, OneSlowDestinationDoesNotHoldEveryWorker) {
  DispatcherOptions options;
  options.per_destination = 2;
  options.batch = 2;
  makeDispatcher(options);
  subscribe({"user.*"}, "http://127.0.0.1:9/slow");
  for (int i = 0; i < 12; ++i) emit(types::kUserCreated, "u" + std::to_string(i));
  transport_.delay = std::chrono::milliseconds(30);
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&] {
      for (int i = 0; i < 40; ++i) {
        (void)dispatcher_->runOnce();
      }
    });
  for (auto& t : workers) t.join();
  EXPECT_LE(transport_.max_in_flight.load(), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, Dispatcher, ::testing::Values(Backend::Sqlite, Backend::Mariadb), backendName);

}  // namespace
