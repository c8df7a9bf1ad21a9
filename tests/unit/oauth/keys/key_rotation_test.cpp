#include <gtest/gtest.h>

#include "key_fixture.hpp"

namespace sigid::testing {
namespace {

using core::crypto::JwsAlgorithm;
using std::chrono::hours;
using std::chrono::seconds;

constexpr std::string_view kClaims = R"({"sub":"c1"})";

std::string kidOf(const std::string& token) { return core::crypto::decodeJws(token)->kid.value_or(""); }
bool publishes(const std::string& jwks, const std::string& kid) {
  return jwks.find("\"kid\":\"" + kid + "\"") != std::string::npos;
}

class KeyRotationTest : public KeyFixture {};

TEST_F(KeyRotationTest, NextBecomesCurrentAndTheRetiredKeyIsPublishedForTheOverlap) {
  auto tenant = provision("acme");
  auto keys = keyService(db(), hours(2));
  auto old_token = keys->sign(tenant, JwsAlgorithm::ES256, "at+jwt", kClaims);
  ASSERT_TRUE(old_token.ok());
  tenant = reread(tenant);
  auto jwks_before = *keys->jwks(tenant);
  std::string k1 = kidOf(*old_token);

  clock_.advance(hours(24));
  auto rotation = keys->rotate(tenant, JwsAlgorithm::ES256);
  ASSERT_TRUE(rotation.ok()) << rotation.error().detail();
  EXPECT_EQ(rotation->retired_kid, k1);
  EXPECT_EQ(rotation->retired_until, clock_.nowSeconds() + 7200);
  // The key that now signs was published before it signed anything.
  EXPECT_TRUE(publishes(jwks_before, rotation->current_kid));
  EXPECT_NE(rotation->next_kid, rotation->current_kid);

  auto rotated = reread(tenant);
  EXPECT_GT(rotated.config_version, tenant.config_version);
  auto new_token = keys->sign(rotated, JwsAlgorithm::ES256, "at+jwt", kClaims);
  ASSERT_TRUE(new_token.ok());
  EXPECT_EQ(kidOf(*new_token), rotation->current_kid);

  auto jwks = *keys->jwks(rotated);
  EXPECT_TRUE(publishes(jwks, k1));
  EXPECT_TRUE(publishes(jwks, rotation->current_kid));
  EXPECT_TRUE(publishes(jwks, rotation->next_kid));
  EXPECT_TRUE(keys->verify(rotated, *old_token).ok());

  // Just before the overlap ends the old key still verifies; after it, it is gone.
  clock_.advance(hours(2) - seconds(1));
  EXPECT_TRUE(keys->verify(rotated, *old_token).ok());
  clock_.advance(seconds(1));
  EXPECT_FALSE(keys->verify(rotated, *old_token).ok());
  jwks = *keys->jwks(rotated);
  EXPECT_FALSE(publishes(jwks, k1));
  EXPECT_TRUE(publishes(jwks, rotation->current_kid));
  EXPECT_TRUE(publishes(jwks, rotation->next_kid));
  EXPECT_TRUE(keys->verify(rotated, *new_token).ok());

  // Also after a restart (a cold cache reads the same from the database).
  auto restarted = keyService(db(), hours(2));
  auto cold = *restarted->jwks(rotated);
  EXPECT_FALSE(publishes(cold, k1));
  EXPECT_FALSE(restarted->verify(rotated, *old_token).ok());
}

TEST_F(KeyRotationTest, RepeatedRotationsKeepOneCurrentAndOneNextKey) {
  auto tenant = provision("acme");
  auto keys = keyService(db(), hours(1));
  std::vector<std::string> tokens;
  for (int i = 0; i < 4; ++i) {
    tenant = reread(tenant);
    auto token = keys->sign(tenant, JwsAlgorithm::ES256, "", kClaims);
    ASSERT_TRUE(token.ok());
    tokens.push_back(*token);
    ASSERT_TRUE(keys->rotate(tenant, JwsAlgorithm::ES256).ok());
    clock_.advance(seconds(600));
  }
  auto rows = db().query("SELECT status, COUNT(*) FROM signing_keys WHERE tenant_id = ? GROUP BY status ORDER BY status",
                         {tenant.id.str()});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ(rows->at(0).text(0), "current");
  EXPECT_EQ(rows->at(0).integer(1), 1);
  EXPECT_EQ(rows->at(1).text(0), "next");
  EXPECT_EQ(rows->at(1).integer(1), 1);
  EXPECT_EQ(rows->at(2).integer(1), 4);
  // Overlap 1h, 10 minutes between rotations: every earlier token still verifies.
  tenant = reread(tenant);
  for (const auto& token : tokens) EXPECT_TRUE(keys->verify(tenant, token).ok());
}

TEST_F(KeyRotationTest, RotatingOneAlgorithmLeavesTheOthersAlone) {
  auto tenant = provision("acme");
  auto keys = keyService(db());
  auto rsa = keys->sign(tenant, JwsAlgorithm::RS256, "", kClaims);
  ASSERT_TRUE(rsa.ok());
  tenant = reread(tenant);
  ASSERT_TRUE(keys->rotate(tenant, JwsAlgorithm::ES256).ok());
  auto again = keys->sign(reread(tenant), JwsAlgorithm::RS256, "", kClaims);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(kidOf(*again), kidOf(*rsa));
}

TEST_F(KeyRotationTest, AStaleConcurrentRotationIsAConflictNotASecondCurrentKey) {
  auto tenant = provision("acme");
  oauth::SigningKeyStore store(db(), *sealer_, clock_, hours(1));
  store::TenantScope scope(tenant.id);
  ASSERT_TRUE(store.ensureCurrent(scope, JwsAlgorithm::ES256).ok());
  ASSERT_TRUE(store.ensureCurrent(scope, JwsAlgorithm::ES256).ok());  // idempotent
  // Two nodes rotate one after the other: both succeed, each promoting the then-next key.
  ASSERT_TRUE(store.rotate(scope, JwsAlgorithm::ES256).ok());
  ASSERT_TRUE(store.rotate(scope, JwsAlgorithm::ES256).ok());
  auto current = db().query("SELECT COUNT(*) FROM signing_keys WHERE tenant_id = ? AND status = 'current'",
                            {tenant.id.str()});
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->at(0).integer(0), 1);
  // The database itself refuses a second current key for the same tenant and alg.
  auto forged = db().execute(
      "INSERT INTO signing_keys (tenant_id, kid, alg, status, sealed_private_key, public_jwk, created_at) "
      "VALUES (?, 'x', 'ES256', 'current', 'sg1.x.y', '{}', 0)",
      {tenant.id.str()});
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().code(), core::ErrorCode::Conflict);
}

}  // namespace
}  // namespace sigid::testing
