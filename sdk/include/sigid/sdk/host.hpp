#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sigid/sdk/plugin_config.hpp"
#include "sigid/sdk/result.hpp"

namespace sigid::sdk {

enum class LogLevel { Debug, Info, Warning, Error };

struct LogField {
  std::string key;
  std::string value;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // http:// or https://
  Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{10000};  // connect, and each read/write
};

struct HttpResponse {
  int status = 0;
  Headers headers;  // names lower-cased
  std::string body;
};

// An entry for the tenant's audit log. `data_json` is a JSON object; never secrets.
struct AuditEvent {
  std::string type;  // e.g. "webhook.delivered"; the kernel prefixes "plugin.<id>."
  std::string target_type;
  std::string target_id;
  bool success = true;
  std::string data_json = "{}";
};

// Everything a plugin instance may use from the kernel. One Host per (plugin,
// tenant): the key/value store, sealing keys and audit log are that tenant's.
// There is deliberately no database handle and no kernel config here.
// Every call is safe from any thread and never throws.
class Host {
 public:
  virtual ~Host() = default;

  virtual void log(LogLevel level, std::string_view message, const std::vector<LogField>& fields = {}) = 0;
  virtual const PluginConfig& config() const = 0;
  virtual std::chrono::system_clock::time_point now() const = 0;
  // Bytes from the kernel's CSPRNG.
  virtual std::string randomBytes(std::size_t count) = 0;

  // Outbound HTTP(S). Refuses destinations that resolve to loopback, private,
  // link-local, multicast or unspecified addresses unless the operator allowlisted
  // them (plugins.outbound_allowlist); the check happens after DNS resolution and
  // the connection goes to the checked address.
  virtual Result<HttpResponse> http(const HttpRequest& request) = 0;

  // AES-256-GCM under this tenant's key; the result is text safe to store anywhere.
  virtual Result<std::string> seal(std::string_view plaintext) = 0;
  virtual Result<std::string> unseal(std::string_view sealed) = 0;

  // A small key/value store scoped to (this plugin, this tenant).
  virtual Result<std::optional<std::string>> kvGet(std::string_view key) = 0;
  virtual Result<void> kvPut(std::string_view key, std::string_view value) = 0;
  virtual Result<void> kvDelete(std::string_view key) = 0;

  virtual Result<void> audit(const AuditEvent& event) = 0;
};

}  // namespace sigid::sdk
