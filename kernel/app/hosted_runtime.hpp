#pragma once

#include <memory>

#include "admin/admin_context.hpp"
#include "admin/user_routes.hpp"
#include "app/config.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "hosted/hosted_context.hpp"
#include "hosted/smtp_mailer.hpp"
#include "http/router.hpp"
#include "plugins/plugin_instance_service.hpp"
#include "store/database.hpp"
#include "tenancy/invitation_service.hpp"
#include "tenancy/tenant_service.hpp"
#include "tenancy/user_service.hpp"

namespace sigid::app {

// Users, invitations, browser sessions and the hosted pages, built together.
// Part B (authorization code flow) reaches in here for what it plugs into:
// users() to add a refresh-token AccessRevocationHook, sessions() for
// auth_time/amr/acr, consents(), and context() to set consent_requests,
// logout_redirects and sign_in_rules before the server starts.
class HostedRuntime {
 public:
  HostedRuntime(const KernelConfig& config, store::Database& db, const core::Clock& clock, core::Logger& logger,
                tenancy::TenantService& tenants, admin::AdminContext& admin,
                plugins::PluginInstanceService& plugin_instances, const plugins::PluginRegistry& registry);
  ~HostedRuntime();

  void addRoutes(http::Router& router);

  tenancy::UserService& users() { return *users_; }
  hosted::SessionStore& sessions() { return *sessions_; }
  hosted::ConsentStore& consents() { return *consents_; }
  hosted::HostedContext& context() { return *context_; }

 private:
  std::unique_ptr<tenancy::UserService> users_;
  std::unique_ptr<hosted::SmtpMailer> mailer_;
  std::unique_ptr<hosted::HostedMail> mail_;
  std::unique_ptr<tenancy::InvitationService> invitations_;
  std::unique_ptr<hosted::SessionStore> sessions_;
  std::unique_ptr<hosted::SignInLockout> lockout_;
  std::unique_ptr<hosted::PasswordResets> resets_;
  std::unique_ptr<hosted::ConsentStore> consents_;
  std::unique_ptr<hosted::SignInMethods> methods_;
  std::unique_ptr<hosted::SecondSteps> second_steps_;
  std::unique_ptr<hosted::SignInAudit> sign_in_audit_;
  std::unique_ptr<hosted::PageRenderer> pages_;
  std::unique_ptr<hosted::CsrfGuard> csrf_;
  std::unique_ptr<hosted::HostedContext> context_;
  std::unique_ptr<admin::UserAdminContext> user_admin_;
};

}  // namespace sigid::app
