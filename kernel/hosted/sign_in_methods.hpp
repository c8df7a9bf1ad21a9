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

  // begin + complete for a one-step method. AccessDenied carries the method's
  // message (the same for unknown accounts and wrong secrets).
  core::Result<sdk::VerifiedSubject> authenticate(const tenancy::Tenant& tenant, std::string_view plugin_id,
                                                  const sdk::SignInContext& context,
                                                  std::map<std::string, std::string> fields);
  // Sets the subject's password through the tenant's password method (policy,
  // history). NotFound when the tenant has no password method enabled.
  core::Result<void> setPassword(const tenancy::Tenant& tenant, const std::string& subject,
                                 const std::string& password);

 private:
  core::Result<std::shared_ptr<plugins::PluginInstance<sdk::SignInMethod>>> open(const tenancy::Tenant& tenant,
                                                                                 std::string_view plugin_id);

  plugins::PluginInstanceService& instances_;
  const plugins::PluginRegistry& registry_;
};

// The reserved fields that carry a password policy to a sign-in method.
std::map<std::string, std::string> policyFields(const tenancy::PasswordPolicy& policy);
// Drops fields a browser must not set (the reserved "sigid." namespace).
void dropReservedFields(std::map<std::string, std::string>& fields);

}  // namespace sigid::hosted
