#include "oauth/access_token_verifier.hpp"

#include <algorithm>
#include <functional>

namespace sigid::oauth {
namespace {

bool isAccessTokenTyp(const std::optional<std::string>& typ) {
  if (!typ) return false;
  std::string lowered = *typ;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  // RFC 9068 §4: "at+jwt" or its full media type; case-insensitive (RFC 2045).
  return lowered == "at+jwt" || lowered == "application/at+jwt";
}

}  // namespace

std::optional<AccessTokenClaims> AccessTokenVerifier::cached(std::string_view token, std::size_t shard) {
  Shard& s = shards_[shard];
  std::lock_guard lock(s.mutex);
  auto it = s.verified.find(std::string(token));
  if (it == s.verified.end()) return std::nullopt;
  return it->second;
}

std::optional<AccessTokenClaims> AccessTokenVerifier::verify(const TenantSnapshot& tenant, std::string_view token) {
  if (token.empty() || token.size() > core::crypto::kMaxJwsSize) return std::nullopt;
  const auto now = clock_.nowSeconds();
  const std::size_t shard = std::hash<std::string_view>{}(token) % kShards;
  auto claims = cached(token, shard);
  if (!claims) {
    auto jws = keys_.verify(tenant.tenant, token);
    if (!jws || !isAccessTokenTyp(jws->typ)) return std::nullopt;
    claims = decodeClaims(jws->payload);
    if (!claims) return std::nullopt;
    // A token another tenant signed fails on its kid already; iss and tid are
    // checked too, so no key-sharing mistake could ever make it valid here.
    if (claims->iss != tenant.issuer || claims->tid != tenant.tenant.id.str()) return std::nullopt;
    if (claims->exp > now) {
      Shard& s = shards_[shard];
      std::lock_guard lock(s.mutex);
      if (s.verified.size() >= kMaxPerShard) {
        std::erase_if(s.verified, [&](const auto& entry) { return entry.second.exp <= now; });
        if (s.verified.size() >= kMaxPerShard) s.verified.clear();
      }
      s.verified.emplace(std::string(token), *claims);
    }
  }
  // The cache is shared by tenants: the tenant check is repeated on every hit.
  if (claims->tid != tenant.tenant.id.str() || claims->iss != tenant.issuer) return std::nullopt;
  if (claims->exp <= now) return std::nullopt;
  return claims;
}

}  // namespace sigid::oauth
