#include "core/crypto/aead.hpp"

#include <gtest/gtest.h>

#include "core/crypto/envelope.hpp"
#include "core/random.hpp"

namespace sigid::core::crypto {
namespace {

const TenantId kTenantA("0190a0b0-0000-7000-8000-00000000000a");
const TenantId kTenantB("0190a0b0-0000-7000-8000-00000000000b");

TEST(Aead, SealThenOpenReturnsThePlaintext) {
  auto key = randomBytes(kAeadKeySize);
  for (std::string plain : {std::string(), std::string("x"), std::string(10000, 'q'), std::string("a\0b", 3)}) {
    auto sealed = aeadSeal(key, plain, "ad");
    ASSERT_TRUE(sealed.ok());
    EXPECT_EQ(sealed->size(), kAeadNonceSize + plain.size() + kAeadTagSize);
    auto opened = aeadOpen(key, *sealed, "ad");
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(*opened, plain);
  }
}

TEST(Aead, EveryFlippedBitIsDetected) {
  auto key = randomBytes(kAeadKeySize);
  auto sealed = aeadSeal(key, "the secret", "ad");
  ASSERT_TRUE(sealed.ok());
  for (std::size_t byte = 0; byte < sealed->size(); ++byte) {
    std::string tampered = *sealed;
    tampered[byte] = static_cast<char>(tampered[byte] ^ (1 << (byte % 8)));
    EXPECT_FALSE(aeadOpen(key, tampered, "ad").ok()) << "byte " << byte;
  }
  EXPECT_FALSE(aeadOpen(key, sealed->substr(0, sealed->size() - 1), "ad").ok());
  EXPECT_FALSE(aeadOpen(key, "short", "ad").ok());
}

TEST(Aead, WrongKeyOrAssociatedDataFails) {
  auto key = randomBytes(kAeadKeySize);
  auto sealed = aeadSeal(key, "the secret", "tenant-a");
  ASSERT_TRUE(sealed.ok());
  EXPECT_FALSE(aeadOpen(key, *sealed, "tenant-b").ok());
  EXPECT_FALSE(aeadOpen(key, *sealed, "").ok());
  EXPECT_FALSE(aeadOpen(randomBytes(kAeadKeySize), *sealed, "tenant-a").ok());
  EXPECT_FALSE(aeadOpen("short key", *sealed, "tenant-a").ok());
}

TEST(Aead, NoncesAreFreshPerMessage) {
  auto key = randomBytes(kAeadKeySize);
  auto a = aeadSeal(key, "same", "");
  auto b = aeadSeal(key, "same", "");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->substr(0, kAeadNonceSize), b->substr(0, kAeadNonceSize));
}

TEST(Envelope, ASealedBlobOpensOnlyForItsTenantPurposeAndKey) {
  auto data_key = randomBytes(kAeadKeySize);
  auto sealed = sealWithDataKey(data_key, "dk1", kTenantA, "totp_seed", "JBSWY3DPEHPK3PXP");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->rfind("sg1.dk1.", 0), 0u);
  EXPECT_EQ(sealed->find("JBSWY3DPEHPK3PXP"), std::string::npos);
  EXPECT_EQ(*openWithDataKey(data_key, "dk1", kTenantA, "totp_seed", *sealed), "JBSWY3DPEHPK3PXP");
  EXPECT_FALSE(openWithDataKey(data_key, "dk1", kTenantB, "totp_seed", *sealed).ok());
  EXPECT_FALSE(openWithDataKey(data_key, "dk1", kTenantA, "signing_key", *sealed).ok());
  EXPECT_FALSE(openWithDataKey(data_key, "dk2", kTenantA, "totp_seed", *sealed).ok());
}

TEST(Envelope, AWrappedDataKeyUnwrapsOnlyForItsTenantAndId) {
  auto master = randomBytes(kAeadKeySize);
  auto data_key = randomBytes(kAeadKeySize);
  auto wrapped = wrapDataKey(master, kTenantA, "dk1", data_key);
  ASSERT_TRUE(wrapped.ok());
  EXPECT_EQ(*unwrapDataKey(master, kTenantA, "dk1", *wrapped), data_key);
  EXPECT_FALSE(unwrapDataKey(master, kTenantB, "dk1", *wrapped).ok());
  EXPECT_FALSE(unwrapDataKey(master, kTenantA, "dk2", *wrapped).ok());
  EXPECT_FALSE(unwrapDataKey(randomBytes(kAeadKeySize), kTenantA, "dk1", *wrapped).ok());
}

TEST(Envelope, SealedKeyIdIsReadOnlyFromOurFormat) {
  EXPECT_EQ(sealedKeyId("sg1.abc.xyz"), "abc");
  EXPECT_FALSE(sealedKeyId("plaintext"));
  EXPECT_FALSE(sealedKeyId("sg1..xyz"));
  EXPECT_FALSE(sealedKeyId("sg1.abc"));
}

}  // namespace
}  // namespace sigid::core::crypto
