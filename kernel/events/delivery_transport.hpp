#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "store/tenant_scope.hpp"

namespace sigid::events {

// A signed webhook ready to leave: the dispatcher has set every header.
struct OutgoingWebhook {
  std::string destination;
  std::string message_id;
  std::string event_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds timeout{10000};
};

struct TransportResult {
  bool delivered = false;
  int status = 0;
  bool retryable = true;
  std::string detail;
};

// How the dispatcher reaches receivers. The kernel's implementation hands the
// webhook to the tenant's WebhookTransport plugin named by the subscription
// (plugin_delivery_transport.hpp); tests use fakes. An Error means the
// transport itself is broken (not loaded, misconfigured): retried like a 5xx.
class DeliveryTransport {
 public:
  virtual ~DeliveryTransport() = default;
  virtual core::Result<TransportResult> deliver(const store::TenantScope& tenant, std::string_view transport_id,
                                                const OutgoingWebhook& webhook) = 0;
};

}  // namespace sigid::events
