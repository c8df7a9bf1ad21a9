#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "plugins/plugin_instance_service.hpp"
#include "plugins/plugin_registry.hpp"
#include "sigid/sdk/sign_in_method.hpp"
#include "tenancy/tenant.hpp"

namespace sigid::hosted {

struct SignInOption {
  std::string plugin_id;
  sdk::MethodDescription description;
};

// A second-factor method the subject has set up, and the challenge it began.
struct SecondFactorChallenge {
  SignInOption option;
  sdk::Challenge challenge;
};

// The login form identifies the user by e-mail: a method that does not ask for
// one can only confirm a subject already identified, so it is a second factor
// (the code page and the enrolment page), never a way in on its own.
bool isFirstFactor(const sdk::MethodDescription& description);

// The kernel's side of the SignInMethod contract: which methods a tenant has
// enabled, and calls into them through the plugin backstop. The tenant's
// password policy travels to methods as "sigid.policy.*" fields (Host has no
// tenant settings); any field of that name a browser sent is dropped first.
class SignInMethods {
 public:
  SignInMethods(plugins::PluginInstanceService& instances, const plugins::PluginRegistry& registry)
      : instances_(instances), registry_(registry) {}

  // Enabled sign-in method instances of the tenant, in plugin id order. A
  // method that fails to describe itself is left out (and logged by the backstop).
  core::Result<std::vector<SignInOption>> enabled(const tenancy::Tenant& tenant);
  // The enabled method whose method_id is "password", if any.
  core::Result<std::optional<SignInOption>> passwordMethod(const tenancy::Tenant& tenant);

  // begin + complete for a one-step first-factor method. AccessDenied carries
  // the method's message (the same for unknown accounts and wrong secrets);
  // NotFound for an unknown, disabled or second-factor-only method.
  core::Result<sdk::VerifiedSubject> authenticate(const tenancy::Tenant& tenant, std::string_view plugin_id,
                                                  const sdk::SignInContext& context,
                                                  std::map<std::string, std::string> fields);
  // Sets the subject's password through the tenant's password method (policy,
  // history). NotFound when the tenant has no password method enabled.
  core::Result<void> setPassword(const tenancy::Tenant& tenant, const std::string& subject,
                                 const std::string& password);

  // Enabled second-factor methods (isFirstFactor false), in plugin id order.
  core::Result<std::vector<SignInOption>> secondFactors(const tenancy::Tenant& tenant);
  // The first second-factor method whose begin() gives the subject a
  // challenge; nullopt when the subject has none set up (begin: NotFound).
  core::Result<std::optional<SecondFactorChallenge>> secondFactorFor(const tenancy::Tenant& tenant,
                                                                    const sdk::SignInContext& context);
  // begin() of one second-factor method: nullopt when the subject has not set it up.
  core::Result<std::optional<sdk::Challenge>> challenge(const tenancy::Tenant& tenant, const SignInOption& option,
                                                        const sdk::SignInContext& context);
  // complete() of a second-factor method for the challenge it began.
  core::Result<sdk::VerifiedSubject> answer(const tenancy::Tenant& tenant, std::string_view plugin_id,
                                            const sdk::SignInContext& context, const std::string& state,
                                            std::map<std::string, std::string> fields);
  // enrol() / removeCredential() of a second-factor method for `subject`.
  // `fields` come from a browser (reserved names dropped); `reserved` are the
  // kernel's own "sigid." fields (issuer and account label).
  core::Result<sdk::Enrolment> enrol(const tenancy::Tenant& tenant, std::string_view plugin_id,
                                     const std::string& subject, std::map<std::string, std::string> fields,
                                     const std::map<std::string, std::string>& reserved);
  core::Result<void> removeCredential(const tenancy::Tenant& tenant, std::string_view plugin_id,
                                      const std::string& subject);

 private:
  core::Result<std::shared_ptr<plugins::PluginInstance<sdk::SignInMethod>>> open(const tenancy::Tenant& tenant,
                                                                                 std::string_view plugin_id);
  // The enabled option of that plugin id when its kind of step matches.
  core::Result<SignInOption> option(const tenancy::Tenant& tenant, std::string_view plugin_id, bool first_factor);

  plugins::PluginInstanceService& instances_;
  const plugins::PluginRegistry& registry_;
};

// The reserved fields that carry a password policy to a sign-in method.
std::map<std::string, std::string> policyFields(const tenancy::PasswordPolicy& policy);
// Drops fields a browser must not set (the reserved "sigid." namespace).
void dropReservedFields(std::map<std::string, std::string>& fields);

}  // namespace sigid::hosted
