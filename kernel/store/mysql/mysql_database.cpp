#include "store/mysql/mysql_database.hpp"

#include <algorithm>
#include <cctype>

#include "store/session_scope.hpp"

namespace sigid::store::mysql {

namespace {

constexpr std::chrono::seconds kIdleBeforeWriteCheck{5};


// A plain SELECT changes nothing, so running it twice is harmless.
bool isPlainSelect(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  constexpr std::string_view kSelect = "select";
  if (sql.size() - i < kSelect.size()) return false;
  for (std::size_t k = 0; k < kSelect.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(sql[i + k])) != kSelect[k]) return false;
  }
  // SELECT ... FOR UPDATE takes locks, and GET_LOCK() takes one: neither is "just a read".
  std::string lower(sql);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.find("for update") == std::string::npos && lower.find("get_lock") == std::string::npos;
}

}  // namespace

// Gives the session back to the pool however the caller leaves.
class MysqlDatabase::Lease {
 public:
  Lease(MysqlDatabase& db, std::unique_ptr<MysqlSession> session) : db_(db), session_(std::move(session)) {}
  ~Lease() { db_.giveBack(std::move(session_)); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  MysqlSession& operator*() { return *session_; }
  MysqlSession* operator->() { return session_.get(); }

 private:
  MysqlDatabase& db_;
  std::unique_ptr<MysqlSession> session_;
};

Result<std::unique_ptr<MysqlDatabase>> MysqlDatabase::open(const MysqlOptions& options) {
  std::unique_ptr<MysqlDatabase> db(new MysqlDatabase(options));
  SIGID_TRY(auto first, MysqlSession::connect(db->options_));
  db->open_ = 1;
  db->idle_.push_back(std::move(first));
  return db;
}

MysqlDatabase::MysqlDatabase(MysqlOptions options) : options_(std::move(options)) {
  if (options_.pool_size == 0) options_.pool_size = 1;
}

MysqlDatabase::~MysqlDatabase() {
  ensureDriverThreadInit();
  idle_.clear();
}

Result<void> MysqlDatabase::refuseReentry() const { return SessionScope::refuseReentry(this); }

Result<std::unique_ptr<MysqlSession>> MysqlDatabase::borrow() {
  std::unique_lock lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + options_.borrow_timeout;
  while (true) {
    if (!idle_.empty()) {
      auto session = std::move(idle_.back());
      idle_.pop_back();
      return session;
    }
    if (open_ < options_.pool_size) {
      ++open_;
      lock.unlock();  // connecting takes a round trip or a timeout: not under the lock
      auto connected = MysqlSession::connect(options_);
      if (!connected.ok()) {
        lock.lock();
        --open_;
        returned_.notify_one();
        return std::move(connected).error();
      }
      return std::move(connected).value();
    }
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.pool_size) {
      return core::Error::unavailable("mysql: all " + std::to_string(options_.pool_size) +
                                      " pooled connections stayed busy for the borrow timeout");
    }
  }
}

void MysqlDatabase::giveBack(std::unique_ptr<MysqlSession> session) {
  if (!session) return;
  if (session->broken()) {
    session.reset();  // closes outside the lock
    std::lock_guard lock(mutex_);
    --open_;
  } else {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(session));
  }
  returned_.notify_one();
}

Result<Rows> MysqlDatabase::query(std::string_view sql, const Params& params) {
  SIGID_CHECK(refuseReentry());
  ensureDriverThreadInit();
  const bool read_only = isPlainSelect(sql);
  for (int attempt = 0;; ++attempt) {
    SIGID_TRY(auto session, borrow());
    Lease lease(*this, std::move(session));
    auto rows = lease->query(sql, params);
    if (rows.ok() || !lease->broken()) return rows;
    if (attempt > 0 || !(read_only || lease->lastFailureRetryable())) return rows;
  }
}

Result<std::int64_t> MysqlDatabase::execute(std::string_view sql, const Params& params) {
  SIGID_CHECK(refuseReentry());
  ensureDriverThreadInit();
  for (int attempt = 0;; ++attempt) {
    SIGID_TRY(auto session, borrow());
    Lease lease(*this, std::move(session));
    // Over TCP a session the server dropped while idle (wait_timeout, restart,
    // failover) fails a write with 2013, whose outcome is unknown and so not
    // retried. A ping after a long idle finds it first, when retrying is safe.
    if (lease->idleFor() > kIdleBeforeWriteCheck && !lease->alive()) {
      if (attempt > 0) return core::Error::unavailable("mysql: a fresh session did not answer");
      continue;
    }
    auto changed = lease->execute(sql, params);
    if (changed.ok() || !lease->broken()) return changed;
    if (attempt > 0 || !lease->lastFailureRetryable()) return changed;
  }
}

Result<void> MysqlDatabase::transaction(const std::function<Result<void>(Connection&)>& body) {
  SIGID_CHECK(refuseReentry());
  ensureDriverThreadInit();
  for (int attempt = 0;; ++attempt) {
    SIGID_TRY(auto session, borrow());
    Lease lease(*this, std::move(session));
    auto begun = lease->control("START TRANSACTION");
    if (!begun.ok()) {
      if (lease->broken() && attempt == 0) continue;  // a stale pooled session: nothing ran yet
      return begun;
    }
    SessionConnection<MysqlSession> connection(*lease);
    Result<void> outcome;
    try {
      SessionScope scope(this);
      outcome = body(connection);
    } catch (...) {
      if (!lease->control("ROLLBACK").ok()) lease->markBroken();
      throw;
    }
    if (!outcome.ok()) {
      // A session whose rollback failed may still hold the transaction: drop it.
      if (!lease->control("ROLLBACK").ok()) lease->markBroken();
      return outcome;
    }
    auto committed = lease->control("COMMIT");
    if (!committed.ok()) {
      if (!lease->control("ROLLBACK").ok()) lease->markBroken();
      return committed;
    }
    return core::success();
  }
}

Result<void> MysqlDatabase::withConnection(const std::function<Result<void>(Connection&)>& body) {
  SIGID_CHECK(refuseReentry());
  ensureDriverThreadInit();
  // The body's first statement may hold session state (GET_LOCK), so a stale
  // session is found now (one round trip) rather than by a failure the body
  // cannot retry. Every idle session may be stale after a server restart.
  std::unique_ptr<MysqlSession> live;
  for (unsigned tries = 0; !live; ++tries) {
    SIGID_TRY(auto candidate, borrow());
    if (candidate->alive()) {
      live = std::move(candidate);
    } else {
      giveBack(std::move(candidate));  // alive() marked it broken: dropped
      if (tries >= options_.pool_size) return core::Error::unavailable("mysql: no live connection");
    }
  }
  Lease lease(*this, std::move(live));
  SessionConnection<MysqlSession> connection(*lease);
  Result<void> outcome;
  // Whatever the body did, the next borrower must find autocommit and no open transaction.
  auto reset = [&] {
    if (!lease->control("ROLLBACK").ok() || !lease->control("SET autocommit = 1").ok()) lease->markBroken();
  };
  try {
    SessionScope scope(this);
    outcome = body(connection);
  } catch (...) {
    reset();
    throw;
  }
  reset();
  return outcome;
}

Result<void> MysqlDatabase::ping() {
  SIGID_TRY(auto rows, query("SELECT 1"));
  if (rows.size() != 1) return core::Error::internal("mysql: ping returned no row");
  return core::success();
}

}  // namespace sigid::store::mysql
