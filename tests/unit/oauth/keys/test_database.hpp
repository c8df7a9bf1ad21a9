#pragma once

#include <atomic>
#include <memory>

#include "store/database.hpp"

namespace sigid::testing {

// A migrated database for one test: SQLite (a temp file) in oauth_keys_test,
// the throwaway MariaDB in oauth_keys_mariadb_test. The same tests run on both.
class TestDatabase {
 public:
  virtual ~TestDatabase() = default;
  virtual store::Database& db() = 0;
};

std::unique_ptr<TestDatabase> openMigratedTestDatabase();

// Forwards to another Database and counts the calls: proves that hot paths
// touch no database at all.
class CountingDatabase final : public store::Database {
 public:
  explicit CountingDatabase(store::Database& inner) : inner_(inner) {}
  store::Dialect dialect() const override { return inner_.dialect(); }
  store::Result<store::Rows> query(std::string_view sql, const store::Params& params = {}) override {
    ++calls;
    return inner_.query(sql, params);
  }
  store::Result<std::int64_t> execute(std::string_view sql, const store::Params& params = {}) override {
    ++calls;
    return inner_.execute(sql, params);
  }
  store::Result<void> transaction(const std::function<store::Result<void>(store::Connection&)>& body) override {
    ++calls;
    return inner_.transaction(body);
  }
  store::Result<void> ping() override { return inner_.ping(); }

  std::atomic<int> calls{0};

 private:
  store::Database& inner_;
};

}  // namespace sigid::testing
