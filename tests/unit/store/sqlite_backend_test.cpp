#include <gtest/gtest.h>

#include <filesystem>

#include "core/encoding.hpp"
#include "core/random.hpp"
#include "database_contract.hpp"
#include "migrator_contract.hpp"
#include "store/open_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace sigid::store {
namespace {

namespace fs = std::filesystem;

// A database file in a fresh directory, removed with everything SQLite put beside it (-wal, -shm).
class SqliteFile {
 public:
  SqliteFile() : dir_(fs::path(::testing::TempDir()) / ("sigid-store-" + core::hexEncode(core::randomBytes(6)))) {}
  ~SqliteFile() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path() const { return (dir_ / "nested" / "test.db").string(); }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
};

struct SqliteBackend {
  static constexpr Dialect kDialect = Dialect::Sqlite;
  SqliteFile file;
  Result<std::unique_ptr<Database>> open() {
    DatabaseOptions options;
    options.url = "sqlite:" + file.path();
    options.pool_size = 4;
    return openDatabase(options);
  }
};

}  // namespace

namespace contract {
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, DatabaseContract, ::testing::Types<SqliteBackend>);
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, MigratorContract, ::testing::Types<SqliteBackend>);
}  // namespace contract

namespace {

TEST(SqliteDatabase, CreatesTheParentDirectoryAndUsesWal) {
  SqliteFile file;
  auto db = sqlite::SqliteDatabase::open({.path = file.path()});
  ASSERT_TRUE(db.ok()) << db.error().detail();
  EXPECT_TRUE(fs::exists(file.path()));
  auto mode = (*db)->query("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok()) << mode.error().detail();
  EXPECT_EQ(mode->at(0).text(0), "wal");
}

TEST(SqliteDatabase, EnforcesForeignKeys) {
  SqliteFile file;
  auto db = sqlite::SqliteDatabase::open({.path = file.path()});
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)").ok());
  ASSERT_TRUE((*db)->execute("CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent(id))").ok());
  auto orphan = (*db)->execute("INSERT INTO child (parent_id) VALUES (?)", {std::int64_t{5}});
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code(), core::ErrorCode::Internal);
}

TEST(SqliteDatabase, InMemoryDatabaseWorksFromSeveralThreads) {
  auto db = openDatabase({.url = "sqlite::memory:"});
  ASSERT_TRUE(db.ok()) << db.error().detail();
  ASSERT_TRUE((*db)->execute("CREATE TABLE t (x INTEGER)").ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        EXPECT_TRUE((*db)->execute("INSERT INTO t (x) VALUES (?)", {std::int64_t{i}}).ok());
        EXPECT_TRUE((*db)->query("SELECT COUNT(*) FROM t").ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto rows = (*db)->query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->at(0).integer(0), 60);
}

TEST(SqliteDatabase, AWriteThroughQueryGoesToTheWriter) {
  SqliteFile file;
  auto db = openDatabase({.url = "sqlite:" + file.path()});
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->execute("CREATE TABLE t (x INTEGER)").ok());
  auto returned = (*db)->query("INSERT INTO t (x) VALUES (?) RETURNING x", {std::int64_t{3}});
  ASSERT_TRUE(returned.ok()) << returned.error().detail();
  EXPECT_EQ(returned->at(0).integer(0), 3);
}

TEST(SqliteDatabase, ALockHeldByAnotherProcessPastTheBusyTimeoutIsUnavailable) {
  SqliteFile file;
  auto holder = sqlite::SqliteDatabase::open({.path = file.path()});
  auto waiter = sqlite::SqliteDatabase::open({.path = file.path(), .busy_timeout = std::chrono::milliseconds(50)});
  ASSERT_TRUE(holder.ok() && waiter.ok());
  ASSERT_TRUE((*holder)->execute("CREATE TABLE t (x INTEGER)").ok());
  auto outer = (*holder)->transaction([&](Connection& c) -> Result<void> {
    SIGID_CHECK(c.execute("INSERT INTO t (x) VALUES (1)"));
    auto blocked = (*waiter)->execute("INSERT INTO t (x) VALUES (2)");
    EXPECT_FALSE(blocked.ok());
    if (!blocked.ok()) {
      EXPECT_EQ(blocked.error().code(), core::ErrorCode::Unavailable);
    }
    return core::success();
  });
  EXPECT_TRUE(outer.ok());
}

TEST(SqliteDatabase, AnUnopenablePathIsUnavailable) {
  auto db = openDatabase({.url = "sqlite:/proc/no/such/dir/x.db"});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code(), core::ErrorCode::Unavailable);
}

}  // namespace
}  // namespace sigid::store
