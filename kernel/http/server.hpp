#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "core/result.hpp"
#include "http/metrics.hpp"
#include "http/request_pipeline.hpp"
#include "http/router.hpp"

namespace sigid::http {

namespace detail {
struct ServerState;  // what the worker threads share with the server (server.cpp)
}

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;                    // 0: an ephemeral port, read it back with HttpServer::port()
  std::size_t max_body_bytes = 1024 * 1024;  // 413 past it, refused before reading when declared
  unsigned max_threads = 32;                 // worker threads: requests served at once
  unsigned max_connections = 10000;          // open connections, idle ones included; more are closed at once
  std::chrono::milliseconds drain_timeout{20000};       // stop() lets in-flight requests finish this long
  // A request's head must arrive within this of its first byte, and each body
  // read or response write must progress within it: trickling clients (slowloris) are cut off.
  std::chrono::milliseconds receive_timeout{10000};
  std::chrono::milliseconds keep_alive_timeout{15000};  // an idle keep-alive connection is closed after this
  unsigned max_keep_alive_requests = 1000;
  std::string tls_cert_file{};  // PEM; with tls_key_file the server speaks HTTPS only
  std::string tls_key_file{};
  bool behind_tls_proxy = false;  // TLS ends at a proxy in front: still send HSTS
};

// The HTTP/1.1 (and HTTPS) listener in front of a RequestPipeline. Event-driven:
// connections are not threads. max_threads workers share one epoll set and each
// takes one ready connection at a time (EPOLLONESHOT), reads a request, runs the
// handler on its own thread and writes the response; an idle keep-alive
// connection costs a file descriptor and a small buffer, not a thread. Only as
// many workers run as there are usable CPUs, plus one for each worker stuck in
// a blocking handler (WorkerGate), so a worker that finds more ready
// connections keeps going without a context switch, and a handler waiting on
// the database holds only its own worker.
// Router, Metrics and Logger are borrowed and must outlive the server.
class HttpServer {
 public:
  HttpServer(HttpServerOptions options, const Router& router, Metrics& metrics, core::Logger& logger,
             std::vector<Middleware> middleware = {});
  ~HttpServer();  // stop()s if running
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Fails (Unavailable, detail says why) when the
  // address cannot be bound or the TLS files cannot be loaded.
  core::Result<void> start();
  // The bound port (the ephemeral one when options.port was 0); 0 before start().
  std::uint16_t port() const;
  bool tls() const { return !options_.tls_cert_file.empty(); }
  // Graceful: stops accepting, lets in-flight requests finish (up to
  // drain_timeout, answering them with Connection: close), then closes every
  // connection. Returns once no handler is running. Idempotent.
  void stop();

  // Requests between headers read and response sent.
  int inFlight() const;

 private:
  HttpServerOptions options_;
  std::unique_ptr<detail::ServerState> state_;
  bool running_ = false;
  std::uint16_t port_ = 0;
};

}  // namespace sigid::http
