#include "plugins/trust_policy.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "core/encoding.hpp"
#include "core/hashing.hpp"

namespace sigid::plugins {
namespace {

namespace fs = std::filesystem;

std::string trim(std::string_view text) {
  auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t") - first + 1));
}

bool isHex64(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](unsigned char c) {
           return std::isdigit(c) || (c >= 'a' && c <= 'f');
         });
}

// Mode bits that let someone other than the owner replace the file's contents.
std::optional<std::string> unsafeMode(const struct stat& st, const std::string& what) {
  if (st.st_mode & S_IWOTH) return what + " is world-writable";
  // A group-writable file is refused too unless the group is root's: anyone in it could swap the code.
  if ((st.st_mode & S_IWGRP) && st.st_gid != 0 && st.st_gid != getegid()) return what + " is group-writable";
  if (st.st_uid != 0 && st.st_uid != geteuid())
    return what + " is owned by uid " + std::to_string(st.st_uid) + ", neither root nor the kernel's user";
  return std::nullopt;
}

std::optional<std::string> readAllHash(int fd, std::string& hex) {
  std::string bytes;
  char buffer[65536];
  off_t offset = 0;
  for (;;) {
    ssize_t n = pread(fd, buffer, sizeof buffer, offset);
    if (n < 0) return "could not be read";
    if (n == 0) break;
    bytes.append(buffer, static_cast<std::size_t>(n));
    offset += n;
  }
  hex = core::sha256Hex(bytes);
  return std::nullopt;
}

}  // namespace

core::Result<std::vector<AllowEntry>> parseAllowlist(const std::vector<std::string>& entries) {
  std::vector<AllowEntry> out;
  for (const auto& raw : entries) {
    std::string entry = trim(raw);
    if (entry.empty()) continue;
    AllowEntry allow;
    auto equals = entry.find('=');
    allow.name = trim(entry.substr(0, equals));
    if (allow.name.empty() || allow.name.find('/') != std::string::npos)
      return core::Error::invalidRequest("plugins.allowlist: \"" + entry + "\": expected a file name, e.g. webhook-http.so");
    if (equals != std::string::npos) {
      std::string pin = trim(entry.substr(equals + 1));
      std::transform(pin.begin(), pin.end(), pin.begin(), [](unsigned char c) { return char(std::tolower(c)); });
      if (!pin.starts_with("sha256:") || !isHex64(pin.substr(7)))
        return core::Error::invalidRequest("plugins.allowlist: \"" + entry +
                                           "\": expected NAME=sha256:<64 hex digits>, e.g. from `sha256sum`");
      allow.sha256_hex = pin.substr(7);
    }
    out.push_back(std::move(allow));
  }
  return out;
}

OpenedPluginFile::OpenedPluginFile(OpenedPluginFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)) {}

OpenedPluginFile::~OpenedPluginFile() {
  if (fd_ >= 0) ::close(fd_);
}

core::Result<OpenedPluginFile> OpenedPluginFile::open(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return core::Error::internal(file.string() + ": cannot be opened");
  return OpenedPluginFile(file, fd);
}

fs::path OpenedPluginFile::descriptorPath() const { return "/proc/self/fd/" + std::to_string(fd_); }

std::optional<std::string> TrustPolicy::refusal(const OpenedPluginFile& file) const {
  struct stat st {};
  if (fstat(file.fd(), &st) != 0) return "cannot be inspected";
  if (!S_ISREG(st.st_mode)) return "is not a regular file";
  if (auto unsafe = unsafeMode(st, "the file")) return unsafe;

  // Every folder above the file: a writable one lets someone rename in another
  // file. A sticky folder (/tmp) only lets owners rename their own entries.
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(file.path(), ec), ec).parent_path();
  for (fs::path at = dir; !at.empty(); at = at.parent_path()) {
    struct stat ds {};
    if (stat(at.c_str(), &ds) != 0) return "folder " + at.string() + " cannot be inspected";
    if (!(ds.st_mode & S_ISVTX)) {
      if (auto unsafe = unsafeMode(ds, "folder " + at.string())) return unsafe;
    }
    if (at == at.root_path()) break;
  }

  if (allowlist_.empty()) return std::nullopt;
  const std::string name = file.path().filename().string();
  const std::string stem = file.path().stem().string();
  auto entry = std::find_if(allowlist_.begin(), allowlist_.end(),
                            [&](const AllowEntry& e) { return e.name == name || e.name == stem; });
  if (entry == allowlist_.end()) return "is not on plugins.allowlist";
  if (!entry->sha256_hex) return std::nullopt;
  std::string actual;
  if (auto unreadable = readAllHash(file.fd(), actual)) return unreadable;
  if (actual != *entry->sha256_hex)
    return "has SHA-256 " + actual + " but plugins.allowlist pins " + *entry->sha256_hex;
  return std::nullopt;
}

}  // namespace sigid::plugins
