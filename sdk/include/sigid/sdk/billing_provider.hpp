#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "sigid/sdk/host.hpp"
#include "sigid/sdk/manifest.hpp"
#include "sigid/sdk/plugin_config.hpp"
#include "sigid/sdk/result.hpp"

namespace sigid::sdk {

struct CustomerInfo {
  std::string tenant_id;
  std::string name;
  std::string email;
};

struct CustomerRef {
  std::string customer_id;  // the provider's id
};

struct CheckoutRequest {
  std::string customer_id;
  std::string plan;
  std::string success_url;
  std::string cancel_url;
};

struct PortalRequest {
  std::string customer_id;
  std::string return_url;
};

struct BillingLink {
  std::string url;
  std::int64_t expires_at = 0;  // epoch seconds; 0 when the provider does not say
};

struct UsageRecord {
  std::string customer_id;
  std::string metric;  // e.g. "monthly_active_users"
  std::int64_t quantity = 0;
  std::int64_t period_start = 0;  // epoch seconds
  std::string idempotency_key;
};

// A webhook from the provider, as received.
struct InboundBillingEvent {
  Headers headers;
  std::string body;
};

struct BillingEvent {
  std::string event_id;
  std::string type;  // normalised: customer.updated, subscription.active, subscription.canceled, invoice.paid, invoice.failed
  std::string customer_id;
  std::string plan;
  std::map<std::string, std::string> attributes;
};

class BillingProvider {
 public:
  virtual ~BillingProvider() = default;
  virtual Result<CustomerRef> createCustomer(const CustomerInfo& customer) = 0;
  virtual Result<BillingLink> checkoutLink(const CheckoutRequest& request) = 0;
  virtual Result<BillingLink> portalLink(const PortalRequest& request) = 0;
  virtual Result<void> reportUsage(const UsageRecord& usage) = 0;
  // Verifies the provider's signature on the event and normalises it.
  virtual Result<BillingEvent> parseEvent(const InboundBillingEvent& event) = 0;
};

class BillingProviderFactory {
 public:
  static constexpr Kind kKind = Kind::BillingProvider;
  virtual ~BillingProviderFactory() = default;
  virtual Result<std::unique_ptr<BillingProvider>> create(const PluginConfig& config, Host& host) = 0;
};

}  // namespace sigid::sdk
