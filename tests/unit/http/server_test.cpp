#include "http/server.hpp"

#include <gtest/gtest.h>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <thread>

using namespace sigid;
using namespace sigid::http;
using namespace std::chrono_literals;

namespace {

struct Reply {
  int status = 0;
  Poco::Net::HTTPResponse headers;
  std::string body;
};

struct Call {
  std::string method = "GET";
  std::string uri = "/ok";
  std::string body{};
  bool chunked = false;
  std::vector<std::pair<std::string, std::string>> headers{};
};

Reply send(Poco::Net::HTTPClientSession& session, const Call& call) {
  Poco::Net::HTTPRequest request(call.method, call.uri, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : call.headers) request.set(name, value);
  if (call.chunked) {
    request.setChunkedTransferEncoding(true);
  } else if (!call.body.empty()) {
    request.setContentLength64(static_cast<Poco::Int64>(call.body.size()));
  }
  std::ostream& out = session.sendRequest(request);
  out << call.body;
  Reply reply;
  std::istream& in = session.receiveResponse(reply.headers);
  reply.status = reply.headers.getStatus();
  Poco::StreamCopier::copyToString(in, reply.body);
  return reply;
}

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() : logger_(log_, core::LogLevel::Info) {
    router_.add("GET", "/ok", [](Request&) -> core::Result<Response> { return Response::json(200, R"({"ok":true})"); });
    router_.add("HEAD", "/ok", [](Request&) -> core::Result<Response> { return Response::json(200, R"({"ok":true})"); });
    router_.add("POST", "/echo", [](Request& request) -> core::Result<Response> {
      Response response = Response::text(200, request.body);
      response.setHeader("X-Query", request.query);
      response.setHeader("X-Remote", request.remote_address);
      response.setHeader("X-Content-Type-Seen", std::string(request.header("Content-Type").value_or("")));
      return response;
    });
    router_.add("GET", "/t/{slug}/jwks", [](Request& request) -> core::Result<Response> {
      return Response::text(200, std::string(*request.pathParam("slug")));
    });
    router_.add("GET", "/throws", [](Request&) -> core::Result<Response> { throw std::logic_error("boom"); });
    router_.add("GET", "/slow", [this](Request&) -> core::Result<Response> {
      slow_started_ = true;
      std::this_thread::sleep_for(300ms);
      return Response::json(200, R"({"slow":true})");
    });
    router_.add("GET", "/slower", [this](Request&) -> core::Result<Response> {
      slow_started_ = true;
      std::this_thread::sleep_for(1s);
      return Response::json(200, R"({"slow":true})");
    });
  }

  ~ServerTest() override {
    if (server_) server_->stop();
  }

  HttpServer& start(HttpServerOptions options = {}) {
    options.port = 0;
    if (options.max_body_bytes == HttpServerOptions{}.max_body_bytes) options.max_body_bytes = 1024;
    server_ = std::make_unique<HttpServer>(std::move(options), router_, metrics_, logger_);
    auto started = server_->start();
    EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().detail());
    EXPECT_NE(server_->port(), 0);
    return *server_;
  }

  std::unique_ptr<Poco::Net::HTTPClientSession> session() {
    auto session = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", server_->port());
    session->setTimeout(Poco::Timespan(5, 0));
    return session;
  }

  static void expectSecurityHeaders(const Reply& reply) {
    EXPECT_EQ(reply.headers.get("X-Content-Type-Options", ""), "nosniff");
    EXPECT_EQ(reply.headers.get("X-Frame-Options", ""), "DENY");
    EXPECT_EQ(reply.headers.get("Referrer-Policy", ""), "no-referrer");
    EXPECT_EQ(reply.headers.get("Content-Security-Policy", ""), "default-src 'none'; frame-ancestors 'none'");
    EXPECT_EQ(reply.headers.get("Cache-Control", ""), "no-store");
    EXPECT_FALSE(reply.headers.get("X-Request-Id", "").empty());
    EXPECT_FALSE(reply.headers.has("Server"));
  }

  static std::string errorCode(const Reply& reply) {
    Poco::JSON::Parser parser;
    return parser.parse(reply.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("error");
  }

  std::ostringstream log_;
  core::Logger logger_;
  Router router_;
  Metrics metrics_;
  std::unique_ptr<HttpServer> server_;
  std::atomic<bool> slow_started_{false};
};

}  // namespace

TEST_F(ServerTest, ServesWithSecurityHeaders) {
  start();
  auto client = session();
  Reply reply = send(*client, {});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"ok":true})");
  EXPECT_EQ(reply.headers.getContentType(), "application/json");
  expectSecurityHeaders(reply);
  EXPECT_FALSE(reply.headers.has("Strict-Transport-Security"));
}

