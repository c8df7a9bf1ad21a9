#include "events/retry_schedule.hpp"

#include <algorithm>

namespace sigid::events {

std::chrono::milliseconds RetrySchedule::nominalDelay(int attempt) const {
  std::int64_t delay = base.count();
  for (int i = 1; i < attempt && delay < cap.count(); ++i) delay *= 2;
  return std::chrono::milliseconds(std::min<std::int64_t>(delay, cap.count()));
}

std::chrono::milliseconds RetrySchedule::delay(int attempt, double unit_random) const {
  const double factor = 0.8 + 0.4 * std::clamp(unit_random, 0.0, 0.999999);
  return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(nominalDelay(attempt).count()) * factor));
}

}  // namespace sigid::events
