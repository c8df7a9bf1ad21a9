#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace sigid::http {

// The server's TLS settings, loaded once at start: TLS 1.2 or later,
// forward-secret AEAD suites, no client certificates.
class TlsContext {
 public:
  // Fails (Unavailable, detail says why) when the PEM files cannot be used.
  static core::Result<std::unique_ptr<TlsContext>> load(const std::string& cert_file, const std::string& key_file);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;
  SSL_CTX* native() const { return context_; }

 private:
  explicit TlsContext(SSL_CTX* context) : context_(context) {}
  SSL_CTX* context_;
};

// What a non-blocking read or write did. WantRead/WantWrite: nothing more can
// happen until the socket is readable/writable (TLS may need either for both).
enum class IoStatus { Progress, WantRead, WantWrite, Closed };

// One accepted, non-blocking socket, plain TCP or TLS; owns and closes the fd.
class Transport {
 public:
  Transport(int fd, SSL_CTX* tls);  // tls may be null: plain TCP
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Appends what can be read now, up to `max` bytes, to `into`.
  IoStatus read(std::string& into, std::size_t max);
  // Writes a prefix of `data`; `written` says how much.
  IoStatus write(std::string_view data, std::size_t& written);
  // TLS plaintext already decrypted but not yet read: the socket will not
  // signal readable for it, so the caller must read before waiting.
  bool hasBuffered() const;
  // Ends both directions so a thread waiting on this socket wakes up; the fd
  // stays open (and cannot be reused) until the destructor. Any thread may call it.
  void shutdown();
  // Stops reading only: for lingering after a refusal the write side is ended.
  void shutdownWrite();
  int fd() const { return fd_; }

 private:
  IoStatus tlsStatus(int result);

  int fd_;
  SSL* ssl_ = nullptr;
  bool failed_ = false;  // TLS was asked for but no session could be made
};

// The peer address of a connected socket as text ("127.0.0.1", "::1");
// IPv4-mapped IPv6 addresses are shown as IPv4. Empty when unknown.
std::string peerAddress(int fd);

}  // namespace sigid::http
