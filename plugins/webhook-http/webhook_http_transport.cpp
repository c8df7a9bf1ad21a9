#include "webhook_http_transport.hpp"

#include <algorithm>

namespace sigid::webhook_http {

sdk::DeliveryOutcome outcomeForStatus(int status) {
  sdk::DeliveryOutcome out;
  out.status = status;
  out.delivered = status >= 200 && status < 300;
  // 408 and 429 say "later"; 5xx is the receiver's fault. Other 4xx will not change on retry.
  out.retryable = !out.delivered && (status == 408 || status == 429 || status >= 500);
  if (out.delivered) out.detail = "delivered";
  else if (status >= 300 && status < 400) out.detail = "the receiver redirected; redirects are not followed";
  else out.detail = "the receiver answered " + std::to_string(status);
  return out;
}

sdk::Result<sdk::DeliveryOutcome> HttpTransport::deliver(const sdk::WebhookDelivery& delivery) {
  sdk::HttpRequest request;
  request.method = "POST";
  request.url = delivery.destination;
  request.body = delivery.body;
  request.timeout = std::min(timeout_, delivery.timeout);
  request.headers = delivery.headers;
  request.headers.emplace_back("Content-Type", "application/json");
  request.headers.emplace_back("User-Agent", user_agent_);
  if (!authorization_.empty()) request.headers.emplace_back("Authorization", authorization_);

  auto response = host_.http(request);
  if (!response) {
    sdk::DeliveryOutcome out;
    // A refused or malformed destination will not become deliverable by waiting.
    out.retryable = response.error().code() == sdk::ErrorCode::Unavailable ||
                    response.error().code() == sdk::ErrorCode::Internal;
    out.detail = response.error().message();
    return out;
  }
  return outcomeForStatus(response->status);
}

}  // namespace sigid::webhook_http
