#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace sigid::app {

// Every configuration key, its default and why, in one place. Loaded once at
// start-up (loadConfig); nothing else reads raw configuration.

enum class Mode { Dev, Production };

struct HttpConfig {
  std::string host = "127.0.0.1";                      // http.host
  std::uint16_t port = 8080;                           // http.port; 0 picks a free port (tests)
  std::string public_base_url = "http://127.0.0.1:8080";  // http.public_base_url; issuers derive from it, never from Host
  std::size_t max_body_bytes = 1024 * 1024;            // http.max_body_bytes; 413 past it
  unsigned max_threads = 32;                           // http.max_threads
  unsigned max_queued = 256;                           // http.max_queued; connections waiting for a thread
  std::chrono::seconds drain_timeout{20};              // http.drain_timeout_seconds; SIGTERM lets requests finish
  std::string tls_cert_file;                           // http.tls_cert_file; PEM; with tls_key_file enables HTTPS
  std::string tls_key_file;                            // http.tls_key_file
  bool behind_tls_proxy = false;                       // http.behind_tls_proxy; TLS terminates at a proxy in front
};

struct DatabaseConfig {
  std::string url = "sqlite:var/sigid.db";  // database.url; sqlite:PATH or mysql://user:pass@host:port/db[?socket=PATH]
  unsigned pool_size = 8;                    // database.pool_size; MySQL connections kept open
  std::chrono::milliseconds busy_timeout{5000};  // database.busy_timeout_ms; SQLite waits this long for a lock
  std::chrono::seconds connect_timeout{5};   // database.connect_timeout_seconds
  unsigned mysql_partitions = 16;            // database.mysql_partitions; PARTITION BY KEY(tenant_id) count for hot tables
  bool migrate_on_start = true;              // database.migrate_on_start
};

struct LogConfig {
  std::string level = "information";  // log.level: fatal|critical|error|warning|notice|information|debug|trace
};

struct SecurityConfig {
  std::string master_key;  // security.master_key; base64 of 32 bytes; wraps per-tenant data keys. Required in production.
};

struct KernelConfig {
  Mode mode = Mode::Dev;  // mode: dev | production
  HttpConfig http;
  DatabaseConfig database;
  LogConfig log;
  SecurityConfig security;
};

// A raw layer of key → value text (from a properties file, the environment, or
// command-line -Dkey=value overrides).
using ConfigLayer = std::map<std::string, std::string>;

// Layers apply in order (later wins): built-in defaults, config/sigid.properties,
// --config FILE, environment (SIGID_HTTP_PORT for http.port). Validation collects
// every problem and fails with one line per problem, each naming the key.
struct ConfigSources {
  std::vector<ConfigLayer> layers;
};

core::Result<KernelConfig> loadConfig(const ConfigSources& sources);

// Reads a Java-style .properties file into a layer (keys as written).
core::Result<ConfigLayer> readPropertiesFile(const std::string& path);

// The environment layer: for each known key, SIGID_<KEY upper-cased, '.' → '_'>.
// An unknown SIGID_* variable is reported as an error by loadConfig.
ConfigLayer environmentLayer(char** environ);

// environmentLayer records an unknown SIGID_* variable NAME as the layer key
// kUnknownEnvironmentPrefix + NAME. A properties file cannot produce such a key
// ('!' starts a comment there), so the marker never collides with a real key.
inline constexpr std::string_view kUnknownEnvironmentPrefix = "!env:";

// The environment variable that sets `key`: "http.port" -> "SIGID_HTTP_PORT".
std::string environmentVariableFor(std::string_view key);

// Every known key with its default rendered as text, in order (for docs and `sigid config show`).
std::vector<std::pair<std::string, std::string>> knownKeys();

}  // namespace sigid::app
