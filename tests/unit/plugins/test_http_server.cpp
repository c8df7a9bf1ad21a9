#include "test_http_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <thread>

namespace sigid::plugins::testing {
namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(std::shared_ptr<TestHttpServer::State> state) : state_(std::move(state)) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    TestHttpServer::Received r;
    r.method = request.getMethod();
    r.uri = request.getURI();
    r.host = request.getHost();
    Poco::StreamCopier::copyToString(request.stream(), r.body);
    for (const auto& [name, value] : request) r.headers.emplace_back(name, value);
    {
      std::lock_guard lock(state_->mutex);
      state_->received.push_back(r);
      ++state_->active;
    }
    int status = 200;
    if (r.uri.starts_with("/status/")) status = std::stoi(r.uri.substr(8));
    if (r.uri == "/slow") std::this_thread::sleep_for(std::chrono::seconds(3));
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("text/plain");
    response.send() << "answer " << status;
    std::lock_guard lock(state_->mutex);
    --state_->active;
  }

 private:
  std::shared_ptr<TestHttpServer::State> state_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(std::shared_ptr<TestHttpServer::State> state) : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(state_);
  }

 private:
  std::shared_ptr<TestHttpServer::State> state_;
};

}  // namespace

TestHttpServer::TestHttpServer() : state_(std::make_shared<State>()) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  port_ = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(4);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(state_), socket, params);
  server_->start();
}

TestHttpServer::~TestHttpServer() {
  // A client that timed out leaves its handler sleeping; let it finish before
  // the server goes, or Poco answers on a torn-down connection.
  for (int i = 0; i < 100; ++i) {
    {
      std::lock_guard lock(state_->mutex);
      if (state_->active == 0) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  server_->stopAll(true);
}

std::vector<TestHttpServer::Received> TestHttpServer::received() const {
  std::lock_guard lock(state_->mutex);
  return state_->received;
}

}  // namespace sigid::plugins::testing
