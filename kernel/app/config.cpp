#include "app/config.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

#include <arpa/inet.h>

#include "core/encoding.hpp"

namespace sigid::app {
namespace {

// What is wrong with one value, phrased to follow `key = "value": `.
using Problem = std::optional<std::string>;

// One row per key: how to read it into the struct and how to print it back.
// The struct holds the defaults; this table holds the rules.
struct KeySpec {
  std::string_view key;
  Problem (*apply)(KernelConfig& config, std::string_view text);
  std::string (*render)(const KernelConfig& config);
  bool secret;  // never echoed in an error message
};

constexpr std::string_view kLogLevels[] = {"fatal",  "critical",    "error", "warning",
                                           "notice", "information", "debug", "trace"};

std::optional<std::uint64_t> parseWhole(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;  // no sign, no spaces, no suffix: "80x" and "-1" are both refused
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Reads a bounded whole number; `expectation` is the whole "expected ..." sentence.
template <class T>
Problem readWhole(std::string_view text, std::uint64_t min, std::uint64_t max, T& out) {
  auto value = parseWhole(text);
  if (!value || *value < min || *value > max)
    return "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  out = static_cast<T>(*value);
  return std::nullopt;
}

Problem readBool(std::string_view text, bool& out) {
  // Only the two words: "yes", "1" or "TRUE" in a production file is more likely a typo than intent.
  if (text == "true") out = true;
  else if (text == "false") out = false;
  else return "expected true or false";
  return std::nullopt;
}

std::string renderBool(bool value) { return value ? "true" : "false"; }

// Issuers are "{public_base_url}/t/{slug}" and must be byte-identical everywhere they
// appear, so the URL is checked strictly and stored without a trailing slash.
Problem readPublicBaseUrl(std::string_view text, std::string& out) {
  constexpr std::string_view kExpected =
      "expected an absolute http:// or https:// URL without query or fragment, e.g. https://id.example.com";
  std::string_view rest;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (text.size() >= scheme.size() &&
        std::equal(scheme.begin(), scheme.end(), text.begin(),
                   [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? char(b - 'A' + 'a') : b); })) {
      rest = text.substr(scheme.size());
      break;
    }
  }
  if (rest.empty()) return std::string(kExpected);
  if (std::any_of(text.begin(), text.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; }))
    return std::string(kExpected);
  if (rest.find_first_of("?#") != std::string_view::npos) return std::string(kExpected);
  std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.empty() || authority.front() == ':') return std::string(kExpected);
  if (authority.find('@') != std::string_view::npos)
    return "expected a URL without user name or password, e.g. https://id.example.com";
  // A port, if present, follows the last ':' outside an IPv6 literal's brackets.
  auto colon = authority.rfind(':');
  auto bracket = authority.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    auto port = parseWhole(authority.substr(colon + 1));
    if (!port || *port < 1 || *port > 65535) return std::string(kExpected);
  }
  std::string value(text);
  // Lower-case the scheme so "HTTPS://" and "https://" name the same issuer.
  std::transform(value.begin(), value.begin() + value.find(':'), value.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  while (value.size() > 1 && value.back() == '/') value.pop_back();
  out = std::move(value);
  return std::nullopt;
}

Problem readDatabaseUrl(std::string_view text, std::string& out) {
  constexpr std::string_view kExpected =
      "expected sqlite:PATH or mysql://USER:PASSWORD@HOST:PORT/DATABASE (optionally ?socket=PATH)";
  if (text.starts_with("sqlite:")) {
    if (text.size() == std::string_view("sqlite:").size()) return std::string(kExpected);
    out = std::string(text);
    return std::nullopt;
  }
  if (!text.starts_with("mysql://")) return std::string(kExpected);
  std::string_view rest = text.substr(std::string_view("mysql://").size());
  auto slash = rest.find('/');
  if (slash == std::string_view::npos) return std::string(kExpected);
  std::string_view authority = rest.substr(0, slash);
  std::string_view database = rest.substr(slash + 1);
  database = database.substr(0, database.find('?'));
  // The password may contain '@'; the host is what follows the last one.
  auto at = authority.rfind('@');
  std::string_view hostPort = at == std::string_view::npos ? authority : authority.substr(at + 1);
  if (hostPort.empty() || database.empty() || database.find('/') != std::string_view::npos)
    return std::string(kExpected);
  if (auto colon = hostPort.rfind(':'); colon != std::string_view::npos && hostPort.back() != ']') {
    auto port = parseWhole(hostPort.substr(colon + 1));
    if (!port || *port < 1 || *port > 65535) return std::string(kExpected);
  }
  out = std::string(text);
  return std::nullopt;
}

