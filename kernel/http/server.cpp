#include "http/server.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>

#include <algorithm>
#include <atomic>
#include <istream>
#include <thread>

#include "http/error_response.hpp"

namespace sigid::http {

namespace detail {

struct ServerState {
  ServerState(const HttpServerOptions& options, const Router& router, Metrics& metrics, core::Logger& logger,
              std::vector<Middleware> middleware)
      : max_body_bytes(options.max_body_bytes),
        pipeline(router, metrics, logger, {.hsts = !options.tls_cert_file.empty() || options.behind_tls_proxy},
                 std::move(middleware)) {}

  std::size_t max_body_bytes;
  RequestPipeline pipeline;
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
};

}  // namespace detail

namespace {

using detail::ServerState;

Poco::Timespan toTimespan(std::chrono::milliseconds duration) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(duration.count()) * 1000);
}

std::string lowerAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// Splits a request-target into raw path and query. Absolute-form
// ("http://host/p?q", RFC 9112 §3.2.2) is reduced to its path.
void splitTarget(std::string_view target, Request& request) {
  if (const std::size_t hash = target.find('#'); hash != std::string_view::npos) target = target.substr(0, hash);
  if (!target.starts_with('/')) {
    const std::size_t scheme_end = target.find("://");
    if (scheme_end != std::string_view::npos) {
      const std::size_t path_start = target.find_first_of("/?", scheme_end + 3);
      target = path_start == std::string_view::npos ? std::string_view("/") : target.substr(path_start);
    }
  }
  const std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (request.path.empty() && question != std::string_view::npos) request.path = "/";
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
}

// Reads the body without ever holding more than max_body_bytes + one buffer.
// nullopt when the request is refused (413 or unreadable): `error` says why.
std::optional<std::string> readBody(Poco::Net::HTTPServerRequest& request, std::size_t limit,
                                    std::optional<core::Error>& error) {
  const bool chunked = request.getChunkedTransferEncoding();
  std::streamsize expected = -1;
  if (!chunked) {
    // RFC 9112 §6.3: a request with neither Content-Length nor chunked has no body.
    if (!request.hasContentLength()) return std::string();
    const Poco::Int64 declared = request.getContentLength64();
    if (declared < 0) return std::string();
    if (static_cast<Poco::UInt64>(declared) > limit) {
      error = core::Error(core::ErrorCode::PayloadTooLarge, "request body is too large");
      return std::nullopt;
    }
    expected = static_cast<std::streamsize>(declared);
  }
  std::string body;
  try {
    std::istream& in = request.stream();
    char buffer[16 * 1024];
    while (body.size() <= limit) {
      const std::size_t want = std::min(sizeof buffer, limit + 1 - body.size());
      in.read(buffer, static_cast<std::streamsize>(want));
      const std::streamsize got = in.gcount();
      if (got <= 0) break;
      body.append(buffer, static_cast<std::size_t>(got));
    }
  } catch (const Poco::Exception& e) {
    error = core::Error::invalidRequest("request body could not be read").withDetail(e.displayText());
    return std::nullopt;
  }
  if (body.size() > limit) {
    error = core::Error(core::ErrorCode::PayloadTooLarge, "request body is too large");
    return std::nullopt;
  }
  if (expected >= 0 && static_cast<std::streamsize>(body.size()) != expected) {
    error = core::Error::invalidRequest("request body is shorter than its Content-Length");
    return std::nullopt;
  }
  return body;
}

// Lingering close (as nginx does): closing a socket with unread bytes makes the
// kernel send RST, and the client, still writing its oversized body, may lose
// the 413 sitting in its receive buffer. So read and drop what follows, within
// a byte and time budget, before the connection closes.
void discardUnreadBody(Poco::Net::HTTPServerRequest& request) {
  constexpr std::size_t kMaxDiscardBytes = 64 * 1024 * 1024;
  constexpr auto kMaxDiscardTime = std::chrono::seconds(2);
  const auto deadline = std::chrono::steady_clock::now() + kMaxDiscardTime;
  try {
    std::istream& in = request.stream();
    char buffer[16 * 1024];
    std::size_t discarded = 0;
    while (discarded < kMaxDiscardBytes && std::chrono::steady_clock::now() < deadline) {
      in.read(buffer, sizeof buffer);
      const std::streamsize got = in.gcount();
      if (got <= 0) break;
      discarded += static_cast<std::size_t>(got);
    }
  } catch (const std::exception&) {  // the client went away: nothing left to protect
  }
}

