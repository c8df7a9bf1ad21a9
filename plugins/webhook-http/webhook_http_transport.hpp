#pragma once

#include <chrono>
#include <string>

#include "sigid/sdk/sdk.hpp"

namespace sigid::webhook_http {

// Delivers a signed event with one HTTP POST through the Host's client (so the
// SSRF guard applies). 2xx is delivered; network errors, timeouts, 408, 429
// and 5xx are retryable; other statuses (including redirects, which are not
// followed) are final.
class HttpTransport final : public sdk::WebhookTransport {
 public:
  HttpTransport(sdk::Host& host, std::chrono::milliseconds timeout, std::string user_agent,
                std::string authorization)
      : host_(host), timeout_(timeout), user_agent_(std::move(user_agent)), authorization_(std::move(authorization)) {}

  sdk::Result<sdk::DeliveryOutcome> deliver(const sdk::WebhookDelivery& delivery) override;

 private:
  sdk::Host& host_;
  std::chrono::milliseconds timeout_;
  std::string user_agent_;
  std::string authorization_;  // sent as Authorization when set (a secret)
};

// The outcome for a receiver's HTTP status.
sdk::DeliveryOutcome outcomeForStatus(int status);

}  // namespace sigid::webhook_http
