#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"

namespace sigid::testing {

// A fresh, uniquely named MariaDB database for one test, dropped again in the
// destructor. The server comes from TEST_MYSQL_URL (set by CTest, see
// tests/CMakeLists.txt). Without it the constructor throws, so a MariaDB test
// fails loudly instead of passing without having run.
class MysqlTestDatabase {
 public:
  MysqlTestDatabase();
  ~MysqlTestDatabase();
  MysqlTestDatabase(const MysqlTestDatabase&) = delete;
  MysqlTestDatabase& operator=(const MysqlTestDatabase&) = delete;

  const std::string& name() const { return name_; }
  // TEST_MYSQL_URL with this database selected.
  const std::string& url() const { return url_; }
  // TEST_MYSQL_URL itself (no database selected).
  const std::string& serverUrl() const { return server_url_; }
  // A session on the server with no database selected, for KILL and checks.
  store::Database& server() { return *server_; }

 private:
  std::string name_;
  std::string url_;
  std::string server_url_;
  std::unique_ptr<store::Database> server_;
};

}  // namespace sigid::testing
