#include "http/metrics.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace sigid::http;

namespace {

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST(Metrics, ExposesHttpFamiliesWithHelpAndType) {
  Metrics metrics;
  const std::string text = metrics.render();
  EXPECT_TRUE(contains(text, "# HELP sigid_http_requests_total "));
  EXPECT_TRUE(contains(text, "# TYPE sigid_http_requests_total counter\n"));
  EXPECT_TRUE(contains(text, "# TYPE sigid_http_request_duration_seconds histogram\n"));
  EXPECT_EQ(Metrics::kContentType, "text/plain; version=0.0.4; charset=utf-8");
}

TEST(Metrics, CountsRequestsAndBucketsDurations) {
  Metrics metrics;
  metrics.observeRequest("/t/{slug}/token", "POST", 200, 0.0004);
  metrics.observeRequest("/t/{slug}/token", "POST", 200, 0.003);
  metrics.observeRequest("/t/{slug}/token", "POST", 400, 20.0);
  const std::string text = metrics.render();

  EXPECT_TRUE(contains(text, "sigid_http_requests_total{route=\"/t/{slug}/token\",method=\"POST\",status=\"200\"} 2\n"));
  EXPECT_TRUE(contains(text, "sigid_http_requests_total{route=\"/t/{slug}/token\",method=\"POST\",status=\"400\"} 1\n"));

  const std::string series = "sigid_http_request_duration_seconds_bucket{route=\"/t/{slug}/token\",method=\"POST\",";
  EXPECT_TRUE(contains(text, series + "le=\"0.0005\"} 1\n"));
  EXPECT_TRUE(contains(text, series + "le=\"0.001\"} 1\n"));
  EXPECT_TRUE(contains(text, series + "le=\"0.005\"} 2\n"));  // cumulative
  EXPECT_TRUE(contains(text, series + "le=\"10\"} 2\n"));
  EXPECT_TRUE(contains(text, series + "le=\"+Inf\"} 3\n"));
  EXPECT_TRUE(contains(text, "sigid_http_request_duration_seconds_count{route=\"/t/{slug}/token\",method=\"POST\"} 3\n"));
  EXPECT_TRUE(contains(text, "sigid_http_request_duration_seconds_sum{route=\"/t/{slug}/token\",method=\"POST\"} 20.0034"));
}

TEST(Metrics, BucketBoundaryIsLessOrEqual) {
  Metrics metrics;
  metrics.observeRequest("r", "GET", 200, 0.5);
  EXPECT_TRUE(contains(metrics.render(),
                       "sigid_http_request_duration_seconds_bucket{route=\"r\",method=\"GET\",le=\"0.5\"} 1\n"));
}

TEST(Metrics, UnknownMethodsShareOneLabel) {
  Metrics metrics;
  metrics.observeRequest("unmatched", "FOO", 404, 0.001);
  metrics.observeRequest("unmatched", "BAR", 404, 0.001);
  EXPECT_TRUE(contains(metrics.render(),
                       "sigid_http_requests_total{route=\"unmatched\",method=\"OTHER\",status=\"404\"} 2\n"));
}

TEST(Metrics, EscapesLabelValues) {
  Metrics metrics;
  metrics.counter("sigid_test_total", "help with \\ and\nnewline", {{"k", "a\"b\\c\nd"}}).inc();
  const std::string text = metrics.render();
  EXPECT_TRUE(contains(text, "# HELP sigid_test_total help with \\\\ and\\nnewline\n"));
  EXPECT_TRUE(contains(text, "sigid_test_total{k=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST(Metrics, EveryLineIsCommentOrSample) {
  Metrics metrics;
  metrics.observeRequest("/a", "GET", 200, 0.01);
  metrics.counter("sigid_plain_total", "plain").inc(3);
  metrics.gauge("sigid_queue_depth", "depth", {{"queue", "webhooks"}}).set(7);
  metrics.gaugeFunction("sigid_up", "always one", [] { return 1.0; });
  for (const std::string& line : lines(metrics.render())) {
    ASSERT_FALSE(line.empty());
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    // name{labels} value  or  name value
    const auto space = line.rfind(' ');
    ASSERT_NE(space, std::string::npos) << line;
    const std::string value = line.substr(space + 1);
    EXPECT_NO_THROW((void)std::stod(value)) << line;
    EXPECT_TRUE(line.starts_with("sigid_")) << line;
  }
  const std::string text = metrics.render();
  EXPECT_TRUE(contains(text, "sigid_plain_total 3\n"));
  EXPECT_TRUE(contains(text, "# TYPE sigid_queue_depth gauge\nsigid_queue_depth{queue=\"webhooks\"} 7\n"));
  EXPECT_TRUE(contains(text, "# TYPE sigid_up gauge\nsigid_up 1\n"));
}

TEST(Metrics, HandlesShareSeriesAndCountersOnlyGoUp) {
  Metrics metrics;
  CounterHandle a = metrics.counter("sigid_events_total", "events", {{"kind", "x"}});
  CounterHandle b = metrics.counter("sigid_events_total", "events", {{"kind", "x"}});
  a.inc();
  b.inc(2);
  a.inc(-5);
  EXPECT_TRUE(contains(metrics.render(), "sigid_events_total{kind=\"x\"} 3\n"));

  GaugeHandle gauge = metrics.gauge("sigid_open", "open");
  gauge.inc(5);
  gauge.dec(2);
  EXPECT_TRUE(contains(metrics.render(), "sigid_open 3\n"));

  CounterHandle none;
  none.inc();  // a default handle is a no-op
}

TEST(Metrics, CustomHistogram) {
  Metrics metrics;
  HistogramHandle histogram = metrics.histogram("sigid_policy_seconds", "policy time", {}, {0.1, 1});
  histogram.observe(0.05);
  histogram.observe(2);
  const std::string text = metrics.render();
  EXPECT_TRUE(contains(text, "sigid_policy_seconds_bucket{le=\"0.1\"} 1\n"));
  EXPECT_TRUE(contains(text, "sigid_policy_seconds_bucket{le=\"1\"} 1\n"));
  EXPECT_TRUE(contains(text, "sigid_policy_seconds_bucket{le=\"+Inf\"} 2\n"));
  EXPECT_TRUE(contains(text, "sigid_policy_seconds_count 2\n"));
}

TEST(Metrics, WiringMistakesThrow) {
  Metrics metrics;
  metrics.counter("sigid_a_total", "a", {{"x", "1"}});
  EXPECT_THROW(metrics.gauge("sigid_a_total", "a"), std::invalid_argument);
  EXPECT_THROW(metrics.counter("sigid_a_total", "a", {{"y", "1"}}), std::invalid_argument);
  EXPECT_THROW(metrics.counter("bad name", "a"), std::invalid_argument);
  EXPECT_THROW(metrics.counter("sigid_b_total", "b", {{"le", "1"}}), std::invalid_argument);
  EXPECT_THROW(metrics.histogram("sigid_h", "h", {}, {1, 0.5}), std::invalid_argument);
  EXPECT_THROW(metrics.counter("sigid_http_request_duration_seconds", "x"), std::invalid_argument);
}

TEST(Metrics, ConcurrentObservationsAreAllCounted) {
  Metrics metrics;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        metrics.observeRequest(t % 2 == 0 ? "/even" : "/odd", "GET", 200, 0.001);
        if (i % 500 == 0) (void)metrics.render();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string text = metrics.render();
  EXPECT_TRUE(contains(text, "sigid_http_requests_total{route=\"/even\",method=\"GET\",status=\"200\"} 4000\n"));
  EXPECT_TRUE(contains(text, "sigid_http_requests_total{route=\"/odd\",method=\"GET\",status=\"200\"} 4000\n"));
  EXPECT_TRUE(contains(text, "sigid_http_request_duration_seconds_count{route=\"/odd\",method=\"GET\"} 4000\n"));
}

TEST(Metrics, HandlerServesExposition) {
  Metrics metrics;
  Handler handler = metricsHandler(metrics);
  Request request;
  auto response = handler(request);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header("Content-Type"), std::string(Metrics::kContentType));
  EXPECT_TRUE(contains(response->body, "# TYPE sigid_http_requests_total counter"));
}
