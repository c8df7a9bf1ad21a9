#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace Poco::Net {
class HTTPServer;
}

namespace sigid::testing {

struct ReceivedWebhook {
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  int status = 0;  // what the receiver answered
};

// A loopback webhook receiver inside the test process (Poco HTTPServer). It can
// answer an error status for a while, or be stopped and started again on the
// same port, to play a receiver that is down.
class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::uint16_t port = 0);
  ~WebhookReceiver();

  void start();  // on the same port as before
  void stop();
  std::uint16_t port() const { return port_; }
  std::string url(const std::string& path = "/hook") const;
  void answer(int status) { status_ = status; }

  std::vector<ReceivedWebhook> received() const;
  // Distinct webhook-id values accepted with a 2xx (the receiver deduplicates on it).
  std::set<std::string> ids() const;
  // Waits until `count` distinct ids arrived; false on timeout.
  bool waitForIds(std::size_t count, std::chrono::seconds timeout) const;

  // Called by the request handler.
  int record(ReceivedWebhook webhook);

 private:
  std::uint16_t port_;
  std::atomic<int> status_{204};
  mutable std::mutex mutex_;
  std::vector<ReceivedWebhook> received_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace sigid::testing
