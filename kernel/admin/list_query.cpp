#include "admin/list_query.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace sigid::admin {

namespace {
constexpr std::size_t kMaxPageSize = 200;
}

core::Result<ListQuery> listQuery(const http::Request& request) {
  ListQuery page;
  bool seen_limit = false, seen_cursor = false;
  for (const auto& [key, value] : request.queryParams()) {
    if (key == "limit") {
      if (seen_limit) return core::Error::invalidRequest("limit: given more than once");
      seen_limit = true;
      std::size_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc{} || end != value.data() + value.size() || n < 1 || n > kMaxPageSize)
        return core::Error::invalidRequest("limit: expected a whole number from 1 to " + std::to_string(kMaxPageSize));
      page.limit = n;
    } else if (key == "cursor") {
      if (seen_cursor) return core::Error::invalidRequest("cursor: given more than once");
      seen_cursor = true;
      page.cursor = value;
    } else {
      return core::Error::invalidRequest("unknown query parameter");
    }
  }
  return page;
}

std::string rfc3339(std::int64_t epoch_seconds) {
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<std::int64_t> parseRfc3339Utc(std::string_view text) {
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z')
    return std::nullopt;
  auto number = [&](std::size_t at, std::size_t len) -> std::optional<int> {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + len, value);
    if (ec != std::errc{} || end != text.data() + at + len) return std::nullopt;
    return value;
  };
  auto year = number(0, 4), month = number(5, 2), day = number(8, 2);
  auto hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 || *minute > 59 || *second > 59)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = *year - 1900;
  tm.tm_mon = *month - 1;
  tm.tm_mday = *day;
  tm.tm_hour = *hour;
  tm.tm_min = *minute;
  tm.tm_sec = *second;
  const std::time_t t = timegm(&tm);
  if (rfc3339(t) != text) return std::nullopt;  // refuses 2026-02-31 rather than rolling it over
  return static_cast<std::int64_t>(t);
}

}  // namespace sigid::admin
