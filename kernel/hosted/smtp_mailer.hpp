#pragma once

#include "hosted/mailer.hpp"

namespace sigid::hosted {

// Sends through an SMTP relay with Poco::Net::SMTPClientSession, one
// connection per message (invitations and reset links are rare; a pool would
// only hold idle sockets). STARTTLS and implicit TLS verify the relay's
// certificate with the system trust store.
class SmtpMailer final : public Mailer {
 public:
  explicit SmtpMailer(SmtpOptions options) : options_(std::move(options)) {}
  core::Result<void> send(const MailMessage& message) override;

 private:
  SmtpOptions options_;
};

}  // namespace sigid::hosted
