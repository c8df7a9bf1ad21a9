#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "tenancy/tenant_settings.hpp"

namespace sigid::tenancy {

enum class TenantStatus { Active, Suspended };

std::string_view toString(TenantStatus status);

struct Tenant {
  core::TenantId id;
  std::string slug;
  std::string name;
  std::string plan;
  TenantStatus status = TenantStatus::Active;
  TenantSettings settings;
  std::int64_t config_version = 1;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  bool isSystem() const { return id.str() == core::kSystemTenantId; }
};

// Slugs appear in issuer URLs (/t/{slug}) and never change: 3–63 characters of
// a-z, 0-9 and single hyphens, starting with a letter. A few names are reserved
// for the platform itself.
core::Result<void> validateSlug(std::string_view slug, const std::string& field = "slug");
core::Result<void> validateTenantName(std::string_view name, const std::string& field = "name");
core::Result<void> validatePlan(std::string_view plan, const std::string& field = "plan");

}  // namespace sigid::tenancy