TEST_F(ServerTest, NotFoundAndMethodNotAllowedCarrySecurityHeaders) {
  start();
  auto client = session();
  Reply missing = send(*client, {.uri = "/nope"});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(errorCode(missing), "not_found");
  expectSecurityHeaders(missing);

  Reply wrong_method = send(*client, {.method = "DELETE", .uri = "/ok"});
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.headers.get("Allow", ""), "GET, HEAD");
  expectSecurityHeaders(wrong_method);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  start();
  auto client = session();
  client->setKeepAlive(true);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(send(*client, {}).status, 200);
}

TEST_F(ServerTest, PassesBodyQueryAndRemoteToTheHandler) {
  start();
  auto client = session();
  Reply reply = send(*client, {.method = "POST",
                              .uri = "/echo?a=1&b=%20",
                              .body = "grant_type=client_credentials",
                              .headers = {{"Content-Type", "application/x-www-form-urlencoded"}}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "grant_type=client_credentials");
  EXPECT_EQ(reply.headers.get("X-Query", ""), "a=1&b=%20");
  EXPECT_EQ(reply.headers.get("X-Remote", ""), "127.0.0.1");
  EXPECT_EQ(reply.headers.get("X-Content-Type-Seen", ""), "application/x-www-form-urlencoded");

  Reply chunked = send(*client, {.method = "POST", .uri = "/echo", .body = std::string(1024, 'x'), .chunked = true});
  EXPECT_EQ(chunked.status, 200);
  EXPECT_EQ(chunked.body.size(), 1024u);
}

TEST_F(ServerTest, EncodedSlashDoesNotSplitASegment) {
  start();
  auto client = session();
  Reply reply = send(*client, {.uri = "/t/a%2Fb/jwks"});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "a/b");
}

TEST_F(ServerTest, HeadSendsNoBody) {
  start();
  auto client = session();
  Reply reply = send(*client, {.method = "HEAD"});
  EXPECT_EQ(reply.status, 200);
  EXPECT_TRUE(reply.body.empty());
}

TEST_F(ServerTest, RequestIdIsEchoedOrGenerated) {
  start();
  auto client = session();
  Reply echoed = send(*client, {.headers = {{"X-Request-Id", "trace-123.abc_DEF"}}});
  EXPECT_EQ(echoed.headers.get("X-Request-Id"), "trace-123.abc_DEF");

  Reply generated = send(*client, {});
  const std::string id = generated.headers.get("X-Request-Id");
  EXPECT_TRUE(isAcceptableRequestId(id));
  EXPECT_NE(send(*client, {}).headers.get("X-Request-Id"), id);

  Reply hostile = send(*client, {.headers = {{"X-Request-Id", "x\"},{\"level\":\"fatal"}}});
  EXPECT_NE(hostile.headers.get("X-Request-Id"), "x\"},{\"level\":\"fatal");
  EXPECT_TRUE(isAcceptableRequestId(hostile.headers.get("X-Request-Id")));
  Reply too_long = send(*client, {.headers = {{"X-Request-Id", std::string(200, 'a')}}});
  EXPECT_EQ(too_long.headers.get("X-Request-Id").size() < 200, true);
}

TEST_F(ServerTest, DeclaredOversizedBodyIs413) {
  start();
  auto client = session();
  Reply reply = send(*client, {.method = "POST", .uri = "/echo", .body = std::string(4096, 'x')});
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(errorCode(reply), "payload_too_large");
  expectSecurityHeaders(reply);
}

TEST_F(ServerTest, ChunkedOversizedBodyIs413) {
  start();
  auto client = session();
  Reply reply = send(*client, {.method = "POST", .uri = "/echo", .body = std::string(4096, 'x'), .chunked = true});
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(errorCode(reply), "payload_too_large");
  // The server keeps serving new connections.
  auto next = session();
  EXPECT_EQ(send(*next, {}).status, 200);
}

TEST_F(ServerTest, BodyAtTheLimitIsAccepted) {
  start();
  auto client = session();
  EXPECT_EQ(send(*client, {.method = "POST", .uri = "/echo", .body = std::string(1024, 'x')}).status, 200);
}

