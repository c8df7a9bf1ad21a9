#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/database.hpp"
#include "store/mysql/mysql_options.hpp"

namespace sql {
class Connection;
class PreparedStatement;
}  // namespace sql

namespace sigid::store::mysql {

// Connector/C++ keeps per-thread client state: every thread must call
// Driver::threadInit() before it touches the driver and threadEnd() when it
// exits. This does both, once per thread, on first use.
void ensureDriverThreadInit();

// One MySQL session with its prepared-statement cache. Not thread-safe: the
// pool lends it to one thread at a time. No method lets a driver exception out.
class MysqlSession {
 public:
  static Result<std::unique_ptr<MysqlSession>> connect(const MysqlOptions& options);
  ~MysqlSession();
  MysqlSession(const MysqlSession&) = delete;
  MysqlSession& operator=(const MysqlSession&) = delete;

  Result<Rows> query(std::string_view sql, const Params& params);
  Result<std::int64_t> execute(std::string_view sql, const Params& params);
  // Fixed control statements (START TRANSACTION, COMMIT, ...) over the text
  // protocol: they carry no values, and not all of them can be prepared.
  Result<void> control(const char* sql);
  // A round trip (mysql_ping): the session is usable right now.
  bool alive();

  // Set once a failure showed the session is gone; the pool then drops it.
  bool broken() const { return broken_; }
  void markBroken() { broken_ = true; }
  // After a lost connection: whether the failed statement certainly did not
  // run, so running it again on another session cannot apply it twice.
  bool lastFailureRetryable() const { return last_failure_retryable_; }
  std::int64_t connectionId() const { return connection_id_; }
  std::chrono::steady_clock::duration idleFor() const { return std::chrono::steady_clock::now() - last_used_; }

 private:
  explicit MysqlSession(std::unique_ptr<sql::Connection> connection);
  Result<sql::PreparedStatement*> prepare(std::string_view sql);
  core::Error fail(int code, const std::string& state, const std::string& message, bool before_execution);
  template <class T, class Run>
  Result<T> runPrepared(std::string_view sql, const Params& params, Run run);

  std::unique_ptr<sql::Connection> connection_;
  // Declared after connection_ so statements are freed before their connection.
  std::unordered_map<std::string, std::unique_ptr<sql::PreparedStatement>> cache_;
  static constexpr std::size_t kMaxCached = 128;  // server caps prepared statements (max_prepared_stmt_count)
  bool broken_ = false;
  bool last_failure_retryable_ = false;
  int last_error_code_ = -1;
  std::int64_t connection_id_ = 0;
  std::chrono::steady_clock::time_point last_used_ = std::chrono::steady_clock::now();
};

}  // namespace sigid::store::mysql
