#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "app/config.hpp"
#include "core/encoding.hpp"

namespace sigid::app {
namespace {

namespace fs = std::filesystem;

const std::string kMasterKey = core::base64Encode(std::string(32, '\x5a'));

core::Result<KernelConfig> load(std::vector<ConfigLayer> layers) {
  return loadConfig(ConfigSources{std::move(layers)});
}

std::string problemsOf(std::vector<ConfigLayer> layers) {
  auto result = load(std::move(layers));
  if (result.ok()) return "(loaded without problems)";
  EXPECT_EQ(result.error().code(), core::ErrorCode::InvalidRequest);
  return result.error().description();
}

// --- defaults and knownKeys ---------------------------------------------------

TEST(Config, NoLayersGiveTheStructDefaults) {
  auto config = load({});
  ASSERT_TRUE(config.ok()) << config.error().description();
  const KernelConfig defaults;
  EXPECT_EQ(config->mode, Mode::Dev);
  EXPECT_EQ(config->http.host, defaults.http.host);
  EXPECT_EQ(config->http.port, 8080);
  EXPECT_EQ(config->http.public_base_url, "http://127.0.0.1:8080");
  EXPECT_EQ(config->http.max_body_bytes, 1024u * 1024u);
  EXPECT_EQ(config->http.drain_timeout, std::chrono::seconds(20));
  EXPECT_EQ(config->database.url, "sqlite:var/sigid.db");
  EXPECT_EQ(config->database.busy_timeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(config->database.mysql_partitions, 16u);
  EXPECT_TRUE(config->database.migrate_on_start);
  EXPECT_EQ(config->log.level, "information");
  EXPECT_EQ(config->security.master_key, "");
}

TEST(Config, KnownKeysListsEveryKeyInOrderWithItsDefault) {
  std::vector<std::pair<std::string, std::string>> expected = {
      {"mode", "dev"},
      {"http.host", "127.0.0.1"},
      {"http.port", "8080"},
      {"http.public_base_url", "http://127.0.0.1:8080"},
      {"http.max_body_bytes", "1048576"},
      {"http.max_threads", "32"},
      {"http.max_connections", "10000"},
      {"http.drain_timeout_seconds", "20"},
      {"http.tls_cert_file", ""},
      {"http.tls_key_file", ""},
      {"http.behind_tls_proxy", "false"},
      {"database.url", "sqlite:var/sigid.db"},
      {"database.pool_size", "8"},
      {"database.busy_timeout_ms", "5000"},
      {"database.connect_timeout_seconds", "5"},
      {"database.mysql_partitions", "16"},
      {"database.migrate_on_start", "true"},
      {"log.level", "information"},
      {"security.master_key", ""},
      {"plugins.directories", ""},
      {"plugins.allowlist", ""},
      {"plugins.outbound_allowlist", ""},
      {"cache.refresh_interval_ms", "1000"},
      {"keys.rotation_overlap_seconds", "86400"},
      {"oauth.revocation_refresh_interval_ms", "1000"},
      {"oauth.authorization_code_ttl_seconds", "60"},
      {"oauth.refresh_token_ttl_seconds", "2592000"},
      {"oauth.rate_limit.client_per_second", "20"},
      {"oauth.rate_limit.client_burst", "40"},
      {"oauth.rate_limit.address_per_second", "100"},
      {"oauth.rate_limit.address_burst", "200"},
      {"api_keys.usage_flush_interval_ms", "10000"},
      {"audit.batch_interval_ms", "5000"},
      {"audit.retention_days", "365"},
      {"events.dispatcher_threads", "2"},
      {"events.max_attempts", "12"},
      {"events.retry_base_seconds", "60"},
      {"events.retry_max_seconds", "21600"},
      {"events.lease_seconds", "60"},
      {"events.per_destination_concurrency", "4"},
      {"events.delivery_timeout_seconds", "10"},
      {"events.auto_disable_after_seconds", "259200"},
      {"smtp.host", ""},
      {"smtp.port", "25"},
      {"smtp.from", "SigID <no-reply@localhost>"},
      {"smtp.tls", "none"},
      {"smtp.username", ""},
      {"smtp.password", ""},
      {"smtp.timeout_seconds", "10"},
      {"policy.instruction_budget", "1000000"},
      {"policy.memory_limit_bytes", "4194304"},
      {"policy.deadline_ms", "50"},
      {"policy.baseline_file", ""},
      {"policy.default_decision", "deny"},
  };
  EXPECT_EQ(knownKeys(), expected);
}

TEST(Config, RenderedDefaultsLoadBackToTheSameConfig) {
  ConfigLayer layer;
  for (const auto& [key, value] : knownKeys()) layer[key] = value;
  auto config = load({layer});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_EQ(config->http.port, KernelConfig{}.http.port);
}

TEST(Config, ShippedDefaultsFileMatchesTheStructDefaults) {
  auto layer = readPropertiesFile(std::string(SIGID_SOURCE_DIR) + "/config/sigid.properties");
  ASSERT_TRUE(layer.ok()) << layer.error().description();
  ConfigLayer expected;
  for (const auto& [key, value] : knownKeys()) expected[key] = value;
  EXPECT_EQ(*layer, expected);
  auto config = load({*layer});
  EXPECT_TRUE(config.ok()) << config.error().description();
}

TEST(Config, ProductionExampleLoadsOnceTheMasterKeyComesFromTheEnvironment) {
  auto example = readPropertiesFile(std::string(SIGID_SOURCE_DIR) + "/config/sigid.production.example.properties");
  ASSERT_TRUE(example.ok()) << example.error().description();
  auto config = load({*example, {{"security.master_key", kMasterKey}}});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_EQ(config->mode, Mode::Production);
  EXPECT_TRUE(config->database.url.starts_with("mysql://"));
  EXPECT_TRUE(config->http.behind_tls_proxy);
}

// --- layering -------------------------------------------------------------------

TEST(Config, LaterLayersWinKeyByKey) {
  ConfigLayer file = {{"http.port", "9000"}, {"log.level", "debug"}, {"database.pool_size", "4"}};
  ConfigLayer override = {{"http.port", "9001"}, {"log.level", "warning"}};
  ConfigLayer environment = {{"http.port", "9002"}};
  auto config = load({file, override, environment});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_EQ(config->http.port, 9002);
  EXPECT_EQ(config->log.level, "warning");
  EXPECT_EQ(config->database.pool_size, 4u);
  EXPECT_EQ(config->http.host, "127.0.0.1");  // untouched by any layer
}

TEST(Config, OnlyTheWinningValueIsValidated) {
  auto config = load({{{"http.port", "not a port"}}, {{"http.port", "81"}}});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_EQ(config->http.port, 81);
}

TEST(Config, ValuesAreTrimmed) {
  auto config = load({{{"http.port", " 8081 "}, {"log.level", "\tdebug\n"}}});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_EQ(config->http.port, 8081);
  EXPECT_EQ(config->log.level, "debug");
}

// --- environment ------------------------------------------------------------------

TEST(Config, EnvironmentVariableNamesFollowTheKeys) {
  EXPECT_EQ(environmentVariableFor("http.port"), "SIGID_HTTP_PORT");
  EXPECT_EQ(environmentVariableFor("mode"), "SIGID_MODE");
  EXPECT_EQ(environmentVariableFor("http.public_base_url"), "SIGID_HTTP_PUBLIC_BASE_URL");
  EXPECT_EQ(environmentVariableFor("security.master_key"), "SIGID_SECURITY_MASTER_KEY");
}

TEST(Config, EnvironmentLayerMapsEveryKnownKey) {
  std::vector<std::string> entries;
  for (const auto& [key, value] : knownKeys()) entries.push_back(environmentVariableFor(key) + "=v-" + key);
  std::vector<char*> env;
  for (auto& entry : entries) env.push_back(entry.data());
  env.push_back(nullptr);
  auto layer = environmentLayer(env.data());
  ASSERT_EQ(layer.size(), knownKeys().size());
  for (const auto& [key, value] : knownKeys()) EXPECT_EQ(layer[key], "v-" + key);
}

TEST(Config, EnvironmentLayerIgnoresOtherVariablesAndMarksUnknownSigidOnes) {
  std::string entries[] = {"PATH=/usr/bin", "SIGID_HTTP_PORT=9090", "SIGID_HTTP_PROT=1", "NOT_SIGID_MODE=x",
                           "SIGID_MODE", "sigid_mode=production", "SIGID_LOG_LEVEL=a=b"};
  std::vector<char*> env;
  for (auto& entry : entries) env.push_back(entry.data());
  env.push_back(nullptr);
  auto layer = environmentLayer(env.data());
  EXPECT_EQ(layer, (ConfigLayer{{"http.port", "9090"},
                                {"log.level", "a=b"},
                                {std::string(kUnknownEnvironmentPrefix) + "SIGID_HTTP_PROT", "1"}}));
}

TEST(Config, EnvironmentLayerOfNoEnvironmentIsEmpty) { EXPECT_TRUE(environmentLayer(nullptr).empty()); }

TEST(Config, EnvironmentOverridesTheFile) {
  std::string port = "SIGID_HTTP_PORT=7070";
  char* env[] = {port.data(), nullptr};
  auto config = load({{{"http.port", "9000"}}, environmentLayer(env)});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_EQ(config->http.port, 7070);
}

// --- unknown keys -------------------------------------------------------------------

TEST(Config, UnknownKeyIsAnErrorNamingItAndTheNearestKey) {
  EXPECT_EQ(problemsOf({{{"http.prot", "80"}}}), "http.prot: unknown key; did you mean http.port?");
  EXPECT_EQ(problemsOf({{{"HTTP.PORT", "80"}}}), "HTTP.PORT: unknown key; did you mean http.port?");
  EXPECT_EQ(problemsOf({{{"oauth.issuer", "x"}}}), "oauth.issuer: unknown key");
}

TEST(Config, UnknownEnvironmentVariableIsAnErrorNamingTheVariable) {
  std::string typo = "SIGID_DATABASE_POOLSIZE=3", other = "SIGID_FROBNICATE=1";
  char* env[] = {typo.data(), other.data(), nullptr};
  EXPECT_EQ(problemsOf({environmentLayer(env)}),
            "SIGID_DATABASE_POOLSIZE: unknown environment variable (it sets no configuration key); "
            "did you mean SIGID_DATABASE_POOL_SIZE (database.pool_size)?\n"
            "SIGID_FROBNICATE: unknown environment variable (it sets no configuration key)");
}

TEST(Config, AnUnknownKeyInTwoLayersIsReportedOnce) {
  EXPECT_EQ(problemsOf({{{"nope", "1"}}, {{"nope", "2"}}}), "nope: unknown key");
}

// --- bad values: one row per rule ---------------------------------------------------------

struct BadValue {
  std::string key, value, expected;
};

class ConfigBadValue : public ::testing::TestWithParam<BadValue> {};

TEST_P(ConfigBadValue, IsReportedWithKeyValueAndExpectation) {
  const auto& row = GetParam();
  EXPECT_EQ(problemsOf({{{row.key, row.value}}}), row.expected);
}

// The "expected ..." halves of the messages, spelled once.
const std::string kUrl =
    ": expected an absolute http:// or https:// URL without query or fragment, e.g. https://id.example.com";
const std::string kDbUrl =
    ": expected sqlite:PATH or mysql://USER:PASSWORD@HOST:PORT/DATABASE (optionally ?socket=PATH)";
const std::string kHost = ": expected a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0";
const std::string kBody = ": expected a whole number of bytes from 1024 (1 KiB) to 67108864 (64 MiB)";
const std::string kBool = ": expected true or false";
const std::string kLevel =
    ": expected one of fatal, critical, error, warning, notice, information, debug, trace";
const std::string kMasterKeyProblem =
    "security.master_key = (value hidden): expected base64 of exactly 32 random bytes, e.g. from "
    "`openssl rand -base64 32`";

std::string whole(int min, int max) {
  return ": expected a whole number from " + std::to_string(min) + " to " + std::to_string(max);
}

// One row: key, value, and the message expected when that value is the only problem.
BadValue row(std::string key, std::string value, const std::string& expectation) {
  return {key, value, key + " = \"" + value + "\"" + expectation};
}

INSTANTIATE_TEST_SUITE_P(
    EveryRule, ConfigBadValue,
    ::testing::Values(
        row("mode", "staging", ": expected dev or production"),
        row("mode", "Production", ": expected dev or production"),
        row("http.host", "", kHost),
        row("http.host", "a b", kHost),
        row("http.port", "80x", whole(0, 65535)),
        row("http.port", "65536", whole(0, 65535)),
        row("http.port", "-1", whole(0, 65535)),
        row("http.port", "", whole(0, 65535)),
        row("http.port", "99999999999999999999999", whole(0, 65535)),
        row("http.public_base_url", "ftp://id.example.com", kUrl),
        row("http.public_base_url", "id.example.com", kUrl),
        row("http.public_base_url", "/relative", kUrl),
        row("http.public_base_url", "https://", kUrl),
        row("http.public_base_url", "https:///path", kUrl),
        row("http.public_base_url", "https://id.example.com/?a=b", kUrl),
        row("http.public_base_url", "https://id.example.com#top", kUrl),
        row("http.public_base_url", "https://id.example.com:99999", kUrl),
        row("http.public_base_url", "https://id.example .com", kUrl),
        BadValue{"http.public_base_url", "https://admin:pw@id.example.com",
                 R"(http.public_base_url = "https://admin:***@id.example.com": expected a URL without user )"
                 "name or password, e.g. https://id.example.com"},
        row("http.max_body_bytes", "1023", kBody),
        row("http.max_body_bytes", "67108865", kBody),
        row("http.max_body_bytes", "1MiB", kBody),
        row("http.max_threads", "0", whole(1, 1024)),
        row("http.max_connections", "0", whole(1, 1000000)),
        row("http.drain_timeout_seconds", "20s", whole(0, 3600)),
        row("http.behind_tls_proxy", "yes", kBool),
        row("http.behind_tls_proxy", "TRUE", kBool),
        row("database.url", "postgres://db/sigid", kDbUrl),
        row("database.url", "sqlite:", kDbUrl),
        row("database.url", "mysql://db", kDbUrl),
        // The password is masked: configuration errors end up in logs and terminals.
        BadValue{"database.url", "mysql://sigid:s3cret@db:3306/",
                 R"(database.url = "mysql://sigid:***@db:3306/")" + kDbUrl},
        BadValue{"database.url", "mysql://sigid:s3cret@db:x/sigid",
                 R"(database.url = "mysql://sigid:***@db:x/sigid")" + kDbUrl},
        row("database.pool_size", "0", whole(1, 256)),
        row("database.pool_size", "257", whole(1, 256)),
        row("database.busy_timeout_ms", "five", whole(0, 600000)),
        row("database.connect_timeout_seconds", "0", whole(1, 300)),
        row("database.mysql_partitions", "0", whole(1, 1024)),
        row("database.mysql_partitions", "1025", whole(1, 1024)),
        row("database.migrate_on_start", "1", kBool),
        row("log.level", "verbose", kLevel),
        row("log.level", "INFO", kLevel),
        BadValue{"security.master_key", "c2hvcnQ=", kMasterKeyProblem},
        BadValue{"security.master_key", "not base64 at all!", kMasterKeyProblem},
        BadValue{"http.tls_cert_file", "/nonexistent/cert.pem",
                 "http.tls_cert_file is set but http.tls_key_file is not: HTTPS needs both, or set neither\n"
                 R"(http.tls_cert_file = "/nonexistent/cert.pem": expected a readable PEM file)"},
        BadValue{"http.tls_key_file", "/nonexistent/key.pem",
                 "http.tls_key_file is set but http.tls_cert_file is not: HTTPS needs both, or set neither\n"
                 R"(http.tls_key_file = "/nonexistent/key.pem": expected a readable PEM file)"}));

TEST(Config, ControlCharactersInValuesAreEscapedInMessages) {
  EXPECT_EQ(problemsOf({{{"mode", "dev\x01\"x"}}}), R"(mode = "dev\x01\"x": expected dev or production)");
}

// --- good values ----------------------------------------------------------------------------

TEST(Config, AcceptsTheBoundsOfEachRange) {
  auto low = load({{{"http.port", "0"}, {"http.max_body_bytes", "1024"}, {"database.pool_size", "1"},
                    {"database.mysql_partitions", "1"}, {"http.drain_timeout_seconds", "0"}}});
  ASSERT_TRUE(low.ok()) << low.error().description();
  EXPECT_EQ(low->http.port, 0);
  EXPECT_EQ(low->http.max_body_bytes, 1024u);
  EXPECT_EQ(low->http.drain_timeout, std::chrono::seconds(0));
  auto high = load({{{"http.port", "65535"}, {"http.max_body_bytes", "67108864"}, {"database.pool_size", "256"},
                     {"database.mysql_partitions", "1024"}}});
  ASSERT_TRUE(high.ok()) << high.error().description();
  EXPECT_EQ(high->http.port, 65535);
  EXPECT_EQ(high->http.max_body_bytes, 64u * 1024 * 1024);
  EXPECT_EQ(high->database.pool_size, 256u);
  EXPECT_EQ(high->database.mysql_partitions, 1024u);
}

TEST(Config, ParsesBooleansDurationsAndLevels) {
  auto config = load({{{"http.behind_tls_proxy", "true"}, {"database.migrate_on_start", "false"},
                       {"database.busy_timeout_ms", "250"}, {"database.connect_timeout_seconds", "9"},
                       {"log.level", "trace"}, {"mode", "dev"}}});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_TRUE(config->http.behind_tls_proxy);
  EXPECT_FALSE(config->database.migrate_on_start);
  EXPECT_EQ(config->database.busy_timeout, std::chrono::milliseconds(250));
  EXPECT_EQ(config->database.connect_timeout, std::chrono::seconds(9));
  EXPECT_EQ(config->log.level, "trace");
}

TEST(Config, PublicBaseUrlLosesItsTrailingSlashAndKeepsItsPath) {
  auto config = load({{{"http.public_base_url", "HTTPS://id.example.com/auth/"}}});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_EQ(config->http.public_base_url, "https://id.example.com/auth");
  config = load({{{"http.public_base_url", "http://[::1]:8080/"}}});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_EQ(config->http.public_base_url, "http://[::1]:8080");
}

TEST(Config, AcceptsSqliteAndMysqlUrls) {
  for (std::string url : {"sqlite:/var/lib/sigid/sigid.db", "sqlite::memory:",
                          "mysql://sigid:pw@db.internal:3306/sigid",
                          "mysql://sigid@localhost/sigid?socket=/run/mysqld/mysqld.sock",
                          "mysql://u:p@ss@[::1]/sigid"}) {
    auto config = load({{{"database.url", url}}});
    ASSERT_TRUE(config.ok()) << url << ": " << config.error().description();
    EXPECT_EQ(config->database.url, url);
  }
}

TEST(Config, AcceptsAMasterKeyOfExactly32Bytes) {
  auto config = load({{{"security.master_key", kMasterKey}}});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_EQ(config->security.master_key, kMasterKey);
  EXPECT_EQ(problemsOf({{{"security.master_key", core::base64Encode(std::string(31, 'x'))}}}),
            kMasterKeyProblem);
}

// --- production rules ---------------------------------------------------------------------------

class ConfigProduction : public ::testing::Test {
 protected:
  void SetUp() override {
    // One directory per test process: CTest runs these tests concurrently.
    dir_ = fs::temp_directory_path() / ("sigid-config-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    cert_ = (dir_ / "cert.pem").string();
    key_ = (dir_ / "key.pem").string();
    std::ofstream(cert_) << "-----BEGIN CERTIFICATE-----\n";
    std::ofstream(key_) << "-----BEGIN PRIVATE KEY-----\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string cert_, key_;
};

TEST_F(ConfigProduction, RefusesTheDevDefaultsNamingEveryMissingPiece) {
  EXPECT_EQ(problemsOf({{{"mode", "production"}}}),
            "mode = \"production\": requires TLS: set http.tls_cert_file and http.tls_key_file, or set "
            "http.behind_tls_proxy = true when a proxy in front terminates TLS\n"
            "http.public_base_url = \"http://127.0.0.1:8080\": production mode requires an https:// URL\n"
            "security.master_key: required in production mode: base64 of 32 random bytes, e.g. from "
            "`openssl rand -base64 32`, preferably set through SIGID_SECURITY_MASTER_KEY");
}

TEST_F(ConfigProduction, StartsBehindATlsProxy) {
  auto config = load({{{"mode", "production"}, {"http.behind_tls_proxy", "true"},
                       {"http.public_base_url", "https://id.example.com"}, {"security.master_key", kMasterKey}}});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_EQ(config->mode, Mode::Production);
}

TEST_F(ConfigProduction, StartsWithItsOwnCertificate) {
  auto config = load({{{"mode", "production"}, {"http.tls_cert_file", cert_}, {"http.tls_key_file", key_},
                       {"http.public_base_url", "https://id.example.com"}, {"security.master_key", kMasterKey}}});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_EQ(config->http.tls_cert_file, cert_);
}

TEST_F(ConfigProduction, RefusesAPlainHttpIssuerEvenWithTls) {
  EXPECT_EQ(problemsOf({{{"mode", "production"}, {"http.tls_cert_file", cert_}, {"http.tls_key_file", key_},
                         {"http.public_base_url", "http://id.example.com"}, {"security.master_key", kMasterKey}}}),
            "http.public_base_url = \"http://id.example.com\": production mode requires an https:// URL");
}

TEST_F(ConfigProduction, RulesDoNotRepeatAProblemAlreadyReportedForTheKey) {
  EXPECT_EQ(problemsOf({{{"mode", "production"}, {"http.behind_tls_proxy", "yes"},
                         {"http.public_base_url", "https://id.example.com?x"}, {"security.master_key", "short"},
                         {"http.tls_cert_file", cert_}, {"http.tls_key_file", key_}}}),
            "http.public_base_url = \"https://id.example.com?x\"" + kUrl + "\n" +
                "http.behind_tls_proxy = \"yes\": expected true or false\n" + kMasterKeyProblem);
}

TEST_F(ConfigProduction, DevModeNeedsNoneOfIt) {
  auto config = load({{{"mode", "dev"}, {"http.public_base_url", "http://localhost:8080"}}});
  EXPECT_TRUE(config.ok()) << config.error().description();
}

// --- everything at once -----------------------------------------------------------------------------

TEST(Config, ReportsEveryProblemTogetherOneLineEach) {
  std::string variable = "SIGID_HTTP_PROT=1";
  char* env[] = {variable.data(), nullptr};
  auto description = problemsOf({{{"http.port", "80x"}, {"log.level", "loud"}, {"colour", "blue"}},
                                 environmentLayer(env),
                                 {{"database.pool_size", "0"}, {"mode", "production"}}});
  EXPECT_EQ(description,
            "colour: unknown key\n"
            "SIGID_HTTP_PROT: unknown environment variable (it sets no configuration key); did you mean "
            "SIGID_HTTP_PORT (http.port)?\n"
            "http.port = \"80x\": expected a whole number from 0 to 65535\n"
            "database.pool_size = \"0\": expected a whole number from 1 to 256\n"
            "log.level = \"loud\": expected one of fatal, critical, error, warning, notice, information, debug, trace\n"
            "mode = \"production\": requires TLS: set http.tls_cert_file and http.tls_key_file, or set "
            "http.behind_tls_proxy = true when a proxy in front terminates TLS\n"
            "http.public_base_url = \"http://127.0.0.1:8080\": production mode requires an https:// URL\n"
            "security.master_key: required in production mode: base64 of 32 random bytes, e.g. from "
            "`openssl rand -base64 32`, preferably set through SIGID_SECURITY_MASTER_KEY");
}

// --- plugins.* ---------------------------------------------------------------

TEST(Config, PluginListsAreCommaSeparatedAndTrimmed) {
  const std::string pin(64, 'a');
  auto config = load({{{"plugins.directories", " /opt/a , /opt/b,"},
                       {"plugins.allowlist", "webhook-http.so, hello=sha256:" + pin},
                       {"plugins.outbound_allowlist", "127.0.0.1, 10.0.0.0/8,::1"}}});
  ASSERT_TRUE(config.ok()) << config.error().description();
  EXPECT_EQ(config->plugins.directories, (std::vector<std::string>{"/opt/a", "/opt/b"}));
  EXPECT_EQ(config->plugins.allowlist, (std::vector<std::string>{"webhook-http.so", "hello=sha256:" + pin}));
  EXPECT_EQ(config->plugins.outbound_allowlist, (std::vector<std::string>{"127.0.0.1", "10.0.0.0/8", "::1"}));
}

TEST(Config, BadPluginAllowlistPinIsRefusedWithTheExpectedForm) {
  EXPECT_EQ(problemsOf({{{"plugins.allowlist", "a.so=sha1:abc"}}}),
            "plugins.allowlist = \"a.so=sha1:abc\": expected comma-separated plugin file names, each optionally "
            "pinned as NAME=sha256:<64 hex digits>");
}

TEST(Config, BadOutboundAllowlistEntryIsRefused) {
  EXPECT_EQ(problemsOf({{{"plugins.outbound_allowlist", "10.0.0.0/33"}}}),
            "plugins.outbound_allowlist = \"10.0.0.0/33\": expected comma-separated IP addresses or CIDR networks, "
            "e.g. 127.0.0.1,10.20.0.0/16");
  EXPECT_NE(problemsOf({{{"plugins.outbound_allowlist", "localhost"}}}), "(loaded without problems)");
}

}  // namespace
}  // namespace sigid::app
