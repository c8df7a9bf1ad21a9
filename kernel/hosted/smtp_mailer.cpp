#include "hosted/smtp_mailer.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SocketAddress.h>

#include <memory>

namespace sigid::hosted {
namespace {

// A value from tenant settings or user input must never start a new header line.
std::string oneLine(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

Poco::Net::Context::Ptr clientContext() {
  return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_STRICT, 9,
                                true);
}

void authenticate(Poco::Net::SMTPClientSession& session, const SmtpOptions& o) {
  if (o.username.empty()) return;
  session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, o.username, o.password);
}

}  // namespace

core::Result<void> SmtpMailer::send(const MailMessage& message) {
  if (options_.host.empty())
    return core::Error(core::ErrorCode::Unavailable, "e-mail delivery is not configured on this server")
        .withDetail("smtp.host is empty");
  try {
    Poco::Net::MailMessage mail;
    mail.setSender(oneLine(options_.from));
    mail.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, oneLine(message.to)));
    mail.setSubject(Poco::Net::MailMessage::encodeWord(oneLine(message.subject), "UTF-8"));
    mail.setContentType("text/plain; charset=UTF-8");
    mail.setContent(message.text, Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    const Poco::Timespan timeout(static_cast<long>(options_.timeout.count()), 0);
    const Poco::Net::SocketAddress address(options_.host, options_.port);

    if (options_.tls == "tls") {
      Poco::Net::SecureStreamSocket socket(clientContext());
      socket.setPeerHostName(options_.host);
      socket.connect(address, timeout);
      Poco::Net::SMTPClientSession session(socket);
      session.setTimeout(timeout);
      session.login();
      authenticate(session, options_);
      session.sendMessage(mail);
      session.close();
    } else if (options_.tls == "starttls") {
      Poco::Net::StreamSocket socket;
      socket.connect(address, timeout);
      Poco::Net::SecureSMTPClientSession session(socket);
      session.setTimeout(timeout);
      session.login();
      if (!session.startTLS(clientContext())) throw Poco::Net::SMTPException("the relay does not offer STARTTLS");
      authenticate(session, options_);
      session.sendMessage(mail);
      session.close();
    } else {
      Poco::Net::StreamSocket socket;
      socket.connect(address, timeout);
      Poco::Net::SMTPClientSession session(socket);
      session.setTimeout(timeout);
      session.login();
      authenticate(session, options_);
      session.sendMessage(mail);
      session.close();
    }
    return core::success();
  } catch (const Poco::Exception& e) {
    return core::Error(core::ErrorCode::Unavailable, "the e-mail could not be sent; try again later")
        .withDetail("smtp: " + e.displayText());
  } catch (const std::exception& e) {
    return core::Error(core::ErrorCode::Unavailable, "the e-mail could not be sent; try again later")
        .withDetail(std::string("smtp: ") + e.what());
  }
}

}  // namespace sigid::hosted
