#include <gtest/gtest.h>

#include "key_fixture.hpp"

namespace sigid::testing {
namespace {

using crypto_store::DataKeyService;

class DataKeyServiceTest : public KeyFixture {};

TEST_F(DataKeyServiceTest, SealedSecretsOpenForTheirTenantAndPurposeOnly) {
  auto a = provision("tenant-a");
  auto b = provision("tenant-b");
  auto sealed = sealer_->seal(a.id, "totp_seed", "JBSWY3DPEHPK3PXP");
  ASSERT_TRUE(sealed.ok()) << sealed.error().detail();
  EXPECT_EQ(sealed->find("JBSWY3DPEHPK3PXP"), std::string::npos);
  EXPECT_EQ(*sealer_->unseal(a.id, "totp_seed", *sealed), "JBSWY3DPEHPK3PXP");
  // A blob copied into another tenant's row, or into another field, does not open.
  EXPECT_FALSE(sealer_->unseal(b.id, "totp_seed", *sealed).ok());
  EXPECT_FALSE(sealer_->unseal(a.id, "signing_key", *sealed).ok());
  EXPECT_FALSE(sealer_->unseal(a.id, "totp_seed", "plaintext").ok());
}

TEST_F(DataKeyServiceTest, DataKeysAreStoredWrappedAndSurviveARestart) {
  auto a = provision("tenant-a");
  auto sealed = sealer_->seal(a.id, "p", "secret");
  ASSERT_TRUE(sealed.ok());
  auto rows = db().query("SELECT wrapped_key FROM tenant_data_keys WHERE tenant_id = ?", {a.id.str()});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(core::base64Decode(rows->at(0).text(0))->size(), 12u + 32u + 16u);  // nonce + key + tag

  auto restarted = DataKeyService::open(db(), clock_, log_, master_key_);
  ASSERT_TRUE(restarted.ok());
  EXPECT_EQ(*(*restarted)->unseal(a.id, "p", *sealed), "secret");

  auto wrong_master = DataKeyService::open(db(), clock_, log_, core::base64Encode(core::randomBytes(32)));
  ASSERT_TRUE(wrong_master.ok());
  EXPECT_FALSE((*wrong_master)->unseal(a.id, "p", *sealed).ok());
}

TEST_F(DataKeyServiceTest, UnwrappedKeysAreCachedSoSealingTouchesNoDatabase) {
  auto a = provision("tenant-a");
  CountingDatabase counting(db());
  auto sealer = DataKeyService::open(counting, clock_, log_, master_key_);
  ASSERT_TRUE(sealer.ok());
  auto first = (*sealer)->seal(a.id, "p", "one");
  ASSERT_TRUE(first.ok());
  int after_first = counting.calls;
  for (int i = 0; i < 20; ++i) {
    auto sealed = (*sealer)->seal(a.id, "p", "again");
    ASSERT_TRUE(sealed.ok());
    ASSERT_TRUE((*sealer)->unseal(a.id, "p", *sealed).ok());
  }
  EXPECT_EQ(counting.calls, after_first);
}

TEST_F(DataKeyServiceTest, DevModeStoresOneMarkedDevMasterKeyAndWarns) {
  auto a = provision("tenant-a");
  std::ostringstream warnings;
  core::Logger log(warnings);
  auto dev = DataKeyService::open(db(), clock_, log, "");
  ASSERT_TRUE(dev.ok()) << dev.error().detail();
  EXPECT_TRUE((*dev)->usesDevMasterKey());
  EXPECT_NE(warnings.str().find("INSECURE"), std::string::npos);
  auto sealed = (*dev)->seal(a.id, "p", "dev secret");
  ASSERT_TRUE(sealed.ok());

  auto restarted = DataKeyService::open(db(), clock_, log, "");  // a restart in dev mode keeps working
  ASSERT_TRUE(restarted.ok());
  EXPECT_EQ(*(*restarted)->unseal(a.id, "p", *sealed), "dev secret");

  auto rows = db().query("SELECT note FROM dev_master_key");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_NE(rows->at(0).text(0).find("INSECURE"), std::string::npos);
}

}  // namespace
}  // namespace sigid::testing
