#include "events/destination_limiter.hpp"

#include <algorithm>

namespace sigid::events {

bool DestinationLimiter::tryAcquire(const std::string& destination) {
  std::lock_guard lock(mutex_);
  unsigned& count = in_flight_[destination];
  if (count >= limit_) return false;
  ++count;
  return true;
}

void DestinationLimiter::release(const std::string& destination) {
  std::lock_guard lock(mutex_);
  auto it = in_flight_.find(destination);
  if (it == in_flight_.end()) return;
  if (--it->second == 0) in_flight_.erase(it);
}

unsigned DestinationLimiter::inFlight(const std::string& destination) const {
  std::lock_guard lock(mutex_);
  auto it = in_flight_.find(destination);
  return it == in_flight_.end() ? 0 : it->second;
}

std::string destinationKey(std::string_view url) {
  auto scheme = url.find("://");
  std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  auto end = url.find_first_of("/?#", start);
  std::string key(url.substr(0, end));
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  return key;
}

}  // namespace sigid::events
