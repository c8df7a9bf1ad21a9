#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace sigid::store {

using core::Result;

enum class Dialect { Sqlite, Mysql };

// A bound parameter or a column value. Times are stored as integer epoch seconds
// (or millis where named so), UUIDs as canonical text, JSON documents as text:
// one representation that both dialects hold the same way.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

inline Value null() { return std::monostate{}; }

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  bool isNull(std::size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
  // Text of a column; integers and doubles are formatted, NULL is empty.
  std::string text(std::size_t i) const;
  std::optional<std::string> optionalText(std::size_t i) const;
  // Integer of a column; text is parsed, NULL is 0.
  std::int64_t integer(std::size_t i) const;
  std::optional<std::int64_t> optionalInteger(std::size_t i) const;
  const Value& at(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;
using Params = std::vector<Value>;

// One database session. Statements use `?` placeholders and are always prepared:
// values are bound, never spliced into SQL text.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Result<Rows> query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of rows changed.
  virtual Result<std::int64_t> execute(std::string_view sql, const Params& params = {}) = 0;
};

// Error mapping, the same for both backends: a unique-key violation is
// ErrorCode::Conflict; a lost or unreachable server is ErrorCode::Unavailable;
// anything else is ErrorCode::Internal (the SQL never reaches a client).
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  // Single statements in autocommit mode.
  virtual Result<Rows> query(std::string_view sql, const Params& params = {}) = 0;
  virtual Result<std::int64_t> execute(std::string_view sql, const Params& params = {}) = 0;

  // Runs `body` in one transaction: committed when it returns success, rolled
  // back when it returns an error or throws.
  virtual Result<void> transaction(const std::function<Result<void>(Connection&)>& body) = 0;

  // Cheap round trip for /readyz.
  virtual Result<void> ping() = 0;

  // Runs `body` on one pinned session in autocommit mode, for work that needs
  // session state across statements outside a transaction (the migrator's
  // MySQL GET_LOCK). Not a transaction: each statement commits on its own.
  // The default exists so test doubles need not implement it.
  virtual Result<void> withConnection(const std::function<Result<void>(Connection&)>& body) {
    (void)body;
    return core::Error::internal("withConnection is not supported by this database");
  }
};

}  // namespace sigid::store
