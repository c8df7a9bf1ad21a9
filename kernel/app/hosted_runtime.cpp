#include "app/hosted_runtime.hpp"

#include "core/encoding.hpp"
#include "core/hashing.hpp"
#include "core/random.hpp"
#include "hosted/hosted_routes.hpp"
#include "hosted/second_factor_reset.hpp"

namespace sigid::app {
namespace {

// Every node must mint and accept the same CSRF tokens, so the key derives
// from the master key. Without one (dev) a per-process key is enough: forms
// open across a restart simply ask to be reloaded.
std::string csrfKey(const KernelConfig& config, core::Logger& logger) {
  if (auto master = core::base64Decode(config.security.master_key); master && master->size() == 32)
    return core::hmacSha256(*master, "sigid/hosted/csrf/v1");
  logger.warning("no security.master_key: hosted-page CSRF tokens use a per-process key (dev only)");
  return core::randomBytes(32);
}

hosted::SmtpOptions smtpOptions(const SmtpConfig& c) {
  return hosted::SmtpOptions{c.host, c.port, c.from, c.tls, c.username, c.password, c.timeout};
}

admin::SessionSummary summary(const hosted::BrowserSession& s) {
  return admin::SessionSummary{s.id, s.created_at, s.last_seen_at, s.auth_time, s.amr, s.acr, s.ip, s.user_agent};
}

}  // namespace

HostedRuntime::HostedRuntime(const KernelConfig& config, store::Database& db, const core::Clock& clock,
                             core::Logger& logger, tenancy::TenantService& tenants, admin::AdminContext& admin,
                             plugins::PluginInstanceService& plugin_instances,
                             const plugins::PluginRegistry& registry) {
  users_ = std::make_unique<tenancy::UserService>(db, clock, tenants);
  mailer_ = std::make_unique<hosted::SmtpMailer>(smtpOptions(config.smtp));
  mail_ = std::make_unique<hosted::HostedMail>(*mailer_, config.http.public_base_url);
  invitations_ = std::make_unique<tenancy::InvitationService>(db, clock, tenants, *users_, *mail_);
  sessions_ = std::make_unique<hosted::SessionStore>(db, clock, tenants);
  users_->addRevocationHook(*sessions_);
  lockout_ = std::make_unique<hosted::SignInLockout>(db, clock);
  resets_ = std::make_unique<hosted::PasswordResets>(db, clock);
  consents_ = std::make_unique<hosted::ConsentStore>(db, clock, tenants);
  methods_ = std::make_unique<hosted::SignInMethods>(plugin_instances, registry);
  second_steps_ = std::make_unique<hosted::SecondSteps>(db, clock);
  sign_in_audit_ = std::make_unique<hosted::SignInAudit>(db, tenants);
  pages_ = std::make_unique<hosted::PageRenderer>();
  csrf_ = std::make_unique<hosted::CsrfGuard>(csrfKey(config, logger));
  context_ = std::make_unique<hosted::HostedContext>(hosted::HostedContext{
      tenants, *users_, *invitations_, *sessions_, *lockout_, *resets_, *consents_, *methods_, *second_steps_,
      *sign_in_audit_, *mail_, *pages_, *csrf_, logger, hosted::HostedOptions{config.mode != Mode::Dev}});

  auto* sessions = sessions_.get();
  auto* methods = methods_.get();
  auto* sign_in_audit = sign_in_audit_.get();
  user_admin_ = std::make_unique<admin::UserAdminContext>(admin::UserAdminContext{
      admin, *users_, *invitations_,
      [sessions](const tenancy::Tenant& t, const std::string& user_id)
          -> core::Result<std::vector<admin::SessionSummary>> {
        SIGID_TRY(auto list, sessions->listForUser(t, user_id));
        std::vector<admin::SessionSummary> out;
        for (const auto& s : list) out.push_back(summary(s));
        return out;
      },
      [sessions](const core::Actor& a, const tenancy::Tenant& t, const std::string& user_id, std::string_view id) {
        return sessions->revoke(a, t, user_id, id);
      },
      [sessions](const core::Actor& a, const tenancy::Tenant& t, const std::string& user_id) {
        return sessions->revokeAll(a, t, user_id);
      },
      [methods](const tenancy::Tenant& t, const std::string& subject, const std::string& password) {
        return methods->setPassword(t, subject, password);
      },
      [methods, sign_in_audit](const core::Actor& a, const tenancy::Tenant& t, const std::string& subject) {
        return hosted::resetSecondFactors(*methods, *sign_in_audit, a, t, subject);
      }});
}

HostedRuntime::~HostedRuntime() = default;

void HostedRuntime::addRoutes(http::Router& router) {
  admin::addUserRoutes(router, *user_admin_);
  admin::addInvitationRoutes(router, *user_admin_);
  hosted::addHostedRoutes(router, *context_);
}

}  // namespace sigid::app
