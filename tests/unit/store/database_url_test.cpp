#include "store/database_url.hpp"

#include <gtest/gtest.h>

namespace sigid::store {
namespace {

MysqlUrl mysqlOf(std::string_view text) {
  auto url = parseDatabaseUrl(text);
  EXPECT_TRUE(url.ok()) << text << ": " << (url.ok() ? "" : url.error().description());
  if (!url.ok() || !std::holds_alternative<MysqlUrl>(*url)) return {};
  return std::get<MysqlUrl>(*url);
}

TEST(DatabaseUrl, SqliteRelativeAbsoluteAndMemory) {
  auto relative = parseDatabaseUrl("sqlite:var/sigid.db");
  ASSERT_TRUE(relative.ok());
  EXPECT_EQ(std::get<SqliteUrl>(*relative).path, "var/sigid.db");
  auto absolute = parseDatabaseUrl("sqlite:/srv/sigid/db.sqlite");
  ASSERT_TRUE(absolute.ok());
  EXPECT_EQ(std::get<SqliteUrl>(*absolute).path, "/srv/sigid/db.sqlite");
  auto memory = parseDatabaseUrl("sqlite::memory:");
  ASSERT_TRUE(memory.ok());
  EXPECT_EQ(std::get<SqliteUrl>(*memory).path, ":memory:");
}

TEST(DatabaseUrl, MysqlFullForm) {
  MysqlUrl url = mysqlOf("mysql://sigid:s3cret@db.internal:3307/identity");
  EXPECT_EQ(url.user, "sigid");
  EXPECT_EQ(url.password, "s3cret");
  EXPECT_EQ(url.host, "db.internal");
  EXPECT_EQ(url.port, 3307);
  EXPECT_EQ(url.database, "identity");
  EXPECT_EQ(url.socket, "");
}

TEST(DatabaseUrl, MysqlDefaultsAndEmptyDatabase) {
  MysqlUrl url = mysqlOf("mysql://root@localhost/");
  EXPECT_EQ(url.user, "root");
  EXPECT_EQ(url.password, "");
  EXPECT_EQ(url.port, 3306);
  EXPECT_EQ(url.database, "");
  EXPECT_EQ(mysqlOf("mysql://root@localhost").host, "localhost");
}

TEST(DatabaseUrl, MysqlPercentDecodesCredentialsAndSocket) {
  MysqlUrl url = mysqlOf("mysql://us%40er:p%3Aa%2Fs%25s@h/db?socket=/run/my%20sql/mysqld.sock");
  EXPECT_EQ(url.user, "us@er");
  EXPECT_EQ(url.password, "p:a/s%s");
  EXPECT_EQ(url.socket, "/run/my sql/mysqld.sock");
  EXPECT_EQ(mysqlOf("mysql://u:p@ss@h/db").password, "p@ss");  // the last '@' ends the credentials
}

TEST(DatabaseUrl, MysqlIpv6Host) {
  MysqlUrl url = mysqlOf("mysql://u@[::1]:3310/db");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, 3310);
}

TEST(DatabaseUrl, BadUrlsNameTheKeyAndNeverEchoThePassword) {
  for (const char* bad : {"", "postgres://u@h/db", "sqlite:", "mysql://h/db", "mysql://u:hunter2@/db",
                          "mysql://u:hunter2@h:0/db", "mysql://u:hunter2@h:99999/db", "mysql://u:hunter2@h:x/db",
                          "mysql://u:hunter2%zz@h/db", "mysql://u:hunter2@h/db?ssl=1", "mysql://u:hunter2@h/a/b",
                          "mysql://u:hunter2@h/db?socket="}) {
    auto url = parseDatabaseUrl(bad);
    ASSERT_FALSE(url.ok()) << bad;
    EXPECT_EQ(url.error().code(), core::ErrorCode::InvalidRequest) << bad;
    EXPECT_EQ(url.error().description().rfind("database.url: ", 0), 0u) << url.error().description();
    EXPECT_EQ(url.error().description().find("hunter2"), std::string::npos) << url.error().description();
  }
}

TEST(DatabaseUrl, RedactedFormHidesThePassword) {
  auto url = parseDatabaseUrl("mysql://u:hunter2@h/db?socket=/s");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(redactedDatabaseUrl(*url), "mysql://u:***@h:3306/db?socket=/s");
}

}  // namespace
}  // namespace sigid::store
