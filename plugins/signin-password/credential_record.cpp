#include "credential_record.hpp"

#include <charconv>

namespace signin_password {

std::string CredentialRecord::encode() const {
  std::string out = "v1\nset_at=" + std::to_string(set_at) + "\nphc=" + phc + "\n";
  for (const auto& old : history) out += "old=" + old + "\n";
  return out;
}

std::optional<CredentialRecord> CredentialRecord::decode(std::string_view text) {
  CredentialRecord r;
  bool versioned = false;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line == "v1") {
      versioned = true;
    } else if (line.starts_with("set_at=")) {
      auto digits = line.substr(7);
      if (std::from_chars(digits.data(), digits.data() + digits.size(), r.set_at).ec != std::errc()) return std::nullopt;
    } else if (line.starts_with("phc=")) {
      r.phc = std::string(line.substr(4));
    } else if (line.starts_with("old=")) {
      r.history.emplace_back(line.substr(4));
    } else if (!line.empty()) {
      return std::nullopt;
    }
  }
  if (!versioned || r.phc.empty()) return std::nullopt;
  return r;
}

}  // namespace signin_password
