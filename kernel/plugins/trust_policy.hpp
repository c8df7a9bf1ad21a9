#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace sigid::plugins {

// One plugins.allowlist entry: a file name ("webhook-http.so") or its stem
// ("webhook-http"), optionally pinned to the file's SHA-256.
struct AllowEntry {
  std::string name;
  std::optional<std::string> sha256_hex;  // lowercase
};

// "a.so, b=sha256:<64 hex>" -> entries; the error names the bad entry.
core::Result<std::vector<AllowEntry>> parseAllowlist(const std::vector<std::string>& entries);

// A plugin file opened once and checked through that descriptor (mode, owner,
// hash, ELF symbols); the loader then confirms the path it loads still names
// this file.
class OpenedPluginFile {
 public:
  OpenedPluginFile(const OpenedPluginFile&) = delete;
  OpenedPluginFile& operator=(const OpenedPluginFile&) = delete;
  OpenedPluginFile(OpenedPluginFile&& other) noexcept;
  ~OpenedPluginFile();

  static core::Result<OpenedPluginFile> open(const std::filesystem::path& file);
  const std::filesystem::path& path() const { return path_; }
  // A path naming exactly the opened file, for the ELF reader.
  std::filesystem::path descriptorPath() const;
  int fd() const { return fd_; }

 private:
  OpenedPluginFile(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::filesystem::path path_;
  int fd_ = -1;
};

// Decides, before any plugin code runs, whether a file may be loaded: owner,
// permissions of the file and the folders above it, the allowlist and pins.
// Each refusal is one sentence an operator can act on.
class TrustPolicy {
 public:
  // An empty allowlist allows every file in the plugin folders.
  explicit TrustPolicy(std::vector<AllowEntry> allowlist) : allowlist_(std::move(allowlist)) {}

  std::optional<std::string> refusal(const OpenedPluginFile& file) const;

 private:
  std::vector<AllowEntry> allowlist_;
};

}  // namespace sigid::plugins
