#include "password_rules.hpp"

#include <cctype>
#include <charconv>
#include <vector>

namespace signin_password {
namespace {

void readInt(const std::map<std::string, std::string>& fields, const std::string& key, int& out, int max) {
  auto it = fields.find(key);
  if (it == fields.end()) return;
  int value = 0;
  auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (ec == std::errc() && end == it->second.data() + it->second.size() && value >= 0 && value <= max) out = value;
}

void readBool(const std::map<std::string, std::string>& fields, const std::string& key, bool& out) {
  auto it = fields.find(key);
  if (it != fields.end()) out = it->second == "true";
}

}  // namespace

PasswordRules PasswordRules::fromFields(const std::map<std::string, std::string>& fields) {
  PasswordRules r;
  readInt(fields, "sigid.policy.min_length", r.min_length, 1024);
  readBool(fields, "sigid.policy.require_uppercase", r.require_uppercase);
  readBool(fields, "sigid.policy.require_lowercase", r.require_lowercase);
  readBool(fields, "sigid.policy.require_numbers", r.require_numbers);
  readBool(fields, "sigid.policy.require_special_chars", r.require_special_chars);
  readInt(fields, "sigid.policy.history_count", r.history_count, 24);
  readInt(fields, "sigid.policy.max_age_days", r.max_age_days, 3650);
  return r;
}

std::string PasswordRules::problems(std::string_view password) const {
  std::size_t length = 0;  // code points: a multi-byte character counts once
  bool upper = false, lower = false, digit = false, special = false;
  for (unsigned char c : password) {
    if ((c & 0xC0) != 0x80) ++length;
    if (std::isupper(c)) upper = true;
    else if (std::islower(c)) lower = true;
    else if (std::isdigit(c)) digit = true;
    else special = true;
  }
  std::vector<std::string> missing;
  if (length < static_cast<std::size_t>(min_length)) missing.push_back("at least " + std::to_string(min_length) + " characters");
  if (password.size() > 1024) missing.push_back("at most 1024 bytes");
  if (require_uppercase && !upper) missing.push_back("an upper-case letter");
  if (require_lowercase && !lower) missing.push_back("a lower-case letter");
  if (require_numbers && !digit) missing.push_back("a digit");
  if (require_special_chars && !special) missing.push_back("a symbol");
  std::string text;
  for (const auto& m : missing) text += (text.empty() ? "" : ", ") + m;
  return text;
}

}  // namespace signin_password
