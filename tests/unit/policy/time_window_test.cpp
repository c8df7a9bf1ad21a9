#include "policy/time_window.hpp"

#include <gtest/gtest.h>

namespace sigid::policy {
namespace {

constexpr std::int64_t kFriday10Utc = 1767348000;  // 2026-01-02T10:00:00Z, a Friday

TimeWindow window(int from, int to, std::uint8_t days = 0x7f, int offset = 0) { return {days, from, to, offset}; }

TEST(TimeWindow, OfficeHoursOnWeekdays) {
  const std::uint8_t weekdays = 0x1f;
  EXPECT_TRUE(window(9 * 60, 17 * 60, weekdays).contains(kFriday10Utc));
  EXPECT_FALSE(window(9 * 60, 17 * 60, weekdays).contains(kFriday10Utc + 86400));  // Saturday
  EXPECT_FALSE(window(9 * 60, 17 * 60, weekdays).contains(kFriday10Utc + 7 * 3600));  // 17:00 is outside
  EXPECT_TRUE(window(9 * 60, 17 * 60, weekdays).contains(kFriday10Utc + 7 * 3600 - 1));
}

TEST(TimeWindow, OffsetsShiftTheLocalClock) {
  EXPECT_FALSE(window(9 * 60, 17 * 60, 0x7f, -8 * 60).contains(kFriday10Utc));  // 02:00 local
  EXPECT_TRUE(window(9 * 60, 17 * 60, 0x7f, 5 * 60 + 30).contains(kFriday10Utc));  // 15:30 local
  // 23:30 UTC on Friday is already Saturday at +01:00.
  EXPECT_FALSE(window(0, 24 * 60, 0x1f, 60).contains(kFriday10Utc + 13 * 3600 + 1800));
}

TEST(TimeWindow, OvernightWindowsBelongToTheDayTheyOpen) {
  const auto night = window(22 * 60, 6 * 60, 0x10);  // opens Friday 22:00
  EXPECT_TRUE(night.contains(kFriday10Utc + 12 * 3600 + 1));     // Friday 22:00:01
  EXPECT_TRUE(night.contains(kFriday10Utc + 19 * 3600));         // Saturday 05:00
  EXPECT_FALSE(night.contains(kFriday10Utc - 5 * 3600));         // Friday 05:00: Thursday's window
  EXPECT_FALSE(night.contains(kFriday10Utc));
}

TEST(TimeWindow, Parsers) {
  EXPECT_EQ(parseClock("09:30"), 570);
  EXPECT_EQ(parseClock("24:00"), 1440);
  EXPECT_FALSE(parseClock("24:01"));
  EXPECT_FALSE(parseClock("9:30"));
  EXPECT_EQ(parseUtcOffset("+05:30"), 330);
  EXPECT_EQ(parseUtcOffset("-08:00"), -480);
  EXPECT_EQ(parseUtcOffset("Z"), 0);
  EXPECT_FALSE(parseUtcOffset("+5"));
  EXPECT_EQ(parseWeekday("mon"), 0);
  EXPECT_EQ(parseWeekday("Sunday"), 6);
  EXPECT_FALSE(parseWeekday("xyz"));
}

TEST(TimeWindow, DatesBefore1970StillHaveTheRightWeekday) {
  // 1969-12-31T12:00:00Z was a Wednesday.
  EXPECT_TRUE(window(0, 24 * 60, 1 << 2).contains(-12 * 3600));
}

}  // namespace
}  // namespace sigid::policy
