#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace Poco::Net {
class HTTPServer;
}

namespace sigid::plugins::testing {

// A receiver on 127.0.0.1 for outbound-HTTP tests. Paths choose the answer:
//   /status/<code>  answers <code>;  /slow  waits 3 s then 200;  anything else 200 "ok".
// Every request is recorded.
class TestHttpServer {
 public:
  struct Received {
    std::string method;
    std::string uri;
    std::string host;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
  };

  TestHttpServer();
  ~TestHttpServer();
  std::uint16_t port() const { return port_; }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  std::vector<Received> received() const;

  struct State {
    mutable std::mutex mutex;
    std::vector<Received> received;
    int active = 0;  // handlers running; the destructor waits for them
  };

 private:
  std::shared_ptr<State> state_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
};

}  // namespace sigid::plugins::testing
