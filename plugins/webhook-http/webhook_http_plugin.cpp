// The built-in HTTP(S) webhook transport: a plugin like any other, loaded from
// the plugin folder through the SDK entry, with no access to kernel internals.
#include <memory>

#include "sigid/sdk/sdk.hpp"
#include "webhook_http_transport.hpp"

namespace {

using namespace sigid;

constexpr const char* kSchema = R"({
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "timeout_ms": {"type": "integer", "minimum": 100, "maximum": 60000,
                   "description": "Per-attempt timeout; the dispatcher's own deadline still applies"},
    "user_agent": {"type": "string", "minLength": 1, "maxLength": 200},
    "authorization": {"type": "string", "maxLength": 4096, "writeOnly": true,
                      "description": "Sent as the Authorization header, for receivers behind a gateway"}
  }
})";

class HttpTransportFactory final : public sdk::WebhookTransportFactory {
 public:
  sdk::Result<std::unique_ptr<sdk::WebhookTransport>> create(const sdk::PluginConfig& config, sdk::Host& host) override {
    auto timeout = std::chrono::milliseconds(config.integer("/timeout_ms").value_or(10000));
    return std::unique_ptr<sdk::WebhookTransport>(std::make_unique<webhook_http::HttpTransport>(
        host, timeout, config.string("/user_agent").value_or("SigID-Webhooks/1"),
        config.string("/authorization").value_or("")));
  }
};

sdk::Result<void> registerFactories(sdk::Registrar& registrar) {
  return registrar.add(std::make_unique<HttpTransportFactory>());
}

constexpr sdk::Manifest kManifest{
    .id = "io.sigid.webhook-http",
    .version = "1.0.0",
    .kinds = sdk::Kind::WebhookTransport,
    .description = "Delivers webhooks with an HTTP(S) POST through the kernel's guarded HTTP client",
    .config_schema = kSchema,
};

}  // namespace

SIGID_PLUGIN(kManifest, registerFactories)
