#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/database.hpp"
#include "store/mysql/mysql_options.hpp"
#include "store/mysql/mysql_session.hpp"

namespace sigid::store::mysql {

// A pool of up to pool_size sessions, lent to one thread at a time.
//
// Lost connections: a session that reports a lost connection is dropped, never
// reused. An autocommit statement outside a transaction is retried once on a
// fresh session, but only when it certainly did not run the first time (it
// failed before execution, or the server refused it up front) or it only
// reads: retrying a write whose outcome is unknown could apply it twice. A
// transaction is retried only if its START TRANSACTION failed; a connection
// lost inside a body is returned to the caller as Unavailable.
//
// Calling this Database from inside one of its own transaction bodies is
// refused (see SqliteDatabase): it would run outside the transaction and can
// exhaust the pool.
class MysqlDatabase final : public Database {
 public:
  // Opens one session up front so a wrong URL or an unreachable server fails at start-up.
  static Result<std::unique_ptr<MysqlDatabase>> open(const MysqlOptions& options);
  ~MysqlDatabase() override;

  Dialect dialect() const override { return Dialect::Mysql; }
  Result<Rows> query(std::string_view sql, const Params& params = {}) override;
  Result<std::int64_t> execute(std::string_view sql, const Params& params = {}) override;
  Result<void> transaction(const std::function<Result<void>(Connection&)>& body) override;
  Result<void> ping() override;
  Result<void> withConnection(const std::function<Result<void>(Connection&)>& body) override;

 private:
  class Lease;

  explicit MysqlDatabase(MysqlOptions options);
  Result<std::unique_ptr<MysqlSession>> borrow();
  void giveBack(std::unique_ptr<MysqlSession> session);
  Result<void> refuseReentry() const;

  MysqlOptions options_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<MysqlSession>> idle_;
  unsigned open_ = 0;  // sessions idle or lent out
};

}  // namespace sigid::store::mysql
