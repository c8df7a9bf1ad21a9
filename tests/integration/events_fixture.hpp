#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "integration/kernel_fixture.hpp"
#include "integration/webhook_receiver.hpp"

namespace sigid::testing {

// A kernel that loads the built webhook-http plugin, may reach the loopback
// receiver, and retries on a short schedule (seconds, not minutes), with a
// receiver in the test process.
class EventsKernelTest : public KernelTest {
 protected:
  void SetUp() override;

  std::map<std::string, std::string> eventsEnv() const;
  // POST a subscription for `types` to the receiver; returns {id, secret}.
  std::pair<std::string, std::string> subscribe(const std::string& tenant, const std::string& types_json,
                                                const std::string& path = "/hook");
  // A change that records one tenant.updated event.
  void touch(const std::string& tenant, int n);

  std::unique_ptr<WebhookReceiver> receiver_;
};

}  // namespace sigid::testing
