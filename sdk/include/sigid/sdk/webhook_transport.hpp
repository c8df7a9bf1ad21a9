#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "sigid/sdk/host.hpp"
#include "sigid/sdk/manifest.hpp"
#include "sigid/sdk/plugin_config.hpp"
#include "sigid/sdk/result.hpp"

namespace sigid::sdk {

// An event the kernel already signed (Standard Webhooks: webhook-id,
// webhook-timestamp, webhook-signature are in `headers`). The transport moves
// the bytes; it does not change them.
struct WebhookDelivery {
  std::string destination;  // the subscriber's URL (or whatever the transport addresses)
  std::string event_id;
  std::string event_type;
  std::string body;  // JSON
  Headers headers;
  std::chrono::milliseconds timeout{10000};
};

struct DeliveryOutcome {
  bool delivered = false;
  int status = 0;          // the receiver's status when there was one
  bool retryable = false;  // network errors, timeouts, 5xx and 429 are; other 4xx are not
  std::string detail;      // for the delivery log; never the body of a secret
};

class WebhookTransport {
 public:
  virtual ~WebhookTransport() = default;
  // A failed delivery is a DeliveryOutcome, not an Error: Error is for a broken
  // transport (bad config, a bug), which the dispatcher treats as retryable.
  virtual Result<DeliveryOutcome> deliver(const WebhookDelivery& delivery) = 0;
};

class WebhookTransportFactory {
 public:
  static constexpr Kind kKind = Kind::WebhookTransport;
  virtual ~WebhookTransportFactory() = default;
  virtual Result<std::unique_ptr<WebhookTransport>> create(const PluginConfig& config, Host& host) = 0;
};

}  // namespace sigid::sdk
