#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sigid::policy {

// A weekly window such as "Mon–Fri 09:00–17:00 at UTC+02:00". `from` after
// `to` wraps past midnight (22:00–06:00); the day is the day the window opens.
// Offsets rather than zone names: the kernel ships no tz database, and a
// policy states exactly which offset it means.
struct TimeWindow {
  std::uint8_t days = 0x7f;   // bit 0 = Monday … bit 6 = Sunday
  int from_minute = 0;        // minutes after local midnight
  int to_minute = 24 * 60;
  int offset_minutes = 0;     // local = UTC + offset

  bool contains(std::int64_t epoch_seconds) const;
};

// Parsers for the helper's arguments; nullopt when malformed.
std::optional<int> parseClock(std::string_view text);        // "HH:MM", 00:00–24:00
std::optional<int> parseUtcOffset(std::string_view text);    // "+HH:MM" / "-HH:MM" / "Z"
std::optional<int> parseWeekday(std::string_view text);      // "mon".."sun" → 0..6

}  // namespace sigid::policy
