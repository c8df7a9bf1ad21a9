#include "integration/webhook_receiver.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <fcntl.h>

#include <algorithm>
#include <thread>

namespace sigid::testing {
namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(WebhookReceiver& receiver) : receiver_(receiver) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    ReceivedWebhook webhook;
    for (const auto& [name, value] : request) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      webhook.headers[lower] = value;
    }
    Poco::StreamCopier::copyToString(request.stream(), webhook.body);
    int status = receiver_.record(std::move(webhook));
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentLength(0);
    response.send();
  }

 private:
  WebhookReceiver& receiver_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(WebhookReceiver& receiver) : receiver_(receiver) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(receiver_);
  }

 private:
  WebhookReceiver& receiver_;
};

}  // namespace

WebhookReceiver::WebhookReceiver(std::uint16_t port) : port_(port) { start(); }

WebhookReceiver::~WebhookReceiver() { stop(); }

void WebhookReceiver::start() {
  if (server_) return;
  Poco::Net::ServerSocket socket;
  socket.bind(Poco::Net::SocketAddress("127.0.0.1", port_), true);
  socket.listen(64);
  // Not inherited by processes the test starts (sigid_process.cpp closes them
  // too): a child holding this socket would take a share of its connections.
  ::fcntl(socket.impl()->sockfd(), F_SETFD, FD_CLOEXEC);
  port_ = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(16);
  params->setKeepAlive(false);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
  server_->start();
}

void WebhookReceiver::stop() {
  if (!server_) return;
  server_->stopAll(true);
  server_.reset();
}

std::string WebhookReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

int WebhookReceiver::record(ReceivedWebhook webhook) {
  std::lock_guard lock(mutex_);
  const int status = status_.load();
  webhook.status = status;
  received_.push_back(std::move(webhook));
  return status;
}

std::vector<ReceivedWebhook> WebhookReceiver::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

std::set<std::string> WebhookReceiver::ids() const {
  std::lock_guard lock(mutex_);
  std::set<std::string> out;
  for (const auto& w : received_)
    if (w.status < 300 && w.headers.count("webhook-id")) out.insert(w.headers.at("webhook-id"));
  return out;
}

bool WebhookReceiver::waitForIds(std::size_t count, std::chrono::seconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ids().size() >= count) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return ids().size() >= count;
}

}  // namespace sigid::testing
