#pragma once

#include "store/database.hpp"

namespace sigid::store {

// Lets repository code written against Connection& run outside a transaction:
// each statement commits on its own.
class AutoCommit final : public Connection {
 public:
  explicit AutoCommit(Database& db) : db_(db) {}
  Result<Rows> query(std::string_view sql, const Params& params = {}) override { return db_.query(sql, params); }
  Result<std::int64_t> execute(std::string_view sql, const Params& params = {}) override {
    return db_.execute(sql, params);
  }

 private:
  Database& db_;
};

}  // namespace sigid::store
