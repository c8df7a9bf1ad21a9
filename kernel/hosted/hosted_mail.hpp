#pragma once

#include <string>

#include "hosted/mailer.hpp"
#include "tenancy/invitation_service.hpp"

namespace sigid::hosted {

// The e-mails hosted flows send, in plain text, with links built from the
// configured public base URL (never from a request's Host header, which an
// attacker could set to harvest tokens).
class HostedMail final : public tenancy::InvitationDelivery {
 public:
  HostedMail(Mailer& mailer, std::string public_base_url)
      : mailer_(mailer), public_base_url_(std::move(public_base_url)) {}

  core::Result<void> deliver(const tenancy::Tenant& tenant, const tenancy::Invitation& invitation,
                             const std::string& token) override;
  core::Result<void> sendPasswordReset(const tenancy::Tenant& tenant, const std::string& email,
                                       const std::string& token, std::int64_t valid_minutes);

  std::string invitationLink(const tenancy::Tenant& tenant, const std::string& token) const;
  std::string resetLink(const tenancy::Tenant& tenant, const std::string& token) const;

 private:
  Mailer& mailer_;
  std::string public_base_url_;
};

}  // namespace sigid::hosted
