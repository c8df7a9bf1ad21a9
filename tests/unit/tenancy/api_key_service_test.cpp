// Tenant API keys: hashed at rest, scoped to their tenant, expired keys refused
// even from a stale cache, usage counted in memory and flushed in batches.
#include "tenancy/api_key_service.hpp"

#include <gtest/gtest.h>

#include "store/autocommit.hpp"
#include "store/repositories/api_key_repository.hpp"
#include "unit/oauth/oauth_test_support.hpp"

using namespace sigid;
using namespace std::chrono_literals;

namespace {

class ApiKeyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_ = provision("tenant-a");
    b_ = provision("tenant-b");
  }
  tenancy::Tenant provision(const std::string& slug) {
    tenancy::NewTenant fresh;
    fresh.name = slug;
    fresh.slug = slug;
    return *tenants_.provision(core::Actor::system(), fresh);
  }
  core::ManualClock clock_{std::chrono::system_clock::now()};
  sigid::testing::ScratchDatabase scratch_;
  sigid::testing::CountingDatabase counting_{scratch_.db()};
  tenancy::TenantService tenants_{scratch_.db(), clock_};
  // A long cache: the point is what happens while entries are stale.
  tenancy::ApiKeyService keys_{counting_, clock_, tenants_, 3600s};
  tenancy::Tenant a_, b_;
};

TEST_F(ApiKeyServiceTest, StoredHashedAndUsableOnlyAtItsTenant) {
  auto created = keys_.create(core::Actor::system(), a_, {"ci", {"admin:applications"}, std::nullopt}, nullptr);
  ASSERT_TRUE(created.ok()) << created.error().description();
  EXPECT_TRUE(created->secret.starts_with("sigid_ak_"));
  store::AutoCommit c(scratch_.db());
  auto rows = scratch_.db().query("SELECT secret_sha256 FROM api_keys");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].text(0).size(), 64u);
  EXPECT_EQ((*rows)[0].text(0).find(created->secret), std::string::npos);

  EXPECT_TRUE(keys_.authenticate(a_.id, created->secret).ok());
  auto cross = keys_.authenticate(b_.id, created->secret);
  ASSERT_FALSE(cross.ok());
  EXPECT_EQ(cross.error().code(), core::ErrorCode::Unauthenticated);
  EXPECT_FALSE(keys_.authenticate(a_.id, "sigid_ak_guess").ok());
}

TEST_F(ApiKeyServiceTest, ExpiredKeysAreRefusedFromACachedRecord) {
  auto created = keys_.create(core::Actor::system(), a_, {"short", {"admin:settings"}, clock_.nowSeconds() + 60},
                              nullptr);
  ASSERT_TRUE(created.ok());
  ASSERT_TRUE(keys_.authenticate(a_.id, created->secret).ok());  // cached now, for an hour
  counting_.calls = 0;
  ASSERT_TRUE(keys_.authenticate(a_.id, created->secret).ok());
  EXPECT_EQ(counting_.calls, 0) << "served from the cache";
  clock_.advance(61s);
  auto expired = keys_.authenticate(a_.id, created->secret);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code(), core::ErrorCode::Unauthenticated);
  EXPECT_FALSE((*keys_.introspect(a_.id, created->secret)).has_value());
}

TEST_F(ApiKeyServiceTest, DeletedKeysStopAtOnceOnThisNode) {
  auto created = keys_.create(core::Actor::system(), a_, {"gone", {"admin:settings"}, std::nullopt}, nullptr);
  ASSERT_TRUE(keys_.authenticate(a_.id, created->secret).ok());
  ASSERT_TRUE(keys_.remove(core::Actor::system(), a_, created->key.id).ok());
  EXPECT_FALSE(keys_.authenticate(a_.id, created->secret).ok());
  EXPECT_EQ(keys_.remove(core::Actor::system(), b_, created->key.id).error().code(), core::ErrorCode::NotFound);
}

TEST_F(ApiKeyServiceTest, UsageIsCountedInMemoryAndFlushedInOneTransaction) {
  auto created = keys_.create(core::Actor::system(), a_, {"busy", {"admin:settings"}, std::nullopt}, nullptr);
  ASSERT_TRUE(keys_.authenticate(a_.id, created->secret).ok());
  counting_.calls = 0;
  for (int i = 0; i < 99; ++i) ASSERT_TRUE(keys_.authenticate(a_.id, created->secret).ok());
  EXPECT_EQ(counting_.calls, 0) << "no database write per use";
  EXPECT_EQ(keys_.get(a_, created->key.id)->usage_count, 100) << "pending counts are visible";
  counting_.calls = 0;
  ASSERT_TRUE(keys_.flushUsage().ok());
  EXPECT_EQ(counting_.calls, 1) << "one transaction per flush";
  auto key = keys_.get(a_, created->key.id);
  EXPECT_EQ(key->usage_count, 100);
  EXPECT_TRUE(key->last_used_at.has_value());
  ASSERT_TRUE(keys_.flushUsage().ok());
  EXPECT_EQ(keys_.get(a_, created->key.id)->usage_count, 100) << "nothing counted twice";
}

TEST_F(ApiKeyServiceTest, FailedFlushKeepsTheCounts) {
  auto created = keys_.create(core::Actor::system(), a_, {"k", {"admin:settings"}, std::nullopt}, nullptr);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(keys_.authenticate(a_.id, created->secret).ok());
  counting_.failing = true;
  EXPECT_FALSE(keys_.flushUsage().ok());
  counting_.failing = false;
  ASSERT_TRUE(keys_.flushUsage().ok());
  EXPECT_EQ(keys_.get(a_, created->key.id)->usage_count, 5);
}

TEST_F(ApiKeyServiceTest, ValidationAndNoEscalation) {
  auto code = [&](tenancy::NewApiKey k, const std::vector<std::string>* grantor = nullptr) {
    auto r = keys_.create(core::Actor::system(), a_, k, grantor);
    return r.ok() ? std::optional<core::ErrorCode>() : r.error().code();
  };
  EXPECT_EQ(code({"x", {}, std::nullopt}), core::ErrorCode::InvalidRequest);
  EXPECT_EQ(code({"x", {"admin:root"}, std::nullopt}), core::ErrorCode::InvalidRequest);
  EXPECT_EQ(code({"x", {"admin:keys", "admin:keys"}, std::nullopt}), core::ErrorCode::InvalidRequest);
  EXPECT_EQ(code({"x", {"admin:keys"}, clock_.nowSeconds()}), core::ErrorCode::InvalidRequest);
  EXPECT_EQ(code({"", {"admin:keys"}, std::nullopt}), core::ErrorCode::InvalidRequest);
  std::vector<std::string> grantor{"admin:api-keys"};
  EXPECT_EQ(code({"x", {"admin:keys"}, std::nullopt}, &grantor), core::ErrorCode::Forbidden);
  EXPECT_FALSE(code({"x", {"admin:api-keys"}, std::nullopt}, &grantor));
}

}  // namespace
