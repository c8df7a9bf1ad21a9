#pragma once

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "core/clock.hpp"

namespace sigid::core {

// Ordered by severity; the names accept Poco's spelling too (config: log.level).
enum class LogLevel { Trace, Debug, Info, Notice, Warning, Error, Critical, Fatal };

// "trace" "debug" "info"|"information" "notice" "warn"|"warning" "error"
// "critical" "fatal"; nullopt for anything else so config validation can name it.
std::optional<LogLevel> parseLogLevel(std::string_view name);
std::string_view logLevelName(LogLevel level);  // the value written in "level"

// One key/value of a log line. Holds views: build fields in the logging call
// itself (`log.info("msg", {{"status", 200}})`), never store them.
struct LogField {
  using Value = std::variant<std::string_view, std::int64_t, std::uint64_t, double, bool>;

  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  LogField(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  LogField(std::string_view k, bool v) : key(k), value(v) {}
  LogField(std::string_view k, double v) : key(k), value(v) {}
  template <class T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
  LogField(std::string_view k, T v)
      : key(k), value(std::is_signed_v<T> ? Value(static_cast<std::int64_t>(v)) : Value(static_cast<std::uint64_t>(v))) {}

  std::string_view key;
  Value value;
};

using LogFields = std::initializer_list<LogField>;

// Structured logs: one JSON object per line,
//   {"ts":"2026-01-02T03:04:05.678Z","level":"info","msg":"...",<fields>}
// Each line is formatted before the lock and written with one call, so lines from
// concurrent threads never interleave. Not a singleton: main() builds one and
// passes it down. There is deliberately no API that logs a header map or a body
// wholesale: callers name each field, which keeps secrets out by construction.
class Logger {
 public:
  // Writes to stderr.
  explicit Logger(LogLevel min_level = LogLevel::Info, const Clock* clock = nullptr);
  // Writes to `out`, which must outlive the logger (tests pass a stringstream).
  explicit Logger(std::ostream& out, LogLevel min_level = LogLevel::Info, const Clock* clock = nullptr);

  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  void setLevel(LogLevel level) { min_level_.store(level, std::memory_order_relaxed); }
  LogLevel level() const { return min_level_.load(std::memory_order_relaxed); }
  bool enabled(LogLevel level) const { return level >= this->level(); }

  void log(LogLevel level, std::string_view msg, LogFields fields = {});
  void trace(std::string_view msg, LogFields fields = {}) { log(LogLevel::Trace, msg, fields); }
  void debug(std::string_view msg, LogFields fields = {}) { log(LogLevel::Debug, msg, fields); }
  void info(std::string_view msg, LogFields fields = {}) { log(LogLevel::Info, msg, fields); }
  void notice(std::string_view msg, LogFields fields = {}) { log(LogLevel::Notice, msg, fields); }
  void warning(std::string_view msg, LogFields fields = {}) { log(LogLevel::Warning, msg, fields); }
  void error(std::string_view msg, LogFields fields = {}) { log(LogLevel::Error, msg, fields); }
  void critical(std::string_view msg, LogFields fields = {}) { log(LogLevel::Critical, msg, fields); }

  // The line `log` would write, without the trailing newline (for tests and tools).
  std::string format(LogLevel level, std::string_view msg, LogFields fields) const;

 private:
  std::ostream& out_;
  std::atomic<LogLevel> min_level_;
  const Clock* clock_;  // null: the system clock
  std::mutex write_mutex_;
};

// Appends `text` as a JSON string literal (with the quotes). Control characters,
// quotes and backslashes are escaped; bytes that are not valid UTF-8 become
// U+FFFD, so the output is always valid JSON whatever the input. http/ uses it to
// render error bodies.
void appendJsonString(std::string& out, std::string_view text);
// Appends `"name":value,`: for writers that build an object one member at a
// time and drop the last comma when they close it (JWT claim sets).
void appendJsonMember(std::string& out, std::string_view name, std::string_view value);
void appendJsonMember(std::string& out, std::string_view name, std::int64_t value);

}  // namespace sigid::core
