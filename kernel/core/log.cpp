#include "core/log.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "core/encoding.hpp"

namespace sigid::core {

namespace {


void appendUnicodeEscape(std::string& out, unsigned code) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u";
  out += kHex[(code >> 12) & 0xF];
  out += kHex[(code >> 8) & 0xF];
  out += kHex[(code >> 4) & 0xF];
  out += kHex[code & 0xF];
}

void appendTimestamp(std::string& out, std::chrono::system_clock::time_point when) {
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000 - (millis % 1000 < 0 ? 1 : 0));
  const int fraction = static_cast<int>(((millis % 1000) + 1000) % 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
  out += '"';
  out += buffer;
  out += '"';
}

void appendValue(std::string& out, const LogField::Value& value) {
  char buffer[64];
  if (const auto* text = std::get_if<std::string_view>(&value)) {
    appendJsonString(out, *text);
  } else if (const auto* signed_value = std::get_if<std::int64_t>(&value)) {
    auto end = std::to_chars(buffer, buffer + sizeof buffer, *signed_value).ptr;
    out.append(buffer, end);
  } else if (const auto* unsigned_value = std::get_if<std::uint64_t>(&value)) {
    auto end = std::to_chars(buffer, buffer + sizeof buffer, *unsigned_value).ptr;
    out.append(buffer, end);
  } else if (const auto* real = std::get_if<double>(&value)) {
    if (!std::isfinite(*real)) {
      out += "null";  // JSON has no NaN or Infinity
    } else {
      auto end = std::to_chars(buffer, buffer + sizeof buffer, *real, std::chars_format::general).ptr;
      out.append(buffer, end);
    }
  } else {
    out += std::get<bool>(value) ? "true" : "false";
  }
}

}  // namespace

void appendJsonString(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
          if (c < 0x20 || c == 0x7F) {
            appendUnicodeEscape(out, c);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    const std::size_t length = utf8SequenceLength(text, i);
    if (length == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    // U+2028/U+2029 are valid JSON but break JavaScript string literals.
    if (length == 3 && c == 0xE2 && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      appendUnicodeEscape(out, static_cast<unsigned char>(text[i + 2]) == 0xA8 ? 0x2028 : 0x2029);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  out += '"';
}

std::optional<LogLevel> parseLogLevel(std::string_view name) {
  if (name == "trace") return LogLevel::Trace;
  if (name == "debug") return LogLevel::Debug;
  if (name == "info" || name == "information") return LogLevel::Info;
  if (name == "notice") return LogLevel::Notice;
  if (name == "warn" || name == "warning") return LogLevel::Warning;
  if (name == "error") return LogLevel::Error;
  if (name == "critical") return LogLevel::Critical;
  if (name == "fatal") return LogLevel::Fatal;
  return std::nullopt;
}

std::string_view logLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::Trace: return "trace";
    case LogLevel::Debug: return "debug";
    case LogLevel::Info: return "info";
    case LogLevel::Notice: return "notice";
    case LogLevel::Warning: return "warning";
    case LogLevel::Error: return "error";
    case LogLevel::Critical: return "critical";
    case LogLevel::Fatal: return "fatal";
  }
  return "info";
}

Logger::Logger(LogLevel min_level, const Clock* clock) : Logger(std::cerr, min_level, clock) {}

Logger::Logger(std::ostream& out, LogLevel min_level, const Clock* clock)
    : out_(out), min_level_(min_level), clock_(clock) {}

std::string Logger::format(LogLevel level, std::string_view msg, LogFields fields) const {
  std::string line;
  line.reserve(128 + msg.size() + fields.size() * 24);
  line += "{\"ts\":";
  appendTimestamp(line, clock_ != nullptr ? clock_->now() : std::chrono::system_clock::now());
  line += ",\"level\":\"";
  line += logLevelName(level);
  line += "\",\"msg\":";
  appendJsonString(line, msg);
  for (const LogField& field : fields) {
    // The fixed keys come first and win: a field cannot forge a line's level or time.
    if (field.key == "ts" || field.key == "level" || field.key == "msg") continue;
    line += ',';
    appendJsonString(line, field.key);
    line += ':';
    appendValue(line, field.value);
  }
  line += '}';
  return line;
}

void Logger::log(LogLevel level, std::string_view msg, LogFields fields) {
  if (!enabled(level)) return;
  std::string line = format(level, msg, fields);
  line += '\n';
  std::lock_guard lock(write_mutex_);
  out_.write(line.data(), static_cast<std::streamsize>(line.size()));
  out_.flush();
}

void appendJsonMember(std::string& out, std::string_view name, std::string_view value) {
  appendJsonString(out, name);
  out += ':';
  appendJsonString(out, value);
  out += ',';
}

void appendJsonMember(std::string& out, std::string_view name, std::int64_t value) {
  appendJsonString(out, name);
  out += ':';
  out += std::to_string(value);
  out += ',';
}

}  // namespace sigid::core
