#pragma once

#include <atomic>
#include <filesystem>
#include <memory>

#include "core/ids.hpp"
#include "store/database.hpp"
#include "store/migrator.hpp"
#include "store/open_database.hpp"

namespace sigid::testing {

// A migrated SQLite database in a temp directory, removed afterwards.
class ScratchDatabase {
 public:
  ScratchDatabase() : dir_(std::filesystem::temp_directory_path() / ("sigid-oauth-" + core::Uuid::v4().str())) {
    std::filesystem::create_directories(dir_);
    auto db = store::openDatabase({"sqlite:" + (dir_ / "t.db").string()});
    if (!db) throw std::runtime_error(db.error().detail());
    db_ = std::move(*db);
    if (!store::migrate(*db_, {})) throw std::runtime_error("migration failed");
  }
  ~ScratchDatabase() {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  store::Database& db() { return *db_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
};

// Forwards to another Database and counts every call: proves a path touches no row.
class CountingDatabase final : public store::Database {
 public:
  explicit CountingDatabase(store::Database& inner) : inner_(inner) {}
  store::Dialect dialect() const override { return inner_.dialect(); }
  store::Result<store::Rows> query(std::string_view sql, const store::Params& params = {}) override {
    ++calls;
    return failing ? store::Result<store::Rows>(core::Error::unavailable("stopped")) : inner_.query(sql, params);
  }
  store::Result<std::int64_t> execute(std::string_view sql, const store::Params& params = {}) override {
    ++calls;
    return failing ? store::Result<std::int64_t>(core::Error::unavailable("stopped")) : inner_.execute(sql, params);
  }
  store::Result<void> transaction(const std::function<store::Result<void>(store::Connection&)>& body) override {
    ++calls;
    return failing ? store::Result<void>(core::Error::unavailable("stopped")) : inner_.transaction(body);
  }
  store::Result<void> ping() override { return inner_.ping(); }

  std::atomic<int> calls{0};
  std::atomic<bool> failing{false};  // "the database is down"

 private:
  store::Database& inner_;
};

}  // namespace sigid::testing
