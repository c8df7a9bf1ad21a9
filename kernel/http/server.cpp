#include "http/server.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "http/error_response.hpp"
#include "http/request_parser.hpp"
#include "http/response_writer.hpp"
#include "http/transport.hpp"
#include "http/worker_gate.hpp"

namespace sigid::http {

namespace detail {

// Who may touch a connection. A worker owns it while Busy; while Armed it sits
// in the epoll set (EPOLLONESHOT: at most one worker gets its next event) and
// the reaper may claim it (Reaping) to shut down an expired socket. Whoever
// claims it from Armed with a compare-and-swap wins; the loser backs off.
enum class Ownership { Armed, Busy, Reaping };

struct Connection {
  Connection(int fd, SSL_CTX* tls, RequestLimits limits, std::string remote)
      : transport(fd, tls), parser(limits), remote_address(std::move(remote)) {}

  Transport transport;
  RequestParser parser;
  std::string remote_address;
  std::string in;             // received, not yet parsed
  std::string out;            // response bytes not yet written
  std::size_t out_sent = 0;
  std::atomic<Ownership> ownership{Ownership::Busy};
  std::atomic<std::int64_t> deadline{0};  // steady-clock nanoseconds; read by the reaper while Armed
  std::int64_t request_started = 0;       // first byte of the request being read, for the head deadline
  unsigned served = 0;
  bool close_after_write = false;
  bool linger_after_write = false;
  bool lingering = false;
  bool continue_sent = false;
  std::size_t discarded = 0;
};

struct ServerState {
  ServerState(const HttpServerOptions& options, const Router& router, Metrics& metrics, core::Logger& logger,
              std::vector<Middleware> middleware)
      : options(options),
        limits{.max_body_bytes = options.max_body_bytes},
        pipeline(router, metrics, logger, {.hsts = !options.tls_cert_file.empty() || options.behind_tls_proxy},
                 std::move(middleware)) {}

  HttpServerOptions options;
  RequestLimits limits;
  RequestPipeline pipeline;
  std::unique_ptr<TlsContext> tls;
  int epoll_fd = -1;
  int listen_fd = -1;
  int wake_fd = -1;  // an eventfd that, once written, wakes every worker to exit
  std::unique_ptr<WorkerGate> gate;
  std::vector<std::thread> workers;
  std::thread reaper;  // housekeeping: the worker gate's monitor and the idle-connection reaper

  std::mutex registry_mutex;  // guards `connections`; held while the reaper shuts sockets down
  std::unordered_set<Connection*> connections;

  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  std::atomic<std::int64_t> accept_paused_until{0};  // after EMFILE: retry accepting later

