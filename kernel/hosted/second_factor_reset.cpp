#include "hosted/second_factor_reset.hpp"

namespace sigid::hosted {

core::Result<bool> hasSecondFactor(SignInMethods& methods, const tenancy::Tenant& tenant, const SignInOption& option,
                                   const std::string& subject) {
  if (subject.empty()) return false;
  sdk::SignInContext context{tenant.id.str(), subject, "", "", ""};
  SIGID_TRY(auto begun, methods.challenge(tenant, option, context));
  return begun.has_value();
}

core::Result<std::vector<std::string>> resetSecondFactors(SignInMethods& methods, SignInAudit& audit,
                                                          const core::Actor& actor, const tenancy::Tenant& tenant,
                                                          const std::string& subject) {
  std::vector<std::string> removed;
  SIGID_TRY(auto options, methods.secondFactors(tenant));
  for (const auto& option : options) {
    SIGID_TRY(bool set_up, hasSecondFactor(methods, tenant, option, subject));
    if (!set_up) continue;
    SIGID_CHECK(methods.removeCredential(tenant, option.plugin_id, subject));
    SIGID_CHECK(audit.mfaRemoved(actor, tenant, subject, option.description.method_id));
    removed.push_back(option.description.method_id);
  }
  return removed;
}

}  // namespace sigid::hosted
