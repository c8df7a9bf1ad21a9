#include "oauth/keys/signing_key_store.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <optional>

#include "core/crypto/jwk.hpp"
#include "core/crypto/signing_key.hpp"
#include "store/autocommit.hpp"

namespace sigid::oauth {
namespace {

using core::Error;
using core::Result;
using core::crypto::JwsAlgorithm;

std::optional<KeyStatus> parseStatus(std::string_view text) {
  if (text == "next") return KeyStatus::Next;
  if (text == "current") return KeyStatus::Current;
  if (text == "retired") return KeyStatus::Retired;
  return std::nullopt;
}

const store::SigningKeyRecord* findLive(const std::vector<store::SigningKeyRecord>& rows, JwsAlgorithm alg,
                                        std::string_view status) {
  for (const auto& row : rows)
    if (row.alg == toString(alg) && row.status == status) return &row;
  return nullptr;
}

}  // namespace

Result<store::SigningKeyRecord> SigningKeyStore::newRecord(const store::TenantScope& tenant, JwsAlgorithm alg,
                                                           KeyStatus status) {
  SIGID_TRY(auto generated, core::crypto::SigningKey::generate(alg, ""));
  // kid = RFC 7638 thumbprint: unique per key and derivable by anyone holding the JWK.
  SIGID_TRY(auto kid, core::crypto::jwkThumbprint(generated.publicKey()));
  auto key = generated.withKid(kid);
  SIGID_TRY(auto jwk, core::crypto::publicJwkJson(key.publicKey()));
  SIGID_TRY(auto der, key.toPkcs8Der());
  auto sealed = sealer_.seal(tenant.id(), kSealPurpose, der);
  OPENSSL_cleanse(der.data(), der.size());
  if (!sealed) return std::move(sealed).error();
  auto now = clock_.nowSeconds();
  store::SigningKeyRecord record{kid, std::string(toString(alg)), std::string(toString(status)),
                                 std::move(sealed).value(), std::move(jwk), now, std::nullopt, std::nullopt,
                                 std::nullopt};
  if (status == KeyStatus::Current) record.activated_at = now;
  return record;
}

Result<TenantKeySet> SigningKeyStore::load(const store::TenantScope& tenant, std::int64_t config_version) {
  store::AutoCommit c(db_);
  // The version is read before the keys: a rotation in between makes the stamp
  // older than the content, which only causes one more reload, never a stale hit.
  SIGID_TRY(auto row, tenants_.findById(c, tenant.str()));
  if (!row) return Error::notFound("tenant not found");
  std::int64_t version = std::max(config_version, row->config_version);
  SIGID_TRY(auto records, keys_.listLive(tenant, c, clock_.nowSeconds()));

  std::map<JwsAlgorithm, core::crypto::SigningKey> current;
  std::vector<PublishedKey> published;
  for (const auto& record : records) {
    auto alg = core::crypto::parseJwsAlgorithm(record.alg);
    auto status = parseStatus(record.status);
    if (!alg || !status) return Error::internal("signing key " + record.kid + " has an unknown alg or status");
    SIGID_TRY(auto public_key, core::crypto::verificationKeyFromJwk(record.public_jwk, *alg));
    published.push_back({std::move(public_key), record.public_jwk, *status, record.not_after});
    if (*status != KeyStatus::Current) continue;  // only current keys sign: the others stay sealed
    SIGID_TRY(auto der, sealer_.unseal(tenant.id(), kSealPurpose, record.sealed_private_key));
    auto key = core::crypto::SigningKey::fromPkcs8Der(*alg, record.kid, der);
    OPENSSL_cleanse(der.data(), der.size());
    if (!key) return Error::internal("stored signing key " + record.kid + " does not parse");
    current.emplace(*alg, std::move(key).value());
  }
  return TenantKeySet(version, std::move(current), std::move(published));
}

Result<void> SigningKeyStore::ensureCurrent(const store::TenantScope& tenant, JwsAlgorithm alg) {
  {
    store::AutoCommit c(db_);
    SIGID_TRY(auto live, keys_.listLive(tenant, c, clock_.nowSeconds()));
    if (findLive(live, alg, "current")) return core::success();
  }
  // Key generation and sealing happen before the transaction: RSA generation
  // takes tens of milliseconds, and the sealer may write the tenant's data key.
  SIGID_TRY(auto current, newRecord(tenant, alg, KeyStatus::Current));
  SIGID_TRY(auto next, newRecord(tenant, alg, KeyStatus::Next));
  auto created = db_.transaction([&](store::Connection& c) -> Result<void> {
    SIGID_CHECK(keys_.insert(tenant, c, current));
    SIGID_CHECK(keys_.insert(tenant, c, next));
    SIGID_CHECK(tenants_.bumpConfigVersion(tenant, c, clock_.nowSeconds()));
    return core::success();
  });
  if (!created && created.error().code() == core::ErrorCode::Conflict) return core::success();  // another node won
  return created;
}

Result<RotationResult> SigningKeyStore::rotate(const store::TenantScope& tenant, JwsAlgorithm alg,
                                               const RotationHook& within) {
  SIGID_CHECK(ensureCurrent(tenant, alg));
  SIGID_TRY(auto fresh, newRecord(tenant, alg, KeyStatus::Next));
  RotationResult result;
  auto rotated = db_.transaction([&](store::Connection& c) -> Result<void> {
    auto now = clock_.nowSeconds();
    SIGID_TRY(auto live, keys_.listLive(tenant, c, now));
    const auto* current = findLive(live, alg, "current");
    const auto* next = findLive(live, alg, "next");
    if (!current) return Error::conflict("the signing keys changed during rotation");
    if (!next) {
      // Never promote a key that was not published: verifiers with a cached JWKS
      // would reject its tokens. Publish one now; the next rotation promotes it.
      SIGID_CHECK(keys_.insert(tenant, c, fresh));
      result = {"", current->kid, fresh.kid, 0};
    } else {
      result = {current->kid, next->kid, fresh.kid, now + overlap_.count()};
      SIGID_TRY(bool retired, keys_.retire(tenant, c, current->kid, now, result.retired_until));
      SIGID_TRY(bool activated, keys_.activate(tenant, c, next->kid, now));
      // Conditional updates: a concurrent rotation on another node leaves 0 rows here.
      if (!retired || !activated) return Error::conflict("the signing keys were rotated concurrently");
      SIGID_CHECK(keys_.insert(tenant, c, fresh));
    }
    SIGID_CHECK(tenants_.bumpConfigVersion(tenant, c, now));
    if (within) SIGID_CHECK(within(c, result));
    return core::success();
  });
  if (!rotated) return std::move(rotated).error();
  return result;
}

}  // namespace sigid::oauth
