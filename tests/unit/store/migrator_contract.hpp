#pragma once

// The migrator's contract on every backend; see database_contract.hpp for Backend.

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "store/migrator.hpp"

namespace sigid::store::contract {

// A test-only migration set in portable SQL.
inline std::vector<Migration> testMigrations() {
  return {
      {1, "widgets",
       "-- the first table\n"
       "CREATE TABLE widgets (\n  id BIGINT NOT NULL PRIMARY KEY,\n  label VARCHAR(50) NOT NULL\n);\n"
       "CREATE TABLE runs (n INTEGER NOT NULL);\n"},
      {2, "seed", "INSERT INTO runs (n) VALUES (1);\nINSERT INTO widgets (id, label) VALUES (1, 'first');\n"},
  };
}

template <class Backend>
class MigratorContract : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = backend_.open();
    ASSERT_TRUE(opened.ok()) << opened.error().detail();
    db_ = std::move(opened).value();
  }

  MigrationOptions withSet(std::vector<Migration> set) {
    MigrationOptions options;
    options.migrations = std::move(set);
    return options;
  }

  std::int64_t scalar(const std::string& sql) {
    auto rows = db_->query(sql);
    EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().detail());
    return rows.ok() && !rows->empty() ? rows->at(0).integer(0) : -1;
  }

  Backend backend_;
  std::unique_ptr<Database> db_;
};

TYPED_TEST_SUITE_P(MigratorContract);

TYPED_TEST_P(MigratorContract, AppliesPendingMigrationsOnceInOrder) {
  auto first = migrate(*this->db_, this->withSet(testMigrations()));
  ASSERT_TRUE(first.ok()) << first.error().detail();
  EXPECT_EQ(first->applied, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(first->schema_version, 2);
  EXPECT_EQ(this->scalar("SELECT COUNT(*) FROM runs"), 1);

  auto second = migrate(*this->db_, this->withSet(testMigrations()));
  ASSERT_TRUE(second.ok()) << second.error().detail();
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(this->scalar("SELECT COUNT(*) FROM runs"), 1);
  EXPECT_EQ(this->scalar("SELECT COUNT(*) FROM schema_migrations WHERE applied_at IS NOT NULL"), 2);

  auto set = testMigrations();
  set.push_back({3, "more", "INSERT INTO runs (n) VALUES (3);"});
  auto third = migrate(*this->db_, this->withSet(set));
  ASSERT_TRUE(third.ok()) << third.error().detail();
  EXPECT_EQ(third->applied, (std::vector<std::int64_t>{3}));
}

TYPED_TEST_P(MigratorContract, RefusesAChangedAppliedMigration) {
  ASSERT_TRUE(migrate(*this->db_, this->withSet(testMigrations())).ok());
  auto changed = testMigrations();
  changed[1].sql += "INSERT INTO runs (n) VALUES (2);\n";
  auto refused = migrate(*this->db_, this->withSet(changed));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().detail().find("0002_seed was changed"), std::string::npos) << refused.error().detail();
  EXPECT_EQ(this->scalar("SELECT COUNT(*) FROM runs"), 1);
}

TYPED_TEST_P(MigratorContract, RefusesMigrationsItDoesNotKnow) {
  ASSERT_TRUE(migrate(*this->db_, this->withSet(testMigrations())).ok());
  auto older = testMigrations();
  older.pop_back();
  auto refused = migrate(*this->db_, this->withSet(older));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().detail().find("newer"), std::string::npos) << refused.error().detail();
}

TYPED_TEST_P(MigratorContract, AFailedMigrationNamesItsStatementAndCanBeFixed) {
  auto set = testMigrations();
  set.push_back({3, "broken", "CREATE TABLE gadgets (id INTEGER NOT NULL);\nINSERT INTO nowhere VALUES (1);\n"});
  auto failed = migrate(*this->db_, this->withSet(set));
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().detail().find("0003_broken, statement 2"), std::string::npos) << failed.error().detail();

  // SQLite rolled the whole migration back; MySQL resumes after the CREATE TABLE
  // that already committed. Either way the fixed file now applies cleanly.
  set[2].sql = "CREATE TABLE gadgets (id INTEGER NOT NULL);\nINSERT INTO gadgets VALUES (1);\n";
  auto fixed = migrate(*this->db_, this->withSet(set));
  ASSERT_TRUE(fixed.ok()) << fixed.error().detail();
  EXPECT_EQ(fixed->applied, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(this->scalar("SELECT COUNT(*) FROM gadgets"), 1);
}

TYPED_TEST_P(MigratorContract, ConcurrentMigratorsApplyEachMigrationOnce) {
  auto other = this->backend_.open();
  ASSERT_TRUE(other.ok()) << other.error().detail();
  std::unique_ptr<Database> second = std::move(other).value();
  std::optional<Result<MigrationReport>> a, b;
  std::thread ta([&] { a.emplace(migrate(*this->db_, this->withSet(testMigrations()))); });
  std::thread tb([&] { b.emplace(migrate(*second, this->withSet(testMigrations()))); });
  ta.join();
  tb.join();
  ASSERT_TRUE(a->ok()) << a->error().detail();
  ASSERT_TRUE(b->ok()) << b->error().detail();
  std::vector<std::int64_t> all = (*a)->applied;
  all.insert(all.end(), (*b)->applied.begin(), (*b)->applied.end());
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(this->scalar("SELECT COUNT(*) FROM runs"), 1);
}

TYPED_TEST_P(MigratorContract, TheEmbeddedSchemaApplies) {
  auto embedded = embeddedMigrations(TypeParam::kDialect);
  ASSERT_TRUE(embedded.ok()) << embedded.error().detail();
  ASSERT_FALSE(embedded->empty());
  auto report = migrate(*this->db_);
  ASSERT_TRUE(report.ok()) << report.error().detail();
  EXPECT_EQ(report->applied.size(), embedded->size());
  EXPECT_EQ(this->scalar("SELECT COUNT(*) FROM tenants"), 0);
  auto again = migrate(*this->db_);
  ASSERT_TRUE(again.ok()) << again.error().detail();
  EXPECT_TRUE(again->applied.empty());
}

REGISTER_TYPED_TEST_SUITE_P(MigratorContract, AppliesPendingMigrationsOnceInOrder, RefusesAChangedAppliedMigration,
                            RefusesMigrationsItDoesNotKnow, AFailedMigrationNamesItsStatementAndCanBeFixed,
                            ConcurrentMigratorsApplyEachMigrationOnce, TheEmbeddedSchemaApplies);

}  // namespace sigid::store::contract
