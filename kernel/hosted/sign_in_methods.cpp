#include "hosted/sign_in_methods.hpp"

#include <algorithm>

#include "plugins/plugin_call.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::hosted {

using core::Error;
using core::Result;

std::map<std::string, std::string> policyFields(const tenancy::PasswordPolicy& p) {
  auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
  return {{"sigid.policy.min_length", std::to_string(p.min_length)},
          {"sigid.policy.require_uppercase", flag(p.require_uppercase)},
          {"sigid.policy.require_lowercase", flag(p.require_lowercase)},
          {"sigid.policy.require_numbers", flag(p.require_numbers)},
          {"sigid.policy.require_special_chars", flag(p.require_special_chars)},
          {"sigid.policy.history_count", std::to_string(p.password_history_count)},
          {"sigid.policy.max_age_days", std::to_string(p.max_age_days)}};
}

bool isFirstFactor(const sdk::MethodDescription& description) {
  const auto& fields = description.input_fields;
  return std::find(fields.begin(), fields.end(), "email") != fields.end();
}

void dropReservedFields(std::map<std::string, std::string>& fields) {
  std::erase_if(fields, [](const auto& entry) { return entry.first.starts_with("sigid."); });
}

namespace {

// Pages show a method's own words ("the e-mail address or password is
// incorrect"), without the "plugin <id>: " the backstop puts in front for admins.
template <class T>
Result<T> inOwnWords(std::string_view plugin_id, Result<T> result) {
  if (result.ok()) return result;
  const std::string prefix = "plugin " + std::string(plugin_id) + ": ";
  const Error& error = result.error();
  if (error.code() == core::ErrorCode::Internal || !error.description().starts_with(prefix)) return result;
  return Error(error.code(), error.description().substr(prefix.size())).withDetail(error.detail());
}

}  // namespace

Result<std::shared_ptr<plugins::PluginInstance<sdk::SignInMethod>>> SignInMethods::open(const tenancy::Tenant& tenant,
                                                                                        std::string_view plugin_id) {
  return instances_.open<sdk::SignInMethod>(store::TenantScope(tenant.id), plugin_id);
}

Result<std::vector<SignInOption>> SignInMethods::enabled(const tenancy::Tenant& tenant) {
  SIGID_TRY(auto views, instances_.list(store::TenantScope(tenant.id)));
  std::vector<SignInOption> out;
  for (const auto& view : views) {
    const auto* plugin = registry_.find(view.plugin_id);
    if (!view.enabled || !plugin || !plugin->kinds.contains(sdk::Kind::SignInMethod)) continue;
    auto instance = open(tenant, view.plugin_id);
    if (!instance) continue;
    auto method = *instance;
    auto description = plugins::pluginCall(view.plugin_id, &instances_.faults(), [&] { return method->get().describe(); });
    if (!description) continue;
    out.push_back(SignInOption{view.plugin_id, std::move(*description)});
  }
  return out;
}

Result<std::optional<SignInOption>> SignInMethods::passwordMethod(const tenancy::Tenant& tenant) {
  SIGID_TRY(auto options, enabled(tenant));
  for (auto& option : options) {
    if (option.description.method_id == "password") return std::optional<SignInOption>{std::move(option)};
  }
  return std::optional<SignInOption>{};
}

Result<SignInOption> SignInMethods::option(const tenancy::Tenant& tenant, std::string_view plugin_id,
                                          bool first_factor) {
  SIGID_TRY(auto options, enabled(tenant));
  for (auto& option : options) {
    if (option.plugin_id == plugin_id && isFirstFactor(option.description) == first_factor) return std::move(option);
  }
  return Error::notFound("no such sign-in method");
}

Result<sdk::VerifiedSubject> SignInMethods::authenticate(const tenancy::Tenant& tenant, std::string_view plugin_id,
                                                         const sdk::SignInContext& context,
                                                         std::map<std::string, std::string> fields) {
  // A second factor alone must never sign anyone in, whatever a form names.
  SIGID_CHECK(option(tenant, plugin_id, true));
  SIGID_TRY(auto instance, open(tenant, plugin_id));
  auto& method = instance->get();
  const std::string id(plugin_id);
  SIGID_TRY(sdk::Challenge challenge,
            plugins::pluginCall(id, &instances_.faults(), [&] { return method.begin(context); }));
  if (!challenge.display.empty())
    return Error::invalidRequest("this sign-in method needs a second step, which this page does not offer yet");
  dropReservedFields(fields);
  fields.merge(policyFields(tenant.settings.password_policy));
  sdk::Answer answer{challenge.state, std::move(fields)};
  return inOwnWords(id, plugins::pluginCall(id, &instances_.faults(), [&] { return method.complete(context, answer); }));
}