TEST_F(ServerTest, HandlerExceptionIs500AndServerKeepsServing) {
  start();
  auto client = session();
  Reply reply = send(*client, {.uri = "/throws"});
  EXPECT_EQ(reply.status, 500);
  EXPECT_EQ(errorCode(reply), "server_error");
  EXPECT_EQ(reply.body.find("boom"), std::string::npos);
  expectSecurityHeaders(reply);
  EXPECT_EQ(send(*client, {}).status, 200);
  auto other = session();
  EXPECT_EQ(send(*other, {}).status, 200);
}

TEST_F(ServerTest, RecordsMetricsAndAccessLog) {
  start();
  auto client = session();
  (void)send(*client, {.uri = "/t/acme/jwks?code=SECRET"});
  (void)send(*client, {.uri = "/does/not/exist"});
  server_->stop();
  const std::string text = metrics_.render();
  EXPECT_NE(text.find("sigid_http_requests_total{route=\"/t/{slug}/jwks\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("sigid_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"),
            std::string::npos);
  const std::string log = log_.str();
  EXPECT_NE(log.find("\"route\":\"/t/{slug}/jwks\""), std::string::npos);
  EXPECT_EQ(log.find("SECRET"), std::string::npos);
  EXPECT_EQ(log.find("acme"), std::string::npos);
}

TEST_F(ServerTest, GracefulStopLetsInFlightRequestFinish) {
  HttpServer& server = start({.drain_timeout = 5s});
  Reply reply;
  std::string failure;
  std::thread client_thread([&] {
    try {
      auto client = session();
      reply = send(*client, {.uri = "/slow"});
    } catch (const std::exception& e) {
      failure = e.what();
    }
  });
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!slow_started_ && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(slow_started_);

  const auto stop_started = std::chrono::steady_clock::now();
  server.stop();
  const auto stop_took = std::chrono::steady_clock::now() - stop_started;
  client_thread.join();

  EXPECT_TRUE(failure.empty()) << failure;
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"slow":true})");
  EXPECT_TRUE(equalsIgnoreCase(reply.headers.get("Connection", ""), "close"));  // draining: do not reuse
  EXPECT_LT(stop_took, 4s);
  EXPECT_EQ(server.inFlight(), 0);

  // No longer accepting.
  Poco::Net::HTTPClientSession after("127.0.0.1", server.port());
  after.setTimeout(Poco::Timespan(1, 0));
  EXPECT_THROW(send(after, {}), Poco::Exception);
}

TEST_F(ServerTest, DrainTimeoutAbortsAndStopStillReturns) {
  HttpServer& server = start({.drain_timeout = 50ms});
  std::thread client_thread([&] {
    try {
      auto client = session();
      (void)send(*client, {.uri = "/slower"});
    } catch (const std::exception&) {
      // aborted by design
    }
  });
  while (!slow_started_) std::this_thread::sleep_for(1ms);
  server.stop();  // returns once the handler has returned, even though the drain window is shorter
  client_thread.join();
  EXPECT_EQ(server.inFlight(), 0);
  EXPECT_NE(log_.str().find("drain timeout"), std::string::npos);
}

TEST_F(ServerTest, StopWithIdleKeepAliveConnectionIsQuick) {
  HttpServer& server = start({.keep_alive_timeout = 30s});
  auto client = session();
  client->setKeepAlive(true);
  EXPECT_EQ(send(*client, {}).status, 200);
  const auto began = std::chrono::steady_clock::now();
  server.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - began, 3s);
}

TEST_F(ServerTest, SlowClientIsCutOff) {
  HttpServer& server = start({.receive_timeout = 200ms});
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  const std::string partial = "GET /ok HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";  // never finished
  socket.sendBytes(partial.data(), static_cast<int>(partial.size()));
  const auto began = std::chrono::steady_clock::now();
  char buffer[1024];
  try {
    while (socket.receiveBytes(buffer, sizeof buffer) > 0) {
    }
  } catch (const Poco::Exception&) {
    // a reset is as good as a close
  }
  const auto took = std::chrono::steady_clock::now() - began;
  EXPECT_GT(took, 100ms);  // it was the timeout, not an instant refusal
  EXPECT_LT(took, 3s);
}

TEST_F(ServerTest, BindFailureIsAnError) {
  HttpServer& first = start();
  HttpServer second({.port = first.port()}, router_, metrics_, logger_);
  auto result = second.start();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), core::ErrorCode::Unavailable);
}

