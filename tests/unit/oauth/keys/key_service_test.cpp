#include <gtest/gtest.h>

#include <thread>

#include "core/crypto/jwk.hpp"
#include "core/crypto/json_object.hpp"
#include "key_fixture.hpp"

namespace sigid::testing {
namespace {

using core::crypto::JwsAlgorithm;

constexpr std::string_view kClaims = R"({"iss":"https://id.example/t/acme","sub":"c1","exp":1900000000})";

std::vector<std::string> jwksKids(const std::string& jwks) {
  std::vector<std::string> kids;
  for (auto at = jwks.find("\"kid\":\""); at != std::string::npos; at = jwks.find("\"kid\":\"", at + 1)) {
    auto start = at + 7;
    kids.push_back(jwks.substr(start, jwks.find('"', start) - start));
  }
  return kids;
}

class KeyServiceTest : public KeyFixture {};

TEST_F(KeyServiceTest, FirstSignCreatesCurrentAndNextEs256KeysAndTheTokenVerifies) {
  auto tenant = provision("acme");
  auto keys = keyService(db());
  auto token = keys->sign(tenant, JwsAlgorithm::ES256, "at+jwt", kClaims);
  ASSERT_TRUE(token.ok()) << token.error().detail();
  auto verified = keys->verify(tenant, *token);
  ASSERT_TRUE(verified.ok()) << verified.error().description();
  EXPECT_EQ(verified->payload, kClaims);
  EXPECT_EQ(verified->typ, "at+jwt");

  auto rows = db().query("SELECT status FROM signing_keys WHERE tenant_id = ? ORDER BY status", {tenant.id.str()});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->at(0).text(0), "current");
  EXPECT_EQ(rows->at(1).text(0), "next");
  EXPECT_GT(reread(tenant).config_version, tenant.config_version);  // other nodes must notice
}

TEST_F(KeyServiceTest, JwksPublishesNextAndCurrentWithPublicMembersOnly) {
  auto tenant = provision("acme");
  auto keys = keyService(db());
  auto jwks = keys->jwks(tenant);
  ASSERT_TRUE(jwks.ok()) << jwks.error().detail();
  auto kids = jwksKids(*jwks);
  ASSERT_EQ(kids.size(), 2u);
  for (std::string_view secret : {"\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"", "\"k\"", "PRIVATE"})
    EXPECT_EQ(jwks->find(secret), std::string::npos) << secret;
  EXPECT_NE(jwks->find(R"("use":"sig")"), std::string::npos);

  // A verifier that only has the JWKS text (as a client library would) verifies our token.
  auto token = keys->sign(tenant, JwsAlgorithm::ES256, "at+jwt", kClaims);
  ASSERT_TRUE(token.ok());
  auto header = core::crypto::decodeJws(*token);
  ASSERT_TRUE(header.ok());
  auto start = jwks->find("{\"kty\"");
  bool verified = false;
  while (start != std::string::npos) {
    auto end = jwks->find('}', start);
    auto key = core::crypto::verificationKeyFromJwk(jwks->substr(start, end - start + 1));
    ASSERT_TRUE(key.ok());
    if (key->kid() == header->kid) verified = core::crypto::verifyJws(*token, *key).ok();
    start = jwks->find("{\"kty\"", end);
  }
  EXPECT_TRUE(verified);
}

TEST_F(KeyServiceTest, Rs256AndEdDsaAreCreatedOnDemandAndPublished) {
  auto tenant = provision("acme");
  auto keys = keyService(db());
  for (auto alg : {JwsAlgorithm::RS256, JwsAlgorithm::EdDSA}) {
    auto token = keys->sign(reread(tenant), alg, "JWT", kClaims);
    ASSERT_TRUE(token.ok()) << token.error().detail();
    auto verified = keys->verify(reread(tenant), *token);
    ASSERT_TRUE(verified.ok()) << verified.error().description();
    EXPECT_EQ(verified->alg, alg);
  }
  auto jwks = keys->jwks(reread(tenant));
  ASSERT_TRUE(jwks.ok());
  EXPECT_EQ(jwksKids(*jwks).size(), 6u);  // current + next for each of ES256, RS256, EdDSA
  EXPECT_NE(jwks->find(R"("kty":"RSA")"), std::string::npos);
  EXPECT_NE(jwks->find(R"("crv":"Ed25519")"), std::string::npos);
}

TEST_F(KeyServiceTest, ATokenOfOneTenantDoesNotVerifyAtAnother) {
  auto a = provision("tenant-a");
  auto b = provision("tenant-b");
  auto keys = keyService(db());
  auto token = keys->sign(a, JwsAlgorithm::ES256, "at+jwt", kClaims);
  ASSERT_TRUE(token.ok());
  auto at_b = keys->verify(b, *token);
  ASSERT_FALSE(at_b.ok());
  EXPECT_EQ(at_b.error().code(), core::ErrorCode::InvalidToken);
}

TEST_F(KeyServiceTest, SigningOnAWarmCacheTouchesNoDatabase) {
  auto tenant = provision("acme");
  CountingDatabase counting(db());
  auto keys = keyService(counting);
  ASSERT_TRUE(keys->sign(tenant, JwsAlgorithm::ES256, "at+jwt", kClaims).ok());
  tenant = reread(tenant);
  auto token = keys->sign(tenant, JwsAlgorithm::ES256, "at+jwt", kClaims);  // may reload once for the new version
  ASSERT_TRUE(token.ok());
  int warm = counting.calls;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(keys->sign(tenant, JwsAlgorithm::ES256, "at+jwt", kClaims).ok());
    ASSERT_TRUE(keys->verify(tenant, *token).ok());
    ASSERT_TRUE(keys->jwks(tenant).ok());
  }
  EXPECT_EQ(counting.calls, warm);
}

