#include "store/sqlite/sqlite_session.hpp"

#include <sqlite3.h>

#include <cctype>

namespace sigid::store::sqlite {

namespace {

// Resets the statement however the call ends, so a cached statement never keeps
// a read transaction open or holds the previous call's values.
class StatementReset {
 public:
  explicit StatementReset(sqlite3_stmt* statement) : statement_(statement) {}
  ~StatementReset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;

 private:
  sqlite3_stmt* statement_;
};

bool onlyWhitespaceOrSemicolons(const char* begin, const char* end) {
  for (const char* p = begin; p != end; ++p) {
    if (!std::isspace(static_cast<unsigned char>(*p)) && *p != ';') return false;
  }
  return true;
}

Value columnValue(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_INTEGER:
      return static_cast<std::int64_t>(sqlite3_column_int64(statement, column));
    case SQLITE_FLOAT:
      return sqlite3_column_double(statement, column);
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      // Length from column_bytes, not strlen: text may hold embedded NULs.
      return std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
    }
    case SQLITE_BLOB: {
      const auto* blob = static_cast<const char*>(sqlite3_column_blob(statement, column));
      return std::string(blob ? blob : "", static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
    }
    default:
      return std::monostate{};
  }
}

}  // namespace

Result<std::unique_ptr<SqliteSession>> SqliteSession::open(const std::string& path, Role role,
                                                           std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  // NOMUTEX: SqliteDatabase guarantees one thread per session at a time, so
  // SQLite's own per-connection mutex would be pure overhead.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return core::Error::unavailable("cannot open SQLite database " + path + ": " + message);
  }
  std::unique_ptr<SqliteSession> session(new SqliteSession(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  if (role == Role::Writer) {
    // WAL: readers never block the writer nor the writer readers. NORMAL is
    // durable across application crashes; only an OS crash may lose the last
    // commits, never corrupt the file (https://sqlite.org/wal.html).
    SIGID_CHECK(session->run("PRAGMA journal_mode=WAL"));
    SIGID_CHECK(session->run("PRAGMA synchronous=NORMAL"));
    SIGID_CHECK(session->run("PRAGMA foreign_keys=ON"));
  } else {
    // A reader that could write would take the write lock behind the writer's back.
    SIGID_CHECK(session->run("PRAGMA query_only=1"));
  }
  return session;
}

SqliteSession::~SqliteSession() {
  for (auto& [sql, statement] : cache_) sqlite3_finalize(statement);
  sqlite3_close_v2(db_);
}

bool SqliteSession::inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

core::Error SqliteSession::errorFrom(int code) const {
  std::string message = sqlite3_errmsg(db_);
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return core::Error::conflict("a record with that key already exists").withDetail(message);
    default:
      break;
  }
  switch (code & 0xff) {
    // Busy past busy_timeout, or the file vanished: retrying later may work, so
    // this is the database being unavailable rather than our fault.
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
      return core::Error::unavailable("sqlite: " + message);
    default:
      return core::Error::internal("sqlite: " + message);
  }
}

Result<void> SqliteSession::run(const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return core::success();
  std::string text = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  core::Error error = errorFrom(sqlite3_extended_errcode(db_));
  return std::move(error).withDetail("sqlite: " + text + " (" + sql + ")");
}

Result<sqlite3_stmt*> SqliteSession::prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  if (cache_.size() >= kMaxCached) {
    for (auto& [text, statement] : cache_) sqlite3_finalize(statement);
    cache_.clear();
  }
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT,
                                    &statement, &tail);
  if (rc != SQLITE_OK) return errorFrom(sqlite3_extended_errcode(db_));
  if (statement == nullptr) return core::Error::internal("sqlite: empty statement");
  if (!onlyWhitespaceOrSemicolons(tail, key.data() + key.size())) {
    sqlite3_finalize(statement);
    return core::Error::internal("sqlite: one statement per call: " + key);
  }
  cache_.emplace(std::move(key), statement);
  return statement;
}

Result<void> SqliteSession::bind(sqlite3_stmt* statement, const Params& params) {
  const int expected = sqlite3_bind_parameter_count(statement);
  if (expected != static_cast<int>(params.size())) {
    return core::Error::internal("sqlite: statement takes " + std::to_string(expected) + " parameters, got " +
                                 std::to_string(params.size()));
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    const Value& value = params[i];
    int rc = SQLITE_OK;
    if (const auto* n = std::get_if<std::int64_t>(&value)) {
      rc = sqlite3_bind_int64(statement, index, *n);
    } else if (const auto* d = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(statement, index, *d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      // Text with its length: embedded NULs survive. TRANSIENT copies, so the
      // caller's string may die before the statement runs.
      rc = sqlite3_bind_text64(statement, index, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_null(statement, index);
    }
    if (rc != SQLITE_OK) return errorFrom(rc);
  }
  return core::success();
}

Result<Rows> SqliteSession::query(std::string_view sql, const Params& params) {
  SIGID_TRY(sqlite3_stmt * statement, prepare(sql));
  StatementReset reset(statement);
  SIGID_CHECK(bind(statement, params));
  Rows rows;
  const int columns = sqlite3_column_count(statement);
  while (true) {
    const int rc = sqlite3_step(statement);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return errorFrom(sqlite3_extended_errcode(db_));
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) values.push_back(columnValue(statement, c));
    rows.emplace_back(std::move(values));
  }
  return rows;
}

Result<std::int64_t> SqliteSession::execute(std::string_view sql, const Params& params) {
  SIGID_TRY(sqlite3_stmt * statement, prepare(sql));
  StatementReset reset(statement);
  SIGID_CHECK(bind(statement, params));
  int rc = SQLITE_ROW;
  while (rc == SQLITE_ROW) rc = sqlite3_step(statement);  // a RETURNING clause yields rows
  if (rc != SQLITE_DONE) return errorFrom(sqlite3_extended_errcode(db_));
  return static_cast<std::int64_t>(sqlite3_changes64(db_));
}

Result<bool> SqliteSession::isReadOnly(std::string_view sql) {
  SIGID_TRY(sqlite3_stmt * statement, prepare(sql));
  return sqlite3_stmt_readonly(statement) != 0;
}

}  // namespace sigid::store::sqlite
