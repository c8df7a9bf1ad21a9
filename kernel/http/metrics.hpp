#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/handler.hpp"

namespace sigid::http {

// Label name/value pairs of one series, e.g. {{"outcome", "delivered"}}. Every
// series of a family must use the same names in the same order. Values must come
// from a small fixed set (never a raw path, id or user input): each distinct value
// is a series kept forever.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

namespace detail {
struct MetricSeries;  // defined in metrics.cpp: atomics only
}

// Handles are cheap to copy and stay valid as long as the Metrics that made them.
// A default-constructed handle does nothing (handy for tests of other modules).
class CounterHandle {
 public:
  CounterHandle() = default;
  void inc(double by = 1.0) const;  // negative increments are ignored: counters only go up

 private:
  friend class Metrics;
  explicit CounterHandle(detail::MetricSeries* series) : series_(series) {}
  detail::MetricSeries* series_ = nullptr;
};

class GaugeHandle {
 public:
  GaugeHandle() = default;
  void set(double value) const;
  void inc(double by = 1.0) const;
  void dec(double by = 1.0) const { inc(-by); }

 private:
  friend class Metrics;
  explicit GaugeHandle(detail::MetricSeries* series) : series_(series) {}
  detail::MetricSeries* series_ = nullptr;
};

class HistogramHandle {
 public:
  HistogramHandle() = default;
  void observe(double value) const;

 private:
  friend class Metrics;
  explicit HistogramHandle(detail::MetricSeries* series) : series_(series) {}
  detail::MetricSeries* series_ = nullptr;
};

// A Prometheus registry, rendered in the text exposition format 0.0.4. Not a
// singleton: main() builds one and hands it to the server and to whoever counts.
// Series live behind per-family shared_mutexes; the hot path takes only a shared
// lock to find an existing series and then updates atomics, so requests do not
// serialise on a global mutex.
class Metrics {
 public:
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";
  static const std::vector<double>& defaultBuckets();  // seconds: 0.0005 .. 10

  // Registers sigid_http_requests_total{route,method,status} and
  // sigid_http_request_duration_seconds{route,method}.
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Each returns the series for `labels`, creating the family on first use.
  // Throws std::invalid_argument on a bad name, a name already used by another
  // type, or label names that differ from the family's (wiring bugs).
  CounterHandle counter(std::string_view name, std::string_view help, const MetricLabels& labels = {});
  GaugeHandle gauge(std::string_view name, std::string_view help, const MetricLabels& labels = {});
  HistogramHandle histogram(std::string_view name, std::string_view help, const MetricLabels& labels = {},
                            const std::vector<double>& buckets = defaultBuckets());
  // A gauge read at scrape time (pool sizes, queue depths). `read` must be thread-safe and fast.
  void gaugeFunction(std::string_view name, std::string_view help, std::function<double()> read);

  // One served request. `route` is the matched pattern or "unmatched"; methods
  // outside the standard set are counted as "OTHER" (clients choose them freely).
  void observeRequest(std::string_view route, std::string_view method, int status, double seconds);

  std::string render() const;

 private:
  struct Family;
  enum class Type { Counter, Gauge, Histogram, GaugeFunction };
  Family& family(std::string_view name, std::string_view help, Type type, const MetricLabels& labels,
                 const std::vector<double>& buckets);
  static detail::MetricSeries& series(Family& family, const MetricLabels& labels);
  static detail::MetricSeries& series(Family& family, const std::string& key);
  Family* requests_total_ = nullptr;
  Family* request_duration_ = nullptr;

  mutable std::shared_mutex mutex_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
};

// GET /metrics: the exposition with its content type.
Handler metricsHandler(const Metrics& metrics);

}  // namespace sigid::http
