#include "http/transport.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sigid::http {

namespace {

std::string lastOpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

}  // namespace

core::Result<std::unique_ptr<TlsContext>> TlsContext::load(const std::string& cert_file, const std::string& key_file) {
  SSL_CTX* context = SSL_CTX_new(TLS_server_method());
  if (context == nullptr) return core::Error::unavailable("cannot create a TLS context: " + lastOpenSslError());
  std::unique_ptr<TlsContext> owner(new TlsContext(context));
  SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
  // TLS 1.2 suites: forward secret AEAD only (TLS 1.3 suites are all such).
  if (SSL_CTX_set_cipher_list(context, "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!eNULL:!MD5:!SHA1") != 1) {
    return core::Error::unavailable("cannot set TLS ciphers: " + lastOpenSslError());
  }
  SSL_CTX_set_options(context, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  SSL_CTX_set_mode(context, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr);
  if (SSL_CTX_use_certificate_chain_file(context, cert_file.c_str()) != 1) {
    return core::Error::unavailable("cannot load TLS certificate " + cert_file + ": " + lastOpenSslError());
  }
  if (SSL_CTX_use_PrivateKey_file(context, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return core::Error::unavailable("cannot load TLS private key " + key_file + ": " + lastOpenSslError());
  }
  if (SSL_CTX_check_private_key(context) != 1) {
    return core::Error::unavailable("the TLS private key does not match the certificate: " + lastOpenSslError());
  }
  return owner;
}

TlsContext::~TlsContext() { SSL_CTX_free(context_); }

Transport::Transport(int fd, SSL_CTX* tls) : fd_(fd) {
  if (tls == nullptr) return;
  ssl_ = SSL_new(tls);
  // Never fall back to plaintext on a TLS port: without a session, every read says Closed.
  failed_ = ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1;
  if (!failed_) SSL_set_accept_state(ssl_);
}

Transport::~Transport() {
  if (ssl_ != nullptr) {
    // close_notify, best effort: the socket is non-blocking and may be gone.
    if (SSL_is_init_finished(ssl_)) (void)SSL_shutdown(ssl_);
    SSL_free(ssl_);
    ERR_clear_error();
  }
  ::close(fd_);
}

IoStatus Transport::tlsStatus(int result) {
  switch (SSL_get_error(ssl_, result)) {
    case SSL_ERROR_WANT_READ: return IoStatus::WantRead;
    case SSL_ERROR_WANT_WRITE: return IoStatus::WantWrite;
    default:
      // A failed handshake or a reset: the queue must not leak into other connections.
      ERR_clear_error();
      return IoStatus::Closed;
  }
}

IoStatus Transport::read(std::string& into, std::size_t max) {
  // Into a stack buffer, then appended: growing `into` first would zero-fill it.
  if (failed_) return IoStatus::Closed;
  char buffer[16 * 1024];
  const std::size_t want = std::min(max, sizeof buffer);
  if (want == 0) return IoStatus::Progress;
  if (ssl_ != nullptr) {
    std::size_t got = 0;
    if (SSL_read_ex(ssl_, buffer, want, &got) != 1) return tlsStatus(0);
    into.append(buffer, got);
    return IoStatus::Progress;
  }
  while (true) {
    const ssize_t got = ::recv(fd_, buffer, want, 0);
    if (got > 0) {
      into.append(buffer, static_cast<std::size_t>(got));
      return IoStatus::Progress;
    }
    if (got == 0) return IoStatus::Closed;
    if (errno == EINTR) continue;
    return (errno == EAGAIN || errno == EWOULDBLOCK) ? IoStatus::WantRead : IoStatus::Closed;
  }
}

IoStatus Transport::write(std::string_view data, std::size_t& written) {
  written = 0;
  if (failed_) return IoStatus::Closed;
  if (data.empty()) return IoStatus::Progress;
  if (ssl_ != nullptr) {
    const int ok = SSL_write_ex(ssl_, data.data(), data.size(), &written);
    return ok == 1 ? IoStatus::Progress : tlsStatus(0);
  }
  while (true) {
    // MSG_NOSIGNAL: a peer that went away must not SIGPIPE the kernel.
    const ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent >= 0) {
      written = static_cast<std::size_t>(sent);
      return IoStatus::Progress;
    }
    if (errno == EINTR) continue;
    return (errno == EAGAIN || errno == EWOULDBLOCK) ? IoStatus::WantWrite : IoStatus::Closed;
  }
}

bool Transport::hasBuffered() const { return ssl_ != nullptr && SSL_pending(ssl_) > 0; }

void Transport::shutdown() { ::shutdown(fd_, SHUT_RDWR); }

void Transport::shutdownWrite() { ::shutdown(fd_, SHUT_WR); }

std::string peerAddress(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return {};
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    if (::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text) == nullptr) return {};
    return text;
  }
  if (address.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    if (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) {
      in_addr v4{};
      std::memcpy(&v4, &v6->sin6_addr.s6_addr[12], sizeof v4);
      if (::inet_ntop(AF_INET, &v4, text, sizeof text) == nullptr) return {};
      return text;
    }
    if (::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text) == nullptr) return {};
    return text;
  }
  return {};
}

}  // namespace sigid::http
