#include "store/migrations/sql_statements.hpp"

#include <gtest/gtest.h>

#include "store/migrator.hpp"

namespace sigid::store::migrations {
namespace {

using Statements = std::vector<std::string>;

TEST(SqlStatements, SplitsAtSemicolonsThatEndALine) {
  EXPECT_EQ(splitStatements("CREATE TABLE a (x INT);\n\nCREATE TABLE b (\n  y INT\n);  \nINSERT INTO a VALUES (1)"),
            (Statements{"CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT\n)", "INSERT INTO a VALUES (1)"}));
}

TEST(SqlStatements, DropsCommentLinesAndEmptyStatements) {
  EXPECT_EQ(splitStatements("-- header\n  -- indented\nSELECT 1; -- not a line comment start\n;\n-- trailing\n"),
            (Statements{"SELECT 1; -- not a line comment start"}));
  EXPECT_TRUE(splitStatements("-- only comments\n\n").empty());
}

TEST(SqlStatements, KeepsATriggerBodyTogether) {
  const char* sql =
      "CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit_events\n"
      "BEGIN\n"
      "  SELECT RAISE(ABORT, 'append-only');\n"
      "END;\n"
      "CREATE TRIGGER single BEFORE DELETE ON t FOR EACH ROW SIGNAL SQLSTATE '45000';\n"
      "SELECT 2;\n";
  EXPECT_EQ(splitStatements(sql),
            (Statements{"CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit_events\nBEGIN\n  SELECT RAISE(ABORT, "
                        "'append-only');\nEND",
                        "CREATE TRIGGER single BEFORE DELETE ON t FOR EACH ROW SIGNAL SQLSTATE '45000'", "SELECT 2"}));
}

TEST(MigrationFiles, NamesMustBeNumberUnderscoreName) {
  auto ok = migrationFromFile("0012_add_users.sql", "SELECT 1;");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->version, 12);
  EXPECT_EQ(ok->name, "add_users");
  for (const char* bad : {"12.sql", "_x.sql", "0001_.sql", "abc_x.sql", "0001_x.txt", "0000_x.sql"}) {
    EXPECT_FALSE(migrationFromFile(bad, "").ok()) << bad;
  }
}

TEST(MigrationFiles, EmbeddedSetsParseForBothDialects) {
  auto sqlite = embeddedMigrations(Dialect::Sqlite);
  ASSERT_TRUE(sqlite.ok()) << sqlite.error().detail();
  auto mysql = embeddedMigrations(Dialect::Mysql);
  ASSERT_TRUE(mysql.ok()) << mysql.error().detail();
  ASSERT_EQ(sqlite->size(), mysql->size()) << "every migration exists for both dialects";
  for (std::size_t i = 0; i < sqlite->size(); ++i) {
    EXPECT_EQ((*sqlite)[i].version, (*mysql)[i].version);
    EXPECT_EQ((*sqlite)[i].name, (*mysql)[i].name);
    EXPECT_FALSE(splitStatements((*sqlite)[i].sql).empty());
  }
}

}  // namespace
}  // namespace sigid::store::migrations
