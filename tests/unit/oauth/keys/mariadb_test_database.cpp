#include "store/migrator.hpp"
#include "store/open_database.hpp"
#include "support/mysql_test_database.hpp"
#include "test_database.hpp"

namespace sigid::testing {
namespace {

class MariadbTestDatabase final : public TestDatabase {
 public:
  MariadbTestDatabase() {
    auto db = store::openDatabase({.url = server_.url(), .pool_size = 4});
    if (!db) throw std::runtime_error("cannot open MariaDB: " + db.error().detail());
    db_ = std::move(db).value();
    auto migrated = store::migrate(*db_);
    if (!migrated) throw std::runtime_error("migration failed: " + migrated.error().detail());
  }
  ~MariadbTestDatabase() override { db_.reset(); }
  store::Database& db() override { return *db_; }

 private:
  MysqlTestDatabase server_;  // declared first: dropped after the pool closes
  std::unique_ptr<store::Database> db_;
};

}  // namespace

std::unique_ptr<TestDatabase> openMigratedTestDatabase() { return std::make_unique<MariadbTestDatabase>(); }

}  // namespace sigid::testing