  std::mutex reaper_mutex;
  std::condition_variable reaper_wakeup;
  bool reaper_exit = false;
};

}  // namespace detail

namespace {

using detail::Connection;
using detail::Ownership;
using detail::ServerState;

// epoll tags for the two descriptors that are not connections.
char listen_tag;
char wake_tag;

constexpr std::size_t kReadChunk = 16 * 1024;
// Lingering close after a refusal: read and drop what the client still sends, within bounds.
constexpr std::size_t kMaxLingerBytes = 64 * 1024 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr auto kAcceptPause = std::chrono::milliseconds(100);
// A worker in one request for this long is taken to be blocked (database,
// SMTP): another worker is let in meanwhile. Token issuance takes ~0.05 ms.
constexpr auto kStallAfter = std::chrono::milliseconds(2);

std::int64_t nowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::int64_t nanos(std::chrono::milliseconds duration) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(duration).count();
}

std::string errnoText(int error) {
  char buffer[128];
  return strerror_r(error, buffer, sizeof buffer);
}

void closeConnection(ServerState& state, Connection* connection) {
  {
    std::lock_guard lock(state.registry_mutex);
    state.connections.erase(connection);
  }
  delete connection;  // closes the socket, which also leaves the epoll set
}

// Hands the connection back to epoll until it can make progress. The deadline
// is written before ownership is released so the reaper never sees a stale one.
void arm(ServerState& state, Connection* connection, IoStatus wait_for, std::int64_t deadline) {
  connection->deadline.store(deadline, std::memory_order_relaxed);
  epoll_event event{};
  event.events = (wait_for == IoStatus::WantWrite ? EPOLLOUT : EPOLLIN) | EPOLLRDHUP | EPOLLONESHOT;
  event.data.ptr = connection;
  connection->ownership.store(Ownership::Armed, std::memory_order_release);
  if (::epoll_ctl(state.epoll_fd, EPOLL_CTL_MOD, connection->transport.fd(), &event) != 0) {
    // Cannot wait for it: no event will ever come, so close it here whoever claimed it.
    Ownership expected = Ownership::Armed;
    connection->ownership.compare_exchange_strong(expected, Ownership::Busy);
    closeConnection(state, connection);
  }
}

// How long the connection may wait for its client now.
std::int64_t readDeadline(const ServerState& state, const Connection& connection) {
  const HttpServerOptions& options = state.options;
  if (connection.parser.headersDone()) return nowNanos() + nanos(options.receive_timeout);  // body: per read
  if (connection.request_started != 0) return connection.request_started + nanos(options.receive_timeout);
  // Idle between requests; a new connection must send its first request promptly.
  return nowNanos() + nanos(connection.served == 0 ? options.receive_timeout : options.keep_alive_timeout);
}

// Writes what is queued. Returns Progress once everything went out.
IoStatus flush(Connection& connection) {
  while (connection.out_sent < connection.out.size()) {
    std::size_t written = 0;
    const IoStatus status =
        connection.transport.write(std::string_view(connection.out).substr(connection.out_sent), written);
    if (status != IoStatus::Progress) return status;
    connection.out_sent += written;
  }
  connection.out.clear();
  connection.out_sent = 0;
  return IoStatus::Progress;
}

// After a refused request the client may still be sending its body: closing
// with unread bytes makes the kernel send RST, and the client could lose the
// error response sitting in its receive buffer. So read and drop, in bounds.
void linger(ServerState& state, Connection* connection) {
  while (connection->discarded < kMaxLingerBytes) {
    connection->in.clear();
    const IoStatus status = connection->transport.read(connection->in, kReadChunk);
    if (status == IoStatus::Closed) break;
    if (status != IoStatus::Progress) {
      if (nowNanos() >= connection->deadline.load(std::memory_order_relaxed)) break;
      arm(state, connection, status, connection->deadline.load(std::memory_order_relaxed));
      return;
    }
    connection->discarded += connection->in.size();
  }
  closeConnection(state, connection);
}

// The response is out: keep the connection, linger, or close it.
void afterWrite(ServerState& state, Connection* connection, bool& keep_going) {
  keep_going = false;
  if (!connection->close_after_write) {
    keep_going = true;
    return;
  }
  if (connection->linger_after_write) {
    connection->lingering = true;
    connection->transport.shutdownWrite();
    connection->deadline.store(nowNanos() + std::chrono::duration_cast<std::chrono::nanoseconds>(kLingerTime).count());
    linger(state, connection);
    return;
  }
  closeConnection(state, connection);
}

// Queues the response and tries to send it at once; true when the connection
// is still ours to continue with.
bool send(ServerState& state, Connection* connection) {
  const IoStatus status = flush(*connection);
  if (status == IoStatus::Closed) {
    closeConnection(state, connection);
    return false;
  }
  if (status != IoStatus::Progress) {
    arm(state, connection, status, nowNanos() + nanos(state.options.receive_timeout));
    return false;
  }
  bool keep_going = false;
  afterWrite(state, connection, keep_going);
  return keep_going;
}

void respond(ServerState& state, Connection& connection) {
  const auto started = std::chrono::steady_clock::now();
  const RequestPipeline& pipeline = state.pipeline;
  Request& request = connection.parser.request();
  request.remote_address = connection.remote_address;
  state.in_flight.fetch_add(1);
  pipeline.identify(request);
  Response response = pipeline.dispatch(request);
  pipeline.finish(request, response, std::chrono::steady_clock::now() - started);

  ++connection.served;
  // Draining: tell the client to reconnect elsewhere rather than reuse this connection.
  const bool close = !connection.parser.keepAlive() || state.stopping.load() ||
                     connection.served >= state.options.max_keep_alive_requests;
  writeResponse(response,
                {.head = request.method == "HEAD",
                 .close = close,
                 .http10_keep_alive = connection.parser.http10() && !close},
                connection.out);
  state.in_flight.fetch_sub(1);
  connection.close_after_write = close;
  connection.parser.reset();
  connection.continue_sent = false;
  connection.request_started = connection.in.empty() ? 0 : nowNanos();
}

// A request the parser refused: answer it and close (its framing is unknown).
void refuse(ServerState& state, Connection& connection) {
  const RequestPipeline& pipeline = state.pipeline;
  Request& request = connection.parser.request();
  request.remote_address = connection.remote_address;
  pipeline.identify(request);
  const ParseFailure& failure = connection.parser.failure();
  Response response = failure.status == 413
                          ? pipeline.refuse(request, core::Error(core::ErrorCode::PayloadTooLarge, failure.description))
                          : errorResponse(failure.status, failure.error, failure.description);
  pipeline.finish(request, response, {});
  writeResponse(response, {.head = request.method == "HEAD", .close = true}, connection.out);
  connection.close_after_write = true;
  connection.linger_after_write = connection.parser.bodyPending() || failure.status == 413;
  connection.in.clear();
}

// Reads, parses and answers requests until the connection has to wait.
void serve(ServerState& state, Connection* connection) {
  if (connection->lingering) return linger(state, connection);
  if (!connection->out.empty() && !send(state, connection)) return;

  bool just_answered = false;
  while (true) {
    if (!connection->in.empty()) {
      std::size_t consumed = 0;
      const RequestParser::Status status = connection->parser.feed(connection->in, consumed);
      if (status == RequestParser::Status::Failed) {
        refuse(state, *connection);
        send(state, connection);
        return;
      }
      connection->in.erase(0, consumed);
      if (status == RequestParser::Status::Complete) {
        respond(state, *connection);
        if (!send(state, connection)) return;
        just_answered = true;
        continue;
      }
      if (connection->parser.headersDone() && connection->parser.expectsContinue() && !connection->continue_sent) {
        connection->continue_sent = true;
        connection->out += kContinueResponse;
        if (!send(state, connection)) return;
      }
    }
    // After an answer the client is rarely already sending: wait rather than
    // spend a read that would only say "nothing yet".
    if (just_answered && connection->in.empty() && !connection->transport.hasBuffered()) {
      arm(state, connection, IoStatus::WantRead, readDeadline(state, *connection));
      return;
    }
    just_answered = false;
    const bool was_empty = connection->in.empty() && !connection->parser.headersDone();
    const IoStatus status = connection->transport.read(connection->in, kReadChunk);
    if (status == IoStatus::Closed) return closeConnection(state, connection);
    if (status == IoStatus::Progress) {
      if (was_empty) connection->request_started = nowNanos();
      continue;
    }
    if (connection->transport.hasBuffered()) continue;
    const std::int64_t deadline = readDeadline(state, *connection);
    if (nowNanos() >= deadline) return closeConnection(state, connection);
    arm(state, connection, status, deadline);
    return;
  }
}

void acceptAll(ServerState& state) {
  while (true) {
    const int fd = ::accept4(state.listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // The pending connection stays in the backlog: accepting again at once would spin.
        state.pipeline.logger().warning("cannot accept connections", {{"reason", errnoText(errno)}});
        state.accept_paused_until = nowNanos() + nanos(kAcceptPause);
        return;
      }
      break;  // EAGAIN, or the listener was shut down
    }
    if (state.stopping.load()) {
      ::close(fd);
      continue;
    }
    {
      std::lock_guard lock(state.registry_mutex);
      if (state.connections.size() >= state.options.max_connections) {
        ::close(fd);
        state.pipeline.logger().debug("connection refused: too many open", {});
        continue;
      }
    }
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    auto* connection = new Connection(fd, state.tls ? state.tls->native() : nullptr, state.limits, peerAddress(fd));
    {
      std::lock_guard lock(state.registry_mutex);
      state.connections.insert(connection);
    }
    connection->deadline = nowNanos() + nanos(state.options.receive_timeout);
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    event.data.ptr = connection;
    connection->ownership.store(Ownership::Armed, std::memory_order_release);
    if (::epoll_ctl(state.epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) closeConnection(state, connection);
  }
  if (state.stopping.load()) return;
  epoll_event event{};
  event.events = EPOLLIN | EPOLLONESHOT;
  event.data.ptr = &listen_tag;
  ::epoll_ctl(state.epoll_fd, EPOLL_CTL_MOD, state.listen_fd, &event);
}

void workerLoop(ServerState& state, unsigned index) {
  WorkerGate& gate = *state.gate;
  if (!gate.enter()) return;
  epoll_event event{};
  while (true) {
    const int ready = ::epoll_wait(state.epoll_fd, &event, 1, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      state.pipeline.logger().error("epoll_wait failed", {{"reason", errnoText(errno)}});
      gate.leave();
      return;
    }
    if (ready == 0) continue;
    if (event.data.ptr == &wake_tag) {
      gate.leave();
      return;
    }
    gate.beginRequest(index);
    if (event.data.ptr == &listen_tag) {
      if (state.accept_paused_until.load() == 0) acceptAll(state);
    } else {
      auto* connection = static_cast<Connection*>(event.data.ptr);
      Ownership expected = Ownership::Armed;
      if (connection->ownership.compare_exchange_strong(expected, Ownership::Busy, std::memory_order_acquire)) {
        serve(state, connection);
      } else {
        closeConnection(state, connection);  // the reaper expired it and shut its socket down
      }
    }
    gate.endRequest(index);
    if (gate.shouldStepAside()) {
      gate.leave();
      if (!gate.enter()) return;
    }
  }
}

// Shuts down connections that waited past their deadline, and with `everything`
// all waiting ones (stop). The owning worker then sees the socket end and frees it.
void reap(ServerState& state, bool everything, bool abort_busy) {
  const std::int64_t now = nowNanos();
  std::lock_guard lock(state.registry_mutex);
  for (Connection* connection : state.connections) {
    Ownership expected = Ownership::Armed;
    if ((everything || now >= connection->deadline.load(std::memory_order_relaxed)) &&
        connection->ownership.compare_exchange_strong(expected, Ownership::Reaping, std::memory_order_acquire)) {
      connection->transport.shutdown();
    } else if (abort_busy && expected == Ownership::Busy) {
      connection->transport.shutdown();  // its handler carries on; the response will not be delivered
    }
  }
}

void housekeepingLoop(ServerState& state) {
  // Reap often enough to honour the shortest timeout within a fraction of it.
  const auto shortest = std::min({state.options.receive_timeout, state.options.keep_alive_timeout,
                                  std::chrono::duration_cast<std::chrono::milliseconds>(kLingerTime)});
  const auto reap_period = std::clamp(shortest / 4, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
  // The gate's monitor ticks every millisecond while requests run, so a stall
  // is noticed within kStallAfter plus a millisecond; idle, it ticks rarely.
  constexpr auto kBusyTick = std::chrono::milliseconds(1);
  constexpr auto kIdleTick = std::chrono::milliseconds(10);
  auto next_reap = std::chrono::steady_clock::now() + reap_period;
  auto tick = kIdleTick;
  std::unique_lock lock(state.reaper_mutex);
  while (!state.reaper_wakeup.wait_for(lock, tick, [&] { return state.reaper_exit; })) {
    tick = state.gate->tick() ? kBusyTick : kIdleTick;
    if (std::chrono::steady_clock::now() < next_reap) continue;
    next_reap = std::chrono::steady_clock::now() + reap_period;
    reap(state, false, false);
    if (const std::int64_t paused = state.accept_paused_until.load(); paused != 0 && nowNanos() >= paused) {
      state.accept_paused_until = 0;
      epoll_event event{};
      event.events = EPOLLIN | EPOLLONESHOT;
      event.data.ptr = &listen_tag;
      if (!state.stopping.load()) ::epoll_ctl(state.epoll_fd, EPOLL_CTL_MOD, state.listen_fd, &event);
    }
  }
}

// A listening socket for host:port: SO_REUSEADDR for quick restarts, never
// SO_REUSEPORT (a second server on the same port must fail, not share traffic).
core::Result<int> listenOn(const std::string& host, std::uint16_t port) {
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int error = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found);
      error != 0) {
    return core::Error::unavailable("cannot listen on " + where + ": " + ::gai_strerror(error));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);
  const int fd = ::socket(found->ai_family, found->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, found->ai_protocol);
  if (fd < 0) return core::Error::unavailable("cannot listen on " + where + ": " + errnoText(errno));
  const int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (::bind(fd, found->ai_addr, found->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
    const int error = errno;
    ::close(fd);
    return core::Error::unavailable("cannot listen on " + where + ": " + errnoText(error));
  }
  return fd;
}

std::uint16_t boundPort(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
  return 0;
}

void closeDescriptors(ServerState& state) {
  for (int* fd : {&state.listen_fd, &state.wake_fd, &state.epoll_fd}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, const Router& router, Metrics& metrics, core::Logger& logger,
                       std::vector<Middleware> middleware)
    : options_(std::move(options)),
      state_(std::make_unique<ServerState>(options_, router, metrics, logger, std::move(middleware))) {}

HttpServer::~HttpServer() { stop(); }

int HttpServer::inFlight() const { return state_->in_flight.load(); }

std::uint16_t HttpServer::port() const { return port_; }

core::Result<void> HttpServer::start() {
  if (running_) return core::Error::internal("HttpServer::start called twice");
  ServerState& state = *state_;
  if (tls()) {
    SIGID_TRY(state.tls, TlsContext::load(options_.tls_cert_file, options_.tls_key_file));
  }
  SIGID_TRY(state.listen_fd, listenOn(options_.host, options_.port));
  state.epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  state.wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event wake{};
  wake.events = EPOLLIN;  // level-triggered and never read: once written, every worker sees it
  wake.data.ptr = &wake_tag;
  epoll_event listen{};
  listen.events = EPOLLIN | EPOLLONESHOT;
  listen.data.ptr = &listen_tag;
  if (state.epoll_fd < 0 || state.wake_fd < 0 ||
      ::epoll_ctl(state.epoll_fd, EPOLL_CTL_ADD, state.wake_fd, &wake) != 0 ||
      ::epoll_ctl(state.epoll_fd, EPOLL_CTL_ADD, state.listen_fd, &listen) != 0) {
    const int error = errno;
    closeDescriptors(state);
    return core::Error::unavailable("cannot set up the HTTP event loop: " + errnoText(error));
  }
  port_ = boundPort(state.listen_fd);
  state.stopping = false;
  state.reaper_exit = false;
  const unsigned workers = std::max(1u, options_.max_threads);
  state.gate = std::make_unique<WorkerGate>(workers, usableCpus(), kStallAfter);
  for (unsigned i = 0; i < workers; ++i) state.workers.emplace_back([&state, i] { workerLoop(state, i); });
  state.reaper = std::thread([&state] { housekeepingLoop(state); });
  running_ = true;
  state.pipeline.logger().info("http server listening", {{"host", options_.host},
                                                         {"port", port_},
                                                         {"tls", tls()},
                                                         {"workers", static_cast<std::int64_t>(workers)},
                                                         {"running_normally", static_cast<std::int64_t>(state.gate->runningNormally())}});
  return core::success();
}

void HttpServer::stop() {
  if (!running_) return;
  ServerState& state = *state_;
  core::Logger& logger = state.pipeline.logger();
  state.stopping = true;
  // Stop accepting: on Linux, shutting a listening socket down refuses new
  // connections at once; the descriptor is closed only after the workers exit,
  // so no worker can ever accept on a reused number.
  ::epoll_ctl(state.epoll_fd, EPOLL_CTL_DEL, state.listen_fd, nullptr);
  ::shutdown(state.listen_fd, SHUT_RDWR);

  const auto deadline = std::chrono::steady_clock::now() + options_.drain_timeout;
  while (state.in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const bool aborting = state.in_flight.load() > 0;
  if (aborting) logger.warning("drain timeout: aborting in-flight requests", {{"in_flight", state.in_flight.load()}});

  // Close every connection: waiting ones now, busy ones as soon as their
  // response is out (it says Connection: close). A handler cannot be killed:
  // wait for it to return before the state it uses can be destroyed.
  auto next_warning = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (true) {
    reap(state, true, aborting);
    {
      std::lock_guard lock(state.registry_mutex);
      if (state.connections.empty() && state.in_flight.load() == 0) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (std::chrono::steady_clock::now() > next_warning) {
      logger.warning("waiting for handlers to return", {{"in_flight", state.in_flight.load()}});
      next_warning += std::chrono::seconds(5);
    }
  }

  state.gate->close();  // parked workers exit; running ones see the eventfd
  const std::uint64_t one = 1;
  if (::write(state.wake_fd, &one, sizeof one) != sizeof one) logger.error("cannot wake the HTTP workers", {});
  for (std::thread& worker : state.workers) worker.join();
  state.workers.clear();
  {
    std::lock_guard lock(state.reaper_mutex);
    state.reaper_exit = true;
  }
  state.reaper_wakeup.notify_all();
  state.reaper.join();
  closeDescriptors(state);
  running_ = false;
  logger.info("http server stopped", {{"port", port_}});
}

}  // namespace sigid::http