TEST_F(KeyServiceTest, TheCacheFollowsTheTenantsConfigVersion) {
  auto tenant = provision("acme");
  auto node_a = keyService(db());
  auto node_b = keyService(db());
  auto first = node_a->sign(tenant, JwsAlgorithm::ES256, "", kClaims);
  ASSERT_TRUE(first.ok());
  auto snapshot = reread(tenant);
  auto before = node_b->sign(snapshot, JwsAlgorithm::ES256, "", kClaims);
  ASSERT_TRUE(before.ok());
  auto kid_before = core::crypto::decodeJws(*before)->kid;

  ASSERT_TRUE(node_a->rotate(snapshot, JwsAlgorithm::ES256).ok());
  // Node B still holds the old tenant version: it keeps its cached keys (no database read)...
  auto stale = node_b->sign(snapshot, JwsAlgorithm::ES256, "", kClaims);
  ASSERT_TRUE(stale.ok());
  EXPECT_EQ(core::crypto::decodeJws(*stale)->kid, kid_before);
  // ...and switches as soon as its tenant cache shows the bumped config_version.
  auto refreshed = reread(snapshot);
  EXPECT_GT(refreshed.config_version, snapshot.config_version);
  auto after = node_b->sign(refreshed, JwsAlgorithm::ES256, "", kClaims);
  ASSERT_TRUE(after.ok());
  EXPECT_NE(core::crypto::decodeJws(*after)->kid, kid_before);
  // Tokens from before the rotation still verify on both nodes (overlap).
  EXPECT_TRUE(node_b->verify(refreshed, *before).ok());
  EXPECT_TRUE(node_a->verify(refreshed, *stale).ok());
}

TEST_F(KeyServiceTest, NodesCreatingTheFirstKeyAtOnceEndWithOneCurrentKey) {
  auto tenant = provision("acme");
  constexpr int kNodes = 4;
  std::vector<std::unique_ptr<oauth::KeyService>> nodes;
  for (int i = 0; i < kNodes; ++i) nodes.push_back(keyService(db()));
  std::vector<std::string> kids(kNodes);
  std::vector<std::thread> threads;
  for (int i = 0; i < kNodes; ++i)
    threads.emplace_back([&, i] {
      auto token = nodes[i]->sign(tenant, JwsAlgorithm::ES256, "", kClaims);
      if (token.ok()) kids[i] = core::crypto::decodeJws(*token)->kid.value_or("");
    });
  for (auto& t : threads) t.join();

  auto rows = db().query("SELECT kid FROM signing_keys WHERE tenant_id = ? AND status = 'current'", {tenant.id.str()});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  for (const auto& kid : kids) EXPECT_EQ(kid, rows->at(0).text(0));
}

TEST_F(KeyServiceTest, PrivateKeysAreNeverStoredInPlaintext) {
  auto tenant = provision("acme");
  auto keys = keyService(db());
  ASSERT_TRUE(keys->sign(tenant, JwsAlgorithm::ES256, "", kClaims).ok());
  ASSERT_TRUE(keys->sign(reread(tenant), JwsAlgorithm::EdDSA, "", kClaims).ok());

  auto rows = db().query("SELECT kid, alg, sealed_private_key, public_jwk, status FROM signing_keys WHERE tenant_id = ?",
                         {tenant.id.str()});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 4u);
  for (const auto& row : *rows) {
    std::string all;
    for (std::size_t i = 0; i < row.size(); ++i) all += row.text(i) + "\n";
    auto der = sealer_->unseal(tenant.id, oauth::SigningKeyStore::kSealPurpose, row.text(2));
    ASSERT_TRUE(der.ok());
    auto alg = core::crypto::parseJwsAlgorithm(row.text(1));
    auto key = core::crypto::SigningKey::fromPkcs8Der(*alg, row.text(0), *der);
    ASSERT_TRUE(key.ok());
    auto pem = key->toPem();
    ASSERT_TRUE(pem.ok());
    // The last 32 bytes of the PKCS#8 DER hold the private scalar/seed for both types.
    std::string secret = der->substr(der->size() - 32);
    if (*alg == JwsAlgorithm::ES256) {
      // For EC, DER ends with the public key; take the 32 bytes after the OCTET STRING header instead.
      auto at = der->find(std::string("\x04\x20", 2));
      ASSERT_NE(at, std::string::npos);
      secret = der->substr(at + 2, 32);
    }
    for (const std::string& form : {*der, secret, core::base64Encode(*der), core::base64UrlEncode(secret),
                                    core::base64Encode(secret), core::hexEncode(secret), *pem}) {
      EXPECT_EQ(all.find(form), std::string::npos) << row.text(0);
    }
    EXPECT_EQ(all.find("PRIVATE KEY"), std::string::npos);
    EXPECT_EQ(row.text(2).rfind("sg1.", 0), 0u);
    auto jwk = core::crypto::JsonObject::parse(row.text(3));
    ASSERT_TRUE(jwk.ok());
    EXPECT_FALSE(jwk->find("d"));
  }
}

}  // namespace
}  // namespace sigid::testing