TEST_F(ServerTest, ServesHttpsWithHsts) {
  const auto dir = std::filesystem::temp_directory_path() / ("sigid-http-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string key = (dir / "key.pem").string();
  const std::string cert = (dir / "cert.pem").string();
  const std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
                              "-subj /CN=localhost -keyout " + key + " -out " + cert + " >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) GTEST_SKIP() << "openssl CLI not available";

  HttpServer& server = start({.tls_cert_file = cert, .tls_key_file = key});
  EXPECT_TRUE(server.tls());
  Poco::Net::Context::Ptr context =
      new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "", Poco::Net::Context::VERIFY_NONE);
  context->enableExtendedCertificateVerification(false);
  Poco::Net::HTTPSClientSession client("127.0.0.1", server.port(), context);
  client.setTimeout(Poco::Timespan(5, 0));
  Reply reply = send(client, {});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers.get("Strict-Transport-Security", ""), "max-age=31536000");
  std::filesystem::remove_all(dir);
}

TEST_F(ServerTest, BadTlsFilesAreAStartError) {
  HttpServer server({.tls_cert_file = "/nonexistent/cert.pem", .tls_key_file = "/nonexistent/key.pem"}, router_,
                    metrics_, logger_);
  auto result = server.start();
  EXPECT_FALSE(result.ok());
}

namespace {

// A plain socket, for what an HTTP client library would not send.
class RawClient {
 public:
  explicit RawClient(std::uint16_t port) : socket_(Poco::Net::SocketAddress("127.0.0.1", port)) {
    socket_.setReceiveTimeout(Poco::Timespan(5, 0));
  }
  void send(std::string_view bytes) { socket_.sendBytes(bytes.data(), static_cast<int>(bytes.size())); }
  // Everything until the server closes the connection.
  std::string readAll() {
    std::string text;
    char buffer[4096];
    try {
      while (true) {
        const int got = socket_.receiveBytes(buffer, sizeof buffer);
        if (got <= 0) break;
        text.append(buffer, static_cast<std::size_t>(got));
      }
    } catch (const Poco::Exception&) {
      // a reset ends the stream too
    }
    return text;
  }
  // Reads until `count` complete responses (head + Content-Length body) arrived.
  std::string readResponses(int count) {
    std::string text;
    char buffer[4096];
    while (completeResponses(text) < count) {
      const int got = socket_.receiveBytes(buffer, sizeof buffer);
      if (got <= 0) break;
      text.append(buffer, static_cast<std::size_t>(got));
    }
    return text;
  }
  Poco::Net::StreamSocket& socket() { return socket_; }

 private:
  static int completeResponses(const std::string& text) {
    int count = 0;
    std::size_t pos = 0;
    while (true) {
      const std::size_t head_end = text.find("\r\n\r\n", pos);
      if (head_end == std::string::npos) return count;
      const std::string head = text.substr(pos, head_end - pos);
      std::size_t length = 0;
      if (const std::size_t at = head.find("Content-Length: "); at != std::string::npos) {
        length = std::stoul(head.substr(at + 16));
      }
      if (head.starts_with("HTTP/1.1 100")) length = 0;
      if (text.size() < head_end + 4 + length) return count;
      pos = head_end + 4 + length;
      if (!head.starts_with("HTTP/1.1 100")) ++count;
    }
  }

  Poco::Net::StreamSocket socket_;
};

int occurrences(const std::string& text, std::string_view needle) {
  int count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  HttpServer& server = start();
  RawClient client(server.port());
  client.send("GET /t/one/jwks HTTP/1.1\r\nHost: a\r\n\r\nGET /t/two/jwks HTTP/1.1\r\nHost: a\r\n\r\n"
              "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nthree");
  const std::string text = client.readResponses(3);
  EXPECT_EQ(occurrences(text, "HTTP/1.1 200 OK"), 3);
  const std::size_t one = text.find("\r\n\r\none"), two = text.find("\r\n\r\ntwo"), three = text.find("\r\n\r\nthree");
  ASSERT_NE(one, std::string::npos);
  EXPECT_LT(one, two);
  EXPECT_LT(two, three);
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponse) {
  HttpServer& server = start();
  RawClient client(server.port());
  client.send("POST /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  char buffer[64];
  const int got = client.socket().receiveBytes(buffer, sizeof buffer);
  EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(std::max(got, 0))), "HTTP/1.1 100 Continue\r\n\r\n");
  client.send("body");
  EXPECT_NE(client.readResponses(1).find("\r\n\r\nbody"), std::string::npos);
}