// A duration in seconds within [min, max].
Problem readSeconds(std::string_view text, std::uint64_t min, std::uint64_t max, std::chrono::seconds& out) {
  std::uint64_t seconds = 0;
  if (auto p = readWhole(text, min, max, seconds)) return p;
  out = std::chrono::seconds(seconds);
  return std::nullopt;
}

// A duration in milliseconds within [min, max].
Problem readMillis(std::string_view text, std::uint64_t min, std::uint64_t max, std::chrono::milliseconds& out) {
  std::uint64_t ms = 0;
  if (auto p = readWhole(text, min, max, ms)) return p;
  out = std::chrono::milliseconds(ms);
  return std::nullopt;
}

Problem readMasterKey(std::string_view text, std::string& out) {
  if (!text.empty()) {
    auto bytes = core::base64Decode(text);
    if (!bytes || bytes->size() != 32)
      return "expected base64 of exactly 32 random bytes, e.g. from `openssl rand -base64 32`";
  }
  out = std::string(text);
  return std::nullopt;
}

std::vector<std::string> splitList(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    std::string_view item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    auto first = item.find_first_not_of(" \t");
    if (first != std::string_view::npos) out.emplace_back(item.substr(first, item.find_last_not_of(" \t") - first + 1));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string joinList(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

// NAME or NAME=sha256:<64 hex>: the pin is what `sha256sum` prints.
Problem readPluginAllowlist(std::string_view text, std::vector<std::string>& out) {
  auto items = splitList(text);
  for (const auto& item : items) {
    auto equals = item.find('=');
    std::string name = item.substr(0, equals);
    bool badName = name.empty() || name.find('/') != std::string::npos ||
                   std::any_of(name.begin(), name.end(), [](unsigned char c) { return c <= ' '; });
    bool badPin = false;
    if (equals != std::string::npos) {
      std::string pin = item.substr(equals + 1);
      badPin = !pin.starts_with("sha256:") || pin.size() != 7 + 64 ||
               !std::all_of(pin.begin() + 7, pin.end(), [](unsigned char c) { return std::isxdigit(c); });
    }
    if (badName || badPin)
      return "expected comma-separated plugin file names, each optionally pinned as NAME=sha256:<64 hex digits>";
  }
  out = std::move(items);
  return std::nullopt;
}

Problem readNetworkList(std::string_view text, std::vector<std::string>& out) {
  auto items = splitList(text);
  for (const auto& item : items) {
    auto slash = item.find('/');
    std::string address = item.substr(0, slash);
    unsigned char buf[16];
    bool v4 = inet_pton(AF_INET, address.c_str(), buf) == 1;
    bool v6 = !v4 && inet_pton(AF_INET6, address.c_str(), buf) == 1;
    bool ok = v4 || v6;
    if (ok && slash != std::string::npos) {
      auto prefix = parseWhole(std::string_view(item).substr(slash + 1));
      ok = prefix && *prefix <= (v4 ? 32u : 128u);
    }
    if (!ok) return "expected comma-separated IP addresses or CIDR networks, e.g. 127.0.0.1,10.20.0.0/16";
  }
  out = std::move(items);
  return std::nullopt;
}

// Error messages quote values; a database URL may hold a password, so mask it.
std::string redactUrlPassword(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  auto authorityEnd = url.find('/', scheme + 3);
  auto at = url.rfind('@', authorityEnd);
  if (at == std::string_view::npos || at < scheme + 3) return std::string(url);
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

constexpr std::array<KeySpec, 54> kKeys{{
    {"mode",
     [](KernelConfig& c, std::string_view v) -> Problem {
       if (v == "dev") c.mode = Mode::Dev;
       else if (v == "production") c.mode = Mode::Production;
       else return "expected dev or production";
       return std::nullopt;
     },
     [](const KernelConfig& c) -> std::string { return c.mode == Mode::Production ? "production" : "dev"; }, false},
    {"http.host",
     [](KernelConfig& c, std::string_view v) -> Problem {
       if (v.empty() || std::any_of(v.begin(), v.end(), [](unsigned char ch) { return ch <= ' '; }))
         return "expected a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0";
       c.http.host = std::string(v);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return c.http.host; }, false},
    {"http.port", [](KernelConfig& c, std::string_view v) { return readWhole(v, 0, 65535, c.http.port); },
     [](const KernelConfig& c) { return std::to_string(c.http.port); }, false},
    {"http.public_base_url",
     [](KernelConfig& c, std::string_view v) { return readPublicBaseUrl(v, c.http.public_base_url); },
     [](const KernelConfig& c) { return c.http.public_base_url; }, false},
    {"http.max_body_bytes",
     [](KernelConfig& c, std::string_view v) -> Problem {
       if (readWhole(v, 1024, 64 * 1024 * 1024, c.http.max_body_bytes))
         return "expected a whole number of bytes from 1024 (1 KiB) to 67108864 (64 MiB)";
       return std::nullopt;
     },
     [](const KernelConfig& c) { return std::to_string(c.http.max_body_bytes); }, false},
    {"http.max_threads", [](KernelConfig& c, std::string_view v) { return readWhole(v, 1, 1024, c.http.max_threads); },
     [](const KernelConfig& c) { return std::to_string(c.http.max_threads); }, false},
    {"http.max_connections",
     [](KernelConfig& c, std::string_view v) { return readWhole(v, 1, 1000000, c.http.max_connections); },
     [](const KernelConfig& c) { return std::to_string(c.http.max_connections); }, false},
    {"http.drain_timeout_seconds",
     [](KernelConfig& c, std::string_view v) -> Problem {
       unsigned seconds = 0;
       if (auto p = readWhole(v, 0, 3600, seconds)) return p;
       c.http.drain_timeout = std::chrono::seconds(seconds);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return std::to_string(c.http.drain_timeout.count()); }, false},
    {"http.tls_cert_file",
     [](KernelConfig& c, std::string_view v) -> Problem {
       c.http.tls_cert_file = std::string(v);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return c.http.tls_cert_file; }, false},
    {"http.tls_key_file",
     [](KernelConfig& c, std::string_view v) -> Problem {
       c.http.tls_key_file = std::string(v);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return c.http.tls_key_file; }, false},
    {"http.behind_tls_proxy", [](KernelConfig& c, std::string_view v) { return readBool(v, c.http.behind_tls_proxy); },
     [](const KernelConfig& c) { return renderBool(c.http.behind_tls_proxy); }, false},
    {"database.url", [](KernelConfig& c, std::string_view v) { return readDatabaseUrl(v, c.database.url); },
     [](const KernelConfig& c) { return c.database.url; }, false},
    {"database.pool_size",
     [](KernelConfig& c, std::string_view v) { return readWhole(v, 1, 256, c.database.pool_size); },
     [](const KernelConfig& c) { return std::to_string(c.database.pool_size); }, false},
    {"database.busy_timeout_ms",
     [](KernelConfig& c, std::string_view v) -> Problem {
       std::uint32_t ms = 0;
       if (auto p = readWhole(v, 0, 600000, ms)) return p;
       c.database.busy_timeout = std::chrono::milliseconds(ms);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return std::to_string(c.database.busy_timeout.count()); }, false},
    {"database.connect_timeout_seconds",
     [](KernelConfig& c, std::string_view v) -> Problem {
       unsigned seconds = 0;
       if (auto p = readWhole(v, 1, 300, seconds)) return p;
       c.database.connect_timeout = std::chrono::seconds(seconds);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return std::to_string(c.database.connect_timeout.count()); }, false},
    {"database.mysql_partitions",
     [](KernelConfig& c, std::string_view v) { return readWhole(v, 1, 1024, c.database.mysql_partitions); },
     [](const KernelConfig& c) { return std::to_string(c.database.mysql_partitions); }, false},
    {"database.migrate_on_start",
     [](KernelConfig& c, std::string_view v) { return readBool(v, c.database.migrate_on_start); },
     [](const KernelConfig& c) { return renderBool(c.database.migrate_on_start); }, false},
    {"log.level",
     [](KernelConfig& c, std::string_view v) -> Problem {
       if (std::find(std::begin(kLogLevels), std::end(kLogLevels), v) == std::end(kLogLevels))
         return "expected one of fatal, critical, error, warning, notice, information, debug, trace";
       c.log.level = std::string(v);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return c.log.level; }, false},
    {"security.master_key",
     [](KernelConfig& c, std::string_view v) { return readMasterKey(v, c.security.master_key); },
     [](const KernelConfig& c) { return c.security.master_key; }, true},
    {"plugins.directories",
     [](KernelConfig& c, std::string_view v) -> Problem {
       c.plugins.directories = splitList(v);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return joinList(c.plugins.directories); }, false},
    {"plugins.allowlist",
     [](KernelConfig& c, std::string_view v) { return readPluginAllowlist(v, c.plugins.allowlist); },
     [](const KernelConfig& c) { return joinList(c.plugins.allowlist); }, false},
    {"plugins.outbound_allowlist",
     [](KernelConfig& c, std::string_view v) { return readNetworkList(v, c.plugins.outbound_allowlist); },
     [](const KernelConfig& c) { return joinList(c.plugins.outbound_allowlist); }, false},
    {"cache.refresh_interval_ms",
     [](KernelConfig& c, std::string_view v) { return readMillis(v, 10, 600000, c.cache.refresh_interval); },
     [](const KernelConfig& c) { return std::to_string(c.cache.refresh_interval.count()); }, false},
    {"keys.rotation_overlap_seconds",
     [](KernelConfig& c, std::string_view v) { return readSeconds(v, 60, 31536000, c.keys.rotation_overlap); },
     [](const KernelConfig& c) { return std::to_string(c.keys.rotation_overlap.count()); }, false},
    {"oauth.revocation_refresh_interval_ms",
     [](KernelConfig& c, std::string_view v) { return readMillis(v, 10, 600000, c.oauth.revocation_refresh_interval); },
     [](const KernelConfig& c) { return std::to_string(c.oauth.revocation_refresh_interval.count()); }, false},
    {"oauth.authorization_code_ttl_seconds",
     [](KernelConfig& c, std::string_view v) { return readSeconds(v, 10, 600, c.oauth.authorization_code_ttl); },
     [](const KernelConfig& c) { return std::to_string(c.oauth.authorization_code_ttl.count()); }, false},
    {"oauth.refresh_token_ttl_seconds",
     [](KernelConfig& c, std::string_view v) { return readSeconds(v, 300, 31536000, c.oauth.refresh_token_ttl); },
     [](const KernelConfig& c) { return std::to_string(c.oauth.refresh_token_ttl.count()); }, false},
    {"oauth.rate_limit.client_per_second",
     [](KernelConfig& c, std::string_view v) { return readWhole(v, 0, 1000000, c.oauth.client_rate_limit.per_second); },
     [](const KernelConfig& c) { return std::to_string(c.oauth.client_rate_limit.per_second); }, false},
    {"oauth.rate_limit.client_burst",
     [](KernelConfig& c, std::string_view v) { return readWhole(v, 1, 1000000, c.oauth.client_rate_limit.burst); },
     [](const KernelConfig& c) { return std::to_string(c.oauth.client_rate_limit.burst); }, false},
    {"oauth.rate_limit.address_per_second",
     [](KernelConfig& c, std::string_view v) { return readWhole(v, 0, 1000000, c.oauth.address_rate_limit.per_second); },
     [](const KernelConfig& c) { return std::to_string(c.oauth.address_rate_limit.per_second); }, false},
    {"oauth.rate_limit.address_burst",
     [](KernelConfig& c, std::string_view v) { return readWhole(v, 1, 1000000, c.oauth.address_rate_limit.burst); },
     [](const KernelConfig& c) { return std::to_string(c.oauth.address_rate_limit.burst); }, false},
    {"api_keys.usage_flush_interval_ms",
     [](KernelConfig& c, std::string_view v) { return readMillis(v, 100, 3600000, c.api_keys.usage_flush_interval); },
     [](const KernelConfig& c) { return std::to_string(c.api_keys.usage_flush_interval.count()); }, false},
    {"audit.batch_interval_ms",
     [](KernelConfig& c, std::string_view v) { return readMillis(v, 100, 3600000, c.audit.batch_interval); },
     [](const KernelConfig& c) { return std::to_string(c.audit.batch_interval.count()); }, false},
    {"audit.retention_days", [](KernelConfig& c, std::string_view v) { return readWhole(v, 0, 36500, c.audit.retention_days); },
     [](const KernelConfig& c) { return std::to_string(c.audit.retention_days); }, false},
    {"events.dispatcher_threads", [](KernelConfig& c, std::string_view v) { return readWhole(v, 0, 64, c.events.dispatcher_threads); },
     [](const KernelConfig& c) { return std::to_string(c.events.dispatcher_threads); }, false},
    {"events.max_attempts", [](KernelConfig& c, std::string_view v) { return readWhole(v, 1, 100, c.events.max_attempts); },
     [](const KernelConfig& c) { return std::to_string(c.events.max_attempts); }, false},
    {"events.retry_base_seconds", [](KernelConfig& c, std::string_view v) { return readWhole(v, 1, 86400, c.events.retry_base_seconds); },
     [](const KernelConfig& c) { return std::to_string(c.events.retry_base_seconds); }, false},
    {"events.retry_max_seconds", [](KernelConfig& c, std::string_view v) { return readWhole(v, 1, 604800, c.events.retry_max_seconds); },
     [](const KernelConfig& c) { return std::to_string(c.events.retry_max_seconds); }, false},
    {"events.lease_seconds", [](KernelConfig& c, std::string_view v) { return readWhole(v, 5, 3600, c.events.lease_seconds); },
     [](const KernelConfig& c) { return std::to_string(c.events.lease_seconds); }, false},
    {"events.per_destination_concurrency", [](KernelConfig& c, std::string_view v) { return readWhole(v, 1, 256, c.events.per_destination_concurrency); },
     [](const KernelConfig& c) { return std::to_string(c.events.per_destination_concurrency); }, false},
    {"events.delivery_timeout_seconds", [](KernelConfig& c, std::string_view v) { return readWhole(v, 1, 120, c.events.delivery_timeout_seconds); },
     [](const KernelConfig& c) { return std::to_string(c.events.delivery_timeout_seconds); }, false},
    {"events.auto_disable_after_seconds", [](KernelConfig& c, std::string_view v) { return readWhole(v, 0, 31536000, c.events.auto_disable_after_seconds); },
     [](const KernelConfig& c) { return std::to_string(c.events.auto_disable_after_seconds); }, false},
    {"smtp.host",
     [](KernelConfig& c, std::string_view v) -> Problem {
       if (std::any_of(v.begin(), v.end(), [](unsigned char ch) { return ch <= ' ' || ch == '/'; }))
         return "expected a host name or IP address of an SMTP relay, or nothing to disable mail";
       c.smtp.host = std::string(v);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return c.smtp.host; }, false},
    {"smtp.port", [](KernelConfig& c, std::string_view v) { return readWhole(v, 1, 65535, c.smtp.port); },
     [](const KernelConfig& c) { return std::to_string(c.smtp.port); }, false},
    {"smtp.from",
     [](KernelConfig& c, std::string_view v) -> Problem {
       // Header injection: a CR or LF would start a new header line.
       if (v.empty() || v.find('@') == std::string_view::npos || v.find_first_of("\r\n") != std::string_view::npos)
         return "expected an e-mail address, optionally with a name: SigID <no-reply@example.com>";
       c.smtp.from = std::string(v);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return c.smtp.from; }, false},
    {"smtp.tls",
     [](KernelConfig& c, std::string_view v) -> Problem {
       if (v != "none" && v != "starttls" && v != "tls") return "expected none, starttls or tls";
       c.smtp.tls = std::string(v);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return c.smtp.tls; }, false},
    {"smtp.username",
     [](KernelConfig& c, std::string_view v) -> Problem {
       c.smtp.username = std::string(v);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return c.smtp.username; }, false},
    {"smtp.password",
     [](KernelConfig& c, std::string_view v) -> Problem {
       c.smtp.password = std::string(v);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return c.smtp.password; }, true},
    {"smtp.timeout_seconds",
     [](KernelConfig& c, std::string_view v) -> Problem {
       unsigned seconds = 0;
       if (auto p = readWhole(v, 1, 300, seconds)) return p;
       c.smtp.timeout = std::chrono::seconds(seconds);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return std::to_string(c.smtp.timeout.count()); }, false},
    {"policy.instruction_budget",
     [](KernelConfig& c, std::string_view v) { return readWhole(v, 1000, 1000000000, c.policy.instruction_budget); },
     [](const KernelConfig& c) { return std::to_string(c.policy.instruction_budget); }, false},
    {"policy.memory_limit_bytes",
     [](KernelConfig& c, std::string_view v) -> Problem {
       if (readWhole(v, 65536, 1024 * 1024 * 1024, c.policy.memory_limit_bytes))
         return "expected a whole number of bytes from 65536 (64 KiB) to 1073741824 (1 GiB)";
       return std::nullopt;
     },
     [](const KernelConfig& c) { return std::to_string(c.policy.memory_limit_bytes); }, false},
    {"policy.deadline_ms",
     [](KernelConfig& c, std::string_view v) -> Problem {
       unsigned ms = 0;
       if (auto p = readWhole(v, 1, 10000, ms)) return p;
       c.policy.deadline = std::chrono::milliseconds(ms);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return std::to_string(c.policy.deadline.count()); }, false},
    {"policy.baseline_file",
     [](KernelConfig& c, std::string_view v) -> Problem {
       c.policy.baseline_file = std::string(v);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return c.policy.baseline_file; }, false},
    {"policy.default_decision",
     [](KernelConfig& c, std::string_view v) -> Problem {
       if (v != "allow" && v != "deny") return "expected allow or deny";
       c.policy.default_decision = std::string(v);
       return std::nullopt;
     },
     [](const KernelConfig& c) { return c.policy.default_decision; }, false},
}};

const KeySpec* findKey(std::string_view key) {
  auto it = std::find_if(kKeys.begin(), kKeys.end(), [&](const KeySpec& s) { return s.key == key; });
  return it == kKeys.end() ? nullptr : &*it;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// Values come from files and the environment; keep messages one line and printable.
std::string quote(std::string_view text) {
  constexpr std::size_t kMaxShown = 120;
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size() && i < kMaxShown; ++i) {
    unsigned char c = text[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20 || c == 0x7f) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  if (text.size() > kMaxShown) out += "...";
  return out + "\"";
}

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A typo'd key silently ignored is how a production box ends up on defaults; name the near miss.
std::optional<std::string_view> closestKey(std::string_view name, bool asEnvironmentVariable) {
  std::optional<std::string_view> best;
  std::size_t bestDistance = std::string_view::npos;
  for (const auto& spec : kKeys) {
    std::string candidate = asEnvironmentVariable ? environmentVariableFor(spec.key) : std::string(spec.key);
    std::string lowered(name);
    if (!asEnvironmentVariable)
      std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return std::tolower(c); });
    auto d = editDistance(lowered, candidate);
    // About one edit per four characters is a typo; more is a different word ("nope" is not "mode").
    if (d <= std::max<std::size_t>(1, candidate.size() / 4) && d < bestDistance) {
      bestDistance = d;
      best = spec.key;
    }
  }
  return best;
}

std::string unknownKeyProblem(std::string_view key) {
  if (key.starts_with(kUnknownEnvironmentPrefix)) {
    std::string_view variable = key.substr(kUnknownEnvironmentPrefix.size());
    std::string line = std::string(variable) + ": unknown environment variable (it sets no configuration key)";
    if (auto near = closestKey(variable, true))
      line += "; did you mean " + environmentVariableFor(*near) + " (" + std::string(*near) + ")?";
    return line;
  }
  std::string line = std::string(key) + ": unknown key";
  if (auto near = closestKey(key, false)) line += "; did you mean " + std::string(*near) + "?";
  return line;
}

bool readableFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  return std::ifstream(path).good();
}

// Rules that involve more than one key, or the mode, once every key has parsed.
void checkCombinations(const KernelConfig& config, const std::set<std::string_view>& failed,
                       std::vector<std::string>& problems) {
  const auto& http = config.http;
  // A lease shorter than an attempt would hand a row to a second worker while
  // the first is still sending it.
  if (config.events.lease_seconds < config.events.delivery_timeout_seconds + 5)
    problems.push_back("events.lease_seconds = " + std::to_string(config.events.lease_seconds) +
                       ": must be at least events.delivery_timeout_seconds + 5");
  if (config.events.retry_max_seconds < config.events.retry_base_seconds)
    problems.push_back("events.retry_max_seconds = " + std::to_string(config.events.retry_max_seconds) +
                       ": must be at least events.retry_base_seconds");
  bool certSet = !http.tls_cert_file.empty(), keySet = !http.tls_key_file.empty();
  if (certSet != keySet)
    problems.push_back(std::string(certSet ? "http.tls_cert_file is set but http.tls_key_file is not"
                                           : "http.tls_key_file is set but http.tls_cert_file is not") +
                       ": HTTPS needs both, or set neither");
  for (auto [key, path] : {std::pair{"http.tls_cert_file", &http.tls_cert_file},
                           std::pair{"http.tls_key_file", &http.tls_key_file}}) {
    if (!path->empty() && !readableFile(*path))
      problems.push_back(std::string(key) + " = " + quote(*path) + ": expected a readable PEM file");
  }

  if (config.mode != Mode::Production || failed.contains("mode")) return;
  // DESIGN.md §9: production refuses to start without TLS, https issuers and a master key.
  if (!(certSet && keySet) && !http.behind_tls_proxy && !failed.contains("http.behind_tls_proxy"))
    problems.push_back(
        "mode = \"production\": requires TLS: set http.tls_cert_file and http.tls_key_file, or set "
        "http.behind_tls_proxy = true when a proxy in front terminates TLS");
  if (!failed.contains("http.public_base_url") && !http.public_base_url.starts_with("https://"))
    problems.push_back("http.public_base_url = " + quote(http.public_base_url) +
                       ": production mode requires an https:// URL");
  if (config.security.master_key.empty() && !failed.contains("security.master_key"))
    problems.push_back(
        "security.master_key: required in production mode: base64 of 32 random bytes, e.g. from "
        "`openssl rand -base64 32`, preferably set through SIGID_SECURITY_MASTER_KEY");
}

}  // namespace

