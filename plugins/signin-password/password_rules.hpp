#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace signin_password {

// The tenant's password policy. Plugins cannot read tenant settings (Host has
// no kernel config), so the kernel hands the policy over in reserved answer
// and enrolment fields named "sigid.policy.*", after dropping any such field
// the browser sent (docs/hosted-pages.md, "Password policy").
struct PasswordRules {
  int min_length = 12;
  bool require_uppercase = false;
  bool require_lowercase = false;
  bool require_numbers = false;
  bool require_special_chars = false;
  int history_count = 0;  // reuse of the last N passwords (the current one included) is refused
  int max_age_days = 0;   // 0: never expires

  static PasswordRules fromFields(const std::map<std::string, std::string>& fields);
  // Empty when acceptable, else what the password lacks, in words.
  std::string problems(std::string_view password) const;
};

}  // namespace signin_password
