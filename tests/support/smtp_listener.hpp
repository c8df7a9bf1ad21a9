#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sigid::testing {

struct ReceivedMail {
  std::string from;
  std::vector<std::string> to;
  std::string data;  // headers and body as sent (dot-stuffing removed)

  std::string header(const std::string& name) const;  // "" when absent; case-insensitive name
  // The body with quoted-printable soft breaks and =XX escapes decoded.
  std::string text() const;
  // The first http(s) URL in the decoded body containing `needle`.
  std::string link(const std::string& needle) const;
};

// A minimal SMTP server on 127.0.0.1 (RFC 5321's happy path: EHLO/HELO, MAIL,
// RCPT, DATA, RSET, NOOP, QUIT) that records every message. Enough for the
// kernel's Poco SMTP client; nothing is relayed anywhere.
class SmtpListener {
 public:
  SmtpListener();
  ~SmtpListener();
  SmtpListener(const SmtpListener&) = delete;
  SmtpListener& operator=(const SmtpListener&) = delete;

  std::uint16_t port() const { return port_; }
  std::vector<ReceivedMail> messages() const;
  // Waits until at least `count` messages arrived; the last one, or nullopt on timeout.
  std::optional<ReceivedMail> waitFor(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  void serve();
  void session(int fd);

  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<ReceivedMail> messages_;
};

}  // namespace sigid::testing
