#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace sigid::events {

// Caps in-flight deliveries per destination (scheme://host:port) in this
// process, so one slow receiver holds at most `limit` workers and the others
// keep flowing. Several kernels each apply their own cap.
class DestinationLimiter {
 public:
  explicit DestinationLimiter(unsigned limit) : limit_(limit) {}
  bool tryAcquire(const std::string& destination);
  void release(const std::string& destination);
  unsigned inFlight(const std::string& destination) const;

 private:
  unsigned limit_;
  mutable std::mutex mutex_;
  std::map<std::string, unsigned> in_flight_;
};

// "https://Example.com:8443/hooks?x" -> "https://example.com:8443".
std::string destinationKey(std::string_view url);

}  // namespace sigid::events
