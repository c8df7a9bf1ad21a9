#include <charconv>
#include <cmath>
#include <limits>

#include "store/database.hpp"

namespace sigid::store {

namespace {

// Shortest text that reads back as the same double (std::to_chars round-trips).
std::string formatDouble(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return std::to_string(value);
  return std::string(buffer, end);
}

// A double outside int64's range (or NaN) cannot be cast without undefined behaviour.
std::int64_t clampToInteger(double value) {
  if (std::isnan(value)) return 0;
  if (value >= 9223372036854775807.0) return std::numeric_limits<std::int64_t>::max();
  if (value <= -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(value);
}

// Lenient on purpose: a column the schema declares numeric may come back as text
// from MySQL DECIMAL or from an expression; garbage reads as 0 like SQLite's cast.
std::int64_t parseInteger(const std::string& text) {
  std::int64_t value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  while (begin != end && (*begin == ' ' || *begin == '\t')) ++begin;
  if (begin != end && *begin == '+') ++begin;
  if (std::from_chars(begin, end, value).ec == std::errc()) return value;
  double real = 0;
  if (std::from_chars(begin, end, real).ec == std::errc()) return clampToInteger(real);
  return 0;
}

}  // namespace

std::string Row::text(std::size_t i) const {
  const Value& value = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&value)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&value)) return formatDouble(*d);
  return {};
}

std::optional<std::string> Row::optionalText(std::size_t i) const {
  if (isNull(i)) return std::nullopt;
  return text(i);
}

std::int64_t Row::integer(std::size_t i) const {
  const Value& value = values_.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&value)) return *n;
  if (const auto* d = std::get_if<double>(&value)) return clampToInteger(*d);
  if (const auto* s = std::get_if<std::string>(&value)) return parseInteger(*s);
  return 0;
}

std::optional<std::int64_t> Row::optionalInteger(std::size_t i) const {
  if (isNull(i)) return std::nullopt;
  return integer(i);
}

}  // namespace sigid::store
