#include "support/mysql_test_database.hpp"

#include <cstdlib>
#include <stdexcept>

#include "core/encoding.hpp"
#include "core/random.hpp"
#include "store/open_database.hpp"

namespace sigid::testing {

namespace {

// Puts `database` into the path of a mysql:// URL, keeping everything else.
std::string withDatabase(const std::string& server_url, const std::string& database) {
  const std::string scheme = "mysql://";
  const auto slash = server_url.find('/', scheme.size());
  const auto query = server_url.find('?', scheme.size());
  if (slash == std::string::npos || (query != std::string::npos && query < slash)) {
    const auto end = query == std::string::npos ? server_url.size() : query;
    return server_url.substr(0, end) + "/" + database + server_url.substr(end);
  }
  const auto path_end = query == std::string::npos ? server_url.size() : query;
  return server_url.substr(0, slash + 1) + database + server_url.substr(path_end);
}

}  // namespace

MysqlTestDatabase::MysqlTestDatabase() {
  const char* env = std::getenv("TEST_MYSQL_URL");
  if (env == nullptr || *env == '\0') {
    throw std::runtime_error("TEST_MYSQL_URL is not set: run MariaDB tests through ctest, which starts the server");
  }
  server_url_ = env;
  store::DatabaseOptions options;
  options.url = server_url_;
  options.pool_size = 2;
  auto server = store::openDatabase(options);
  if (!server.ok()) {
    throw std::runtime_error("cannot reach the test MariaDB at " + server_url_ + ": " + server.error().detail());
  }
  server_ = std::move(server).value();
  // Hex only, so the name is safe to put into DDL (names cannot be bound).
  name_ = "sigid_t_" + core::hexEncode(core::randomBytes(8));
  auto created = server_->execute("CREATE DATABASE " + name_ + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
  if (!created.ok()) throw std::runtime_error("CREATE DATABASE failed: " + created.error().detail());
  url_ = withDatabase(server_url_, name_);
}

MysqlTestDatabase::~MysqlTestDatabase() {
  if (server_) (void)server_->execute("DROP DATABASE IF EXISTS " + name_);
}

}  // namespace sigid::testing
