#include "core/ids.hpp"

#include <cctype>
#include <chrono>
#include <cstdint>

#include "core/encoding.hpp"
#include "core/random.hpp"

namespace sigid::core {
namespace {

std::string format(std::string bytes) {
  std::string hex = hexEncode(bytes);
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' + hex.substr(16, 4) + '-' +
         hex.substr(20, 12);
}

}  // namespace

Uuid Uuid::v4() {
  std::string b = randomBytes(16);
  b[6] = char((std::uint8_t(b[6]) & 0x0F) | 0x40);
  b[8] = char((std::uint8_t(b[8]) & 0x3F) | 0x80);
  return Uuid(format(std::move(b)));
}

Uuid Uuid::v7() {
  std::string b = randomBytes(16);
  auto ms = std::uint64_t(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  for (int i = 0; i < 6; ++i) b[i] = char((ms >> (8 * (5 - i))) & 0xFF);
  b[6] = char((std::uint8_t(b[6]) & 0x0F) | 0x70);
  b[8] = char((std::uint8_t(b[8]) & 0x3F) | 0x80);
  return Uuid(format(std::move(b)));
}

std::optional<Uuid> Uuid::parse(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (out[i] != '-') return std::nullopt;
      continue;
    }
    if (!std::isxdigit(static_cast<unsigned char>(out[i]))) return std::nullopt;
    out[i] = char(std::tolower(static_cast<unsigned char>(out[i])));
  }
  return Uuid(std::move(out));
}

}  // namespace sigid::core
