// Revocations reach other nodes through the database within the refresh
// interval, take effect locally at once, and fail closed.
#include "oauth/revocation_list.hpp"

#include <gtest/gtest.h>

#include "unit/oauth/oauth_test_support.hpp"

using namespace sigid;
using namespace std::chrono_literals;

TEST(RevocationList, ReachesOtherNodesWithinTheInterval) {
  sigid::testing::ScratchDatabase scratch;
  core::ManualClock clock(std::chrono::system_clock::now());
  oauth::RevocationList node_a(scratch.db(), clock, 1000ms), node_b(scratch.db(), clock, 1000ms);
  const core::TenantId tenant(core::Uuid::v4());
  const auto exp = clock.nowSeconds() + 600;
  EXPECT_FALSE(*node_b.isRevoked(tenant, "jti-1"));  // node B has loaded its set
  ASSERT_TRUE(node_a.revoke(tenant, "jti-1", "client", exp).ok());
  EXPECT_TRUE(*node_a.isRevoked(tenant, "jti-1")) << "at once on the node that revoked";
  EXPECT_FALSE(*node_b.isRevoked(tenant, "jti-1")) << "node B still within its interval";
  clock.advance(1100ms);
  EXPECT_TRUE(*node_b.isRevoked(tenant, "jti-1"));
  EXPECT_TRUE(node_a.revoke(tenant, "jti-1", "client", exp).ok()) << "idempotent";
  EXPECT_FALSE(*node_b.isRevoked(core::TenantId(core::Uuid::v4()), "jti-1")) << "per tenant";
}

TEST(RevocationList, ExpiredRowsArePurgedAndAStaleSetFailsClosed) {
  sigid::testing::ScratchDatabase scratch;
  sigid::testing::CountingDatabase counting(scratch.db());
  core::ManualClock clock(std::chrono::system_clock::now());
  oauth::RevocationList list(counting, clock, 1000ms);
  const core::TenantId tenant(core::Uuid::v4());
  ASSERT_TRUE(list.revoke(tenant, "short", "c", clock.nowSeconds() + 10).ok());
  EXPECT_TRUE(*list.isRevoked(tenant, "short"));
  clock.advance(20s);
  ASSERT_TRUE(list.purgeExpired().ok());
  EXPECT_FALSE(*list.isRevoked(tenant, "short")) << "the token has expired anyway";

  clock.advance(2s);
  counting.failing = true;
  auto answer = list.isRevoked(tenant, "short");
  ASSERT_FALSE(answer.ok()) << "never 'not revoked' from a set that could not be refreshed";
  EXPECT_EQ(answer.error().code(), core::ErrorCode::Unavailable);
}
