#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "core/result.hpp"

namespace sigid::store {

// `sqlite:PATH` (relative to the working directory or absolute) or `sqlite::memory:`.
struct SqliteUrl {
  std::string path;  // ":memory:" for a private in-memory database
};

// `mysql://user[:password]@host[:port]/[database][?socket=/path]`; user, password,
// database and socket are percent-decoded (a password may hold any byte).
struct MysqlUrl {
  std::string user;
  std::string password;
  std::string host;
  std::uint16_t port = 3306;
  std::string database;  // empty: none selected
  std::string socket;    // when set, the connection uses this unix socket
};

using DatabaseUrl = std::variant<SqliteUrl, MysqlUrl>;

// Errors are InvalidRequest naming `database.url`; they never echo the password.
core::Result<DatabaseUrl> parseDatabaseUrl(std::string_view url);

// The URL without its password, for logs and `sigid config show`.
std::string redactedDatabaseUrl(const DatabaseUrl& url);

}  // namespace sigid::store