std::string environmentVariableFor(std::string_view key) {
  std::string name = "SIGID_";
  for (char c : key) name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

ConfigLayer environmentLayer(char** env) {
  ConfigLayer layer;
  if (env == nullptr) return layer;
  for (char** entry = env; *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    auto equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    std::string_view name = text.substr(0, equals), value = text.substr(equals + 1);
    if (!name.starts_with("SIGID_")) continue;
    auto spec = std::find_if(kKeys.begin(), kKeys.end(),
                             [&](const KeySpec& s) { return environmentVariableFor(s.key) == name; });
    if (spec != kKeys.end())
      layer[std::string(spec->key)] = std::string(value);
    else
      layer[std::string(kUnknownEnvironmentPrefix) + std::string(name)] = std::string(value);
  }
  return layer;
}

std::vector<std::pair<std::string, std::string>> knownKeys() {
  const KernelConfig defaults;
  std::vector<std::pair<std::string, std::string>> keys;
  keys.reserve(kKeys.size());
  for (const auto& spec : kKeys) keys.emplace_back(std::string(spec.key), spec.render(defaults));
  return keys;
}

core::Result<KernelConfig> loadConfig(const ConfigSources& sources) {
  std::vector<std::string> problems;
  std::map<std::string_view, std::string_view> merged;  // views into `sources`, which outlives this call
  std::set<std::string_view> reportedUnknown;
  for (const auto& layer : sources.layers) {
    for (const auto& [key, value] : layer) {
      if (findKey(key) != nullptr) {
        merged[key] = value;  // later layers win
      } else if (reportedUnknown.insert(key).second) {
        problems.push_back(unknownKeyProblem(key));
      }
    }
  }

  KernelConfig config;
  std::set<std::string_view> failed;
  for (const auto& spec : kKeys) {
    auto found = merged.find(spec.key);
    if (found == merged.end()) continue;
    std::string_view value = trim(found->second);
    if (auto problem = spec.apply(config, value)) {
      failed.insert(spec.key);
      std::string shown = spec.secret                ? "(value hidden)"
                          : value.find("://") != value.npos ? quote(redactUrlPassword(value))
                                                             : quote(value);
      problems.push_back(std::string(spec.key) + " = " + shown + ": " + *problem);
    }
  }
  checkCombinations(config, failed, problems);

  if (!problems.empty()) {
    std::string description;
    for (const auto& line : problems) {
      if (!description.empty()) description += '\n';
      description += line;
    }
    return core::Error::invalidRequest(std::move(description));
  }
  return config;
}

}  // namespace sigid::app
