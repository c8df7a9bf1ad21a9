#include "support/smtp_listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace sigid::testing {
namespace {

bool sendAll(int fd, const std::string& text) {
  std::size_t sent = 0;
  while (sent < text.size()) {
    ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// One CRLF-terminated line; false on EOF or after 10 s of silence.
bool readLine(int fd, std::string& buffer, std::string& line) {
  for (;;) {
    auto end = buffer.find("\r\n");
    if (end != std::string::npos) {
      line = buffer.substr(0, end);
      buffer.erase(0, end + 2);
      return true;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10000) <= 0) return false;
    char chunk[4096];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
  return s;
}

std::string address(const std::string& line) {
  auto open = line.find('<'), close = line.rfind('>');
  if (open == std::string::npos || close == std::string::npos || close < open) return line;
  return line.substr(open + 1, close - open - 1);
}

}  // namespace

std::string ReceivedMail::header(const std::string& name) const {
  std::string lowered = upper(name) + ":";
  std::size_t pos = 0;
  while (pos < data.size()) {
    auto end = data.find("\r\n", pos);
    if (end == std::string::npos) end = data.size();
    std::string line = data.substr(pos, end - pos);
    if (line.empty()) break;  // end of headers
    if (upper(line.substr(0, lowered.size())) == lowered) {
      auto value = line.substr(lowered.size());
      return value.substr(std::min(value.find_first_not_of(' '), value.size()));
    }
    pos = end + 2;
  }
  return "";
}

std::string ReceivedMail::text() const {
  auto split = data.find("\r\n\r\n");
  std::string body = split == std::string::npos ? data : data.substr(split + 4);
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '=' && body.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;  // soft line break
    } else if (body[i] == '=' && i + 2 < body.size() && std::isxdigit((unsigned char)body[i + 1]) &&
               std::isxdigit((unsigned char)body[i + 2])) {
      out += static_cast<char>(std::stoi(body.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += body[i];
    }
  }
  return out;
}

std::string ReceivedMail::link(const std::string& needle) const {
  const std::string body = text();
  std::size_t pos = 0;
  while ((pos = body.find("http", pos)) != std::string::npos) {
    auto end = body.find_first_of(" \r\n\t", pos);
    std::string url = body.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (url.find(needle) != std::string::npos) return url;
    pos += 4;
  }
  return "";
}

SmtpListener::SmtpListener() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listen_fd_ < 0) throw std::runtime_error("smtp listener: socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 16) != 0)
    throw std::runtime_error("smtp listener: bind/listen failed");
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

SmtpListener::~SmtpListener() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  if (thread_.joinable()) thread_.join();
}

void SmtpListener::serve() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    session(fd);  // one client at a time is plenty for tests
    ::close(fd);
  }
}

void SmtpListener::session(int fd) {
  std::string buffer, line;
  ReceivedMail mail;
  if (!sendAll(fd, "220 sigid-test-smtp ready\r\n")) return;
  while (readLine(fd, buffer, line)) {
    const std::string verb = upper(line.substr(0, 4));
    if (verb == "EHLO" || verb == "HELO") {
      sendAll(fd, "250 sigid-test-smtp\r\n");
    } else if (verb == "MAIL") {
      mail = ReceivedMail{};
      mail.from = address(line);
      sendAll(fd, "250 OK\r\n");
    } else if (verb == "RCPT") {
      mail.to.push_back(address(line));
      sendAll(fd, "250 OK\r\n");
    } else if (verb == "DATA") {
      sendAll(fd, "354 end with <CRLF>.<CRLF>\r\n");
      std::string data;
      while (readLine(fd, buffer, line) && line != ".") {
        if (line.starts_with("..")) line.erase(0, 1);  // dot-stuffing (RFC 5321 §4.5.2)
        data += line + "\r\n";
      }
      mail.data = std::move(data);
      {
        std::lock_guard lock(mutex_);
        messages_.push_back(mail);
      }
      arrived_.notify_all();
      sendAll(fd, "250 OK queued\r\n");
    } else if (verb == "QUIT") {
      sendAll(fd, "221 bye\r\n");
      return;
    } else if (verb == "RSET" || verb == "NOOP") {
      sendAll(fd, "250 OK\r\n");
    } else {
      sendAll(fd, "502 not implemented\r\n");
    }
  }
}

std::vector<ReceivedMail> SmtpListener::messages() const {
  std::lock_guard lock(mutex_);
  return messages_;
}

std::optional<ReceivedMail> SmtpListener::waitFor(std::size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!arrived_.wait_for(lock, timeout, [&] { return messages_.size() >= count; })) return std::nullopt;
  return messages_.back();
}

}  // namespace sigid::testing
