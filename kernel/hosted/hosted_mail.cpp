#include "hosted/hosted_mail.hpp"

#include "hosted/branding.hpp"
#include "http/request.hpp"

namespace sigid::hosted {

std::string HostedMail::invitationLink(const tenancy::Tenant& tenant, const std::string& token) const {
  return public_base_url_ + "/t/" + tenant.slug + "/invitations/accept?token=" + http::urlEncode(token);
}

std::string HostedMail::resetLink(const tenancy::Tenant& tenant, const std::string& token) const {
  return public_base_url_ + "/t/" + tenant.slug + "/password/reset?token=" + http::urlEncode(token);
}

core::Result<void> HostedMail::deliver(const tenancy::Tenant& tenant, const tenancy::Invitation& invitation,
                                       const std::string& token) {
  const auto branding = brandingFor(tenant);
  std::string text = "You have been invited to join " + branding.display_name + ".\n\n";
  if (!invitation.message.empty()) text += invitation.message + "\n\n";
  text += "Accept the invitation here:\n" + invitationLink(tenant, token) + "\n\n";
  text += "The link works once and expires in a few days. If you did not expect this e-mail, ignore it.\n";
  if (!branding.support_email.empty()) text += "Questions: " + branding.support_email + "\n";
  return mailer_.send(MailMessage{invitation.email, "Your invitation to " + branding.display_name, text});
}

core::Result<void> HostedMail::sendPasswordReset(const tenancy::Tenant& tenant, const std::string& email,
                                                 const std::string& token, std::int64_t valid_minutes) {
  const auto branding = brandingFor(tenant);
  std::string text = "Someone asked to reset the password of your " + branding.display_name + " account.\n\n";
  text += "Choose a new password here (valid for " + std::to_string(valid_minutes) + " minutes, once):\n";
  text += resetLink(tenant, token) + "\n\n";
  text += "If it was not you, ignore this e-mail: your password stays as it is.\n";
  return mailer_.send(MailMessage{email, "Reset your " + branding.display_name + " password", text});
}

}  // namespace sigid::hosted
