#pragma once

// The Database contract, run against every backend (sqlite_backend_test.cpp,
// mariadb_backend_test.cpp instantiate it). A Backend type provides:
//   Backend()                                     sets up an empty database
//   core::Result<std::unique_ptr<store::Database>> open()   another instance on it
//   static constexpr store::Dialect kDialect

#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <stdexcept>
#include <thread>

#include "store/database.hpp"

namespace sigid::store::contract {

// Portable DDL: both SQLite and MariaDB accept it as written.
inline constexpr const char* kItemsTable =
    "CREATE TABLE items (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL, amount DOUBLE,"
    " note TEXT, data BLOB, UNIQUE (name))";

template <class Backend>
class DatabaseContract : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = backend_.open();
    ASSERT_TRUE(opened.ok()) << opened.error().detail();
    db_ = std::move(opened).value();
    auto created = db_->execute(kItemsTable);
    ASSERT_TRUE(created.ok()) << created.error().detail();
  }

  std::int64_t count() {
    auto rows = db_->query("SELECT COUNT(*) FROM items");
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->at(0).integer(0) : -1;
  }

  Backend backend_;
  std::unique_ptr<Database> db_;
};

TYPED_TEST_SUITE_P(DatabaseContract);

TYPED_TEST_P(DatabaseContract, BindsAndReadsEveryValueType) {
  Database& db = *this->db_;
  const std::string utf8 = "Grüße, 世界 🙂";
  const std::string binary("a\0b\0\xff\xfe\x01z", 8);
  const std::string text_with_nul("x\0y", 3);
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  const std::int64_t small = std::numeric_limits<std::int64_t>::min();

  ASSERT_TRUE(db.execute("INSERT INTO items (id, name, amount, note, data) VALUES (?, ?, ?, ?, ?)",
                         {big, utf8, 2.5, null(), binary})
                  .ok());
  ASSERT_TRUE(db.execute("INSERT INTO items (id, name, amount, note, data) VALUES (?, ?, ?, ?, ?)",
                         {small, text_with_nul, -1e300, std::string(""), null()})
                  .ok());

  auto rows = db.query("SELECT id, name, amount, note, data FROM items WHERE id = ?", {big});
  ASSERT_TRUE(rows.ok()) << rows.error().detail();
  ASSERT_EQ(rows->size(), 1u);
  const Row& row = rows->at(0);
  EXPECT_EQ(std::get<std::int64_t>(row.at(0)), big);
  EXPECT_EQ(std::get<std::string>(row.at(1)), utf8);
  EXPECT_DOUBLE_EQ(std::get<double>(row.at(2)), 2.5);
  EXPECT_TRUE(row.isNull(3));
  EXPECT_EQ(row.optionalText(3), std::nullopt);
  EXPECT_EQ(std::get<std::string>(row.at(4)), binary);

  // Strings with embedded NULs match as bound parameters, not just round-trip.
  auto by_name = db.query("SELECT id, amount, note, data FROM items WHERE name = ?", {text_with_nul});
  ASSERT_TRUE(by_name.ok()) << by_name.error().detail();
  ASSERT_EQ(by_name->size(), 1u);
  EXPECT_EQ(by_name->at(0).integer(0), small);
  EXPECT_DOUBLE_EQ(std::get<double>(by_name->at(0).at(1)), -1e300);
  EXPECT_EQ(by_name->at(0).optionalText(2), std::optional<std::string>(""));
  EXPECT_TRUE(by_name->at(0).isNull(3));

  auto computed = db.query("SELECT ? + 1, ?", {std::int64_t{41}, null()});
  ASSERT_TRUE(computed.ok()) << computed.error().detail();
  EXPECT_EQ(computed->at(0).integer(0), 42);
  EXPECT_TRUE(computed->at(0).isNull(1));
}

TYPED_TEST_P(DatabaseContract, ExecuteCountsMatchedRows) {
  Database& db = *this->db_;
  ASSERT_TRUE(db.execute("INSERT INTO items (id, name) VALUES (?, ?)", {std::int64_t{1}, std::string("a")}).ok());
  // Setting the value it already has still counts the row on both backends.
  auto same = db.execute("UPDATE items SET name = ? WHERE id = ?", {std::string("a"), std::int64_t{1}});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, 1);
  auto missing = db.execute("DELETE FROM items WHERE id = ?", {std::int64_t{99}});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(*missing, 0);
}

TYPED_TEST_P(DatabaseContract, TransactionCommits) {
  Database& db = *this->db_;
  auto done = db.transaction([](Connection& c) -> Result<void> {
    SIGID_CHECK(c.execute("INSERT INTO items (id, name) VALUES (?, ?)", {std::int64_t{1}, std::string("a")}));
    SIGID_TRY(auto rows, c.query("SELECT name FROM items WHERE id = ?", {std::int64_t{1}}));
    if (rows.size() != 1) return core::Error::internal("own write not visible");
    SIGID_CHECK(c.execute("INSERT INTO items (id, name) VALUES (?, ?)", {std::int64_t{2}, std::string("b")}));
    return core::success();
  });
  ASSERT_TRUE(done.ok()) << done.error().detail();
  EXPECT_EQ(this->count(), 2);
}

TYPED_TEST_P(DatabaseContract, TransactionRollsBackWhenTheBodyFails) {
  Database& db = *this->db_;
  auto done = db.transaction([](Connection& c) -> Result<void> {
    SIGID_CHECK(c.execute("INSERT INTO items (id, name) VALUES (?, ?)", {std::int64_t{1}, std::string("a")}));
    return core::Error::notFound("stop here");
  });
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code(), core::ErrorCode::NotFound);
  EXPECT_EQ(this->count(), 0);
}

