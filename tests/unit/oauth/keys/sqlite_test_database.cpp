#include <gtest/gtest.h>

#include <filesystem>

#include "core/encoding.hpp"
#include "core/random.hpp"
#include "store/migrator.hpp"
#include "store/open_database.hpp"
#include "test_database.hpp"

namespace sigid::testing {
namespace {

namespace fs = std::filesystem;

class SqliteTestDatabase final : public TestDatabase {
 public:
  SqliteTestDatabase() : dir_(fs::path(::testing::TempDir()) / ("sigid-keys-" + core::hexEncode(core::randomBytes(6)))) {
    fs::create_directories(dir_);
    auto db = store::openDatabase({.url = "sqlite:" + (dir_ / "test.db").string()});
    if (!db) throw std::runtime_error("cannot open SQLite: " + db.error().detail());
    db_ = std::move(db).value();
    auto migrated = store::migrate(*db_);
    if (!migrated) throw std::runtime_error("migration failed: " + migrated.error().detail());
  }
  ~SqliteTestDatabase() override {
    db_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  store::Database& db() override { return *db_; }

 private:
  fs::path dir_;
  std::unique_ptr<store::Database> db_;
};

}  // namespace

std::unique_ptr<TestDatabase> openMigratedTestDatabase() { return std::make_unique<SqliteTestDatabase>(); }

}  // namespace sigid::testing
