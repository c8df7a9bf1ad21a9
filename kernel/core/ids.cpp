#include "core/ids.hpp"

#include <cctype>
#include <chrono>
#include <cstdint>
#include <mutex>

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
  // RFC 9562 §6.2 method 1: a 12-bit counter in rand_a keeps ids made in the
  // same millisecond in creation order within this process, so a v7 primary
  // key sorts the way rows were written (cursor paging relies on it).
  static std::mutex mutex;
  static std::uint64_t last_ms = 0;
  static std::uint16_t counter = 0;
  auto now = std::uint64_t(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
  std::uint64_t ms;
  std::uint16_t seq;
  {
    std::lock_guard lock(mutex);
    if (now > last_ms) {
      last_ms = now;
      counter = 0;
    } else if (++counter > 0x0FFF) {  // 4096 ids in one millisecond: borrow the next one
      ++last_ms;
      counter = 0;
    }
    ms = last_ms;
    seq = counter;
  }
  std::string b = randomBytes(16);
  for (int i = 0; i < 6; ++i) b[i] = char((ms >> (8 * (5 - i))) & 0xFF);
  b[6] = char(0x70 | ((seq >> 8) & 0x0F));
  b[7] = char(seq & 0xFF);
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
