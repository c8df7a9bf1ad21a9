#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/database.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace sigid::store::sqlite {

// One SQLite connection with its prepared-statement cache. Not thread-safe:
// SqliteDatabase hands a session to one thread at a time.
class SqliteSession {
 public:
  enum class Role { Writer, Reader };

  // `path` is a file path or ":memory:".
  static Result<std::unique_ptr<SqliteSession>> open(const std::string& path, Role role,
                                                      std::chrono::milliseconds busy_timeout);
  ~SqliteSession();
  SqliteSession(const SqliteSession&) = delete;
  SqliteSession& operator=(const SqliteSession&) = delete;

  Result<Rows> query(std::string_view sql, const Params& params);
  Result<std::int64_t> execute(std::string_view sql, const Params& params);
  // Whether the statement only reads (sqlite3_stmt_readonly), so a reader may run it.
  Result<bool> isReadOnly(std::string_view sql);
  // Fixed control statements (BEGIN IMMEDIATE, COMMIT, ROLLBACK, PRAGMA): no values.
  Result<void> run(const char* sql);
  bool inTransaction() const;

 private:
  explicit SqliteSession(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> prepare(std::string_view sql);
  Result<void> bind(sqlite3_stmt* statement, const Params& params);
  core::Error errorFrom(int code) const;

  sqlite3* db_;
  // Keyed by SQL text: repositories use a fixed set of statements, so the cache
  // stays small; it is cleared wholesale past kMaxCached to bound memory.
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  static constexpr std::size_t kMaxCached = 256;
};

}  // namespace sigid::store::sqlite
