#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace sigid::hosted {

struct MailMessage {
  std::string to;
  std::string subject;
  std::string text;  // plain text only: no HTML mail, nothing for a tenant to script
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual core::Result<void> send(const MailMessage& message) = 0;
};

// smtp.* configuration. An empty host disables mail: sending fails with a
// clear error instead of pretending.
struct SmtpOptions {
  std::string host;
  std::uint16_t port = 25;
  std::string from;
  std::string tls = "none";  // none | starttls | tls
  std::string username;
  std::string password;
  std::chrono::seconds timeout{10};
};

}  // namespace sigid::hosted
