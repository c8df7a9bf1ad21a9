#include "store/mysql/mysql_session.hpp"

#include <cppconn/connection.h>
#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/parameter_metadata.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <limits>

#include "store/mysql/mysql_errors.hpp"

namespace sigid::store::mysql {

namespace {

constexpr int kUnsupportedInPreparedProtocol = 1295;  // ER_UNSUPPORTED_PS

// The driver singleton: its first construction runs mysql_library_init, which
// is not thread-safe, so it happens once under the static-init guard.
sql::mysql::MySQL_Driver* driver() {
  static sql::mysql::MySQL_Driver* instance = sql::mysql::get_mysql_driver_instance();
  return instance;
}

class DriverThreadRegistration {
 public:
  DriverThreadRegistration() : driver_(driver()) { driver_->threadInit(); }
  ~DriverThreadRegistration() { driver_->threadEnd(); }
  DriverThreadRegistration(const DriverThreadRegistration&) = delete;
  DriverThreadRegistration& operator=(const DriverThreadRegistration&) = delete;

 private:
  sql::mysql::MySQL_Driver* driver_;
};

// Session settings every pooled connection shares. STRICT_ALL_TABLES: a value
// that does not fit is an error, never silently truncated. UTC: times are
// epoch integers, but NOW() in a migration must not depend on the server's zone.
constexpr const char* kSessionSettings =
    "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
    "NO_ENGINE_SUBSTITUTION', SESSION time_zone = '+00:00'";
// READ COMMITTED: fewer gap locks than REPEATABLE READ, so concurrent inserts
// into hot tables do not deadlock; our transactions re-read what they depend on.
constexpr const char* kIsolation = "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED";

Value columnValue(sql::ResultSet& rs, sql::ResultSetMetaData& meta, unsigned column) {
  if (rs.isNull(column)) return std::monostate{};
  switch (meta.getColumnType(column)) {
    case sql::DataType::BIT:
    case sql::DataType::TINYINT:
    case sql::DataType::SMALLINT:
    case sql::DataType::MEDIUMINT:
    case sql::DataType::INTEGER:
    case sql::DataType::YEAR:
      return static_cast<std::int64_t>(rs.getInt64(column));
    case sql::DataType::BIGINT:
      if (!meta.isSigned(column)) {
        const std::uint64_t value = rs.getUInt64(column);
        // Past int64 the exact value survives only as text.
        if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::to_string(value);
        return static_cast<std::int64_t>(value);
      }
      return static_cast<std::int64_t>(rs.getInt64(column));
    case sql::DataType::REAL:
    case sql::DataType::DOUBLE:
    case sql::DataType::DECIMAL:
    case sql::DataType::NUMERIC:
      return static_cast<double>(rs.getDouble(column));
    default:
      return rs.getString(column).asStdString();
  }
}

}  // namespace

void ensureDriverThreadInit() { thread_local DriverThreadRegistration registration; }

Result<std::unique_ptr<MysqlSession>> MysqlSession::connect(const MysqlOptions& options) {
  ensureDriverThreadInit();
  try {
    sql::ConnectOptionsMap properties;
    if (!options.socket.empty()) {
      properties["hostName"] = sql::SQLString("unix://" + options.socket);
    } else {
      properties["hostName"] = sql::SQLString("tcp://" + options.host);
      properties["port"] = static_cast<int>(options.port);
    }
    properties["userName"] = sql::SQLString(options.user);
    properties["password"] = sql::SQLString(options.password);
    if (!options.database.empty()) properties["schema"] = sql::SQLString(options.database);
    properties["OPT_CONNECT_TIMEOUT"] = static_cast<int>(options.connect_timeout.count());
    // The pool reconnects itself: a silent driver reconnect would lose session
    // settings and an open transaction without telling anyone.
    properties["OPT_RECONNECT"] = false;
    properties["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    // Affected rows = rows matched, as SQLite counts them: an UPDATE that sets
    // the same value still reports the row, so "0 rows" reliably means "missing".
    properties["CLIENT_FOUND_ROWS"] = true;

    std::unique_ptr<sql::Connection> connection(driver()->connect(properties));
    std::unique_ptr<MysqlSession> session(new MysqlSession(std::move(connection)));
    SIGID_CHECK(session->control(kSessionSettings));
    SIGID_CHECK(session->control(kIsolation));
    SIGID_TRY(auto rows, session->query("SELECT CONNECTION_ID()", {}));
    if (!rows.empty()) session->connection_id_ = rows.front().integer(0);
    return session;
  } catch (const sql::SQLException& e) {
    return mysqlError(e.getErrorCode(), e.getSQLState(), e.what());
  } catch (const std::exception& e) {
    return core::Error::unavailable(std::string("mysql connect: ") + e.what());
  }
}

MysqlSession::MysqlSession(std::unique_ptr<sql::Connection> connection) : connection_(std::move(connection)) {}

MysqlSession::~MysqlSession() {
  ensureDriverThreadInit();
  // Statement and connection destructors talk to the server; a dead server must
  // not turn into an exception out of a destructor.
  try {
    cache_.clear();
  } catch (...) {
  }
  try {
    connection_.reset();
  } catch (...) {
  }
}

core::Error MysqlSession::fail(int code, const std::string& state, const std::string& message, bool before_execution) {
  if (isConnectionLost(code, state)) {
    broken_ = true;
    last_failure_retryable_ = before_execution || lostBeforeExecution(code);
  } else {
    last_failure_retryable_ = false;
  }
  return mysqlError(code, state, message);
}

bool MysqlSession::alive() {
  last_used_ = std::chrono::steady_clock::now();
  try {
    if (!broken_ && connection_->isValid()) return true;
  } catch (...) {
  }
  broken_ = true;
  return false;
}

Result<sql::PreparedStatement*> MysqlSession::prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = cache_.find(key); it != cache_.end()) return it->second.get();
  if (cache_.size() >= kMaxCached) cache_.clear();
  std::unique_ptr<sql::PreparedStatement> statement(connection_->prepareStatement(sql::SQLString(key)));
  sql::PreparedStatement* raw = statement.get();
  cache_.emplace(std::move(key), std::move(statement));
  return raw;
}