TYPED_TEST_P(DatabaseContract, TransactionRollsBackWhenTheBodyThrows) {
  Database& db = *this->db_;
  EXPECT_THROW((void)db.transaction([](Connection& c) -> Result<void> {
    (void)c.execute("INSERT INTO items (id, name) VALUES (?, ?)", {std::int64_t{1}, std::string("a")});
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(this->count(), 0);
  // The session went back to the pool in a usable state.
  ASSERT_TRUE(db.execute("INSERT INTO items (id, name) VALUES (?, ?)", {std::int64_t{2}, std::string("b")}).ok());
  EXPECT_EQ(this->count(), 1);
}

TYPED_TEST_P(DatabaseContract, UniqueViolationIsConflict) {
  Database& db = *this->db_;
  ASSERT_TRUE(db.execute("INSERT INTO items (id, name) VALUES (?, ?)", {std::int64_t{1}, std::string("a")}).ok());
  auto duplicate_name = db.execute("INSERT INTO items (id, name) VALUES (?, ?)", {std::int64_t{2}, std::string("a")});
  ASSERT_FALSE(duplicate_name.ok());
  EXPECT_EQ(duplicate_name.error().code(), core::ErrorCode::Conflict);
  EXPECT_FALSE(duplicate_name.error().detail().empty());

  auto in_transaction = db.transaction([](Connection& c) -> Result<void> {
    SIGID_CHECK(c.execute("INSERT INTO items (id, name) VALUES (?, ?)", {std::int64_t{3}, std::string("c")}));
    SIGID_CHECK(c.execute("INSERT INTO items (id, name) VALUES (?, ?)", {std::int64_t{1}, std::string("d")}));
    return core::success();
  });
  ASSERT_FALSE(in_transaction.ok());
  EXPECT_EQ(in_transaction.error().code(), core::ErrorCode::Conflict);
  EXPECT_EQ(this->count(), 1);
}

TYPED_TEST_P(DatabaseContract, BadSqlIsInternalAndKeepsSqlOutOfTheDescription) {
  auto bad = this->db_->query("SELEKT nonsense FROM nowhere");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), core::ErrorCode::Internal);
  EXPECT_EQ(bad.error().description().find("SELEKT"), std::string::npos);
  EXPECT_FALSE(bad.error().detail().empty());
  auto wrong_arity = this->db_->query("SELECT id FROM items WHERE id = ?", {});
  ASSERT_FALSE(wrong_arity.ok());
  EXPECT_EQ(wrong_arity.error().code(), core::ErrorCode::Internal);
}

TYPED_TEST_P(DatabaseContract, UsingTheDatabaseInsideItsOwnTransactionIsRefused) {
  Database& db = *this->db_;
  auto done = db.transaction([&db](Connection&) -> Result<void> {
    auto nested = db.query("SELECT COUNT(*) FROM items");
    if (nested.ok()) return core::Error::internal("nested use was allowed");
    return core::success();
  });
  EXPECT_TRUE(done.ok()) << done.error().detail();
}

TYPED_TEST_P(DatabaseContract, ConcurrentTransactionsAllCommit) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::int64_t id = t * 1000 + i;
        auto done = this->db_->transaction([&](Connection& c) -> Result<void> {
          SIGID_TRY(auto rows, c.query("SELECT COUNT(*) FROM items"));
          (void)rows;
          SIGID_CHECK(c.execute("INSERT INTO items (id, name) VALUES (?, ?)", {id, "n" + std::to_string(id)}));
          return core::success();
        });
        if (!done.ok()) {
          ++failures;
          ADD_FAILURE() << done.error().detail();
        }
        auto read = this->db_->query("SELECT name FROM items WHERE id = ?", {id});
        if (!read.ok() || read->size() != 1) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(this->count(), kThreads * kPerThread);
}

TYPED_TEST_P(DatabaseContract, WithConnectionPinsOneSession) {
  auto done = this->db_->withConnection([](Connection& c) -> Result<void> {
    SIGID_CHECK(c.execute("CREATE TEMPORARY TABLE scratch (x INTEGER)"));
    SIGID_CHECK(c.execute("INSERT INTO scratch (x) VALUES (?)", {std::int64_t{7}}));
    SIGID_TRY(auto rows, c.query("SELECT x FROM scratch"));
    if (rows.size() != 1 || rows[0].integer(0) != 7) return core::Error::internal("temporary table not visible");
    SIGID_CHECK(c.execute("DROP TABLE scratch"));
    return core::success();
  });
  EXPECT_TRUE(done.ok()) << done.error().detail();
}

TYPED_TEST_P(DatabaseContract, PingAnswers) { EXPECT_TRUE(this->db_->ping().ok()); }

REGISTER_TYPED_TEST_SUITE_P(DatabaseContract, BindsAndReadsEveryValueType, ExecuteCountsMatchedRows, TransactionCommits,
                            TransactionRollsBackWhenTheBodyFails, TransactionRollsBackWhenTheBodyThrows,
                            UniqueViolationIsConflict, BadSqlIsInternalAndKeepsSqlOutOfTheDescription,
                            UsingTheDatabaseInsideItsOwnTransactionIsRefused, ConcurrentTransactionsAllCommit,
                            WithConnectionPinsOneSession, PingAnswers);

}  // namespace sigid::store::contract