// Poco owns the framing: a handler cannot set these.
bool isFramingHeader(std::string_view name) {
  return equalsIgnoreCase(name, "content-length") || equalsIgnoreCase(name, "transfer-encoding") ||
         equalsIgnoreCase(name, "connection");
}

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit RequestHandler(ServerState& state) : state_(state) {}

  void handleRequest(Poco::Net::HTTPServerRequest& poco_request, Poco::Net::HTTPServerResponse& poco_response) override {
    const auto started = std::chrono::steady_clock::now();
    state_.in_flight.fetch_add(1);
    struct InFlight {
      std::atomic<int>& count;
      ~InFlight() { count.fetch_sub(1); }
    } in_flight{state_.in_flight};

    Request request;
    bool keep_alive = !state_.stopping.load();
    try {
      request.method = poco_request.getMethod();
      splitTarget(poco_request.getURI(), request);
      for (const auto& [name, value] : poco_request) request.headers.emplace_back(lowerAscii(name), value);
      request.remote_address = poco_request.clientAddress().host().toString();
    } catch (const std::exception&) {
      // clientAddress() can throw when the peer is already gone: serve anyway.
    }
    const RequestPipeline& pipeline = state_.pipeline;
    pipeline.identify(request);

    Response response;
    std::optional<core::Error> refused;
    if (std::optional<std::string> body = readBody(poco_request, state_.max_body_bytes, refused)) {
      request.body = std::move(*body);
      response = pipeline.dispatch(request);
    } else {
      // Unread body bytes would be parsed as the next request: close instead.
      keep_alive = false;
      response = pipeline.refuse(request, *refused);
    }
    pipeline.finish(request, response, std::chrono::steady_clock::now() - started);

    try {
      poco_response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
      for (const auto& [name, value] : response.headers) {
        if (!isFramingHeader(name)) poco_response.add(name, value);
      }
      // Draining: tell the client to reconnect elsewhere rather than reuse this connection.
      if (!keep_alive || state_.stopping.load()) poco_response.setKeepAlive(false);
      poco_response.sendBuffer(response.body.data(), response.body.size());
      if (refused) discardUnreadBody(poco_request);
    } catch (const std::exception& e) {
      pipeline.logger().debug("response not delivered",
                              {{"request_id", request.request_id}, {"reason", std::string_view(e.what())}});
    }
  }

 private:
  ServerState& state_;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit HandlerFactory(ServerState& state) : state_(state) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new RequestHandler(state_);
  }

 private:
  ServerState& state_;
};

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, const Router& router, Metrics& metrics, core::Logger& logger,
                       std::vector<Middleware> middleware)
    : options_(std::move(options)),
      state_(std::make_unique<ServerState>(options_, router, metrics, logger, std::move(middleware))) {}

HttpServer::~HttpServer() { stop(); }

int HttpServer::inFlight() const { return state_->in_flight.load(); }

std::uint16_t HttpServer::port() const { return port_; }

core::Result<void> HttpServer::start() {
  if (server_) return core::Error::internal("HttpServer::start called twice");
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  try {
    const Poco::Net::SocketAddress address(options_.host, options_.port);
    constexpr int kBacklog = 128;
    Poco::Net::ServerSocket socket;
    if (tls()) {
      Poco::Net::Context::Params params;
      params.certificateFile = options_.tls_cert_file;
      params.privateKeyFile = options_.tls_key_file;
      params.verificationMode = Poco::Net::Context::VERIFY_NONE;  // no client certificates
      params.loadDefaultCAs = false;
      // Forward-secret AEAD suites only for TLS 1.2; TLS 1.3 suites are all fine.
      params.cipherList = "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!eNULL:!MD5:!SHA1";
      Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
      context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
      context->preferServerCiphers();
      socket = Poco::Net::SecureServerSocket(context);
    }
    // SO_REUSEADDR for quick restarts, but never SO_REUSEPORT (Poco's two-argument
    // bind sets both): a second server on the same port must fail, not share traffic.
    socket.bind(address, true, false);
    socket.listen(kBacklog);

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(static_cast<int>(std::max(1u, options_.max_threads)));
    params->setMaxQueued(static_cast<int>(std::max(1u, options_.max_queued)));
    params->setTimeout(toTimespan(options_.receive_timeout));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(toTimespan(options_.keep_alive_timeout));
    params->setMaxKeepAliveRequests(static_cast<int>(options_.max_keep_alive_requests));
    params->setSoftwareVersion("");  // no Server header: nothing to fingerprint

    // Our own pool, not Poco's process-wide default one.
    pool_ = std::make_unique<Poco::ThreadPool>("sigid-http", 2, static_cast<int>(std::max(2u, options_.max_threads)));
    server_ = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(*state_), *pool_, socket, params);
    server_->start();
    port_ = socket.address().port();
  } catch (const Poco::Exception& e) {
    server_.reset();
    pool_.reset();
    return core::Error::unavailable("cannot listen on " + where + ": " + e.displayText());
  }
  state_->stopping = false;
  state_->pipeline.logger().info("http server listening",
                                 {{"host", options_.host}, {"port", port_}, {"tls", tls()}});
  return core::success();
}

void HttpServer::stop() {
  if (!server_) return;
  core::Logger& logger = state_->pipeline.logger();
  state_->stopping = true;
  const auto deadline = std::chrono::steady_clock::now() + options_.drain_timeout;
  server_->stop();  // stop accepting (takes up to 250 ms); connections being served carry on

  while (state_->in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (const int left = state_->in_flight.load(); left > 0) {
    logger.warning("drain timeout: aborting in-flight requests", {{"in_flight", left}});
  }
  // Closes every connection, the idle keep-alive ones included.
  server_->stopAll(true);

  // A handler cannot be killed: wait for it to return before the state it uses
  // (router, pipeline) can be destroyed.
  auto next_warning = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (server_->currentConnections() > 0 || state_->in_flight.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (std::chrono::steady_clock::now() > next_warning) {
      logger.warning("waiting for handlers to return", {{"in_flight", state_->in_flight.load()}});
      next_warning += std::chrono::seconds(5);
    }
  }
  server_.reset();
  pool_->joinAll();
  pool_.reset();
  logger.info("http server stopped", {{"port", port_}});
}

}  // namespace sigid::http
