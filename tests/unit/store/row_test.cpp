#include <gtest/gtest.h>

#include <limits>

#include "store/database.hpp"

namespace sigid::store {
namespace {

TEST(Row, TextFormatsEveryTypeAndNullIsEmpty) {
  Row row({std::int64_t{-42}, 1.5, std::string("abc"), null()});
  EXPECT_EQ(row.text(0), "-42");
  EXPECT_EQ(row.text(1), "1.5");
  EXPECT_EQ(row.text(2), "abc");
  EXPECT_EQ(row.text(3), "");
  EXPECT_EQ(row.optionalText(3), std::nullopt);
  EXPECT_EQ(row.optionalText(2), std::optional<std::string>("abc"));
}

TEST(Row, IntegerParsesTextAndNullIsZero) {
  Row row({std::string("123"), std::string(" 77"), std::string("12.9"), std::string("junk"), null(), 1e300, 3.99});
  EXPECT_EQ(row.integer(0), 123);
  EXPECT_EQ(row.integer(1), 77);
  EXPECT_EQ(row.integer(2), 12);
  EXPECT_EQ(row.integer(3), 0);
  EXPECT_EQ(row.integer(4), 0);
  EXPECT_EQ(row.optionalInteger(4), std::nullopt);
  EXPECT_EQ(row.integer(5), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(row.integer(6), 3);
}

TEST(Row, OutOfRangeColumnThrowsOurBug) { EXPECT_THROW((void)Row({}).text(0), std::out_of_range); }

}  // namespace
}  // namespace sigid::store
