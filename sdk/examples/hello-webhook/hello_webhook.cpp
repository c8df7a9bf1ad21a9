// hello-webhook: a WebhookTransport that appends each delivery to a file as one
// JSON line instead of sending it anywhere. Small enough to read in one sitting;
// it shows a manifest, a config schema, a factory, an instance and Host use.
#include <fstream>
#include <memory>
#include <mutex>
#include <string>

#include <sigid/sdk/sdk.hpp>

namespace {

using namespace sigid;

constexpr const char* kSchema = R"({
  "type": "object",
  "additionalProperties": false,
  "required": ["path"],
  "properties": {
    "path": {"type": "string", "minLength": 1, "maxLength": 4096, "pattern": "^/",
             "description": "Absolute path of the file deliveries are appended to"},
    "prefix": {"type": "string", "maxLength": 64, "description": "Written before each line"}
  }
})";

// JSON string escaping for the few characters that need it.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "\"";
}

class FileTransport final : public sdk::WebhookTransport {
 public:
  FileTransport(sdk::Host& host, std::string path, std::string prefix)
      : host_(host), path_(std::move(path)), prefix_(std::move(prefix)) {}

  sdk::Result<sdk::DeliveryOutcome> deliver(const sdk::WebhookDelivery& d) override {
    std::lock_guard lock(mutex_);  // instances are shared by the kernel's request threads
    std::ofstream out(path_, std::ios::app);
    sdk::DeliveryOutcome outcome;
    if (!out) {
      outcome.retryable = true;  // the disk may come back
      outcome.detail = "cannot open " + path_;
      return outcome;
    }
    out << prefix_ << "{\"id\":" << quoted(d.event_id) << ",\"type\":" << quoted(d.event_type)
        << ",\"destination\":" << quoted(d.destination) << ",\"body\":" << quoted(d.body) << "}\n";
    host_.log(sdk::LogLevel::Info, "delivery written", {{"event_id", d.event_id}});
    outcome.delivered = true;
    outcome.status = 200;
    outcome.detail = "appended to " + path_;
    return outcome;
  }

 private:
  sdk::Host& host_;
  std::string path_;
  std::string prefix_;
  std::mutex mutex_;
};

class FileTransportFactory final : public sdk::WebhookTransportFactory {
 public:
  sdk::Result<std::unique_ptr<sdk::WebhookTransport>> create(const sdk::PluginConfig& config, sdk::Host& host) override {
    // The kernel validated the config against kSchema: "path" is there.
    return std::unique_ptr<sdk::WebhookTransport>(
        std::make_unique<FileTransport>(host, *config.string("/path"), config.string("/prefix").value_or("")));
  }
};

sdk::Result<void> registerFactories(sdk::Registrar& registrar) {
  return registrar.add(std::make_unique<FileTransportFactory>());
}

constexpr sdk::Manifest kManifest{
    .id = "org.example.hello-webhook",
    .version = "0.1.0",
    .kinds = sdk::Kind::WebhookTransport,
    .description = "Appends webhook deliveries to a file (an SDK example)",
    .config_schema = kSchema,
};

}  // namespace

SIGID_PLUGIN(kManifest, registerFactories)
