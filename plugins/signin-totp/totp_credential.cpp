#include "totp_credential.hpp"

#include <charconv>

namespace signin_totp {

namespace {

bool readInt(std::string_view digits, std::int64_t& out) {
  return std::from_chars(digits.data(), digits.data() + digits.size(), out).ec == std::errc();
}

}  // namespace

std::string credentialKey(std::string_view subject) { return "totp:" + std::string(subject); }

std::string TotpCredential::encode() const {
  std::string out = "v1\n";
  if (!sealed_secret.empty()) out += "secret=" + sealed_secret + "\nenrolled_at=" + std::to_string(enrolled_at) + "\n";
  out += "last_step=" + std::to_string(last_step) + "\n";
  if (!sealed_pending.empty()) out += "pending=" + sealed_pending + "\npending_at=" + std::to_string(pending_at) + "\n";
  return out;
}

std::optional<TotpCredential> TotpCredential::decode(std::string_view text) {
  TotpCredential r;
  bool versioned = false;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    bool ok = true;
    if (line == "v1") versioned = true;
    else if (line.starts_with("secret=")) r.sealed_secret = std::string(line.substr(7));
    else if (line.starts_with("enrolled_at=")) ok = readInt(line.substr(12), r.enrolled_at);
    else if (line.starts_with("last_step=")) ok = readInt(line.substr(10), r.last_step);
    else if (line.starts_with("pending=")) r.sealed_pending = std::string(line.substr(8));
    else if (line.starts_with("pending_at=")) ok = readInt(line.substr(11), r.pending_at);
    else if (!line.empty()) ok = false;
    if (!ok) return std::nullopt;
  }
  if (!versioned) return std::nullopt;
  return r;
}

}  // namespace signin_totp
