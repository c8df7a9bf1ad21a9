#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"

namespace Poco::JSON {
class Object;
}

namespace sigid::tenancy {

// Typed tenant settings with their defaults. Later modules read these fields
// (sessions, password sign-in, lockout, hosted-page branding).
struct PasswordPolicy {
  int min_length = 12;
  bool require_uppercase = false;
  bool require_lowercase = false;
  bool require_numbers = false;
  bool require_special_chars = false;
  int password_history_count = 0;  // 0: no history kept
  int max_age_days = 0;            // 0: passwords do not expire
};

struct LockoutPolicy {
  int max_attempts = 5;
  int lockout_duration_minutes = 15;
  int reset_after_minutes = 60;  // failed attempts older than this are forgotten
};

struct Branding {
  std::string display_name;  // empty: the tenant name
  std::string logo_url;      // https
  std::string primary_color = "#1f4fd1";
  std::string background_color = "#ffffff";
  std::string privacy_url;
  std::string terms_url;
};

struct SupportContact {
  std::string email;
  std::string url;
};

struct TenantSettings {
  int session_timeout_minutes = 60;
  int max_sessions_per_user = 10;
  bool require_mfa = false;
  PasswordPolicy password_policy;
  LockoutPolicy lockout_policy;
  std::vector<std::string> allowed_domains;  // empty: any e-mail domain may sign up
  Branding branding;
  SupportContact support_contact;
};

// Applies the members present in `json` on top of `base` (a PATCH; pass
// defaults for a full replace). Unknown members, wrong types and values out of
// range are 400s naming the member path, e.g. "settings.lockout_policy.max_attempts".
core::Result<TenantSettings> applySettingsJson(TenantSettings base, const Poco::JSON::Object& json,
                                               const std::string& path = "settings");

std::string settingsToJson(const TenantSettings& settings);
// Parses what settingsToJson wrote (stored settings).
core::Result<TenantSettings> settingsFromJson(const std::string& text);

}  // namespace sigid::tenancy
