#include "store/sqlite/sqlite_database.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "store/session_scope.hpp"

namespace sigid::store::sqlite {

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const SqliteOptions& options) {
  const bool memory = options.path == ":memory:";
  if (!memory) {
    std::filesystem::path parent = std::filesystem::path(options.path).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        return core::Error::unavailable("cannot create directory " + parent.string() + " for the SQLite database: " +
                                        ec.message());
      }
    }
  }
  SIGID_TRY(auto writer, SqliteSession::open(options.path, SqliteSession::Role::Writer, options.busy_timeout));
  return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(options, std::move(writer)));
}

SqliteDatabase::SqliteDatabase(SqliteOptions options, std::unique_ptr<SqliteSession> writer)
    : options_(std::move(options)), memory_(options_.path == ":memory:"), writer_(std::move(writer)) {}

SqliteDatabase::~SqliteDatabase() = default;

Result<void> SqliteDatabase::refuseReentry() const { return SessionScope::refuseReentry(this); }

Result<std::unique_ptr<SqliteSession>> SqliteDatabase::borrowReader() {
  std::unique_lock lock(readers_mutex_);
  while (true) {
    if (!idle_readers_.empty()) {
      auto reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader;
    }
    if (open_readers_ < options_.readers) {
      ++open_readers_;
      lock.unlock();
      auto opened = SqliteSession::open(options_.path, SqliteSession::Role::Reader, options_.busy_timeout);
      if (!opened.ok()) {
        lock.lock();
        --open_readers_;
        return std::move(opened).error();
      }
      return std::move(opened).value();
    }
    reader_returned_.wait(lock);
  }
}

void SqliteDatabase::returnReader(std::unique_ptr<SqliteSession> reader) {
  {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(reader));
  }
  reader_returned_.notify_one();
}

Result<Rows> SqliteDatabase::query(std::string_view sql, const Params& params) {
  SIGID_CHECK(refuseReentry());
  if (!memory_ && options_.readers > 0) {
    SIGID_TRY(auto reader, borrowReader());
    auto read_only = reader->isReadOnly(sql);
    if (!read_only.ok() || *read_only) {
      auto rows = read_only.ok() ? reader->query(sql, params) : Result<Rows>(std::move(read_only).error());
      returnReader(std::move(reader));
      return rows;
    }
    returnReader(std::move(reader));
  }
  std::lock_guard lock(writer_mutex_);
  return writer_->query(sql, params);
}

Result<std::int64_t> SqliteDatabase::execute(std::string_view sql, const Params& params) {
  SIGID_CHECK(refuseReentry());
  std::lock_guard lock(writer_mutex_);
  return writer_->execute(sql, params);
}

Result<void> SqliteDatabase::transaction(const std::function<Result<void>(Connection&)>& body) {
  SIGID_CHECK(refuseReentry());
  std::lock_guard lock(writer_mutex_);
  // IMMEDIATE takes the write lock up front: a deferred transaction that reads
  // first and writes later can fail with SQLITE_BUSY at the upgrade, which no
  // busy_timeout can resolve.
  SIGID_CHECK(writer_->run("BEGIN IMMEDIATE"));
  SessionConnection<SqliteSession> connection(*writer_);
  Result<void> outcome;
  try {
    SessionScope scope(this);
    outcome = body(connection);
  } catch (...) {
    (void)writer_->run("ROLLBACK");
    throw;
  }
  if (!outcome.ok()) {
    (void)writer_->run("ROLLBACK");
    return outcome;
  }
  auto committed = writer_->run("COMMIT");
  if (!committed.ok()) {
    // A failed COMMIT may leave the transaction open (e.g. deferred foreign keys).
    if (writer_->inTransaction()) (void)writer_->run("ROLLBACK");
    return committed;
  }
  return core::success();
}

Result<void> SqliteDatabase::withConnection(const std::function<Result<void>(Connection&)>& body) {
  SIGID_CHECK(refuseReentry());
  std::lock_guard lock(writer_mutex_);
  SessionConnection<SqliteSession> connection(*writer_);
  Result<void> outcome;
  try {
    SessionScope scope(this);
    outcome = body(connection);
  } catch (...) {
    if (writer_->inTransaction()) (void)writer_->run("ROLLBACK");
    throw;
  }
  // The next user of the writer must find it in autocommit mode.
  if (writer_->inTransaction()) (void)writer_->run("ROLLBACK");
  return outcome;
}

Result<void> SqliteDatabase::ping() {
  SIGID_TRY(auto rows, query("SELECT 1"));
  if (rows.size() != 1) return core::Error::internal("sqlite: ping returned no row");
  return core::success();
}

}  // namespace sigid::store::sqlite
