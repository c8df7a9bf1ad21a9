#include "plugins/outbound_http_client.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/URI.h>
#include <netdb.h>

#include <algorithm>
#include <cstring>
#include <istream>
#include <memory>

namespace sigid::plugins {
namespace {

using core::Error;

// Connects to the address the guard approved, whatever the host name resolves
// to when Poco looks it up again.
template <class Base>
class PinnedSession final : public Base {
 public:
  template <class... Args>
  explicit PinnedSession(Poco::Net::SocketAddress pinned, Args&&... args)
      : Base(std::forward<Args>(args)...), pinned_(std::move(pinned)) {}

 protected:
  void connect(const Poco::Net::SocketAddress&) override { Base::connect(pinned_); }

 private:
  Poco::Net::SocketAddress pinned_;
};

Error unavailable(const std::string& what) { return Error(core::ErrorCode::Unavailable, what); }

core::Result<std::vector<IpAddress>> resolve(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || found == nullptr)
    return unavailable("outbound request failed: cannot resolve " + host);
  std::vector<IpAddress> out;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    IpAddress ip;
    if (a->ai_family == AF_INET) {
      auto* in = reinterpret_cast<sockaddr_in*>(a->ai_addr);
      std::memcpy(ip.bytes.data(), &in->sin_addr, 4);
    } else if (a->ai_family == AF_INET6) {
      ip.v6 = true;
      auto* in6 = reinterpret_cast<sockaddr_in6*>(a->ai_addr);
      std::memcpy(ip.bytes.data(), &in6->sin6_addr, 16);
    } else {
      continue;
    }
    out.push_back(ip);
  }
  freeaddrinfo(found);
  if (out.empty()) return unavailable("outbound request failed: " + host + " has no IP address");
  return out;
}

Poco::Net::Context::Ptr clientContext() {
  Poco::Net::Context::Params params;
  params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;  // verifies the chain and the host name
  params.loadDefaultCAs = true;
  return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
}

}  // namespace

OutboundHttpClient::OutboundHttpClient(SsrfGuard guard, OutboundHttpOptions options)
    : guard_(std::move(guard)), options_(options) {
  Poco::Net::initializeSSL();
}

OutboundHttpClient::~OutboundHttpClient() { Poco::Net::uninitializeSSL(); }

core::Result<sdk::HttpResponse> OutboundHttpClient::send(const sdk::HttpRequest& request) const {
  Poco::URI uri;
  try {
    uri = Poco::URI(request.url);
  } catch (const Poco::Exception&) {
    return Error::invalidRequest("outbound request refused: the URL is malformed");
  }
  const std::string scheme = uri.getScheme();
  if (scheme != "http" && scheme != "https")
    return Error::invalidRequest("outbound request refused: only http:// and https:// URLs are allowed");
  if (uri.getHost().empty() || !uri.getUserInfo().empty())
    return Error::invalidRequest("outbound request refused: the URL needs a host and no user information");
  if (request.timeout.count() <= 0) return Error::invalidRequest("outbound request refused: the timeout must be positive");

  SIGID_TRY(std::vector<IpAddress> addresses, resolve(uri.getHost()));
  // Every address, not just the first: a name with one public and one private
  // address must not be usable to reach the private one on a retry.
  for (const auto& address : addresses) SIGID_CHECK(guard_.check(address));

  const Poco::Net::SocketAddress pinned(addresses.front().text(), uri.getPort());
  const Poco::Timespan timeout(std::chrono::duration_cast<std::chrono::microseconds>(request.timeout).count());
  try {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (scheme == "https")
      session = std::make_unique<PinnedSession<Poco::Net::HTTPSClientSession>>(pinned, uri.getHost(), uri.getPort(),
                                                                                 clientContext());
    else
      session = std::make_unique<PinnedSession<Poco::Net::HTTPClientSession>>(pinned, uri.getHost(), uri.getPort());
    session->setTimeout(timeout, timeout, timeout);
    session->setKeepAlive(false);

    std::string target = uri.getPathEtc();
    if (target.empty()) target = "/";
    Poco::Net::HTTPRequest out(request.method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : request.headers) out.add(name, value);
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH")
      out.setContentLength(static_cast<std::streamsize>(request.body.size()));
    session->sendRequest(out) << request.body;

    Poco::Net::HTTPResponse in;
    std::istream& body = session->receiveResponse(in);
    sdk::HttpResponse response;
    response.status = static_cast<int>(in.getStatus());
    for (const auto& [name, value] : in) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
      response.headers.emplace_back(std::move(lower), value);
    }
    char buffer[8192];
    while (body.read(buffer, sizeof buffer) || body.gcount() > 0) {
      response.body.append(buffer, static_cast<std::size_t>(body.gcount()));
      if (response.body.size() > options_.max_response_bytes)
        return unavailable("outbound request failed: the response is larger than " +
                           std::to_string(options_.max_response_bytes) + " bytes");
    }
    return response;
  } catch (const Poco::TimeoutException&) {
    return unavailable("outbound request to " + uri.getHost() + " timed out");
  } catch (const Poco::Net::SSLException& e) {
    return unavailable("outbound request to " + uri.getHost() + " failed TLS: " + e.message());
  } catch (const Poco::Exception& e) {
    return unavailable("outbound request to " + uri.getHost() + " failed: " + e.displayText());
  } catch (const std::exception& e) {
    return unavailable("outbound request to " + uri.getHost() + " failed: " + e.what());
  }
}

}  // namespace sigid::plugins