TEST_F(ServerTest, MalformedRequestsGetAJsonErrorAndTheConnectionCloses) {
  HttpServer& server = start();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 400 "},
      {"GET / HTTP/3.0\r\nHost: a\r\n\r\n", "HTTP/1.1 505 "},
      {"POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 400 "},
      {"GET /ok HTTP/1.1\r\nHost: a\r\nX: " + std::string(40 * 1024, 'a') + "\r\n\r\n", "HTTP/1.1 431 "},
      {"GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 414 "},
  };
  for (const auto& [request, status_line] : cases) {
    RawClient client(server.port());
    client.send(request);
    const std::string text = client.readAll();
    EXPECT_TRUE(text.starts_with(status_line)) << text.substr(0, 80);
    EXPECT_NE(text.find("Connection: close\r\n"), std::string::npos);
    EXPECT_NE(text.find("\"error_description\""), std::string::npos);
    EXPECT_NE(text.find("X-Content-Type-Options: nosniff"), std::string::npos);
  }
  auto next = session();
  EXPECT_EQ(send(*next, {}).status, 200);  // and the server keeps serving
}

TEST_F(ServerTest, Http10KeepsAliveOnlyWhenAsked) {
  HttpServer& server = start();
  RawClient closing(server.port());
  closing.send("GET /ok HTTP/1.0\r\n\r\n");
  const std::string once = closing.readAll();  // the server closes: readAll returns
  EXPECT_TRUE(once.starts_with("HTTP/1.1 200 OK")) << once;
  EXPECT_NE(once.find("Connection: close"), std::string::npos);

  RawClient keeping(server.port());
  keeping.send("GET /ok HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_NE(keeping.readResponses(1).find("Connection: keep-alive"), std::string::npos);
  keeping.send("GET /ok HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_NE(keeping.readResponses(1).find("HTTP/1.1 200 OK"), std::string::npos);
}

TEST_F(ServerTest, ConnectionClosesAfterMaxKeepAliveRequests) {
  HttpServer& server = start({.max_keep_alive_requests = 2});
  RawClient client(server.port());
  client.send("GET /ok HTTP/1.1\r\nHost: a\r\n\r\nGET /ok HTTP/1.1\r\nHost: a\r\n\r\nGET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
  const std::string text = client.readAll();
  EXPECT_EQ(occurrences(text, "HTTP/1.1 200 OK"), 2);
  EXPECT_EQ(occurrences(text, "Connection: close"), 1);
}

TEST_F(ServerTest, ConnectionsBeyondTheCapAreClosed) {
  HttpServer& server = start({.max_connections = 1});
  RawClient first(server.port());
  first.send("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
  ASSERT_NE(first.readResponses(1).find("200 OK"), std::string::npos);
  RawClient second(server.port());
  second.send("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(second.readAll(), "");
  first.send("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");  // the first one is unaffected
  EXPECT_NE(first.readResponses(1).find("200 OK"), std::string::npos);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterItsTimeout) {
  HttpServer& server = start({.keep_alive_timeout = 150ms});
  RawClient client(server.port());
  client.send("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
  ASSERT_NE(client.readResponses(1).find("200 OK"), std::string::npos);
  const auto began = std::chrono::steady_clock::now();
  EXPECT_EQ(client.readAll(), "");
  const auto took = std::chrono::steady_clock::now() - began;
  EXPECT_GT(took, 100ms);
  EXPECT_LT(took, 3s);
}

TEST_F(ServerTest, HalfClosedClientStillGetsItsResponse) {
  HttpServer& server = start();
  RawClient client(server.port());
  client.send("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
  client.socket().shutdownSend();
  EXPECT_NE(client.readAll().find("HTTP/1.1 200 OK"), std::string::npos);
}

TEST_F(ServerTest, ManyConcurrentClientsWithBlockingHandlers) {
  HttpServer& server = start({.max_threads = 4});
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&] {
      try {
        auto client = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", server.port());
        client->setTimeout(Poco::Timespan(10, 0));
        if (send(*client, {.uri = "/slow"}).status == 200) ++ok;
        for (int j = 0; j < 20; ++j) {
          if (send(*client, {}).status == 200) ++ok;
        }
      } catch (const std::exception&) {
      }
    });
  }
  for (auto& thread : clients) thread.join();
  EXPECT_EQ(ok.load(), 8 * 21);
}

TEST_F(ServerTest, BlockedHandlerDoesNotHoldUpOtherRequests) {
  HttpServer& server = start({.max_threads = 4});
  std::thread slow([&] {
    auto client = session();
    (void)send(*client, {.uri = "/slower"});
  });
  while (!slow_started_) std::this_thread::sleep_for(1ms);
  const auto began = std::chrono::steady_clock::now();
  auto client = session();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(send(*client, {}).status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - began, 500ms);  // not behind the 1 s handler
  slow.join();
  (void)server;
}
