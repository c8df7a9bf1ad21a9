#include "core/crypto/envelope.hpp"

#include "core/crypto/aead.hpp"
#include "core/encoding.hpp"

namespace sigid::core::crypto {
namespace {

constexpr std::string_view kSealedPrefix = "sg1.";

// Length-prefixed fields, so no choice of purpose or id can make two different
// (tenant, purpose, key) triples produce the same associated data.
void field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
}

std::string associatedData(std::string_view label, const TenantId& tenant, std::string_view key_id,
                           std::string_view purpose) {
  std::string ad;
  field(ad, label);
  field(ad, tenant.str());
  field(ad, key_id);
  field(ad, purpose);
  return ad;
}

}  // namespace

Result<std::string> wrapDataKey(std::string_view master_key, const TenantId& tenant, std::string_view key_id,
                                std::string_view data_key) {
  return aeadSeal(master_key, data_key, associatedData("sigid/data-key/v1", tenant, key_id, ""));
}

Result<std::string> unwrapDataKey(std::string_view master_key, const TenantId& tenant, std::string_view key_id,
                                  std::string_view wrapped) {
  SIGID_TRY(auto key, aeadOpen(master_key, wrapped, associatedData("sigid/data-key/v1", tenant, key_id, "")));
  if (key.size() != kAeadKeySize) return Error::internal("unwrapped data key has the wrong size");
  return key;
}

Result<std::string> sealWithDataKey(std::string_view data_key, std::string_view key_id, const TenantId& tenant,
                                    std::string_view purpose, std::string_view plaintext) {
  if (key_id.find('.') != std::string_view::npos) return Error::internal("data key id must not contain '.'");
  SIGID_TRY(auto blob, aeadSeal(data_key, plaintext, associatedData("sigid/sealed/v1", tenant, key_id, purpose)));
  std::string out(kSealedPrefix);
  out += key_id;
  out += '.';
  out += base64UrlEncode(blob);
  return out;
}

Result<std::string> openWithDataKey(std::string_view data_key, std::string_view key_id, const TenantId& tenant,
                                    std::string_view purpose, std::string_view sealed) {
  auto named = sealedKeyId(sealed);
  if (!named || *named != key_id) return Error::internal("sealed text does not name this data key");
  auto blob = base64UrlDecode(sealed.substr(kSealedPrefix.size() + key_id.size() + 1));
  if (!blob) return Error::internal("sealed text is not base64url");
  return aeadOpen(data_key, *blob, associatedData("sigid/sealed/v1", tenant, key_id, purpose));
}

std::optional<std::string> sealedKeyId(std::string_view sealed) {
  if (sealed.substr(0, kSealedPrefix.size()) != kSealedPrefix) return std::nullopt;
  sealed.remove_prefix(kSealedPrefix.size());
  auto dot = sealed.find('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  return std::string(sealed.substr(0, dot));
}

}  // namespace sigid::core::crypto
