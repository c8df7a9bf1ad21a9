#pragma once

#include <filesystem>
#include <vector>

#include "core/log.hpp"
#include "core/result.hpp"
#include "plugins/plugin_call.hpp"
#include "plugins/plugin_registry.hpp"
#include "plugins/trust_policy.hpp"

namespace sigid::plugins {

// Loads plugin files into a registry. Each check runs before the next can run
// plugin code (DuckDB, Redis modules): trust (owner, modes, allowlist, pin) on
// an opened descriptor, then the ELF symbol table for the ABI's entry name,
// then dlopen with RTLD_NOW | RTLD_LOCAL (a missing symbol fails here, not at
// the first call; nothing leaks into other plugins' lookups), then the
// manifest, then registration behind the barrier. A refused file costs one
// log line and an entry in registry.failures(); the kernel carries on.
class PluginLoader {
 public:
  PluginLoader(TrustPolicy trust, core::Logger& logger, PluginFaults* faults = nullptr)
      : trust_(std::move(trust)), logger_(logger), faults_(faults) {}

  // Every *.so directly in each folder, in name order (a stable order decides
  // which of two duplicate ids wins).
  void loadDirectories(const std::vector<std::filesystem::path>& directories, PluginRegistry& registry);
  // The error's detail is the operator's message (also recorded as a failure).
  core::Result<void> loadFile(const std::filesystem::path& file, PluginRegistry& registry);

 private:
  core::Result<void> tryLoad(const std::filesystem::path& file, PluginRegistry& registry);

  TrustPolicy trust_;
  core::Logger& logger_;
  PluginFaults* faults_;
};

// What the kernel's config says about loading (plugins.directories, plugins.allowlist).
struct PluginLoadOptions {
  std::vector<std::string> directories;
  std::vector<std::string> allowlist;
};

// Loads every configured folder into `registry`; the only error is a malformed
// allowlist (refused files are failures in the registry, not errors).
core::Result<void> loadConfiguredPlugins(const PluginLoadOptions& options, core::Logger& logger,
                                         PluginRegistry& registry, PluginFaults* faults = nullptr);

// Plugin ids: reverse-DNS-like, lowercase, 3-64 characters of a-z 0-9 . - _
bool validPluginId(std::string_view id);

}  // namespace sigid::plugins
