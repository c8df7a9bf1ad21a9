#include "policy/time_window.hpp"

#include <array>
#include <cctype>

namespace sigid::policy {
namespace {

constexpr std::int64_t kDay = 24 * 60;

std::optional<int> twoDigits(std::string_view text) {
  if (text.size() != 2 || !std::isdigit(static_cast<unsigned char>(text[0])) ||
      !std::isdigit(static_cast<unsigned char>(text[1])))
    return std::nullopt;
  return (text[0] - '0') * 10 + (text[1] - '0');
}

// Floor division: local minutes before 1970 still land on the right weekday.
std::int64_t floorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::optional<int> parseClock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  auto h = twoDigits(text.substr(0, 2)), m = twoDigits(text.substr(3, 2));
  if (!h || !m || *m > 59 || *h > 24 || (*h == 24 && *m != 0)) return std::nullopt;
  return *h * 60 + *m;
}

std::optional<int> parseUtcOffset(std::string_view text) {
  if (text == "Z" || text == "UTC") return 0;
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  auto h = twoDigits(text.substr(1, 2)), m = twoDigits(text.substr(4, 2));
  if (!h || !m || *h > 14 || *m > 59) return std::nullopt;
  int minutes = *h * 60 + *m;
  return text[0] == '-' ? -minutes : minutes;
}

std::optional<int> parseWeekday(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (std::size_t i = 0; i < kDays.size(); ++i) {
    if (text.size() >= 3 && text.size() <= 9) {
      bool same = true;
      for (std::size_t j = 0; j < 3; ++j)
        same = same && std::tolower(static_cast<unsigned char>(text[j])) == kDays[i][j];
      if (same) return static_cast<int>(i);
    }
  }
  return std::nullopt;
}

bool TimeWindow::contains(std::int64_t epoch_seconds) const {
  const std::int64_t local = floorDiv(epoch_seconds, 60) + offset_minutes;
  const std::int64_t day_number = floorDiv(local, kDay);
  const int minute = static_cast<int>(local - day_number * kDay);
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  auto weekday = [](std::int64_t day) { return static_cast<int>(((day + 3) % 7 + 7) % 7); };
  auto dayAllowed = [&](std::int64_t day) { return (days >> weekday(day)) & 1; };
  if (from_minute <= to_minute) return dayAllowed(day_number) && minute >= from_minute && minute < to_minute;
  // Overnight: the evening part belongs to today's window, the early part to yesterday's.
  if (minute >= from_minute) return dayAllowed(day_number);
  if (minute < to_minute) return dayAllowed(day_number - 1);
  return false;
}

}  // namespace sigid::policy
