#include "store/repositories/signing_key_repository.hpp"

namespace sigid::store {
namespace {

constexpr std::string_view kColumns =
    "kid, alg, status, sealed_private_key, public_jwk, created_at, activated_at, retired_at, not_after";

Value optional(const std::optional<std::int64_t>& v) { return v ? Value(*v) : null(); }

std::vector<SigningKeyRecord> fromRows(const Rows& rows) {
  std::vector<SigningKeyRecord> out;
  out.reserve(rows.size());
  for (const Row& r : rows)
    out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.integer(5), r.optionalInteger(6),
                   r.optionalInteger(7), r.optionalInteger(8)});
  return out;
}

}  // namespace

Result<void> SigningKeyRepository::insert(const TenantScope& tenant, Connection& c, const SigningKeyRecord& k) {
  SIGID_CHECK(c.execute("INSERT INTO signing_keys (tenant_id, kid, alg, status, sealed_private_key, public_jwk, "
                        "created_at, activated_at, retired_at, not_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        {tenant.str(), k.kid, k.alg, k.status, k.sealed_private_key, k.public_jwk, k.created_at,
                         optional(k.activated_at), optional(k.retired_at), optional(k.not_after)}));
  return core::success();
}

Result<std::vector<SigningKeyRecord>> SigningKeyRepository::listLive(const TenantScope& tenant, Connection& c,
                                                                     std::int64_t now) {
  SIGID_TRY(Rows rows, c.query("SELECT " + std::string(kColumns) +
                                   " FROM signing_keys WHERE tenant_id = ? AND (status IN ('next', 'current') OR "
                                   "(status = 'retired' AND not_after > ?)) ORDER BY alg, created_at DESC, kid",
                               {tenant.str(), now}));
  return fromRows(rows);
}

Result<std::vector<SigningKeyRecord>> SigningKeyRepository::listAll(const TenantScope& tenant, Connection& c) {
  SIGID_TRY(Rows rows, c.query("SELECT " + std::string(kColumns) +
                                   " FROM signing_keys WHERE tenant_id = ? ORDER BY alg, created_at DESC, kid",
                               {tenant.str()}));
  return fromRows(rows);
}

Result<bool> SigningKeyRepository::retire(const TenantScope& tenant, Connection& c, const std::string& kid,
                                          std::int64_t now, std::int64_t not_after) {
  SIGID_TRY(auto changed, c.execute("UPDATE signing_keys SET status = 'retired', retired_at = ?, not_after = ? "
                                    "WHERE tenant_id = ? AND kid = ? AND status = 'current'",
                                    {now, not_after, tenant.str(), kid}));
  return changed > 0;
}

Result<bool> SigningKeyRepository::activate(const TenantScope& tenant, Connection& c, const std::string& kid,
                                            std::int64_t now) {
  SIGID_TRY(auto changed, c.execute("UPDATE signing_keys SET status = 'current', activated_at = ? "
                                    "WHERE tenant_id = ? AND kid = ? AND status = 'next'",
                                    {now, tenant.str(), kid}));
  return changed > 0;
}

}  // namespace sigid::store
