#include "oauth/keys/tenant_key_set.hpp"

namespace sigid::oauth {

std::string_view toString(KeyStatus status) {
  switch (status) {
    case KeyStatus::Next: return "next";
    case KeyStatus::Current: return "current";
    case KeyStatus::Retired: return "retired";
  }
  return "retired";
}

const core::crypto::SigningKey* TenantKeySet::current(core::crypto::JwsAlgorithm alg) const {
  auto found = current_.find(alg);
  return found == current_.end() ? nullptr : &found->second;
}

const core::crypto::VerificationKey* TenantKeySet::verificationKey(std::string_view kid, std::int64_t now) const {
  for (const auto& published : published_)
    if (published.key.kid() == kid && live(published, now)) return &published.key;
  return nullptr;
}

std::string TenantKeySet::jwks(std::int64_t now) const {
  std::string out = "{\"keys\":[";
  bool first = true;
  for (const auto& published : published_) {
    if (!live(published, now)) continue;
    if (!first) out += ',';
    out += published.jwk_json;
    first = false;
  }
  out += "]}";
  return out;
}

}  // namespace sigid::oauth
