#pragma once

#include <string>
#include <string_view>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "store/database.hpp"
#include "tenancy/tenant_service.hpp"

namespace sigid::hosted {

// The audit events of sign-in and second factors that no other change
// carries in its own transaction (docs/audit.md: user.sign_in_failed,
// user.mfa_enrolled, user.mfa_removed). Targets are the tenant-local subject.
class SignInAudit {
 public:
  SignInAudit(store::Database& db, tenancy::TenantService& tenants) : db_(db), tenants_(tenants) {}

  // A sign-in refused after its first factor: `reason` is a fixed word
  // ("policy", "acr_unsupported", "second_factor_missing"), never policy text.
  core::Result<void> refused(const core::Actor& actor, const tenancy::Tenant& tenant, const std::string& subject,
                             std::string_view reason, std::string_view detail = {});
  core::Result<void> mfaEnrolled(const core::Actor& actor, const tenancy::Tenant& tenant, const std::string& subject,
                                 std::string_view method);
  core::Result<void> mfaRemoved(const core::Actor& actor, const tenancy::Tenant& tenant, const std::string& subject,
                                std::string_view method);

 private:
  core::Result<void> record(const core::Actor& actor, const tenancy::Tenant& tenant, events::DomainEvent event);

  store::Database& db_;
  tenancy::TenantService& tenants_;
};

}  // namespace sigid::hosted
