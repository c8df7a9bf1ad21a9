#include "hosted/sign_in_audit.hpp"

#include "core/log.hpp"
#include "events/event_types.hpp"

namespace sigid::hosted {

using core::Result;

namespace {

std::string object(std::initializer_list<std::pair<std::string_view, std::string_view>> members) {
  std::string out = "{";
  for (const auto& [key, value] : members) {
    if (value.empty()) continue;
    if (out.size() > 1) out += ',';
    core::appendJsonString(out, key);
    out += ':';
    core::appendJsonString(out, value);
  }
  return out + "}";
}

}  // namespace

Result<void> SignInAudit::record(const core::Actor& actor, const tenancy::Tenant& tenant, events::DomainEvent event) {
  return db_.transaction([&](store::Connection& c) { return tenants_.audit(c, actor, tenant, event); });
}

Result<void> SignInAudit::refused(const core::Actor& actor, const tenancy::Tenant& tenant, const std::string& subject,
                                  std::string_view reason, std::string_view detail) {
  return record(actor, tenant,
                {std::string(events::types::kUserSignInFailed), "user", subject, events::Outcome::Failure,
                 object({{"reason", reason}, {"detail", detail}})});
}

Result<void> SignInAudit::mfaEnrolled(const core::Actor& actor, const tenancy::Tenant& tenant,
                                      const std::string& subject, std::string_view method) {
  return record(actor, tenant,
                {std::string(events::types::kUserMfaEnrolled), "user", subject, events::Outcome::Success,
                 object({{"method", method}})});
}

Result<void> SignInAudit::mfaRemoved(const core::Actor& actor, const tenancy::Tenant& tenant,
                                     const std::string& subject, std::string_view method) {
  return record(actor, tenant,
                {std::string(events::types::kUserMfaRemoved), "user", subject, events::Outcome::Success,
                 object({{"method", method}})});
}

}  // namespace sigid::hosted
