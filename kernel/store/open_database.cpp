#include "store/open_database.hpp"

#include "store/database_url.hpp"
#include "store/mysql/mysql_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace sigid::store {

core::Result<std::unique_ptr<Database>> openDatabase(const DatabaseOptions& options) {
  SIGID_TRY(DatabaseUrl url, parseDatabaseUrl(options.url));
  if (const auto* sqlite_url = std::get_if<SqliteUrl>(&url)) {
    sqlite::SqliteOptions sqlite_options;
    sqlite_options.path = sqlite_url->path;
    sqlite_options.busy_timeout = options.busy_timeout;
    sqlite_options.readers = options.pool_size;
    SIGID_TRY(auto db, sqlite::SqliteDatabase::open(sqlite_options));
    return std::unique_ptr<Database>(std::move(db));
  }
  const auto& mysql_url = std::get<MysqlUrl>(url);
  mysql::MysqlOptions mysql_options;
  mysql_options.host = mysql_url.host;
  mysql_options.port = mysql_url.port;
  mysql_options.socket = mysql_url.socket;
  mysql_options.user = mysql_url.user;
  mysql_options.password = mysql_url.password;
  mysql_options.database = mysql_url.database;
  mysql_options.pool_size = options.pool_size;
  mysql_options.connect_timeout = options.connect_timeout;
  SIGID_TRY(auto db, mysql::MysqlDatabase::open(mysql_options));
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace sigid::store
