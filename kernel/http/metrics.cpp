#include "http/metrics.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <mutex>
#include <stdexcept>

namespace sigid::http {

namespace detail {

struct MetricSeries {
  std::atomic<double> value{0.0};                        // counters and gauges
  const std::vector<double>* bounds = nullptr;           // histograms: the family's upper bounds
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts;  // per bucket, not cumulative; last is +Inf
  std::atomic<double> sum{0.0};
};

}  // namespace detail

struct Metrics::Family {
  std::string name;
  std::string help;
  Type type = Type::Counter;
  std::vector<std::string> label_names;
  std::vector<double> bounds;
  std::function<double()> read;

  mutable std::shared_mutex mutex;
  std::map<std::string, std::unique_ptr<detail::MetricSeries>, std::less<>> series;  // by rendered labels
};

namespace {

bool validName(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allow_colon && c == ':') ||
                    (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

void appendNumber(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char buffer[64];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general).ptr;
    out.append(buffer, end);
  }
}

// Exposition format 0.0.4: label values escape backslash, quote and newline.
void appendLabelValue(std::string& out, std::string_view value) {
  out += '"';
  for (const char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  out += '"';
}

void appendLabel(std::string& key, std::string_view name, std::string_view value) {
  if (!key.empty()) key += ',';
  key += name;
  key += '=';
  appendLabelValue(key, value);
}

// HELP text escapes backslash and newline only.
void appendHelp(std::string& out, std::string_view help) {
  for (const char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

std::string_view typeName(int type) {
  switch (type) {
    case 0: return "counter";
    case 2: return "histogram";
    default: return "gauge";
  }
}

void appendSample(std::string& out, std::string_view name, std::string_view suffix, std::string_view key,
                  std::string_view extra_label, double value) {
  out += name;
  out += suffix;
  if (!key.empty() || !extra_label.empty()) {
    out += '{';
    out += key;
    if (!key.empty() && !extra_label.empty()) out += ',';
    out += extra_label;
    out += '}';
  }
  out += ' ';
  appendNumber(out, value);
  out += '\n';
}

std::string_view boundedMethod(std::string_view method) {
  static constexpr std::string_view kKnown[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  for (std::string_view known : kKnown) {
    if (method == known) return known;
  }
  return "OTHER";
}

}  // namespace

void CounterHandle::inc(double by) const {
  if (series_ != nullptr && by > 0) series_->value.fetch_add(by, std::memory_order_relaxed);
}

void GaugeHandle::set(double value) const {
  if (series_ != nullptr) series_->value.store(value, std::memory_order_relaxed);
}

void GaugeHandle::inc(double by) const {
  if (series_ != nullptr) series_->value.fetch_add(by, std::memory_order_relaxed);
}

void HistogramHandle::observe(double value) const {
  if (series_ == nullptr || std::isnan(value)) return;
  const std::vector<double>& bounds = *series_->bounds;
  // Prometheus buckets are "less than or equal": the first bound >= value.
  const auto index = static_cast<std::size_t>(std::lower_bound(bounds.begin(), bounds.end(), value) - bounds.begin());
  series_->counts[index].fetch_add(1, std::memory_order_relaxed);
  series_->sum.fetch_add(value, std::memory_order_relaxed);
}

const std::vector<double>& Metrics::defaultBuckets() {
  static const std::vector<double> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                               0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  return kBuckets;
}

Metrics::Metrics() {
  requests_total_ = &family("sigid_http_requests_total", "HTTP requests served, by route pattern, method and status.",
                            Type::Counter, {{"route", ""}, {"method", ""}, {"status", ""}}, {});
  request_duration_ =
      &family("sigid_http_request_duration_seconds", "Time from request headers read to response sent, by route.",
              Type::Histogram, {{"route", ""}, {"method", ""}}, defaultBuckets());
}

Metrics::~Metrics() = default;

Metrics::Family& Metrics::family(std::string_view name, std::string_view help, Type type, const MetricLabels& labels,
                                 const std::vector<double>& buckets) {
  {
    std::shared_lock lock(mutex_);
    if (auto it = families_.find(name); it != families_.end()) {
      if (it->second->type != type) throw std::invalid_argument("metric " + std::string(name) + " has another type");
      return *it->second;
    }
  }
  if (!validName(name, true)) throw std::invalid_argument("bad metric name '" + std::string(name) + "'");
  auto created = std::make_unique<Family>();
  created->name = std::string(name);
  created->help = std::string(help);
  created->type = type;
  for (const auto& [label, value] : labels) {
    if (!validName(label, false) || label.starts_with("__") || label == "le") {
      throw std::invalid_argument("metric " + created->name + ": bad label name '" + label + "'");
    }
    created->label_names.push_back(label);
  }
  if (type == Type::Histogram) {
    created->bounds = buckets;
    if (buckets.empty() || !std::is_sorted(buckets.begin(), buckets.end()) ||
        std::adjacent_find(buckets.begin(), buckets.end()) != buckets.end() || !std::isfinite(buckets.back())) {
      throw std::invalid_argument("metric " + created->name + ": buckets must be finite and strictly increasing");
    }
  }
  std::unique_lock lock(mutex_);
  auto [it, inserted] = families_.try_emplace(created->name, std::move(created));
  if (!inserted && it->second->type != type) {
    throw std::invalid_argument("metric " + std::string(name) + " has another type");
  }
  return *it->second;
}

detail::MetricSeries& Metrics::series(Family& family, const std::string& key) {
  {
    std::shared_lock lock(family.mutex);
    if (auto it = family.series.find(key); it != family.series.end()) return *it->second;
  }
  std::unique_lock lock(family.mutex);
  auto [it, inserted] = family.series.try_emplace(key);
  if (inserted) {
    auto created = std::make_unique<detail::MetricSeries>();
    if (family.type == Type::Histogram) {
      created->bounds = &family.bounds;
      created->counts = std::make_unique<std::atomic<std::uint64_t>[]>(family.bounds.size() + 1);
    }
    it->second = std::move(created);
  }
  return *it->second;
}

detail::MetricSeries& Metrics::series(Family& family, const MetricLabels& labels) {
  const bool same_names =
      labels.size() == family.label_names.size() &&
      std::equal(labels.begin(), labels.end(), family.label_names.begin(),
                 [](const auto& label, const std::string& name) { return label.first == name; });
  if (!same_names) throw std::invalid_argument("metric " + family.name + ": label names differ from its first use");
  std::string key;
  for (const auto& [name, value] : labels) appendLabel(key, name, value);
  return series(family, key);
}

CounterHandle Metrics::counter(std::string_view name, std::string_view help, const MetricLabels& labels) {
  return CounterHandle(&series(family(name, help, Type::Counter, labels, {}), labels));
}

GaugeHandle Metrics::gauge(std::string_view name, std::string_view help, const MetricLabels& labels) {
  return GaugeHandle(&series(family(name, help, Type::Gauge, labels, {}), labels));
}

HistogramHandle Metrics::histogram(std::string_view name, std::string_view help, const MetricLabels& labels,
                                   const std::vector<double>& buckets) {
  return HistogramHandle(&series(family(name, help, Type::Histogram, labels, buckets), labels));
}

void Metrics::gaugeFunction(std::string_view name, std::string_view help, std::function<double()> read) {
  Family& created = family(name, help, Type::GaugeFunction, {}, {});
  std::unique_lock lock(created.mutex);
  if (created.read) throw std::invalid_argument("metric " + created.name + " is already registered");
  created.read = std::move(read);
}

void Metrics::observeRequest(std::string_view route, std::string_view method, int status, double seconds) {
  const std::string_view bounded = boundedMethod(method);
  std::string key;
  key.reserve(route.size() + 48);
  appendLabel(key, "route", route);
  appendLabel(key, "method", bounded);
  HistogramHandle(&series(*request_duration_, key)).observe(seconds);
  appendLabel(key, "status", std::to_string(status));
  series(*requests_total_, key).value.fetch_add(1.0, std::memory_order_relaxed);
}

std::string Metrics::render() const {
  std::string out;
  std::shared_lock lock(mutex_);
  for (const auto& [name, family] : families_) {
    out += "# HELP ";
    out += name;
    out += ' ';
    appendHelp(out, family->help);
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += typeName(static_cast<int>(family->type));
    out += '\n';

    std::shared_lock series_lock(family->mutex);
    if (family->type == Type::GaugeFunction) {
      if (family->read) appendSample(out, name, "", "", "", family->read());
      continue;
    }
    for (const auto& [key, series] : family->series) {
      if (family->type != Type::Histogram) {
        appendSample(out, name, "", key, "", series->value.load(std::memory_order_relaxed));
        continue;
      }
      // _count is the sum of the buckets read here, so it always equals +Inf even
      // while other threads observe.
      std::uint64_t cumulative = 0;
      std::string le;
      for (std::size_t i = 0; i <= family->bounds.size(); ++i) {
        cumulative += series->counts[i].load(std::memory_order_relaxed);
        le = "le=\"";
        if (i < family->bounds.size()) {
          appendNumber(le, family->bounds[i]);
        } else {
          le += "+Inf";
        }
        le += '"';
        appendSample(out, name, "_bucket", key, le, static_cast<double>(cumulative));
      }
      appendSample(out, name, "_sum", key, "", series->sum.load(std::memory_order_relaxed));
      appendSample(out, name, "_count", key, "", static_cast<double>(cumulative));
    }
  }
  return out;
}

Handler metricsHandler(const Metrics& metrics) {
  return [&metrics](Request&) -> core::Result<Response> {
    return Response::text(200, metrics.render(), std::string(Metrics::kContentType));
  };
}

}  // namespace sigid::http
