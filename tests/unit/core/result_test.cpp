#include "core/result.hpp"

#include <gtest/gtest.h>

#include <memory>

using namespace sigid::core;

namespace {
Result<int> parsePositive(int v) {
  if (v <= 0) return Error::invalidRequest("must be positive");
  return v;
}
Result<int> doubled(int v) {
  SIGID_TRY(int x, parsePositive(v));
  return x * 2;
}
Result<void> check(int v) {
  SIGID_CHECK(parsePositive(v));
  return success();
}
}  // namespace

TEST(Result, TryPropagatesTheError) {
  EXPECT_EQ(*doubled(4), 8);
  auto failed = doubled(-1);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code(), ErrorCode::InvalidRequest);
  EXPECT_TRUE(check(1).ok());
  EXPECT_FALSE(check(0).ok());
}

TEST(Result, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
  auto p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}
