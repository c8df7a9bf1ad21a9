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
  unsigned max_connections = 10000;                    // http.max_connections; open connections, idle included
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

// Lists are comma-separated in files and the environment.
struct PluginsConfig {
  std::vector<std::string> directories;         // plugins.directories; folders whose *.so files load at start-up
  std::vector<std::string> allowlist;           // plugins.allowlist; NAME or NAME=sha256:HEX; empty allows every file
  std::vector<std::string> outbound_allowlist;  // plugins.outbound_allowlist; IPs/CIDRs plugins may reach though not public
};

struct CacheConfig {
  // cache.refresh_interval_ms; how stale a node's tenant/client cache may get: each
  // tenant's config_version is re-read at most this often (DESIGN.md §10).
  std::chrono::milliseconds refresh_interval{1000};
};

struct KeysConfig {
  // keys.rotation_overlap_seconds; how long a retired signing key stays in JWKS
  // and keeps verifying. Must exceed the longest access/ID token lifetime plus
  // the JWKS cache time of verifiers.
  std::chrono::seconds rotation_overlap{86400};
};

struct RateLimitConfig {
  unsigned per_second = 0;  // refill rate; 0 disables
  unsigned burst = 0;       // requests allowed at once
};

struct OAuthConfig {
  // oauth.revocation_refresh_interval_ms; revocations made on other nodes apply within this.
  std::chrono::milliseconds revocation_refresh_interval{1000};
  // oauth.rate_limit.client_*: token/introspect/revoke requests per client id (429 past it).
  RateLimitConfig client_rate_limit{20, 40};
  // oauth.rate_limit.address_*: idem per source address.
  RateLimitConfig address_rate_limit{100, 200};
  // oauth.authorization_code_ttl_seconds: an authorization code is exchanged within
  // seconds; RFC 6749 §4.1.2 recommends at most 10 minutes.
  std::chrono::seconds authorization_code_ttl{60};
  // oauth.refresh_token_ttl_seconds: how long a refresh-token family lives from the
  // sign-in; rotation never extends it (docs/oauth.md "Refresh tokens").
  std::chrono::seconds refresh_token_ttl{30 * 86400};
};

struct ApiKeysConfig {
  std::chrono::milliseconds usage_flush_interval{10000};  // api_keys.usage_flush_interval_ms; usage counts batched
};

struct AuditConfig {
  std::chrono::milliseconds batch_interval{5000};  // audit.batch_interval_ms; hot-path audit rows (failed client auth) batched
  unsigned retention_days = 365;                   // audit.retention_days; 0 keeps events forever; pruning keeps the chain verifiable
};

// The webhook dispatcher (docs/webhooks.md "Retries"). Defaults retry for about
// 21 hours before dead-lettering.
struct EventsConfig {
  unsigned dispatcher_threads = 2;            // events.dispatcher_threads; 0 runs no dispatcher on this node
  unsigned max_attempts = 12;                 // events.max_attempts; then the delivery is dead-lettered
  unsigned retry_base_seconds = 60;           // events.retry_base_seconds; first retry delay, doubled per attempt
  unsigned retry_max_seconds = 21600;         // events.retry_max_seconds; cap on one delay
  unsigned lease_seconds = 60;                // events.lease_seconds; a claimed row returns to the queue after this
  unsigned per_destination_concurrency = 4;   // events.per_destination_concurrency; in-flight per receiver host, per node
  unsigned delivery_timeout_seconds = 10;     // events.delivery_timeout_seconds; per attempt
  unsigned auto_disable_after_seconds = 259200;  // events.auto_disable_after_seconds; failing this long disables; 0 never
};

// Outgoing e-mail for invitations and password resets (docs/hosted-pages.md).
struct SmtpConfig {
  std::string host;                       // smtp.host; empty: no mail is sent (invitations report it)
  std::uint16_t port = 25;                // smtp.port
  std::string from = "SigID <no-reply@localhost>";  // smtp.from; the From header and envelope sender
  std::string tls = "none";               // smtp.tls: none | starttls | tls (implicit, usually port 465)
  std::string username;                   // smtp.username; empty: no AUTH
  std::string password;                   // smtp.password; secret
  std::chrono::seconds timeout{10};       // smtp.timeout_seconds; connect and each reply
};

struct PolicyConfig {
  // Per-call sandbox limits of tenant Lua policies (docs/policies.md "Limits").
  std::uint64_t instruction_budget = 1000000;      // policy.instruction_budget; VM instructions per evaluation
  std::size_t memory_limit_bytes = 4 * 1024 * 1024;  // policy.memory_limit_bytes; bytes a call may allocate
  std::chrono::milliseconds deadline{50};          // policy.deadline_ms; wall clock per evaluation
  std::string baseline_file;                       // policy.baseline_file; platform baseline, evaluated first; empty: none
  std::string default_decision = "deny";           // policy.default_decision: allow | deny, when no policy decides
};

struct KernelConfig {
  Mode mode = Mode::Dev;  // mode: dev | production
  HttpConfig http;
  DatabaseConfig database;
  LogConfig log;
  SecurityConfig security;
  PluginsConfig plugins;
  CacheConfig cache;
  KeysConfig keys;
  OAuthConfig oauth;
  ApiKeysConfig api_keys;
  AuditConfig audit;
  EventsConfig events;
  SmtpConfig smtp;
  PolicyConfig policy;
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
