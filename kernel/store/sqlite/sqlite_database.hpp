#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/sqlite/sqlite_session.hpp"

namespace sigid::store::sqlite {

struct SqliteOptions {
  std::string path;                               // a file path; ":memory:" for a private in-memory database
  std::chrono::milliseconds busy_timeout{5000};  // how long a statement waits for another process's lock
  unsigned readers = 4;                           // read-only connections, opened on demand
};

// Concurrency design: SQLite allows one writer at a time per file anyway, so
// all writes (execute, transaction, and query() of a statement that writes)
// go through ONE writer connection under a mutex: writers queue in-process on
// the mutex instead of spinning in SQLITE_BUSY, and BEGIN IMMEDIATE can only
// wait for other processes. Reads that run outside a transaction use a small
// pool of read-only connections, which in WAL mode run in parallel with each
// other and with the writer. sqlite3_stmt_readonly decides which side a
// statement goes to, so a caller cannot route a write to a reader by mistake.
// An in-memory database is private to its connection, so it has no readers.
//
// Calling this Database from inside one of its own transaction bodies (instead
// of using the Connection handed to the body) is refused with an error: on the
// writer it would deadlock, and elsewhere it would silently run outside the
// transaction. MysqlDatabase refuses the same way, so both behave alike.
class SqliteDatabase final : public Database {
 public:
  static Result<std::unique_ptr<SqliteDatabase>> open(const SqliteOptions& options);
  ~SqliteDatabase() override;

  Dialect dialect() const override { return Dialect::Sqlite; }
  Result<Rows> query(std::string_view sql, const Params& params = {}) override;
  Result<std::int64_t> execute(std::string_view sql, const Params& params = {}) override;
  Result<void> transaction(const std::function<Result<void>(Connection&)>& body) override;
  Result<void> ping() override;
  // Runs on the writer connection (held for the whole body).
  Result<void> withConnection(const std::function<Result<void>(Connection&)>& body) override;

 private:
  SqliteDatabase(SqliteOptions options, std::unique_ptr<SqliteSession> writer);
  Result<std::unique_ptr<SqliteSession>> borrowReader();
  void returnReader(std::unique_ptr<SqliteSession> reader);
  Result<void> refuseReentry() const;

  SqliteOptions options_;
  bool memory_;

  std::mutex writer_mutex_;
  std::unique_ptr<SqliteSession> writer_;

  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<SqliteSession>> idle_readers_;
  unsigned open_readers_ = 0;
};

}  // namespace sigid::store::sqlite
