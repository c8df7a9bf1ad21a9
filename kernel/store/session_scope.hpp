#pragma once

#include "store/database.hpp"

namespace sigid::store {

// Marks the current thread as inside a transaction (or pinned session) of one
// Database while it lives. Calling that Database itself from there, instead of
// the Connection handed to the body, would deadlock on SQLite's single writer
// and silently escape the transaction on MySQL: both backends refuse it.
class SessionScope {
 public:
  explicit SessionScope(const Database* db);
  ~SessionScope();
  SessionScope(const SessionScope&) = delete;
  SessionScope& operator=(const SessionScope&) = delete;

  // Internal error when the current thread is inside a session of `db`.
  static Result<void> refuseReentry(const Database* db);
};

// The Connection given to transaction bodies: a backend session, valid only
// while the body runs.
template <class Session>
class SessionConnection final : public Connection {
 public:
  explicit SessionConnection(Session& session) : session_(session) {}
  Result<Rows> query(std::string_view sql, const Params& params) override { return session_.query(sql, params); }
  Result<std::int64_t> execute(std::string_view sql, const Params& params) override {
    return session_.execute(sql, params);
  }

 private:
  Session& session_;
};

}  // namespace sigid::store
