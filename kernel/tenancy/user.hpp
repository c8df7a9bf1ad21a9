#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "tenancy/tenant_settings.hpp"

namespace sigid::tenancy {

enum class MembershipStatus { Invited, Active, Suspended, Removed };

std::string_view toString(MembershipStatus status);
std::optional<MembershipStatus> membershipStatusFrom(std::string_view text);

// A user as one tenant sees them. `user_id` is the global account's internal
// id: kernel code may key on it, but it never leaves the kernel (the wire,
// tokens and plugins see `subject`, the tenant's pairwise identifier).
struct Member {
  std::string user_id;
  std::string subject;
  std::string email;
  std::string name;
  MembershipStatus status = MembershipStatus::Active;
  std::vector<std::string> roles;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// Trimmed and lower-cased, then checked for one '@' between a plausible local
// part and a dotted domain. The whole address is lower-cased, not just the
// domain: "Ann@x.com" and "ann@x.com" are the same person at every mail
// provider people use, and one account per address is the invariant.
core::Result<std::string> normaliseEmail(std::string_view email, const std::string& field = "email");
std::string emailDomain(std::string_view normalised_email);
// The tenant's allowed_domains (empty: any); a subdomain does not match its parent.
bool emailDomainAllowed(const TenantSettings& settings, std::string_view normalised_email);
core::Result<void> validatePersonName(std::string_view name, const std::string& field = "name");
// Roles: 1-64 characters of a-z 0-9 _ - : each, at most 50.
core::Result<void> validateRoles(const std::vector<std::string>& roles, const std::string& field = "roles");
std::string joinWords(const std::vector<std::string>& words);
std::vector<std::string> splitWords(std::string_view text);

// A fresh pairwise subject: 128 random bits, base64url. Random rather than
// derived from the user id, so nothing computed from one tenant's `sub`
// (or a leaked key) relates it to another tenant's.
std::string newSubject();

// The tenant's password policy as a pure check (length, character classes).
// History and age need the stored credential and are the sign-in method's.
core::Result<void> checkPasswordPolicy(const PasswordPolicy& policy, std::string_view password,
                                       const std::string& field = "password");

}  // namespace sigid::tenancy
