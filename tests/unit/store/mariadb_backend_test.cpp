#include <gtest/gtest.h>

#include "database_contract.hpp"
#include "migrator_contract.hpp"
#include "store/open_database.hpp"
#include "support/mysql_test_database.hpp"

namespace sigid::store {
namespace {

struct MariadbBackend {
  static constexpr Dialect kDialect = Dialect::Mysql;
  testing::MysqlTestDatabase database;
  Result<std::unique_ptr<Database>> open() {
    DatabaseOptions options;
    options.url = database.url();
    options.pool_size = 4;
    return openDatabase(options);
  }
};

}  // namespace

namespace contract {
INSTANTIATE_TYPED_TEST_SUITE_P(Mariadb, DatabaseContract, ::testing::Types<MariadbBackend>);
INSTANTIATE_TYPED_TEST_SUITE_P(Mariadb, MigratorContract, ::testing::Types<MariadbBackend>);
}  // namespace contract

namespace {

class MariadbDatabase : public ::testing::Test {
 protected:
  std::unique_ptr<Database> open(unsigned pool_size) {
    auto db = openDatabase({.url = database_.url(), .pool_size = pool_size});
    EXPECT_TRUE(db.ok()) << db.error().detail();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  std::int64_t connectionId(Database& db) {
    auto rows = db.query("SELECT CONNECTION_ID()");
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->at(0).integer(0) : 0;
  }

  void kill(std::int64_t id) {
    // KILL takes no placeholder; the id is an integer we just read.
    auto killed = database_.server().execute("KILL " + std::to_string(id));
    ASSERT_TRUE(killed.ok()) << killed.error().detail();
  }

  testing::MysqlTestDatabase database_;
};

TEST_F(MariadbDatabase, AKilledSessionIsReplacedAndTheNextStatementSucceeds) {
  auto db = open(1);
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->execute("CREATE TABLE t (x INT)").ok());

  kill(connectionId(*db));
  auto read = db->query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(read.ok()) << read.error().detail();

  // The INSERT is in the session's statement cache: the retry must not depend
  // on failing at prepare time.
  ASSERT_TRUE(db->execute("INSERT INTO t (x) VALUES (?)", {std::int64_t{0}}).ok());
  kill(connectionId(*db));
  auto write = db->execute("INSERT INTO t (x) VALUES (?)", {std::int64_t{1}});
  ASSERT_TRUE(write.ok()) << write.error().detail();

  kill(connectionId(*db));
  auto in_transaction = db->transaction([](Connection& c) -> Result<void> {
    SIGID_CHECK(c.execute("INSERT INTO t (x) VALUES (?)", {std::int64_t{2}}));
    return core::success();
  });
  ASSERT_TRUE(in_transaction.ok()) << in_transaction.error().detail();

  auto rows = db->query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->at(0).integer(0), 3);
}

TEST_F(MariadbDatabase, ASessionLostInsideATransactionIsUnavailable) {
  auto db = open(2);
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->execute("CREATE TABLE t (x INT)").ok());
  auto lost = db->transaction([&](Connection& c) -> Result<void> {
    SIGID_TRY(auto rows, c.query("SELECT CONNECTION_ID()"));
    kill(rows.at(0).integer(0));
    return c.execute("INSERT INTO t (x) VALUES (1)").ok() ? core::success() : core::Result<void>(core::Error::unavailable("lost"));
  });
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code(), core::ErrorCode::Unavailable);
  EXPECT_TRUE(db->ping().ok());
}

TEST_F(MariadbDatabase, PartitionsPlaceholderMakesAPartitionedTable) {
  auto db = open(2);
  ASSERT_TRUE(db);
  MigrationOptions options;
  options.mysql_partitions = 4;
  options.migrations = std::vector<Migration>{
      {1, "hot",
       "CREATE TABLE hot (\n  tenant_id CHAR(36) NOT NULL,\n  id INT NOT NULL,\n  PRIMARY KEY (tenant_id, id)\n)"
       " ENGINE=InnoDB\n  PARTITION BY KEY (tenant_id) PARTITIONS {{partitions}};\n"}};
  auto report = migrate(*db, options);
  ASSERT_TRUE(report.ok()) << report.error().detail();
  auto partitions = db->query(
      "SELECT COUNT(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?"
      " AND PARTITION_NAME IS NOT NULL",
      {std::string("hot")});
  ASSERT_TRUE(partitions.ok()) << partitions.error().detail();
  EXPECT_EQ(partitions->at(0).integer(0), 4);
}

TEST_F(MariadbDatabase, AnUnreachableServerIsUnavailable) {
  auto db = openDatabase({.url = "mysql://root@localhost/?socket=/nonexistent/mysqld.sock",
                          .connect_timeout = std::chrono::seconds(1)});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code(), core::ErrorCode::Unavailable);
}

TEST_F(MariadbDatabase, AnExhaustedPoolWaitsThenServes) {
  auto db = open(1);
  ASSERT_TRUE(db);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) ok += db->query("SELECT SLEEP(0)").ok() ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 40);
}

TEST_F(MariadbDatabase, MigratingWithoutADatabaseIsRefused) {
  auto db = openDatabase({.url = database_.serverUrl()});
  ASSERT_TRUE(db.ok());
  auto refused = migrate(**db, MigrationOptions{.migrations = std::vector<Migration>{}});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().detail().find("no database"), std::string::npos);
}

}  // namespace
}  // namespace sigid::store
