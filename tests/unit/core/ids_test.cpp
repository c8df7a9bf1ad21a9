#include "core/ids.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace sigid::core;

TEST(Uuid, V4HasVersionAndVariantBits) {
  auto id = Uuid::v4().str();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
}

TEST(Uuid, V7IsTimeOrdered) {
  auto a = Uuid::v7();
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(Uuid::v7().str());
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(a.str()[14], '7');
  // The first 48 bits are milliseconds: a later id never sorts before an earlier millisecond.
  EXPECT_LE(a.str().substr(0, 13), Uuid::v7().str().substr(0, 13));
}

TEST(Uuid, V7SortsInCreationOrderWithinOneMillisecond) {
  std::string previous = Uuid::v7().str();
  for (int i = 0; i < 5000; ++i) {
    std::string next = Uuid::v7().str();
    ASSERT_LT(previous, next);
    previous = next;
  }
}

TEST(Uuid, ParseNormalisesCaseAndRefusesMalformed) {
  auto parsed = Uuid::parse("0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->str(), "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
  EXPECT_FALSE(Uuid::parse("not-a-uuid").has_value());
  EXPECT_FALSE(Uuid::parse("0190a1b2c3d47e5f8a9b0c1d2e3f4a5b").has_value());
  EXPECT_FALSE(Uuid::parse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g").has_value());
  EXPECT_FALSE(Uuid::parse("0190a1b2-c3d4-7e5f-8a9b+0c1d2e3f4a5b").has_value());
}
