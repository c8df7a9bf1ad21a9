#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/log.hpp"
#include "core/result.hpp"
#include "hosted/consent_store.hpp"
#include "hosted/csrf_guard.hpp"
#include "hosted/hosted_mail.hpp"
#include "hosted/page_renderer.hpp"
#include "hosted/password_resets.hpp"
#include "hosted/second_steps.hpp"
#include "hosted/session_store.hpp"
#include "hosted/sign_in_audit.hpp"
#include "hosted/sign_in_lockout.hpp"
#include "hosted/sign_in_methods.hpp"
#include "hosted/sign_in_rules.hpp"
#include "tenancy/invitation_service.hpp"
#include "tenancy/tenant_service.hpp"
#include "tenancy/user_service.hpp"

namespace sigid::hosted {

// An authorization waiting for the user's consent. Part B (/authorize) keeps
// these; the consent page only shows one and reports the decision.
struct ConsentRequest {
  std::string client_id;
  std::string client_name;          // the application's display name
  std::vector<std::string> scopes;  // what it asks for (the page describes each)
  std::string user_id;              // the signed-in user the request was made for
};

class ConsentRequests {
 public:
  virtual ~ConsentRequests() = default;
  virtual core::Result<std::optional<ConsentRequest>> find(const tenancy::Tenant& tenant,
                                                           std::string_view request_id) = 0;
  // After the decision (on allow, ConsentStore already holds the grant): where
  // the browser goes next, e.g. back to /authorize to finish, or to the client
  // with error=access_denied.
  virtual core::Result<std::string> decided(const tenancy::Tenant& tenant, std::string_view request_id,
                                            bool allowed) = 0;
};

// RP-initiated logout (part B): given the logout request's parameters
// (id_token_hint, post_logout_redirect_uri, state, client_id), the validated
// URL to send the browser to after sign-out, or nullopt to show our own page.
class LogoutRedirects {
 public:
  virtual ~LogoutRedirects() = default;
  virtual core::Result<std::optional<std::string>> afterLogout(const tenancy::Tenant& tenant,
                                                               const std::map<std::string, std::string>& params) = 0;
};

struct HostedOptions {
  bool secure_cookies = true;  // false only in dev mode (plain http)
};

// What the hosted handlers share; built once in app/kernel.cpp.
struct HostedContext {
  tenancy::TenantService& tenants;
  tenancy::UserService& users;
  tenancy::InvitationService& invitations;
  SessionStore& sessions;
  SignInLockout& lockout;
  PasswordResets& resets;
  ConsentStore& consents;
  SignInMethods& methods;
  SecondSteps& second_steps;
  SignInAudit& sign_in_audit;
  HostedMail& mail;
  const PageRenderer& pages;
  const CsrfGuard& csrf;
  core::Logger& logger;
  HostedOptions options;
  ConsentRequests* consent_requests = nullptr;  // null until part B wires /authorize
  LogoutRedirects* logout_redirects = nullptr;  // null until part B wires RP-initiated logout
  // The `signin` attach point and the demands of the authorization being
  // signed in for; null: only the tenant's require_mfa and enrolled factors count.
  SignInRules* sign_in_rules = nullptr;
};

}  // namespace sigid::hosted
