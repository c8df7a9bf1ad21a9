#include "tenancy/user.hpp"

#include <algorithm>
#include <cctype>

#include "core/random.hpp"

namespace sigid::tenancy {

using core::Error;
using core::Result;

std::string_view toString(MembershipStatus status) {
  switch (status) {
    case MembershipStatus::Invited: return "invited";
    case MembershipStatus::Active: return "active";
    case MembershipStatus::Suspended: return "suspended";
    case MembershipStatus::Removed: return "removed";
  }
  return "removed";
}

std::optional<MembershipStatus> membershipStatusFrom(std::string_view text) {
  for (auto s : {MembershipStatus::Invited, MembershipStatus::Active, MembershipStatus::Suspended,
                 MembershipStatus::Removed}) {
    if (toString(s) == text) return s;
  }
  return std::nullopt;
}

Result<std::string> normaliseEmail(std::string_view email, const std::string& field) {
  auto first = email.find_first_not_of(" \t");
  auto last = email.find_last_not_of(" \t");
  std::string text = first == std::string_view::npos ? "" : std::string(email.substr(first, last - first + 1));
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  const Error bad = Error::invalidRequest(field + ": expected an e-mail address such as ann@example.com");
  auto at = text.find('@');
  if (text.size() > 254 || at == std::string::npos || at == 0 || at > 64 || text.find('@', at + 1) != std::string::npos)
    return bad;
  for (unsigned char c : text.substr(0, at)) {
    // Printable ASCII without the characters that end or quote an address.
    if (c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' ||
        c == '\\' || c == '[' || c == ']')
      return bad;
  }
  std::string_view domain = std::string_view(text).substr(at + 1);
  if (domain.empty() || domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos)
    return bad;
  for (unsigned char c : domain) {
    if (!(std::isalnum(c) || c == '-' || c == '.')) return bad;
  }
  return text;
}

std::string emailDomain(std::string_view email) {
  auto at = email.rfind('@');
  return at == std::string_view::npos ? "" : std::string(email.substr(at + 1));
}

bool emailDomainAllowed(const TenantSettings& settings, std::string_view email) {
  if (settings.allowed_domains.empty()) return true;
  const std::string domain = emailDomain(email);
  return std::find(settings.allowed_domains.begin(), settings.allowed_domains.end(), domain) !=
         settings.allowed_domains.end();
}

Result<void> validatePersonName(std::string_view name, const std::string& field) {
  if (name.size() > 200) return Error::invalidRequest(field + ": at most 200 characters");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return Error::invalidRequest(field + ": control characters are not allowed");
  }
  return core::success();
}

Result<void> validateRoles(const std::vector<std::string>& roles, const std::string& field) {
  if (roles.size() > 50) return Error::invalidRequest(field + ": at most 50 roles");
  for (const auto& role : roles) {
    bool ok = !role.empty() && role.size() <= 64 && std::all_of(role.begin(), role.end(), [](unsigned char c) {
      return std::islower(c) || std::isdigit(c) || c == '_' || c == '-' || c == ':';
    });
    if (!ok) return Error::invalidRequest(field + ": each role is 1 to 64 characters of a-z, 0-9, _, - and :");
  }
  return core::success();
}

std::string joinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> splitWords(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto space = text.find(' ', start);
    if (space == std::string_view::npos) space = text.size();
    if (space > start) out.emplace_back(text.substr(start, space - start));
    start = space + 1;
  }
  return out;
}

std::string newSubject() { return core::randomToken(16); }

Result<void> checkPasswordPolicy(const PasswordPolicy& policy, std::string_view password, const std::string& field) {
  // Length in code points, not bytes: a passphrase in Greek is not twice as strong.
  std::size_t length = 0;
  bool upper = false, lower = false, digit = false, special = false;
  for (unsigned char c : password) {
    if ((c & 0xC0) != 0x80) ++length;
    if (std::isupper(c)) upper = true;
    else if (std::islower(c)) lower = true;
    else if (std::isdigit(c)) digit = true;
    else special = true;  // punctuation, spaces and any non-ASCII character
  }
  std::vector<std::string> missing;
  if (length < static_cast<std::size_t>(policy.min_length))
    missing.push_back("at least " + std::to_string(policy.min_length) + " characters");
  if (password.size() > 1024) missing.push_back("at most 1024 bytes");
  if (policy.require_uppercase && !upper) missing.push_back("an upper-case letter");
  if (policy.require_lowercase && !lower) missing.push_back("a lower-case letter");
  if (policy.require_numbers && !digit) missing.push_back("a digit");
  if (policy.require_special_chars && !special) missing.push_back("a symbol");
  if (missing.empty()) return core::success();
  std::string text;
  for (const auto& m : missing) text += (text.empty() ? "" : ", ") + m;
  return Error::invalidRequest(field + ": the password needs " + text);
}

}  // namespace sigid::tenancy
