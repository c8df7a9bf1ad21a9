#include "argon2_hasher.hpp"

#include <argon2.h>

#include <charconv>
#include <vector>

namespace signin_password {
namespace {

constexpr std::uint32_t kHashBytes = 32;

std::optional<std::uint32_t> number(std::string_view text) {
  std::uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Argon2Params> phcParams(std::string_view phc) {
  constexpr std::string_view kPrefix = "$argon2id$v=19$";
  if (!phc.starts_with(kPrefix)) return std::nullopt;
  std::string_view rest = phc.substr(kPrefix.size());
  std::string_view list = rest.substr(0, rest.find('$'));
  Argon2Params p{0, 0, 0};
  while (!list.empty()) {
    std::string_view item = list.substr(0, list.find(','));
    list.remove_prefix(std::min(list.size(), item.size() + 1));
    if (item.size() < 3 || item[1] != '=') return std::nullopt;
    auto value = number(item.substr(2));
    if (!value) return std::nullopt;
    if (item[0] == 'm') p.memory_kib = *value;
    else if (item[0] == 't') p.iterations = *value;
    else if (item[0] == 'p') p.parallelism = *value;
    else return std::nullopt;
  }
  if (p.memory_kib == 0 || p.iterations == 0 || p.parallelism == 0) return std::nullopt;
  return p;
}

std::string Argon2Hasher::hash(std::string_view password, std::string_view salt) const {
  std::size_t length = argon2_encodedlen(params_.iterations, params_.memory_kib, params_.parallelism,
                                         static_cast<std::uint32_t>(salt.size()), kHashBytes, Argon2_id);
  std::vector<char> encoded(length);
  int rc = argon2id_hash_encoded(params_.iterations, params_.memory_kib, params_.parallelism, password.data(),
                                 password.size(), salt.data(), salt.size(), kHashBytes, encoded.data(), length);
  if (rc != ARGON2_OK) return {};
  return std::string(encoded.data());
}

bool Argon2Hasher::verify(const std::string& phc, std::string_view password) const {
  return argon2id_verify(phc.c_str(), password.data(), password.size()) == ARGON2_OK;
}

bool Argon2Hasher::needsRehash(std::string_view phc) const {
  auto made_with = phcParams(phc);
  return !made_with || !(*made_with == params_);
}

}  // namespace signin_password
