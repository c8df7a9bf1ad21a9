// Webhook delivery throughput and commit-to-delivery latency: the real outbox
// and dispatcher on SQLite (or MySQL with a URL argument), delivering over
// HTTP to a receiver on loopback in this process.
//
//   webhook_bench [EVENTS] [THREADS] [IDLE_POLL_MS] [DATABASE_URL]
//
// Phase 1 commits EVENTS events with the dispatcher stopped, then starts it and
// times the drain (deliveries/s). Phase 2 commits events at a steady 100/s with
// the dispatcher running and reports commit->2xx latency percentiles.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "events/event_types.hpp"
#include "events/webhook_dispatcher.hpp"
#include "integration/webhook_receiver.hpp"
#include "store/migrator.hpp"
#include "store/open_database.hpp"

using namespace sigid;
using Clock = std::chrono::steady_clock;

namespace {

class NullSealer final : public core::crypto::SecretSealer {
 public:
  core::Result<std::string> seal(const core::TenantId&, std::string_view, std::string_view t) override { return std::string(t); }
  core::Result<std::string> unseal(const core::TenantId&, std::string_view, std::string_view t) override { return std::string(t); }
};

// An HTTP POST per delivery, like the webhook-http plugin (without its SSRF checks).
class HttpTransport final : public events::DeliveryTransport {
 public:
  core::Result<events::TransportResult> deliver(const store::TenantScope&, std::string_view,
                                                const events::OutgoingWebhook& w) override {
    Poco::URI uri(w.destination);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : w.headers) request.set(k, v);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(w.body.size()));
    session.sendRequest(request) << w.body;
    Poco::Net::HTTPResponse response;
    session.receiveResponse(response);
    const int status = response.getStatus();
    // The body names the target (the event's sequence number here).
    constexpr std::string_view kTarget = "\"target\":{\"type\":\"bench\",\"id\":\"";
    auto at = w.body.find(kTarget);
    if (at != std::string::npos) {
      const int n = std::stoi(w.body.substr(at + kTarget.size()));
      std::lock_guard lock(mutex);
      delivered_at[n] = Clock::now();
    }
    return events::TransportResult{status < 300, status, status >= 500, ""};
  }
  std::mutex mutex;
  std::map<int, Clock::time_point> delivered_at;
};

core::Logger& logger() {
  static core::Logger l(core::LogLevel::Warning);
  return l;
}

}  // namespace

int main(int argc, char** argv) {
  const int events_count = argc > 1 ? std::atoi(argv[1]) : 5000;
  const unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 4;
  const auto dir = std::filesystem::temp_directory_path() / ("sigid-webhook-bench-" + core::Uuid::v4().str());
  std::filesystem::create_directories(dir);
  const int idle_poll_ms = argc > 3 ? std::atoi(argv[3]) : 200;  // the kernel's default
  const std::string url = argc > 4 ? argv[4] : "sqlite:" + (dir / "bench.db").string();
  auto opened = store::openDatabase({url});
  if (!opened) return std::fprintf(stderr, "open: %s\n", opened.error().detail().c_str()), 1;
  auto& db = **opened;
  if (!store::migrate(db, {}).ok()) return 1;

  core::SystemClock clock;
  NullSealer sealer;
  HttpTransport transport;
  sigid::testing::WebhookReceiver receiver;
  events::WebhookSubscriptionService subscriptions(db, clock, sealer, {{true}, {}});
  const store::TenantScope tenant{core::TenantId(core::Uuid::v7())};
  const core::Actor actor = core::Actor::system();
  if (!subscriptions.create(tenant, actor, {receiver.url(), "", {"bench.*"}, {}, true}).ok()) return 1;
  events::EventRecorder recorder(clock);
  std::map<int, Clock::time_point> committed_at;
  auto commit = [&](int n) {
    auto done = db.transaction([&](store::Connection& c) {
      return recorder.record(c, tenant, actor, {"bench.happened", "bench", std::to_string(n)});
    });
    committed_at[n] = Clock::now();
    return done.ok();
  };

  events::DispatcherOptions options;
  options.threads = threads;
  options.idle_poll = std::chrono::milliseconds(idle_poll_ms);
  options.per_destination = threads;
  options.batch = 16;

  // Phase 1: drain a backlog.
  for (int i = 0; i < events_count; ++i)
    if (!commit(i)) return 1;
  {
    events::WebhookDispatcher dispatcher(db, clock, subscriptions, transport, logger(), options);
    const auto start = Clock::now();
    dispatcher.start();
    while (receiver.ids().size() < static_cast<std::size_t>(events_count)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    dispatcher.stop();
    std::printf("backlog: %d deliveries with %u threads in %.2f s = %.0f deliveries/s\n", events_count, threads,
                seconds, events_count / seconds);
  }

  // Phase 2: steady load, commit -> receiver's 2xx.
  const int steady = 500, base = events_count;
  {
    events::WebhookDispatcher dispatcher(db, clock, subscriptions, transport, logger(), options);
    dispatcher.start();
    for (int i = 0; i < steady; ++i) {
      commit(base + i);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    while (receiver.ids().size() < static_cast<std::size_t>(events_count + steady))
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    dispatcher.stop();
  }
  std::vector<double> latency_ms;
  for (int i = 0; i < steady; ++i)
    latency_ms.push_back(std::chrono::duration<double, std::milli>(transport.delivered_at[base + i] - committed_at[base + i]).count());
  std::sort(latency_ms.begin(), latency_ms.end());
  auto pct = [&](double p) { return latency_ms[static_cast<std::size_t>(p * (latency_ms.size() - 1))]; };
  std::printf("steady 100 events/s: commit->delivery p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms "
              "(idle poll %lld ms)\n",
              pct(0.5), pct(0.9), pct(0.99), latency_ms.back(), static_cast<long long>(options.idle_poll.count()));
  std::filesystem::remove_all(dir);
  return 0;
}