template <class T, class Run>
Result<T> MysqlSession::runPrepared(std::string_view sql, const Params& params, Run run) {
  ensureDriverThreadInit();
  if (broken_) return core::Error::unavailable("mysql: the session is gone");
  last_used_ = std::chrono::steady_clock::now();
  bool executing = false;
  try {
    SIGID_TRY(sql::PreparedStatement * statement, prepare(sql));
    const auto expected = statement->getParameterMetaData()->getParameterCount();
    if (expected != static_cast<int>(params.size())) {
      return core::Error::internal("mysql: statement takes " + std::to_string(expected) + " parameters, got " +
                                   std::to_string(params.size()));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const auto index = static_cast<unsigned>(i + 1);
      const Value& value = params[i];
      if (const auto* n = std::get_if<std::int64_t>(&value)) {
        statement->setInt64(index, *n);
      } else if (const auto* d = std::get_if<double>(&value)) {
        statement->setDouble(index, *d);
      } else if (const auto* s = std::get_if<std::string>(&value)) {
        statement->setString(index, sql::SQLString(*s));  // keeps the length: embedded NULs survive
      } else {
        statement->setNull(index, sql::DataType::SQLNULL);
      }
    }
    executing = true;
    return run(*statement);
  } catch (const sql::SQLException& e) {
    last_error_code_ = e.getErrorCode();
    return fail(e.getErrorCode(), e.getSQLState(), e.what(), !executing);
  } catch (const std::exception& e) {
    last_error_code_ = 0;
    return core::Error::internal(std::string("mysql: ") + e.what());
  }
}

Result<Rows> MysqlSession::query(std::string_view sql, const Params& params) {
  return runPrepared<Rows>(sql, params, [](sql::PreparedStatement& statement) -> Result<Rows> {
    std::unique_ptr<sql::ResultSet> rs(statement.executeQuery());
    sql::ResultSetMetaData* meta = rs->getMetaData();  // owned by the result set
    const unsigned columns = meta->getColumnCount();
    Rows rows;
    rows.reserve(rs->rowsCount());
    while (rs->next()) {
      std::vector<Value> values;
      values.reserve(columns);
      for (unsigned c = 1; c <= columns; ++c) values.push_back(columnValue(*rs, *meta, c));
      rows.emplace_back(std::move(values));
    }
    return rows;
  });
}

Result<std::int64_t> MysqlSession::execute(std::string_view sql, const Params& params) {
  last_error_code_ = -1;
  auto result = runPrepared<std::int64_t>(sql, params, [](sql::PreparedStatement& statement) -> Result<std::int64_t> {
    return static_cast<std::int64_t>(statement.executeUpdate());
  });
  if (result.ok() || last_error_code_ != kUnsupportedInPreparedProtocol || !params.empty() || broken_) return result;
  // Some DDL (e.g. CREATE TRIGGER on older servers) cannot be prepared. With no
  // values to bind, the text protocol splices nothing and is as safe.
  try {
    std::unique_ptr<sql::Statement> statement(connection_->createStatement());
    statement->execute(sql::SQLString(std::string(sql)));
    return static_cast<std::int64_t>(statement->getUpdateCount());
  } catch (const sql::SQLException& e) {
    return fail(e.getErrorCode(), e.getSQLState(), e.what(), false);
  } catch (const std::exception& e) {
    return core::Error::internal(std::string("mysql: ") + e.what());
  }
}

Result<void> MysqlSession::control(const char* sql) {
  ensureDriverThreadInit();
  if (broken_) return core::Error::unavailable("mysql: the session is gone");
  try {
    std::unique_ptr<sql::Statement> statement(connection_->createStatement());
    statement->execute(sql);
    return core::success();
  } catch (const sql::SQLException& e) {
    // Only START TRANSACTION is ever retried after this, and it changes nothing.
    return fail(e.getErrorCode(), e.getSQLState(), e.what(), true);
  } catch (const std::exception& e) {
    return core::Error::internal(std::string("mysql: ") + e.what());
  }
}

}  // namespace sigid::store::mysql
