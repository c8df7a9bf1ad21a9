#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/config.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "core/result.hpp"

namespace sigid::app {

// The one place that builds the services and wires them together (STYLE §1):
// database, migrations, bootstrap, tenancy, control plane, HTTP server.
class Kernel {
 public:
  Kernel(KernelConfig config, core::Logger& logger);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // Opens the database, migrates (when configured), bootstraps the system
  // tenant and starts listening. The bootstrap credential, when one was just
  // made, is available once through takeBootstrapCredential().
  core::Result<void> start();
  // Graceful: in-flight requests finish (up to http.drain_timeout_seconds).
  void stop();

  std::uint16_t port() const;
  std::optional<std::string> takeBootstrapCredential();

 private:
  struct Parts;
  core::Result<void> startPlugins(Parts& parts);
  core::Result<void> startOAuth(Parts& parts);
  KernelConfig config_;
  core::Logger& logger_;
  core::SystemClock clock_;
  std::unique_ptr<Parts> parts_;
  std::optional<std::string> bootstrap_credential_;
};

// Opens the configured database and applies pending migrations (`sigid migrate`).
core::Result<void> migrateDatabase(const KernelConfig& config, core::Logger& logger);

}  // namespace sigid::app