Result<void> SignInMethods::setPassword(const tenancy::Tenant& tenant, const std::string& subject,
                                        const std::string& password) {
  SIGID_TRY(auto option, passwordMethod(tenant));
  if (!option) return Error::notFound("password sign-in is not enabled for this tenant");
  SIGID_TRY(auto instance, open(tenant, option->plugin_id));
  sdk::EnrolmentInput input{subject, policyFields(tenant.settings.password_policy)};
  input.fields["password"] = password;
  sdk::SignInContext context{tenant.id.str(), subject, "", "", ""};
  SIGID_CHECK(inOwnWords(option->plugin_id, plugins::pluginCall(option->plugin_id, &instances_.faults(), [&] {
                           return instance->get().enrol(context, input);
                         })));
  return core::success();
}

Result<std::vector<SignInOption>> SignInMethods::secondFactors(const tenancy::Tenant& tenant) {
  SIGID_TRY(auto options, enabled(tenant));
  std::erase_if(options, [](const SignInOption& o) { return isFirstFactor(o.description); });
  return options;
}

Result<std::optional<SecondFactorChallenge>> SignInMethods::secondFactorFor(const tenancy::Tenant& tenant,
                                                                           const sdk::SignInContext& context) {
  SIGID_TRY(auto options, secondFactors(tenant));
  for (auto& option : options) {
    SIGID_TRY(auto begun, challenge(tenant, option, context));
    if (begun) return std::optional<SecondFactorChallenge>{SecondFactorChallenge{std::move(option), std::move(*begun)}};
  }
  return std::optional<SecondFactorChallenge>{};
}

Result<std::optional<sdk::Challenge>> SignInMethods::challenge(const tenancy::Tenant& tenant, const SignInOption& option,
                                                               const sdk::SignInContext& context) {
  if (isFirstFactor(option.description)) return Error::notFound("no such second factor");
  SIGID_TRY(auto instance, open(tenant, option.plugin_id));
  auto begun =
      plugins::pluginCall(option.plugin_id, &instances_.faults(), [&] { return instance->get().begin(context); });
  // NotFound: the subject has not set this factor up (a normal answer, not a failure).
  if (!begun && begun.error().code() == core::ErrorCode::NotFound) return std::optional<sdk::Challenge>{};
  if (!begun) return std::move(begun).error();
  return std::optional<sdk::Challenge>{std::move(*begun)};
}

Result<sdk::VerifiedSubject> SignInMethods::answer(const tenancy::Tenant& tenant, std::string_view plugin_id,
                                                   const sdk::SignInContext& context, const std::string& state,
                                                   std::map<std::string, std::string> fields) {
  SIGID_CHECK(option(tenant, plugin_id, false));
  SIGID_TRY(auto instance, open(tenant, plugin_id));
  dropReservedFields(fields);
  sdk::Answer answer{state, std::move(fields)};
  const std::string id(plugin_id);
  return inOwnWords(id, plugins::pluginCall(id, &instances_.faults(),
                                            [&] { return instance->get().complete(context, answer); }));
}

Result<sdk::Enrolment> SignInMethods::enrol(const tenancy::Tenant& tenant, std::string_view plugin_id,
                                            const std::string& subject, std::map<std::string, std::string> fields,
                                            const std::map<std::string, std::string>& reserved) {
  SIGID_CHECK(option(tenant, plugin_id, false));
  SIGID_TRY(auto instance, open(tenant, plugin_id));
  dropReservedFields(fields);
  for (const auto& [key, value] : reserved) fields["sigid." + key] = value;
  sdk::EnrolmentInput input{subject, std::move(fields)};
  sdk::SignInContext context{tenant.id.str(), subject, "", "", ""};
  const std::string id(plugin_id);
  return inOwnWords(id, plugins::pluginCall(id, &instances_.faults(),
                                            [&] { return instance->get().enrol(context, input); }));
}

Result<void> SignInMethods::removeCredential(const tenancy::Tenant& tenant, std::string_view plugin_id,
                                             const std::string& subject) {
  SIGID_CHECK(option(tenant, plugin_id, false));
  SIGID_TRY(auto instance, open(tenant, plugin_id));
  sdk::SignInContext context{tenant.id.str(), subject, "", "", ""};
  const std::string id(plugin_id);
  return inOwnWords(id, plugins::pluginCall(id, &instances_.faults(),
                                            [&] { return instance->get().removeCredential(context, subject); }));
}

}  // namespace sigid::hosted
